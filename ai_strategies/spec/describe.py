"""Say a spec in words: a one-line summary and explanation lines, in English or Indonesian.

Values the spec lists in `defaults_used` (and indicator parameters it left out) are marked
"(default)" / "(bawaan)"; each unsupported request is named with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from ai_strategies.spec.catalogue import CATALOGUE
from ai_strategies.spec.describe_conditions import Phraser, count, number, percent, points
from ai_strategies.spec.describe_lines import line
from ai_strategies.spec.describe_texts import condition, param_word, reason
from ai_strategies.spec.model import Rule, StrategySpec
from ai_strategies.spec.params import Side, side_params
from ai_strategies.spec.risk import (
    CooldownPeriod,
    LowProfitPairs,
    MaxDrawdown,
    Protection,
    StoplossGuard,
)
from kernel.i18n import Language

_SUMMARY_LENGTH = 200


@dataclass(frozen=True)
class SpecDescription:
    """A spec in words: `summary` is one line, `lines` explain it one idea per line."""

    language: Language
    summary: str
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        """Return the explanation as one text, one line per idea."""
        return "\n".join(self.lines)


def describe(spec: StrategySpec, language: Language) -> SpecDescription:
    """Describe a spec in the user's language."""
    say = Phraser(spec, language)
    intro = line(
        "intro",
        language,
        pair=say.mark(spec.pair, "pair"),
        timeframe=say.mark(spec.timeframe, "timeframe"),
    )
    text = [intro, *_indicators(say)]
    text += [_rule(say, "entry", n, rule) for n, rule in enumerate(spec.entries, start=1)]
    text += [_rule(say, "exit", n, rule) for n, rule in enumerate(spec.exits, start=1)]
    if not spec.exits:
        text.append(line("no_exit", language))
    text += _risk(say)
    for item in spec.unsupported:
        why = reason(item.code, language)
        text.append(line("unsupported", language, phrase=item.phrase, reason=why))
    text.append(line("tune", language))
    return SpecDescription(language, _summary(spec, language), tuple(text))


def _indicators(say: Phraser) -> list[str]:
    """Return one line per indicator with its parameters, defaults marked."""
    found = []
    for ind in say.spec.indicators:
        entry = CATALOGUE[ind.kind]
        values = entry.values(ind.params)
        shown = []
        for param in entry.params:
            word = param_word(param.name, say.language)
            value = f"{word} {number(values[param.name], say.language)}"
            default = say.is_default(ind, param.name)
            shown.append(value + (line("default", say.language) if default else ""))
        params = ", ".join(shown) or line("no_params", say.language)
        found.append(line("indicator", say.language, label=say.label(ind), params=params))
    return found


def _rule(say: Phraser, side: Side, number_: int, rule: Rule) -> str:
    params = side_params(side, number_, rule.condition)
    said = say.condition(rule.condition, params)
    return line(side, say.language, tag=rule.tag, condition=said)


def _risk(say: Phraser) -> list[str]:
    """Return the lines for take profit, stop loss, trailing, ATR stop, DCA and protections."""
    risk = say.spec.risk
    stoploss = say.mark(percent(risk.stoploss, say.language), "stoploss")
    text = [_roi(say), line("stoploss", say.language, pct=stoploss)]
    text += [line for line in (_trailing(say), _atr_stop(say), _dca(say)) if line]
    text += [
        _sentence(say, _protection(say, n, p), "protections")
        for n, p in enumerate(risk.protections, start=1)
    ]
    return text


def _roi(say: Phraser) -> str:
    lang = say.language
    steps = sorted(say.spec.risk.roi, key=lambda step: step.after_minutes)
    if not steps:
        return _sentence(say, line("no_roi", lang).removesuffix("."), "roi")
    parts = [
        line(
            "roi_now" if s.after_minutes == 0 else "roi_step",
            lang,
            pct=percent(s.profit, lang),
            time=_duration(s.after_minutes, lang),
        )
        for s in steps
    ]
    return _sentence(say, line("roi", lang, steps=", ".join(parts)).removesuffix("."), "roi")


def _atr_stop(say: Phraser) -> str | None:
    stop = say.spec.risk.atr_stop
    if stop is None:
        return None
    key = "atr_entry" if stop.anchor == "entry" else "atr_price"
    text = line(
        key,
        say.language,
        multiplier=say.mark(number(stop.multiplier, say.language), "atr_stop_multiplier"),
        period=say.mark(number(stop.period, say.language), "atr_stop_period"),
    )
    return _sentence(say, text, "atr_stop")


