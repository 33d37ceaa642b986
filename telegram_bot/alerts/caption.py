"""The short caption a chart goes out with, ahead of its alert's full text.

A new strategy's chart says what the strategy is, how it did over the whole judged period
(the period the chart draws, so its maximum drawdown is the chart's own figure) and any
warning; its explanation and buttons follow as a message of their own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from telegram_bot.alerts.fields import (
    Fields,
    counted,
    drawdown,
    escape,
    flag_line,
    number,
    percent,
)
from telegram_bot.alerts.texts import LABELS, label

Payload = Mapping[str, Any]


def caption(kind: str, payload: Payload, lang: str) -> str | None:
    """Return the caption for a kind's chart, or None when its text is the caption.

    Without a chart the transport puts the caption first in the text, so it is never lost.
    """
    key = f"{kind}_caption"
    if key not in LABELS:
        return None
    return label(key, lang).format_map(_fields(payload, lang))


def _fields(payload: Payload, lang: str) -> Fields:
    name = str(payload.get("strategy_name") or "")
    pair, timeframe = str(payload.get("pair") or ""), str(payload.get("timeframe") or "")
    # A spec strategy's title starts with its market; a custom one's name does not.
    shown = pair and not name.startswith(pair)
    return Fields(
        strategy_name=escape(name),
        market=f"\n{escape(pair, 24)} · {escape(timeframe, 8)}" if shown else "",
        headline=_headline(payload, lang),
        flags=flag_line(payload, lang),
    )


def _headline(payload: Payload, lang: str) -> str:
    """Say the whole period's result; older payloads without it say nothing."""
    overall = payload.get("overall")
    if not isinstance(overall, Mapping):
        return ""
    text = label("headline", lang).format(
        days=number(payload.get("days") or 30, lang, 0),
        profit=percent(overall.get("profit_pct") or 0, lang, 2, signed=True),
        trades=counted("trades_count", overall.get("trades") or 0, lang),
        drawdown=drawdown(overall.get("max_drawdown_pct"), lang),
    )
    return f"\n{text}"
