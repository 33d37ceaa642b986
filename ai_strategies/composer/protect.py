"""Read DCA ("add 50% when down 5%, max 2 times") and protections (cooldown, guards).

Durations may be written in candles or in time; time becomes candles of the strategy's
timeframe once that is known (`ProtectionAsk.candles`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from ai_strategies.composer.risk import RiskAsk, Span, blank, unit_minutes
from ai_strategies.composer.vocab import NUM, PIECE_BREAK
from ai_strategies.spec.names import timeframe_minutes
from ai_strategies.spec.risk import Dca

_UNITS = r"(candles?|bars?|lilin|minutes?|mins?|menit|m|hours?|hrs?|jam|h|days?|hari|d)"
_DCA = re.compile(
    r"\b(?:dca|average down|averaging down|average-down|buy more|add (?:to (?:the |a )?"
    r"(?:losing )?position|more)|add \d+(?:\.\d+)? ?%|tambah (?:posisi|beli|\d+(?:\.\d+)? ?%)|"
    r"beli lagi|averaging|safety orders?|cicil(?: beli)?)\b"
)
_DCA_MORE = re.compile(
    r"\s*(?:max|maks|maximum|maksimal|maksimum|up to|hingga|sampai|paling banyak|at most|"
    r"\d+\s?(?:times|kali|x)\b|each|every|setiap|tiap|when|saat|if|kalau|jika|ketika|per)"
)
_ADDS = re.compile(
    r"(?:max(?:imum)?|maks(?:imal|imum)?|up to|hingga|sampai|paling banyak|at most)\s?(\d+)"
    r"|(\d+)\s?(?:x|times|kali)\b(?! ?atr)"
)
_DROP = re.compile(
    rf"(?:down|drops?|dropped|falls?|turun|rugi|loss|minus|every|setiap|tiap|each|per)"
    rf"(?: by| sebesar| of)?\s?{NUM}\s?%|{NUM}\s?%\s?(?:drop|down|lower|loss|turun|penurunan|dip)"
)
_STAKE = re.compile(rf"\+?{NUM}\s?%")
_COOLDOWN = re.compile(
    rf"\b(?:cool ?down|cool-down|jeda|istirahat)(?: period| periode)?(?: of| selama| for| :)?"
    rf"(?:\s?(\d+)\s?{_UNITS}\b)?(?: (?:after|setelah) (?:each |every |a |setiap )?"
    r"(?:trade|sell|exit|jual|transaksi|posisi|loss|close)s?)?"
    rf"|\b(?:wait|tunggu) (\d+)\s?{_UNITS}\b(?: (?:after|setelah|before|sebelum)"
    r"(?: each| every| a| setiap)? (?:trade|sell|exit|jual|transaksi|posisi|loss|close)s?)?"
)
_GUARD = re.compile(
    rf"\b(?:stop[- ]?loss guard|stoploss ?guard|sl guard|pengaman stop ?loss)|"
    rf"\b(?:pause|stop|halt|berhenti|hentikan|jeda|lock)\w*(?: trading| bot| the pair| pair)?"
    rf"(?: for (\d+)\s?{_UNITS})? (?:after|setelah|if|kalau|jika|when) (\d+)"
    rf" (?:consecutive |berturut-turut )?(?:stop[- ]?loss(?:es)?|losses|losing trades|"
    rf"kali (?:stop ?loss|rugi|loss)|kerugian|loss(?:es)?)"
    rf"(?: (?:in|within|dalam) (\d+)\s?{_UNITS})?"
    rf"(?: (?:for|selama) (\d+)\s?{_UNITS})?"
)
_DRAWDOWN = re.compile(
    rf"\b(?:max(?:imum)? |maks(?:imal|imum)? )?drawdown(?: guard| protection| limit| maksimal|"
    rf" maksimum)?(?: of| limit| sebesar| above| exceeds| melebihi| lebih dari| di atas| over|"
    rf" >| :| =)?\s?{NUM}\s?%|\b(?:pause|stop|halt|berhenti|hentikan)\w*(?: all| semua)?"
    rf"(?: trading| bot)? (?:if|when|jika|kalau|saat) (?:the )?drawdown(?: exceeds| is above|"
    rf" above| over| melebihi| lebih dari| di atas| >| reaches| mencapai)?\s?{NUM}\s?%|"
    r"\b(?:drawdown guard|pengaman drawdown)\b"
)
_LOW_PROFIT = re.compile(r"\b(?:low ?profit(?: pairs?| guard)?|lowprofitpairs|profit rendah)\b")


@dataclass
class ProtectionAsk:
    """A protection the prompt asks for; durations as (amount, unit) until candles are known."""

    method: str
    words: str = ""
    durations: dict[str, tuple[int, str]] = field(default_factory=dict)
    values: dict[str, float] = field(default_factory=dict)

    def candles(self, timeframe: str) -> dict[str, int]:
        """Return the durations in candles of `timeframe` (at least 1, rounded up)."""
        return {k: _candles(n, unit, timeframe) for k, (n, unit) in self.durations.items()}

    def exact(self, timeframe: str) -> bool:
        """Tell whether every duration is a whole number of candles of `timeframe`."""
        return all(
            unit[0] in "bcl" or n * unit_minutes(unit) % timeframe_minutes(timeframe) == 0
            for n, unit in self.durations.values()
        )


def read_dca(text: str, ask: RiskAsk) -> tuple[Dca | None, list[Span]]:
    """Read a DCA request; numbers left out take defaults, listed in `ask.defaulted`."""
    match = _DCA.search(text)
    if match is None:
        return None, []
    span = (match.start(), _dca_end(text, match.start()))
    part = text[span[0] : span[1]]
    drop = _DROP.search(part)
    rest = blank(part, [drop.span()] if drop else [], " ")
    adds, stake = _ADDS.search(rest), _STAKE.search(rest)
    values = {
        "drop_pct": abs(float(next(g for g in drop.groups() if g))) if drop else None,
        "stake_pct": float(stake.group(1)) if stake else None,
        "max_adds": float(next(g for g in adds.groups() if g)) if adds else None,
    }
    ask.defaulted += [f"dca_{name}" for name, value in values.items() if value is None]
    given = {name: value for name, value in values.items() if value is not None}
    try:
        return Dca.model_validate(given), [span]
    except ValueError:
        ask.problems.append(span)
        return None, [span]


def _dca_end(text: str, start: int) -> int:
    """Return where a DCA phrase ends: its sentence, with comma parts that continue it."""
    for brk in PIECE_BREAK.finditer(text, start + 1):
        if not _DCA_MORE.match(text, brk.end()):
            return brk.start()
    return len(text)


def read_protections(text: str, ask: RiskAsk) -> tuple[list[ProtectionAsk], list[Span]]:
    """Read cooldown, stop loss guard, drawdown guard and low-profit guard requests."""
    found: list[tuple[int, ProtectionAsk]] = []
    spans: list[Span] = []
    for pattern, read in ((_COOLDOWN, _cooldown), (_GUARD, _guard), (_DRAWDOWN, _drawdown)):
        for match in pattern.finditer(text):
            spans.append(match.span())
            wanted = read(match)
            wanted.words = match.group(0)
            found.append((match.start(), wanted))
    for match in _LOW_PROFIT.finditer(text):
        spans.append(match.span())
        found.append((match.start(), ProtectionAsk("LowProfitPairs", match.group(0))))
    return [p for _, p in sorted(found, key=lambda item: item[0])], spans


def _cooldown(match: re.Match[str]) -> ProtectionAsk:
    """Return a cooldown with the pause written, if any."""
    found = ProtectionAsk("CooldownPeriod")
    amount, unit = match.group(1) or match.group(3), match.group(2) or match.group(4)
    if amount:
        found.durations["stop_duration_candles"] = (int(amount), unit)
    return found


def _guard(match: re.Match[str]) -> ProtectionAsk:
    """Return a stop loss guard with the limit, lookback and pause written."""
    found = ProtectionAsk("StoplossGuard")
    pause, limit, lookback, pause_after = (match.group(i) for i in (1, 3, 4, 6))
    if pause or pause_after:
        unit = match.group(2) if pause else match.group(7)
        found.durations["stop_duration_candles"] = (int(pause or pause_after), unit)
    if lookback:
        found.durations["lookback_period_candles"] = (int(lookback), match.group(5))
    if limit:
        found.values["trade_limit"] = int(limit)
    return found


def _drawdown(match: re.Match[str]) -> ProtectionAsk:
    """Return a drawdown guard with the drawdown written, if any."""
    found = ProtectionAsk("MaxDrawdown")
    value = match.group(1) or match.group(2)
    if value:
        found.values["max_allowed_drawdown"] = round(abs(float(value)) / 100, 3)
    return found


def _candles(amount: int, unit: str, timeframe: str) -> int:
    """Return an amount of candles, or of time in candles of `timeframe` (at least 1)."""
    if unit[0] in "bcl":  # candles, bars, lilin
        return amount
    return max(1, math.ceil(amount * unit_minutes(unit) / timeframe_minutes(timeframe)))
