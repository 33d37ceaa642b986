"""Read indicators, their periods and thresholds from a normalised prompt."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ai_strategies.composer import vocab as v
from ai_strategies.composer.spec import (
    Adx,
    Bollinger,
    Indicator,
    Macd,
    MaCross,
    MaKind,
    MaTrend,
    Rsi,
    Stochastic,
    VolumeFilter,
)

Fields = dict[str, Any]


def parse_indicators(text: str) -> list[Indicator]:
    """Return the indicators named in `text`, in the order they are first mentioned."""
    found: list[tuple[int, Indicator]] = []
    for name, pattern in v.INDICATOR_WORDS.items():
        matches = list(pattern.finditer(text))
        if not matches:
            continue
        clauses = [(m.end(), _clause(text, m.end())) for m in matches]
        found += [(matches[0].start(), i) for i in _BUILDERS[name](text, clauses)]
    return [indicator for _, indicator in sorted(found, key=lambda item: item[0])]


def _clause(text: str, start: int) -> str:
    """Return the words after a keyword, up to the next keyword or clause end."""
    rest = text[start : start + 60]
    cut = len(rest)
    for pattern in [v.CLAUSE_END, *v.INDICATOR_WORDS.values()]:
        hit = pattern.search(rest)
        if hit and hit.start() > 0:
            cut = min(cut, hit.start())
    return rest[:cut]


def _thresholds(clause: str) -> Fields:
    """Split compared numbers into oversold (< 50) and overbought (> 50) levels."""
    fields: Fields = {}
    for match in v.COMPARISON.finditer(clause):
        value = round(float(match.group(2)))
        below = re.fullmatch(v.BELOW, match.group(1)) is not None
        if 5 <= value < 50 or (value == 50 and below):
            fields.setdefault("oversold", value)
        elif 50 <= value <= 95:
            fields.setdefault("overbought", value)
    return fields


def _leading(clause: str) -> tuple[int | None, str | None]:
    """Return numbers written right after a keyword (`RSI 14`, `BB 20 2`), if any."""
    match = v.LEADING_NUMBERS.match(clause)
    if match is None or v.COMPARISON.match(clause.strip()):
        return None, None
    return int(match.group(1)), match.group(2)


def _oscillator(clauses: list[tuple[int, str]], period_key: str, second_key: str = "") -> Fields:
    """Merge periods and thresholds from every mention of an oscillator."""
    fields: Fields = {}
    for _, clause in clauses:
        period, second = _leading(clause)
        if period is not None and 2 <= period <= 100:
            fields.setdefault(period_key, period)
        if second_key and second is not None and 1 <= float(second) <= 20:
            fields.setdefault(second_key, round(float(second)))
        for key, value in _thresholds(clause).items():
            fields.setdefault(key, value)
    return fields


def _rsi(text: str, clauses: list[tuple[int, str]]) -> list[Indicator]:
    return [Rsi(**_oscillator(clauses, "period"))]


def _stochastic(text: str, clauses: list[tuple[int, str]]) -> list[Indicator]:
    return [Stochastic(**_oscillator(clauses, "k", "d"))]


def _macd(text: str, clauses: list[tuple[int, str]]) -> list[Indicator]:
    for _, clause in clauses:
        triple = v.LEADING_TRIPLE.match(clause)
        if triple:
            fast, slow, signal = (int(g) for g in triple.groups())
            if 2 <= fast < slow <= 200 and 2 <= signal <= 50:
                return [Macd(fast=fast, slow=slow, signal=signal)]
    return [Macd()]


def _bollinger(text: str, clauses: list[tuple[int, str]]) -> list[Indicator]:
    fields: Fields = {}
    for _, clause in clauses:
        period, second = _leading(clause)
        if period is not None and 5 <= period <= 100:
            fields.setdefault("period", period)
        std = re.search(r"(\d(?:\.\d+)?)\s*(?:std|sd|stdev|deviasi|standar deviasi)", clause)
        value = std.group(1) if std else second
        if value is not None and 0.5 <= float(value) <= 5:
            fields.setdefault("std", float(value))
    return [Bollinger(**fields)]


def _adx(text: str, clauses: list[tuple[int, str]]) -> list[Indicator]:
    fields: Fields = {}
    for _, clause in clauses:
        compared = [round(float(m.group(2))) for m in v.COMPARISON.finditer(clause)]
        period, _second = _leading(clause)
        compared = [value for value in compared if 5 <= value <= 80]
        if compared:
            fields.setdefault("threshold", compared[0])
        if period is not None and 2 <= period <= 100:
            # A lone number is a threshold when it looks like one (ADX 25), else a period.
            key = "threshold" if period >= 18 and not compared else "period"
            fields.setdefault(key, period)
    return [Adx(**fields)]


def _volume(text: str, clauses: list[tuple[int, str]]) -> list[Indicator]:
    fields: Fields = {}
    window = text[clauses[0][0] : clauses[0][0] + 50]
    factor = v.VOLUME_FACTOR.search(window)
    if factor and 0.5 <= float(factor.group(1)) <= 10:
        fields["factor"] = float(factor.group(1))
    period = v.VOLUME_PERIOD.search(window)
    if period and 3 <= int(period.group(1)) <= 200:
        fields["period"] = int(period.group(1))
    return [VolumeFilter(**fields)]


def _moving_average(text: str, clauses: list[tuple[int, str]]) -> list[Indicator]:
    """Read an MA crossover (`EMA 9/21`, golden cross) and/or a single-MA trend filter."""
    mentions: dict[int, MaKind] = {}
    for match in v.MA_MENTION.finditer(text):
        if match.group(2) and 2 <= int(match.group(2)) <= 400:
            mentions.setdefault(int(match.group(2)), _kind(match.group(1)))
    first = v.MA_MENTION.search(text)
    kind = _kind(first.group(1)) if first else "sma"
    pair = v.MA_PAIR.search(text)
    fast, slow = _cross_periods(pair, list(mentions))
    if fast is None or slow is None:
        if v.GOLDEN_CROSS.search(text):
            return [MaCross(kind="sma", fast=50, slow=200)]
        if len(mentions) == 1:
            period, trend_kind = next(iter(mentions.items()))
            return [MaTrend(kind=trend_kind, period=period)]
        return [MaCross(kind=kind) if kind == "ema" else MaCross(kind="sma", fast=20, slow=50)]
    cross_kind = _kind(pair.group(1)) if pair else mentions.get(fast, kind)
    found: list[Indicator] = [MaCross(kind=cross_kind, fast=fast, slow=slow)]
    longer = [p for p in mentions if p > slow]
    if longer:
        found.append(MaTrend(kind=mentions[longer[-1]], period=longer[-1]))
    return found


def _cross_periods(pair: re.Match[str] | None, periods: list[int]) -> tuple[int | None, int | None]:
    """Return the crossover periods: an explicit `9/21` pair, else the first two mentioned."""
    a, b = (int(pair.group(2)), int(pair.group(3))) if pair else (0, 0)
    if a != b and min(a, b) >= 2 and max(a, b) <= 400:
        return min(a, b), max(a, b)
    if len(periods) >= 2:
        return min(periods[:2]), max(periods[:2])
    return None, None


def _kind(word: str) -> MaKind:
    return "ema" if word == "ema" else "sma"


_BUILDERS: dict[str, Callable[[str, list[tuple[int, str]]], list[Indicator]]] = {
    "rsi": _rsi,
    "macd": _macd,
    "bollinger": _bollinger,
    "stochastic": _stochastic,
    "adx": _adx,
    "ma": _moving_average,
    "volume": _volume,
}
