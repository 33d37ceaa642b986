"""Compose a Freqtrade strategy from a prompt, offline and deterministically.

The prompt becomes an `ai_strategies.spec.StrategySpec` (see `parse` and `build`); the
code comes only from `render_strategy`, the words only from `describe`. Prompt text
reaches the code only through validated spec values.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from pydantic import ValidationError

from ai_strategies.composer import texts
from ai_strategies.composer.build import build_spec
from ai_strategies.composer.longside import long_version
from ai_strategies.composer.parse import Reading, read_prompt
from ai_strategies.spec import SpecError, StrategySpec, Unsupported, describe, render_strategy
from ai_strategies.spec.conditions import Compare, walk
from ai_strategies.spec.operands import IndicatorOperand
from kernel.i18n import Language, pick_language

_MAX_CLASS = 64


class NotUnderstood(ValueError):
    """The prompt gives no strategy; `message` says what was understood and what is missing.

    `understood` maps words to values and `missing` lists words, both in the user's language.
    An idea that only sells short has the reason `long_only`, and `long_version` is the
    prompt of its long mirror when one can be built.
    """

    def __init__(
        self,
        understood: dict[str, str],
        missing: list[str],
        language: Language,
        long_version: str | None = None,
        *,
        long_only: bool = False,
    ) -> None:
        """Keep what was understood and missing, and say it in `language`."""
        self.understood = understood
        self.missing = missing
        self.language = language
        self.reason = "long_only" if long_only else None
        self.long_version = long_version
        self.message = texts.not_understood(understood, missing, language)
        if long_only:
            self.message = f"{texts.long_only(long_version, language)} {self.message}"
        super().__init__(self.message)


@dataclass(frozen=True)
class Composition:
    """A rendered strategy with everything needed to show and store it."""

    spec: StrategySpec
    class_name: str
    code: str
    explanation: str
    summary: str
    pair: str
    timeframe: str
    params: dict[str, int | float] = field(default_factory=dict)
    language: Language = "en"
    unsupported: tuple[Unsupported, ...] = ()
    defaults_used: tuple[str, ...] = ()


def compose(text: str, language: str = "en") -> Composition:
    """Turn a prompt into a strategy explained in `language` ("en" or "id")."""
    lang = normalise_language(language)
    reading = read_prompt(text)
    if not reading.entries:
        raise _nothing_to_buy(reading, lang)
    try:
        spec = build_spec(reading)
        class_name = class_name_for(spec)
        rendered = render_strategy(spec, class_name)
    except (ValidationError, SpecError):
        found = texts.understood(reading, lang)
        raise NotUnderstood(found, texts.missing(lang, built=True), lang) from None
    description = describe(spec, lang)
    lines = list(description.lines)
    lines[-1:-1] = texts.notes(reading, lang)
    lines[:0] = texts.caveat(reading, lang)
    return Composition(
        spec=spec,
        class_name=class_name,
        code=rendered.code,
        explanation="\n".join(lines),
        summary=description.summary,
        pair=spec.pair,
        timeframe=spec.timeframe,
        params=dict(rendered.params),
        language=lang,
        unsupported=spec.unsupported,
        defaults_used=spec.defaults_used,
    )


def check_long_only(text: str, language: str = "en") -> None:
    """Refuse an idea that only sells short (as `compose` does), before anyone builds it."""
    reading = read_prompt(text)
    if not reading.entries and "short_selling" in reading.refusals.codes():
        raise _nothing_to_buy(reading, normalise_language(language))


def _nothing_to_buy(reading: Reading, lang: Language) -> NotUnderstood:
    """Say what a prompt without a buy signal lacks; a short-only idea gets its long mirror."""
    found = texts.understood(reading, lang)
    if "short_selling" not in reading.refusals.codes():
        return NotUnderstood(found, texts.missing(lang), lang)
    return NotUnderstood(
        found, texts.missing(lang), lang, long_version(reading, lang), long_only=True
    )


def normalise_language(language: str) -> Language:
    """Map a language tag ("id", "id-ID", "in", "en-US", ...) to "id" or "en"."""
    return pick_language(language)


def class_name_for(spec: StrategySpec) -> str:
    """Return a readable class name such as `BtcEmaCrossRsi5m`: pair, signals, timeframe."""
    kinds = {ind.id: ind.kind for ind in spec.indicators}
    crossings: list[str] = []
    others: list[str] = []
    for rule in spec.entries:
        for _, node in walk(rule.condition):
            if isinstance(node, Compare) and node.type.startswith("crosses"):
                crossings += _crossing(node, kinds)
            if isinstance(node, IndicatorOperand):
                others.append(_camel(kinds[node.ref]))
    others = [word for word in others if word + "Cross" not in crossings]
    quote = "" if spec.quote == "USDT" else spec.quote.capitalize()
    words = [spec.base.capitalize() + quote, *dict.fromkeys(crossings + others)]
    name = re.sub(r"[^A-Za-z0-9]", "", "".join(words))
    name = name if name[:1].isalpha() else f"Pair{name}"
    return name[: _MAX_CLASS - len(spec.timeframe)] + spec.timeframe


def _crossing(node: Compare, kinds: Mapping[str, str]) -> list[str]:
    """Name a crossing of two same-kind indicators ("EmaCross", "MacdCross")."""
    a, b = node.a, node.b
    if not (isinstance(a, IndicatorOperand) and isinstance(b, IndicatorOperand)):
        return []
    return [_camel(kinds[a.ref]) + "Cross"] if kinds[a.ref] == kinds[b.ref] else []


def _camel(kind: str) -> str:
    """Return a kind in CamelCase: heikin_ashi -> HeikinAshi."""
    return "".join(part.capitalize() for part in kind.split("_"))
