"""The long version of an idea that only sells short: its mirrored buy rule, as a prompt.

"Short BTC when RSI is above 70" cannot run on spot, but its mirror can: "buy BTC/USDT when
RSI(14) < 30". The mirror is written in the user's language in words the composer reads
back into that same rule, so offering it as a button builds exactly what it says.
"""

from __future__ import annotations

from pydantic import ValidationError

from ai_strategies.composer.build import build_spec
from ai_strategies.composer.parse import Reading, read_prompt
from ai_strategies.composer.texts import TEXTS, percent
from ai_strategies.spec import SpecError
from ai_strategies.spec.describe_conditions import Phraser
from ai_strategies.spec.params import side_params
from kernel.i18n import Language


def long_version(reading: Reading, language: Language) -> str | None:
    """Return the prompt of a short idea's long mirror, or None when nothing mirrors."""
    if reading.long_mirror is None:
        return None
    entry, registry = reading.long_mirror
    mirrored = Reading(reading.pairs, reading.timeframe, registry, entries=[entry])
    mirrored.risk = reading.risk
    try:
        spec = build_spec(mirrored)
    except (ValidationError, SpecError):
        return None
    rule = spec.entries[0]
    said = Phraser(spec, language, compact=True)
    condition = said.condition(rule.condition, side_params("entry", 1, rule.condition))
    stated = reading.timeframe.main is not None and not reading.timeframe.implied
    prompt = TEXTS.text(
        "long_prompt",
        language,
        pair=spec.pair,
        timeframe=f" {spec.timeframe}" if stated else "",
        condition=condition,
        risk=_risk(reading, language),
    )
    return prompt if _reads_back(prompt, spec.entries[0].condition) else None


def _reads_back(prompt: str, entry: object) -> bool:
    """Tell whether the prompt composes into exactly the mirrored rule, nothing refused."""
    found = read_prompt(prompt)
    return found.entries == [entry] and not found.refusals.items


def _risk(reading: Reading, language: Language) -> str:
    """Return the stop loss and take profit the idea stated, to keep them in its mirror."""
    risk, parts = reading.risk, []
    if risk.stoploss is not None:
        parts.append(TEXTS.text("long_stoploss", language, pct=percent(risk.stoploss, language)))
    if risk.roi:
        profit = percent(risk.roi[0].profit, language)
        parts.append(TEXTS.text("long_take_profit", language, pct=profit))
    return "".join(f", {part}" for part in parts)
