"""Turn an English or Bahasa Indonesia prompt into a StrategySpec, deterministically."""

from __future__ import annotations

import re

from ai_strategies.composer import vocab as v
from ai_strategies.composer.parse_indicators import parse_indicators
from ai_strategies.composer.spec import (
    DEFAULT_PAIR,
    DEFAULT_STOPLOSS,
    DEFAULT_TAKE_PROFIT,
    DEFAULT_TIMEFRAME,
    DEFAULT_TRAILING,
    TIMEFRAMES,
    Adx,
    Indicator,
    Language,
    ParseResult,
    StrategySpec,
    VolumeFilter,
    indicator_key,
)

MAX_PROMPT_CHARS = 2000
_UNIT = {"m": "m", "min": "m", "mins": "m", "menit": "m", "minute": "m", "minutes": "m"}
_UNIT |= {"h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h", "jam": "h"}
_UNIT |= {"d": "d", "day": "d", "days": "d", "hari": "d"}
_FILTERS = (Adx, VolumeFilter)


def parse_prompt(text: str) -> ParseResult:
    """Read pair, timeframe, indicators and risk settings from a free-text prompt."""
    norm = normalise(text)
    notes: list[str] = []
    pair = _pair(norm)
    timeframe = _timeframe(norm, notes)
    indicators = parse_indicators(norm)
    stoploss = _percent(v.STOPLOSS, norm)
    take_profit = _percent(v.TAKE_PROFIT, norm)
    trailing = _trailing(norm)
    understood = _understood(pair, timeframe, indicators, stoploss, take_profit, trailing)
    language = detect_language(norm)
    if not any(not isinstance(i, _FILTERS) for i in indicators):
        return ParseResult(None, understood, ["indicator"], language)
    notes += [
        note
        for note in _defaults_notes(pair, timeframe, stoploss, take_profit)
        if not (note == "default_timeframe" and "timeframe_unsupported" in notes)
    ]
    notes += _direction_notes(norm)
    spec = StrategySpec(
        pair=pair or DEFAULT_PAIR,
        timeframe=timeframe or DEFAULT_TIMEFRAME,
        indicators=tuple(indicators),
        stoploss=_clamp(stoploss or DEFAULT_STOPLOSS, 0.002, 0.5, notes, "stoploss_clamped"),
        take_profit=_clamp(take_profit or DEFAULT_TAKE_PROFIT, 0.002, 1.0, notes, "tp_clamped"),
        trailing=None if trailing is None else _clamp(trailing, 0.002, 0.2, notes, "trail_clamped"),
        notes=tuple(notes),
    )
    return ParseResult(spec, understood, [], language)


def normalise(text: str) -> str:
    """Lower-case, unify decimal commas and whitespace, and cap the length."""
    text = text[:MAX_PROMPT_CHARS].lower()
    text = re.sub(r"(\d),(\d)(?=\s*%)", r"\1.\2", text)
    text = text.replace("rata2", "rata-rata")
    return re.sub(r"[ \t]+", " ", text)


def detect_language(norm: str) -> Language:
    """Guess Indonesian from common function words; default to English."""
    return "id" if len(v.INDONESIAN_HINTS.findall(norm)) >= 1 else "en"


def _pair(norm: str) -> str | None:
    """Find a trading pair: `eth/usdt`, `btcusdt` or a coin name with the USDT default."""
    for pattern in (v.PAIR_SLASH, v.PAIR_JOINED):
        for match in pattern.finditer(norm):
            base, quote = match.group(1), match.group(2)
            if base != quote and not base.isdigit():
                return f"{v.COINS.get(base, base.upper())}/{quote.upper()}"
    coin = v.COIN_WORD.search(norm)
    return f"{v.COINS[coin.group(1)]}/USDT" if coin else None


def _timeframe(norm: str, notes: list[str]) -> str | None:
    """Find a supported timeframe; style words imply one when none is written."""
    candidates = []
    for match in v.TIMEFRAME.finditer(norm):
        value = f"{int(match.group(1))}{_UNIT[match.group(2)]}"
        compact = " " not in match.group(0)
        candidates.append((not compact, match.start(), value))
    for _, _, value in sorted(candidates):
        if value in TIMEFRAMES:
            return value
    if candidates:
        notes.append("timeframe_unsupported")
    if v.DAILY_WORDS.search(norm):
        return "1d"
    if v.HOURLY_WORDS.search(norm):
        return "1h"
    if v.SCALPING.search(norm):
        return "5m"
    if v.SWING.search(norm):
        return "4h"
    return None


def _percent(pattern: re.Pattern[str], norm: str) -> float | None:
    """Return the first percentage that follows one of the pattern's keywords, as a fraction."""
    match = pattern.search(norm)
    return None if match is None else round(float(match.group(2)) / 100, 6)


def _trailing(norm: str) -> float | None:
    """Return the trailing distance when a trailing stop is mentioned."""
    if not v.TRAILING.search(norm):
        return None
    explicit = v.TRAILING_PCT.search(norm)
    return round(float(explicit.group(1)) / 100, 6) if explicit else DEFAULT_TRAILING


def _clamp(value: float, low: float, high: float, notes: list[str], note: str) -> float:
    """Keep a risk setting inside sane bounds and record when it had to move."""
    clamped = min(max(value, low), high)
    if clamped != value:
        notes.append(note)
    return clamped


def _defaults_notes(
    pair: str | None, timeframe: str | None, stoploss: float | None, take_profit: float | None
) -> list[str]:
    """Name every default the spec had to fill in."""
    filled = {
        "default_pair": pair,
        "default_timeframe": timeframe,
        "default_stoploss": stoploss,
        "default_take_profit": take_profit,
    }
    return [note for note, value in filled.items() if value is None]


def _direction_notes(norm: str) -> list[str]:
    """Spot trading is long-only: say so when shorting or leverage is requested."""
    notes = []
    # "jual BTC kalau RSI di atas 70" with no buy word asks to sell first, i.e. to short.
    sell_only = v.SELL_WORDS.search(norm) and not v.BUY_WORDS.search(norm)
    if v.SHORT_WORDS.search(norm) or sell_only:
        notes.append("short_unsupported")
    if v.LEVERAGE_WORDS.search(norm):
        notes.append("leverage_ignored")
    return notes


def _understood(
    pair: str | None,
    timeframe: str | None,
    indicators: list[Indicator],
    stoploss: float | None,
    take_profit: float | None,
    trailing: float | None,
) -> dict[str, object]:
    """Collect what the prompt stated explicitly (defaults are not included)."""
    found: dict[str, object] = {
        "pair": pair,
        "timeframe": timeframe,
        "stoploss": stoploss,
        "take_profit": take_profit,
        "trailing": trailing,
    }
    if indicators:
        found["indicators"] = [indicator_key(i) for i in indicators]
    return {key: value for key, value in found.items() if value is not None}
