"""Turn a user's trading idea into a validated Freqtrade strategy with an LLM."""

from ai_strategies.generator.client import LLMClient
from ai_strategies.generator.generate import MAX_PROMPT_CHARS, generate_strategy
from ai_strategies.generator.types import (
    GeneratedStrategy,
    JsonCompleter,
    RepairRecord,
    ValidationOutcome,
    Validator,
)

__all__ = [
    "MAX_PROMPT_CHARS",
    "GeneratedStrategy",
    "JsonCompleter",
    "LLMClient",
    "RepairRecord",
    "ValidationOutcome",
    "Validator",
    "generate_strategy",
]
