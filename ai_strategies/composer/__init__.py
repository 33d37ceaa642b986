"""Offline strategy composer: English/Indonesian prompt -> Freqtrade strategy source."""

from ai_strategies.composer.compose import Composition, NotUnderstood, compose
from ai_strategies.composer.parse import parse_prompt
from ai_strategies.composer.spec import ParseResult, StrategySpec

__all__ = [
    "Composition",
    "NotUnderstood",
    "ParseResult",
    "StrategySpec",
    "compose",
    "parse_prompt",
]
