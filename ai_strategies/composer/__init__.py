"""Offline strategy composer: an English or Indonesian prompt becomes a StrategySpec.

`compose` reads the prompt (`parse`), builds the spec (`build`), renders it with
`ai_strategies.spec.render_strategy` and explains it with `ai_strategies.spec.describe`.
"""

from ai_strategies.composer.compose import Composition, NotUnderstood, check_long_only, compose
from ai_strategies.composer.parse import Reading, read_prompt
from ai_strategies.composer.segments import detect_language

__all__ = [
    "Composition",
    "NotUnderstood",
    "Reading",
    "check_long_only",
    "compose",
    "detect_language",
    "read_prompt",
]
