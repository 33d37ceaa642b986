"""Risk settings: take profit (ROI), stop loss, trailing stop, ATR stop, DCA and protections."""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import Field, model_validator

from ai_strategies.spec.names import SpecModel, decimals_at_most

Candles = Annotated[int, Field(ge=1, le=2000)]
# Numbers that become DecimalParameters keep few decimals, so the parameter's rounding
# never changes the value the spec asked for.
OneDecimal = Annotated[float, decimals_at_most(1)]
Ratio = Annotated[float, decimals_at_most(3)]


class RoiStep(SpecModel):
    """Sell once profit reaches `profit` (a ratio: 0.05 is 5%) after `after_minutes`."""

    after_minutes: int = Field(ge=0, le=525_600)
    profit: float = Field(ge=-0.5, le=10.0)


class Trailing(SpecModel):
    """Freqtrade's trailing stop: follow the price `positive` below its high."""

    positive: float = Field(ge=0.001, le=0.5, description="Distance below the high (ratio).")
    offset: float = Field(default=0.0, ge=0.0, le=1.0, description="Profit (ratio) that starts it.")
    only_offset_is_reached: bool = False

    @model_validator(mode="after")
    def _check(self) -> Self:
        """Apply Freqtrade's own rules for the trailing settings."""
        if self.only_offset_is_reached and self.offset == 0:
            raise ValueError("only_offset_is_reached needs an offset above 0")
        if 0 < self.offset <= self.positive:
            raise ValueError("offset must be greater than positive (or 0)")
        return self


class AtrStop(SpecModel):
    """A stop loss `multiplier` ATRs below the entry price (or below the current price)."""

    period: int = Field(default=14, ge=2, le=100)
    multiplier: OneDecimal = Field(default=2.0, ge=0.5, le=10.0)
    anchor: Literal["entry", "price"] = Field(
        default="entry",
        description="entry: below the buy price; price: trails below the current price.",
    )


class Dca(SpecModel):
    """Buy more of a losing trade: `stake_pct` of the first stake each time it is down."""

    stake_pct: int = Field(
        default=50, ge=5, le=200, description="Percent of the first stake to add."
    )
    drop_pct: OneDecimal = Field(
        default=5.0, ge=0.5, le=50.0, description="Loss in percent that adds."
    )
    max_adds: int = Field(default=2, ge=1, le=10)


class CooldownPeriod(SpecModel):
    """Wait after a trade closes before trading the pair again."""

    method: Literal["CooldownPeriod"]
    stop_duration_candles: Candles = 5


class StoplossGuard(SpecModel):
    """Pause after `trade_limit` stop losses within the lookback."""

    method: Literal["StoplossGuard"]
    lookback_period_candles: Candles = 24
    trade_limit: int = Field(default=3, ge=1, le=50)
    stop_duration_candles: Candles = 12
    only_per_pair: bool = False


class MaxDrawdown(SpecModel):
    """Pause all trading when the drawdown within the lookback exceeds a ratio."""

    method: Literal["MaxDrawdown"]
    lookback_period_candles: Candles = 48
    trade_limit: int = Field(default=5, ge=1, le=50)
    stop_duration_candles: Candles = 12
    max_allowed_drawdown: Ratio = Field(default=0.2, ge=0.01, le=1.0)


class LowProfitPairs(SpecModel):
    """Pause a pair whose profit within the lookback is below `required_profit`."""

    method: Literal["LowProfitPairs"]
    lookback_period_candles: Candles = 48
    trade_limit: int = Field(default=3, ge=1, le=50)
    stop_duration_candles: Candles = 24
    required_profit: Ratio = Field(default=0.0, ge=-0.5, le=0.5)


Protection = Annotated[
    CooldownPeriod | StoplossGuard | MaxDrawdown | LowProfitPairs, Field(discriminator="method")
]
DEFAULT_STOPLOSS = 0.05
DEFAULT_ROI = (RoiStep(after_minutes=0, profit=0.10),)


class Risk(SpecModel):
    """How trades end and how big they get, besides the exit rules."""

    stoploss: float = Field(
        default=DEFAULT_STOPLOSS,
        ge=0.001,
        le=0.99,
        description="Loss (ratio) that sells: 0.05 is 5%.",
    )
    roi: tuple[RoiStep, ...] = Field(default=DEFAULT_ROI, max_length=10)
    trailing: Trailing | None = None
    atr_stop: AtrStop | None = None
    dca: Dca | None = None
    protections: tuple[Protection, ...] = Field(default=(), max_length=6)

    @model_validator(mode="after")
    def _check(self) -> Self:
        """Refuse two ROI steps at the same minute."""
        minutes = [step.after_minutes for step in self.roi]
        if len(set(minutes)) != len(minutes):
            raise ValueError("roi has two steps at the same after_minutes")
        return self
