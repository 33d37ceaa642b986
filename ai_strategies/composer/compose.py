"""Compose a ready-to-load Freqtrade strategy from a prompt, offline and deterministically."""

from __future__ import annotations

from dataclasses import dataclass, field

from ai_strategies.composer import texts
from ai_strategies.composer.blocks import Param
from ai_strategies.composer.parse import parse_prompt
from ai_strategies.composer.plan import make_plan
from ai_strategies.composer.render import class_name_for, render
from ai_strategies.composer.spec import Language, StrategySpec


class NotUnderstood(ValueError):
    """The prompt names no entry signal; `message` tells the user what to add."""

    def __init__(self, understood: dict[str, object], missing: list[str], language: Language):
        self.understood = understood
        self.missing = missing
        self.language = language
        self.message = texts.not_understood(understood, language)
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


def compose(text: str, language: str = "en") -> Composition:
    """Parse a prompt and render its strategy, explained in `language` ("en" or "id")."""
    lang = normalise_language(language)
    parsed = parse_prompt(text)
    if parsed.spec is None:
        raise NotUnderstood(parsed.understood, parsed.missing, lang)
    spec = parsed.spec
    plan = make_plan(spec)
    class_name = class_name_for(spec)
    title = texts.summary(spec, plan, "en")
    code, params = render(spec, class_name, title=title, prompt=text)
    return Composition(
        spec=spec,
        class_name=class_name,
        code=code,
        explanation=texts.explanation(spec, plan, lang),
        summary=texts.summary(spec, plan, lang),
        pair=spec.pair,
        timeframe=spec.timeframe,
        params=_params(spec, params),
        language=lang,
    )


def normalise_language(language: str) -> Language:
    """Map a language tag ("id", "id-ID", "in", "en-US", ...) to "id" or "en"."""
    tag = language.strip().lower().replace("_", "-").split("-")[0]
    return "id" if tag in {"id", "in", "ind"} else "en"


def _params(spec: StrategySpec, declared: list[Param]) -> dict[str, int | float]:
    """Return the rendered parameter defaults plus the risk settings."""
    params: dict[str, int | float] = {p.name: p.default for p in declared}
    params["stoploss"] = -spec.stoploss
    params["take_profit"] = spec.take_profit
    if spec.trailing is not None:
        params["trailing_stop_positive"] = spec.trailing
    return params
