"""Data the strategy generator takes in and hands back."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from openai.types.chat import ChatCompletionMessageParam

from ai_strategies.spec import StrategySpec


@dataclass(frozen=True)
class ValidationOutcome:
    """What a validator concluded about one piece of rendered strategy code."""

    ok: bool
    # Messages meant for the model: precise, technical, and in English.
    errors: list[str] = field(default_factory=list)

    @classmethod
    def passed(cls) -> ValidationOutcome:
        """Build a passing outcome."""
        return cls(ok=True)

    @classmethod
    def failed(cls, errors: list[str]) -> ValidationOutcome:
        """Build a failing outcome from at least one error message."""
        return cls(ok=False, errors=errors or ["validation failed without a reason"])


# Injected by the caller: static check, Freqtrade load and a short backtest, in that order.
Validator = Callable[[str], Awaitable[ValidationOutcome]]


@dataclass(frozen=True)
class RepairRecord:
    """Why one attempt was sent back for repair."""

    attempt: int
    errors: list[str]


@dataclass(frozen=True)
class GeneratedStrategy:
    """A spec the model wrote, rendered by us and accepted by the validator."""

    spec: StrategySpec
    class_name: str
    code: str
    explanation: str
    pair: str
    timeframe: str
    parameters: dict[str, int | float]
    summary: str
    attempts: int
    repair_log: list[RepairRecord] = field(default_factory=list)


class JsonCompleter(Protocol):
    """Anything that turns chat messages into one JSON object (`LLMClient` in production)."""

    async def complete_json(
        self, messages: Sequence[ChatCompletionMessageParam]
    ) -> dict[str, Any]: ...
