"""Turn live events into server-sent-event frames for one reader, in their language.

A frame is `id: <stream id>`, `event: <bot|trade|alert>` and one `data:` line of JSON (JSON
escapes newlines, so one line always holds it). Trade frames carry the table row rendered
from the same partials the bot page uses, read as the user; alert frames carry one plain
line that `live.js` inserts as text, never as markup.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Final

import jinja2

from kernel import formatting
from orchestrator.core.runtime import Runtime
from orchestrator.dashboard.events import AlertEvent, BotEvent, Entry, TradeEvent
from orchestrator.dashboard.live_rows import live_trade
from orchestrator.dashboard.viewer import Viewer
from web_minimal.dashboard import formats, texts_live  # noqa: F401  (registers the texts)
from web_minimal.dashboard.i18n import has, t

OPEN_ROW: Final = "partials/open_trade_row.html"
CLOSED_ROW: Final = "partials/closed_trade_row.html"
Data = dict[str, str | int | bool | None]  # one frame's JSON, built and written right here


def frame(entry_id: str, kind: str, data: Data) -> bytes:
    """Write one SSE frame."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"id: {entry_id}\nevent: {kind}\ndata: {body}\n\n".encode()


async def render(
    runtime: Runtime, env: jinja2.Environment, who: Viewer, entry: Entry, now: dt.datetime
) -> bytes | None:
    """Return the frame for an event, or None when there is nothing this reader may see."""
    entry_id, event = entry
    if isinstance(event, BotEvent):
        return frame(entry_id, event.type, bot_data(event, who.language))
    if isinstance(event, TradeEvent):
        data = await trade_data(runtime, env, who, event, now)
        return None if data is None else frame(entry_id, event.type, data)
    return frame(entry_id, event.type, alert_data(event, who.language))


def bot_data(event: BotEvent, lang: str) -> Data:
    """Describe a state change: the state word (for the class) and its label."""
    key = f"state.{event.state}"
    label = t(key, lang) if has(key) else event.state
    return {"bot_id": str(event.bot_id), "state": event.state, "state_label": label}


async def trade_data(
    runtime: Runtime, env: jinja2.Environment, who: Viewer, event: TradeEvent, now: dt.datetime
) -> Data | None:
    """Describe a synced trade with its row as the bot page renders it."""
    live = await live_trade(runtime, who.user_id, event.bot_id, event.trade_id)
    if live is None:
        return None  # not the reader's (or gone): say nothing
    template = env.get_template(OPEN_ROW if live.is_open else CLOSED_ROW)
    html = template.render(row=live.row, lang=who.language, tz=who.timezone, now=now)
    return {
        "bot_id": str(event.bot_id),
        "trade_id": event.trade_id,
        "is_open": live.is_open,
        "open_count": live.open_count,
        "html_open" if live.is_open else "html_closed": html,
    }


def alert_data(event: AlertEvent, lang: str) -> Data:
    """Describe an alert with one short line in the reader's language."""
    key = f"live.alert.{event.kind}"
    text = t(
        key if has(key) else "live.alert.other",
        lang,
        bot=event.bot_name,
        pair=event.pair,
        streak=formats.number(event.streak, lang, decimals=0),
        drawdown=_points(event.drawdown_pct, lang),
        profit=formats.money(event.profit_abs, event.currency, lang, signed=True),
    )
    return {
        "kind": event.kind,
        "bot_id": str(event.bot_id) if event.bot_id else None,
        "text": text,
    }


def _points(value: Decimal | None, lang: str) -> str:
    if value is None:
        return formats.DASH
    return formatting.percent(value, lang, decimals=2, trim=True)
