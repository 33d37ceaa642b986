"""Generate a strategy spec with an LLM, repairing it until it renders and validates."""

from __future__ import annotations

import json
import logging
from typing import Any

from ai_strategies.errors import UserFacingError
from ai_strategies.generator.draft import read_spec_reply
from ai_strategies.generator.prompts import initial_messages, repair_messages
from ai_strategies.generator.types import (
    GeneratedStrategy,
    JsonCompleter,
    RepairRecord,
    ValidationOutcome,
    Validator,
)
from ai_strategies.spec import RenderedStrategy, SpecError, StrategySpec, describe, render_strategy
from ai_strategies.spec.naming import class_name_for
from ai_strategies.static import check_source

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


async def lint(code: str) -> ValidationOutcome:
    """Run the static check only; the default when no validator is injected."""
    report = check_source(code)
    return ValidationOutcome(ok=report.ok, errors=[p.message for p in report.errors])


async def _attempt(
    reply: dict[str, Any], validate: Validator
) -> tuple[StrategySpec | None, RenderedStrategy | None, list[str]]:
    """Read, render and validate one reply; no errors means it is accepted."""
    spec, errors = read_spec_reply(reply)
    if spec is None:
        return None, None, errors
    try:
        rendered = render_strategy(spec, class_name_for(spec))
    except SpecError as exc:
        return spec, None, list(exc.problems) or [str(exc)[:300]]
    outcome = await validate(rendered.code)
    if outcome.ok:
        return spec, rendered, []
    return spec, rendered, list(outcome.errors) or ["validation failed without a reason"]


def _finished(
    spec: StrategySpec, rendered: RenderedStrategy, language: str, attempts: int,
    repair_log: list[RepairRecord],
) -> GeneratedStrategy:  # fmt: skip
    words = describe(spec, "id" if language.lower().startswith("id") else "en")
    return GeneratedStrategy(
        spec=spec,
        class_name=rendered.class_name,
        code=rendered.code,
        explanation=words.text,
        pair=spec.pair,
        timeframe=spec.timeframe,
        parameters=dict(rendered.params),
        summary=words.summary,
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
    """Ask for a spec and send its problems back, at most `max_repairs` times."""
    idea = _checked_idea(prompt)
    check = validate or lint
    messages = initial_messages(idea, language)
    repair_log: list[RepairRecord] = []
    for attempt in range(1, max_repairs + 2):
        reply = await client.complete_json(messages)
        spec, rendered, errors = await _attempt(reply, check)
        if spec is not None and rendered is not None and not errors:
            log.info("strategy spec %s accepted after %d attempt(s)", rendered.class_name, attempt)
            return _finished(spec, rendered, language, attempt, repair_log)
        log.info("strategy spec attempt %d rejected: %s", attempt, "; ".join(errors)[:500])
        repair_log.append(RepairRecord(attempt=attempt, errors=errors))
        previous = json.dumps(reply, ensure_ascii=False, default=str)
        messages = repair_messages(idea, language, previous=previous, errors=errors)
    raise UserFacingError("strategy_invalid", reasons=repair_log[-1].errors[:3])