def _dca(say: Phraser) -> str | None:
    dca, lang = say.spec.risk.dca, say.language
    if dca is None:
        return None
    text = line(
        "dca",
        lang,
        drop=say.mark(points(dca.drop_pct, lang), "dca_drop_pct"),
        stake=say.mark(points(dca.stake_pct, lang), "dca_stake_pct"),
        adds=say.mark(number(dca.max_adds, lang), "dca_max_adds"),
    )
    return _sentence(say, text, "dca")


def _trailing(say: Phraser) -> str | None:
    lang, trailing = say.language, say.spec.risk.trailing
    if trailing is None:
        defaulted = "trailing" in say.spec.defaults_used
        return _sentence(say, line("no_trailing", lang), "trailing") if defaulted else None
    positive, offset = percent(trailing.positive, lang), percent(trailing.offset, lang)
    if trailing.only_offset_is_reached:
        key = "trailing_offset"
    else:
        key = "trailing_start" if trailing.offset else "trailing_plain"
    text = line(key, lang, positive=positive, offset=offset).removesuffix(".")
    return _sentence(say, text, "trailing")


def _protection(say: Phraser, number_: int, protection: Protection) -> str:
    """Return one protection in words (without the final full stop)."""
    lang = say.language

    def candles(field: str, value: int) -> str:
        """Return a candle count, marked when that protection field was defaulted."""
        return say.mark(count(value, "candle", lang), f"protect_{number_}_{field}")

    duration = candles("stop_duration_candles", protection.stop_duration_candles)
    if isinstance(protection, CooldownPeriod):
        return line("cooldown", lang, duration=duration)
    lookback = candles("lookback_period_candles", protection.lookback_period_candles)
    limit = say.mark(number(protection.trade_limit, lang), f"protect_{number_}_trade_limit")
    common = {"duration": duration, "lookback": lookback, "limit": limit}
    if isinstance(protection, StoplossGuard):
        scope = line("scope_pair" if protection.only_per_pair else "scope_all", lang)
        return line("stoploss_guard", lang, scope=scope, **common)
    if isinstance(protection, MaxDrawdown):
        key = f"protect_{number_}_max_allowed_drawdown"
        drawdown = say.mark(percent(protection.max_allowed_drawdown, lang), key)
        return line("max_drawdown", lang, drawdown=drawdown, **common)
    assert isinstance(protection, LowProfitPairs)
    key = f"protect_{number_}_required_profit"
    profit = say.mark(percent(protection.required_profit, lang), key)
    return line("low_profit", lang, profit=profit, **common)


def _sentence(say: Phraser, line: str, key: str) -> str:
    """End a line with its default mark (when `key` was defaulted) and a full stop."""
    return say.mark(line, key) + "."


def _duration(minutes: int, language: Language) -> str:
    if minutes % 1440 == 0:
        return count(minutes // 1440, "day", language)
    if minutes % 60 == 0:
        return count(minutes // 60, "hour", language)
    return count(minutes, "minute", language)


def _summary(spec: StrategySpec, language: Language) -> str:
    """Return the one-line summary, e.g. `BTC/USDT 4h: buy when RSI(14) < 40; SL 5%, TP 10%`."""
    say = Phraser(spec, language, compact=True)
    joiner = condition("any", language)
    entries = joiner.join(_compact(say, "entry", spec.entries))
    exits = joiner.join(_compact(say, "exit", spec.exits))
    roi = sorted(spec.risk.roi, key=lambda step: step.after_minutes)
    text = line(
        "summary",
        language,
        pair=spec.pair,
        timeframe=spec.timeframe,
        entries=entries,
        exits=line("summary_exits", language, exits=exits) if exits else "",
        sl=percent(spec.risk.stoploss, language),
        tp=f", TP {percent(roi[0].profit, language)}" if roi else "",
    )
    if len(text) > _SUMMARY_LENGTH:
        return text[: _SUMMARY_LENGTH - 1].rstrip() + "…"
    return text


def _compact(say: Phraser, side: Side, rules: tuple[Rule, ...]) -> list[str]:
    """Return each rule's condition in short words; in parentheses when there are several."""
    found = []
    for number_, rule in enumerate(rules, start=1):
        params = side_params(side, number_, rule.condition)
        text = say.condition(rule.condition, params)
        found.append(f"({text})" if len(rules) > 1 else text)
    return found
