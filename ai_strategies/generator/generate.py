"""Generate a Freqtrade strategy with an LLM, repairing it until the validator accepts it."""

from __future__ import annotations

import logging
from typing import Any

from ai_strategies.errors import UserFacingError
from ai_strategies.generator.draft import Draft, check_syntax, read_draft
from ai_strategies.generator.prompts import initial_messages, repair_messages
from ai_strategies.generator.types import (
    GeneratedStrategy,
    JsonCompleter,
    RepairRecord,
    Validator,
)

log = logging.getLogger(__name__)

MAX_PROMPT_CHARS = 2000


def _checked_idea(prompt: str) -> str:
    """Return the trimmed idea, refusing empty or oversized ones before paying for a call."""
    idea = prompt.strip()
    if not idea:
        raise UserFacingError("strategy_prompt_empty")
    if len(idea) > MAX_PROMPT_CHARS:
        raise UserFacingError("strategy_prompt_too_long", max_chars=MAX_PROMPT_CHARS)
    return idea


async def _review(reply: dict[str, Any], validate: Validator) -> tuple[Draft | None, list[str]]:
    """Check the reply's shape, then its code; no errors means the draft is accepted."""
    draft, errors = read_draft(reply)
    if draft is None:
        return None, errors
    outcome = await validate(draft.code)
    if outcome.ok:
        return draft, []
    return draft, list(outcome.errors) or ["validation failed without a reason"]


def _finished(draft: Draft, attempts: int, repair_log: list[RepairRecord]) -> GeneratedStrategy:
    return GeneratedStrategy(
        class_name=draft.class_name,
        code=draft.code,
        explanation=draft.explanation,
        pair=draft.pair,
        timeframe=draft.timeframe,
        parameters=draft.parameters,
        summary=draft.summary,
        attempts=attempts,
        repair_log=repair_log,
    )


async def generate_strategy(
    prompt: str,
    language: str,
    *,
    client: JsonCompleter,
    validate: Validator | None,
    max_repairs: int = 3,
) -> GeneratedStrategy:
    """Ask for a strategy and send validator errors back, at most `max_repairs` times."""
    idea = _checked_idea(prompt)
    check = validate or check_syntax
    messages = initial_messages(idea, language)
    repair_log: list[RepairRecord] = []
    for attempt in range(1, max_repairs + 2):
        reply = await client.complete_json(messages)
        draft, errors = await _review(reply, check)
        if draft is not None and not errors:
            log.info("strategy %s accepted after %d attempt(s)", draft.class_name, attempt)
            return _finished(draft, attempt, repair_log)
        log.info("strategy attempt %d rejected: %s", attempt, "; ".join(errors))
        repair_log.append(RepairRecord(attempt=attempt, errors=errors))
        code = reply.get("code")
        messages = repair_messages(
            idea, language, previous_code=code if isinstance(code, str) else "", errors=errors
        )
    raise UserFacingError("strategy_invalid", reasons=repair_log[-1].errors)
