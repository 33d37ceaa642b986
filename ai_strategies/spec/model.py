"""The strategy spec: a typed, versioned description of a spot long-only strategy.

A spec is data. The only code ever made from it is what `render.render_strategy` writes,
and every string a spec holds is an enum value or matches a strict pattern (see `names`).
"""

from __future__ import annotations

from typing import Literal, Self

from pydantic import Field, ValidationInfo, field_validator, model_validator

from ai_strategies.spec.catalogue import IndicatorKind, param_problems
from ai_strategies.spec.checks import spec_problems
from ai_strategies.spec.conditions import Condition
from ai_strategies.spec.names import Key, Name, Pair, Phrase, SpecModel, Timeframe
from ai_strategies.spec.risk import Risk

MAX_INDICATORS = 16
MAX_RULES = 8

UnsupportedCode = Literal[
    "short_selling",
    "leverage",
    "futures",
    "multiple_pairs",
    "external_data",
    "order_book",
    "custom_code",
    "other",
]


class IndicatorSpec(SpecModel):
    """One indicator instance; parameters left out take the catalogue's defaults."""

    id: Name = Field(description="A short unique name, e.g. rsi_fast; conditions refer to it.")
    kind: IndicatorKind
    params: dict[Name, float] = Field(
        default_factory=dict, description="Numeric parameters of this kind (see the catalogue)."
    )
    timeframe: Timeframe | None = Field(
        default=None,
        description="Compute on this higher timeframe; omit for the strategy's timeframe.",
    )
    pair: Pair | None = Field(
        default=None, description="Compute on another pair; omit for the traded pair."
    )

    @field_validator("params")
    @classmethod
    def _check_params(cls, params: dict[str, float], info: ValidationInfo) -> dict[str, float]:
        """Check the parameters against the catalogue entry of `kind`."""
        kind = info.data.get("kind")
        if kind is None:  # `kind` itself was invalid; that error is reported already
            return params
        problems = param_problems(kind, params)
        if problems:
            raise ValueError("; ".join(problems))
        return params


class Rule(SpecModel):
    """An entry or exit rule: when `condition` holds on a candle, signal with `tag`."""

    tag: Name
    condition: Condition


class Unsupported(SpecModel):
    """Something the request asked for that a spec cannot express."""

    code: UnsupportedCode
    phrase: Phrase = Field(description="The words of the request that asked for it.")


class StrategySpec(SpecModel):
    """A complete spot, long-only strategy: indicators, entry and exit rules, risk."""

    spec_version: Literal[1] = 1
    pair: Pair = Field(description="The traded pair, e.g. BTC/USDT.")
    timeframe: Timeframe
    can_short: Literal[False] = False
    indicators: tuple[IndicatorSpec, ...] = Field(default=(), max_length=MAX_INDICATORS)
    entries: tuple[Rule, ...] = Field(min_length=1, max_length=MAX_RULES)
    exits: tuple[Rule, ...] = Field(default=(), max_length=MAX_RULES)
    risk: Risk = Risk()
    defaults_used: tuple[Key, ...] = Field(
        default=(),
        description="Which values were not asked for but defaulted: parameter names (e.g. "
        "rsi_period, entry_1_threshold_1) or pair, timeframe, stoploss, roi, trailing, "
        "atr_stop, dca, protections.",
    )
    unsupported: tuple[Unsupported, ...] = Field(default=(), max_length=10)

    @model_validator(mode="after")
    def _check(self) -> Self:
        """Check what one field cannot: references, tree sizes, names and timeframes."""
        problems = spec_problems(self)
        if problems:
            raise ValueError("\n".join(problems))
        return self

    def indicator(self, ident: str) -> IndicatorSpec:
        """Return the indicator with id `ident`."""
        return next(ind for ind in self.indicators if ind.id == ident)

    @property
    def base(self) -> str:
        """Return the base asset, e.g. BTC for BTC/USDT."""
        return self.pair.split("/")[0]

    @property
    def quote(self) -> str:
        """Return the quote asset, e.g. USDT for BTC/USDT."""
        return self.pair.split("/")[1]
