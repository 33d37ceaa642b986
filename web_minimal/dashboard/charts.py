"""What the bot page's script gets as JSON: chart series, their labels, live trade figures.

Series go out as numbers; labels and formatted figures are written here, in the reader's
language, so the script never formats money itself. The JSON sits in a
`<script type="application/json">` block (data, never run) or answers a fetch.
"""

from __future__ import annotations

from typing import Any

from orchestrator.dashboard.bot_page import BotPage
from orchestrator.dashboard.live import LiveBot
from web_minimal.dashboard import formats
from web_minimal.dashboard.i18n import t

_LABELS = (
    "chart.profit", "chart.bar", "chart.close", "chart.entry", "chart.exit_win", "chart.exit_loss",
    "chart.empty", "chart.no_candles", "chart.time", "chart.day", "chart.week", "chart.month",
)  # fmt: skip


def chart_data(model: BotPage, lang: str, tz: str) -> dict[str, Any]:
    """Return the bot page's chart data and labels for its script."""
    return {
        "lang": "id-ID" if lang == "id" else "en-GB",
        "tz": tz,
        "currency": model.card.currency,
        "curve": {"x": list(model.curve.x), "y": list(model.curve.y)},
        "bars": {unit: {"x": list(s.x), "y": list(s.y)} for unit, s in model.bars.items()},
        "candles": f"/dashboard/api/bots/{model.card.id}/candles",
        "live": f"/dashboard/api/bots/{model.card.id}/live",
        "labels": {key.removeprefix("chart."): t(key, lang) for key in _LABELS},
    }


def live_json(bot: LiveBot, lang: str) -> dict[str, Any]:
    """Return a running bot's open-trade figures, written for the page's cells."""
    trades = {
        str(trade.trade_id): {
            "profit": formats.money(trade.profit_abs, bot.currency, lang, signed=True),
            "ratio": formats.ratio(trade.profit_ratio, lang),
            "sign": _sign(trade.profit_abs),
            "stop": formats.price(trade.stop_loss, lang),
            "rate": formats.price(trade.current_rate, lang),
        }
        for trade in bot.trades
    }
    return {"running": bot.running, "trades": trades}


def _sign(value: object) -> str:
    if value is None:
        return ""
    number = float(str(value))
    return "up" if number > 0 else "down" if number < 0 else ""
