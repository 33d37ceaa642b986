"""Name a spec's strategy class from what it trades and with what (a valid Python name)."""

from __future__ import annotations

from ai_strategies.spec.model import StrategySpec

MAX_KINDS = 3


def class_name_for(spec: StrategySpec) -> str:
    """Return e.g. "BtcRsiEma5m" for BTC/USDT 5m with RSI and EMA indicators."""
    base = "".join(ch for ch in spec.pair.split("/")[0].title() if ch.isalnum())
    kinds: list[str] = []
    for indicator in spec.indicators:
        word = "".join(part.title() for part in indicator.kind.split("_"))
        if word not in kinds:
            kinds.append(word)
    name = f"{base}{''.join(kinds[:MAX_KINDS])}{spec.timeframe}"
    return name if name[0].isalpha() else f"S{name}"
