"""Read stop loss, take profit (ROI), trailing stop and ATR stop from a prompt.

Each reader returns what it found and the spans it read, which the parser blanks so that
risk words never become conditions ("stop loss 3%" is not an exit rule).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from ai_strategies.composer.vocab import NUM
from ai_strategies.spec.risk import AtrStop, RoiStep, Trailing

Span = tuple[int, int]
_TIME = r"(m|min|mins|minutes?|menit|h|hrs?|hours?|jam|d|days?|hari)"
_ITEM = rf"\+?{NUM}\s?%(?:\s(?:after|setelah|sesudah|from|mulai|at|di)\s(\d+)\s?{_TIME}\b)?"
_ROI = re.compile(
    r"\b(?:minimal roi|roi(?: table| tabel)?|take[- ]?profits?|tp|profit targets?|"
    r"target(?: (?:profit|keuntungan|untung|laba|cuan))?|ambil (?:untung|profit|laba)|"
    r"(?:sell|exit|jual|keluar|close)(?: at| when| saat| ketika| kalau| di| on| pada)?"
    r"(?: a| the)?(?: profit| untung| gain| cuan| keuntungan)(?: of| reaches| mencapai| hits)?)"
    rf"(?: at| di| of| sebesar| pada| to| ke| is| =| :)?\s?{_ITEM}"
    rf"(?:(?:\s?,\s?|\s)(?:then |lalu |kemudian |and |dan )?{_ITEM})*"
)
_TP_AFTER = re.compile(
    rf"\+?{NUM}\s?%\s(?:take[- ]?profit|tp|profit target|target|profit|untung)\b"
)
_NO_ROI = re.compile(r"\b(?:no|without|tanpa) (?:take[- ]?profit|tp|roi|target(?: profit)?)\b")
_SL_WORDS = (
    r"(?:stop[- ]?loss|stoploss|sl|cut[- ]?loss|cl|batas rugi|stop rugi|max(?:imum)? loss|stop)"
)
_SL = re.compile(
    rf"\b{_SL_WORDS}(?: at| di| of| sebesar| pada| to| ke| =| :)?\s?-?\s?{NUM}\s?%|"
    rf"-?{NUM}\s?%\s(?:{_SL_WORDS})\b"
)
_TRAIL_START = (
    r"(?:after|once|when|setelah|saat|ketika|starting at|starting from|mulai(?: dari)?|from|"
    r"activated at|aktif (?:di|setelah)|if)"
)
_TRAILING = re.compile(
    rf"\btrailing(?: stop(?:[- ]?loss)?)?(?: of| at| sebesar| di)?(?:\s?{NUM}\s?%)?"
    rf"(?:\s{_TRAIL_START}(?: the)?(?: profit| untung| gain| keuntungan)?"
    rf"(?: reaches| hits| is| of| mencapai| di atas| above| passes| melewati| >)?\s?\+?{NUM}\s?%"
    rf"(?: profit| untung| gain| keuntungan)?)?|{NUM}\s?%\strailing(?: stop(?:[- ]?loss)?)?"
)
_ATR = r"atr(?: ?\( ?(\d+) ?\)| (\d+)(?!\s?(?:x|kali)))?"
_ATR_STOP = re.compile(
    rf"\b(?:trailing )?(?:{_SL_WORDS})(?: at| di| of| sebesar| pada| =| :)?\s?{NUM}\s?"
    rf"(?:x|kali)?\s?(?:the )?{_ATR}|\b(?:trailing )?{_ATR}(?: trailing)? (?:{_SL_WORDS})"
    rf"(?:(?: of| at| sebesar| =| :)?\s?{NUM}\s?(?:x|kali)?)?|{NUM}\s?(?:x|kali)?\s?{_ATR}"
    rf"(?: trailing)? (?:{_SL_WORDS})"
)
_FOLLOWS = re.compile(r"trailing|trail|follows? the price|mengikuti harga|below the price")


@dataclass
class RiskAsk:
    """Risk settings the prompt states; None where it says nothing."""

    stoploss: float | None = None
    roi: tuple[RoiStep, ...] | None = None
    trailing: Trailing | None = None
    atr_stop: AtrStop | None = None
    defaulted: list[str] = field(default_factory=list)
    problems: list[Span] = field(default_factory=list)


def read_stops(text: str, ask: RiskAsk) -> list[Span]:
    """Read the ATR stop, trailing stop and stop loss; return the spans read."""
    spans = [m.span() for m in _ATR_STOP.finditer(text)]
    for match in _ATR_STOP.finditer(text):
        ask.atr_stop = _atr_stop(match, ask)
    text = blank(text, spans)
    for match in _TRAILING.finditer(text):
        spans.append(match.span())
        ask.trailing = _trailing(match, ask)
    text = blank(text, spans)
    for match in _SL.finditer(text):
        spans.append(match.span())
        value = _ratio(next(g for g in match.groups() if g is not None))
        if ask.stoploss is None and 0.001 <= value <= 0.99:
            ask.stoploss = value
        elif ask.stoploss is None:
            ask.problems.append(match.span())
    return spans


def read_roi(text: str, ask: RiskAsk) -> list[Span]:
    """Read take profit or an ROI table ("5%, then 2% after 1 hour"); return the spans."""
    spans = [m.span() for m in _NO_ROI.finditer(text)]
    if spans:
        ask.roi = ()
    for pattern in (_ROI, _TP_AFTER):
        for match in pattern.finditer(blank(text, spans)):
            spans.append(match.span())
            steps = _roi_steps(match.group(0))
            if ask.roi is None and steps is not None:
                ask.roi = steps
            elif ask.roi is None:
                ask.problems.append(match.span())
    return spans


def _roi_steps(text: str) -> tuple[RoiStep, ...] | None:
    """Return the ROI steps of a take-profit phrase, or None when a value is out of range."""
    steps: dict[int, float] = {}
    for match in re.finditer(_ITEM, text):
        minutes = 0
        if match.group(2):
            minutes = int(match.group(2)) * unit_minutes(match.group(3))
        profit = _ratio(match.group(1))
        if not 0 <= profit <= 10 or minutes > 525_600:
            return None
        steps.setdefault(minutes, profit)
    return tuple(RoiStep(after_minutes=m, profit=p) for m, p in sorted(steps.items()))


def _trailing(match: re.Match[str], ask: RiskAsk) -> Trailing | None:
    """Return the trailing stop; a start offset must be above the trailing distance."""
    numbers = [g for g in match.groups() if g is not None]
    if not numbers:
        ask.defaulted.append("trailing")
        return Trailing(positive=0.01)
    positive = _ratio(numbers[0])
    offset = _ratio(numbers[1]) if len(numbers) > 1 else 0.0
    if not 0.001 <= positive <= 0.5 or not 0 <= offset <= 1 or 0 < offset <= positive:
        ask.problems.append(match.span())
        return None
    return Trailing(positive=positive, offset=offset, only_offset_is_reached=offset > 0)


def _atr_stop(match: re.Match[str], ask: RiskAsk) -> AtrStop | None:
    """Return the ATR stop: multiplier (default 2) times ATR(period, default 14)."""
    groups = match.groups()
    periods = [g for i, g in enumerate(groups) if g is not None and _is_period(match, i)]
    multipliers = [g for i, g in enumerate(groups) if g is not None and not _is_period(match, i)]
    if not multipliers:
        ask.defaulted.append("atr_stop_multiplier")
    if not periods:
        ask.defaulted.append("atr_stop_period")
    multiplier = float(multipliers[0]) if multipliers else 2.0
    period = int(periods[0]) if periods else 14
    if not (0.5 <= multiplier <= 10 and round(multiplier, 1) == multiplier and 2 <= period <= 100):
        ask.problems.append(match.span())
        return None
    anchor: Literal["entry", "price"] = "price" if _FOLLOWS.search(match.group(0)) else "entry"
    return AtrStop(period=period, multiplier=multiplier, anchor=anchor)


def _is_period(match: re.Match[str], index: int) -> bool:
    """Tell whether group `index` is an ATR period (it follows the word "atr")."""
    start = match.start(index + 1)
    return match.string[max(0, start - 6) : start].rstrip(" (").endswith("atr")


def unit_minutes(unit: str) -> int:
    """Return the minutes of a time unit: m/menit, h/jam, d/hari."""
    if unit == "hari" or unit.startswith("d"):
        return 1440
    return 60 if unit.startswith(("h", "j")) else 1


def _ratio(number: str) -> float:
    """Turn a written percentage ("3", "-2.5") into a ratio (0.03, 0.025)."""
    return round(abs(float(number)) / 100, 6)


def blank(text: str, spans: list[Span], fill: str = ";") -> str:
    """Replace each span with a piece break, keeping every other position."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = [" "] * (end - start)
        if end > start:
            chars[start] = fill
    return "".join(chars)
