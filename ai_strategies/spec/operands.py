"""What a condition compares: an indicator output, a price field or a tunable constant."""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from ai_strategies.spec.names import Name, Number, SpecModel, Timeframe

MAX_SHIFT = 50
MAX_DECIMALS = 4

PriceField = Literal["close", "open", "high", "low", "volume", "hl2", "hlc3", "ohlc4"]
Shift = Annotated[
    int,
    Field(ge=0, le=MAX_SHIFT, description="Read the value this many main candles earlier."),
]


class Threshold(SpecModel):
    """A number hyperopt may tune between `min` and `max` (both inclusive)."""

    default: Number = Field(description="The value the strategy starts with.")
    min: Number = Field(description="Lowest value hyperopt may try.")
    max: Number = Field(description="Highest value hyperopt may try.")
    optimize: bool = Field(
        default=True, description="Let hyperopt tune it (false: keep the default)."
    )

    @model_validator(mode="after")
    def _check(self) -> Self:
        """Keep the default inside its range and every value at four decimals at most."""
        if not self.min <= self.default <= self.max:
            raise ValueError(
                f"need min <= default <= max (got {self.min:g}, {self.default:g}, {self.max:g})"
            )
        if any(round(v, MAX_DECIMALS) != v for v in (self.default, self.min, self.max)):
            raise ValueError(f"numbers take at most {MAX_DECIMALS} decimals")
        return self

    @property
    def decimals(self) -> int:
        """Return the decimals needed to write default, min and max exactly (0: integers)."""
        values = (self.default, self.min, self.max)
        return next(d for d in range(MAX_DECIMALS + 1) if all(round(v, d) == v for v in values))


class IndicatorOperand(SpecModel):
    """One output of an indicator the spec declares."""

    type: Literal["indicator"]
    ref: Name = Field(description="The id of an indicator in `indicators`.")
    output: Name | None = Field(default=None, description="Which output; omit for the main output.")
    shift: Shift = 0


class PriceOperand(SpecModel):
    """A candle field; hl2, hlc3 and ohlc4 are averages of the named prices."""

    type: Literal["price"]
    field: PriceField = "close"
    timeframe: Timeframe | None = Field(
        default=None,
        description="Read a higher timeframe's candle; omit for the strategy's timeframe.",
    )
    shift: Shift = 0


class ConstOperand(Threshold):
    """A tunable constant, such as an RSI level."""

    type: Literal["const"]


Operand = Annotated[IndicatorOperand | PriceOperand | ConstOperand, Field(discriminator="type")]


def is_series(operand: IndicatorOperand | PriceOperand | ConstOperand) -> bool:
    """Tell whether an operand varies per candle (anything but a constant)."""
    return not isinstance(operand, ConstOperand)
