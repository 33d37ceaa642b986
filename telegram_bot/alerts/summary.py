"""The `summary` alert's fields: its period in the user's zone, a line per bot, the totals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from kernel import formatting
from orchestrator.alerts.summary_periods import DEFAULT_TIMEZONE, zone
from telegram_bot.alerts.fields import Fields, counted, escape, money, number
from telegram_bot.alerts.texts import LABELS, label
from telegram_bot.i18n import has
from telegram_bot.i18n import label as chat_label
from telegram_bot.render import STATE_ICONS
from telegram_bot.render_settings import zone_label

Payload = Mapping[str, Any]
_LISTED = 20  # never more lines than the producer's cap, even from a tampered payload


def summary_fields(payload: Payload, lang: str) -> Fields:
    """Return the summary template's fields: its period word, window and body."""
    frequency = str(payload.get("frequency") or "")
    period = f"summary_{frequency}" if f"summary_{frequency}" in LABELS else "summary_daily"
    return Fields(
        period=label(period, lang), window=_window(payload, lang), body=_body(payload, lang)
    )


def _window(payload: Payload, lang: str) -> str:
    """Write the period's bounds in the user's zone: Nov 29, 20:00 – Nov 30, 20:00 (WIB)."""
    tz = zone(str(payload.get("timezone") or DEFAULT_TIMEZONE)).key
    ends = []
    for key in ("period_start", "period_end"):
        try:
            when = dt.datetime.fromisoformat(str(payload.get(key) or ""))
        except ValueError:
            return ""
        day = formatting.day_month(when, lang, tz=tz)
        ends.append(f"{day} {formatting.time(when, lang, tz=tz)}")
    start, end = ends
    return label("summary_window", lang).format(start=start, end=end, zone=escape(zone_label(tz)))


def _body(payload: Payload, lang: str) -> str:
    """List the bots and the totals, or say there is no bot or nothing ran."""
    if not payload.get("has_bots"):
        return label("summary_no_bots", lang)
    bots = [bot for bot in list(payload.get("bots") or [])[:_LISTED] if isinstance(bot, Mapping)]
    if not bots:
        return label("summary_idle", lang)
    rows = [_bot_line(bot, lang) for bot in bots]
    if more := payload.get("more_bots"):
        rows.append(counted("summary_more", more, lang))
    rows.append("")
    rows += [_total_line(t, lang) for t in payload.get("totals") or [] if isinstance(t, Mapping)]
    opened = number(payload.get("open_trades") or 0, lang, 0)
    rows.append(label("summary_open_total", lang).format(count=opened))
    return "\n".join(rows)


def _mode(item: Payload, lang: str) -> str:
    return label("summary_mode_dry" if item.get("dry_run") else "summary_mode_live", lang)


def _results(item: Payload, lang: str) -> dict[str, str]:
    """Fill the trade counts and the profit one bot or one total made."""
    return {
        "closed": counted("summary_closed", item.get("closed") or 0, lang),
        "wins": counted("summary_wins", item.get("wins") or 0, lang),
        "pnl": money(
            item.get("profit_abs") or 0, str(item.get("stake_currency") or ""), lang, signed=True
        ),
        "mode": _mode(item, lang),
    }


def _bot_line(bot: Payload, lang: str) -> str:
    state = str(bot.get("state") or "stopped")
    return label("summary_bot", lang).format(
        icon=STATE_ICONS.get(state, "⚪"),
        bot_name=escape(bot.get("bot_name"), 40),
        pair=escape(bot.get("pair"), 24),
        state=escape(chat_label(lang, f"state_{state}") if has(f"state_{state}") else state, 24),
        open=counted("summary_open", bot.get("open_trades") or 0, lang),
        **_results(bot, lang),
    )


def _total_line(total: Payload, lang: str) -> str:
    return label("summary_total", lang).format(**_results(total, lang))
