"""Turn service data into HTML messages; every user-controlled value is escaped by `t`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from telegram_bot.commands import COMMANDS
from telegram_bot.i18n import Html, has, label, t

Row = Mapping[str, Any]

STATE_ICONS = {
    "running": "🟢",
    "starting": "🟡",
    "paused": "⏸",
    "stopping": "🟠",
    "stopped": "⚪",
    "failed": "🔴",
}


def lines(*parts: str) -> Html:
    """Join already-safe parts with newlines."""
    return Html("\n".join(part for part in parts if part))


def number(value: object, places: int = 2, *, sign: bool = False) -> str:
    """Format a number with fixed decimals (and a sign when asked); '?' when unknown."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return "?"
    return f"{amount:+.{places}f}" if sign else f"{amount:.{places}f}"


def amount(value: object) -> str:
    """Format a quantity or price without trailing zeros."""
    try:
        return f"{Decimal(str(value)).normalize():f}"
    except (InvalidOperation, ValueError):
        return "?"


def state_of(bot: Row) -> str:
    """Return the state a user should see: the desired pause shows at once."""
    status = str(bot.get("status") or "stopped")
    if bot.get("desired_state") == "paused" and status == "running":
        return "paused"
    return status


def state_label(lang: str, bot: Row) -> str:
    """Return the translated state of a bot."""
    return label(lang, f"state_{state_of(bot)}")


def _bot_params(lang: str, bot: Row) -> dict[str, object]:
    return {
        "icon": STATE_ICONS.get(state_of(bot), "⚪"),
        "name": bot["name"],
        "pair": bot["pair"],
        "exchange": str(bot["exchange"]).capitalize(),
        "mode": label(lang, "mode_dry" if bot.get("dry_run", True) else "mode_live"),
        "state": state_label(lang, bot),
        "pnl": number(bot.get("profit_abs", 0), sign=True),
        "currency": bot.get("stake_currency") or "USDT",
        "stake": amount(bot.get("stake_amount")),
        "open": bot.get("open_trades", 0),
        "closed": bot.get("closed_trades", 0),
    }


def bots_list(lang: str, bots: Sequence[Row]) -> Html:
    """List bots with state and realised PnL."""
    if not bots:
        return t(lang, "bots_empty")
    rows = (t(lang, "bot_line", **_bot_params(lang, bot)) for bot in bots)
    return lines(t(lang, "bots_title"), *rows)


def bot_detail(lang: str, bot: Row) -> Html:
    """Describe one bot."""
    return t(lang, "bot_detail", **_bot_params(lang, bot))


def status_summary(lang: str, bots: Sequence[Row]) -> Html:
    """Summarise every bot's state and open trades."""
    running = sum(1 for bot in bots if state_of(bot) in ("running", "paused"))
    total_open = sum(int(bot.get("open_trades", 0)) for bot in bots)
    head = t(lang, "status_all_title", running=running, open=total_open)
    return lines(head, *(t(lang, "status_all_line", **_bot_params(lang, bot)) for bot in bots))


def status_view(lang: str, bot: Row, trades: Sequence[Row]) -> Html:
    """Describe a running bot's open trades."""
    if not trades:
        return t(lang, "status_none", name=bot["name"])
    rows = [
        t(
            lang,
            "status_trade",
            id=trade.get("trade_id", "?"),
            pair=trade.get("pair", ""),
            amount=amount(trade.get("amount")),
            open_rate=amount(trade.get("open_rate")),
            current_rate=amount(trade.get("current_rate")),
            profit=number(trade.get("profit_pct", 0), sign=True),
        )
        for trade in trades
    ]
    return lines(t(lang, "status_title", name=bot["name"]), *rows)


def not_running(lang: str, bot: Row) -> Html:
    """Say that a bot is not running."""
    return t(lang, "not_running", name=bot["name"], state=state_label(lang, bot))


def profit_view(lang: str, bot: Row, data: Row) -> Html:
    """Describe a running bot's profit as Freqtrade reports it."""
    return t(
        lang,
        "profit_view",
        name=bot["name"],
        closed=data.get("closed_trade_count", 0),
        wins=data.get("winning_trades", 0),
        losses=data.get("losing_trades", 0),
        closed_profit=number(data.get("profit_closed_coin", 0), sign=True),
        all_profit=number(data.get("profit_all_coin", 0), sign=True),
        currency=bot.get("stake_currency") or "USDT",
    )


def profit_stored(lang: str, bot: Row) -> Html:
    """Describe a bot's realised profit from synced trades."""
    return t(lang, "profit_stored", **_bot_params(lang, bot))


def profit_summary(lang: str, bots: Sequence[Row]) -> Html:
    """Summarise realised profit across bots."""
    total = sum((Decimal(str(bot.get("profit_abs", 0))) for bot in bots), Decimal(0))
    head = t(lang, "profit_all_title", total=number(total, sign=True), currency="USDT")
    return lines(head, *(t(lang, "profit_all_line", **_bot_params(lang, bot)) for bot in bots))


def trades_view(lang: str, bot: Row, trades: Sequence[Row]) -> Html:
    """List a bot's most recent trades, newest first."""
    if not trades:
        return t(lang, "trades_none", name=bot["name"])
    currency = bot.get("stake_currency") or "USDT"
    rows = [_trade_line(lang, trade, currency) for trade in list(reversed(trades))[:10]]
    return lines(t(lang, "trades_title", name=bot["name"]), *rows)


def _trade_line(lang: str, trade: Row, currency: str) -> Html:
    if trade.get("is_open"):
        opened = str(trade.get("open_date", ""))[:16]
        return t(lang, "trade_open", id=trade.get("trade_id"), pair=trade.get("pair"), date=opened)
    return t(
        lang,
        "trade_closed",
        id=trade.get("trade_id"),
        pair=trade.get("pair"),
        profit=number(trade.get("profit_abs", 0), sign=True),
        currency=currency,
        pct=number(Decimal(str(trade.get("profit_ratio") or 0)) * 100, sign=True),
        reason=trade.get("exit_reason") or "",
    )


def strategies_view(lang: str, strategies: Sequence[Row]) -> Html:
    """List strategies with their current version."""
    if not strategies:
        return t(lang, "strategies_empty")
    rows = (
        t(
            lang,
            "strategy_line",
            name=s["name"],
            version=s["current_version"],
            count=s["versions"],
            market=" ".join(str(x) for x in (s.get("pair"), s.get("timeframe")) if x) or "—",
        )
        for s in strategies
    )
    return lines(t(lang, "strategies_title"), *rows)


def versions_view(lang: str, name: str, versions: Sequence[Row], current: int) -> Html:
    """List a strategy's versions, marking the current one."""
    rows = (
        t(
            lang,
            "version_line",
            marker="★" if v["version"] == current else "•",
            version=v["version"],
            date=_date(v.get("created_at")),
            summary=v.get("summary") or "",
        )
        for v in versions
    )
    return lines(t(lang, "versions_title", name=name), *rows)


def _date(value: object) -> str:
    return value.strftime("%Y-%m-%d") if isinstance(value, dt.datetime) else ""


def keys_view(lang: str, keys: Iterable[Row]) -> Html:
    """Explain the key form and list connected keys, masked."""
    parts: list[str] = [t(lang, "keys_intro")]
    rows = list(keys)
    if not rows:
        return lines(*parts, "", t(lang, "keys_none"))
    parts += ["", t(lang, "keys_title")]
    for key in rows:
        params = {"exchange": key["exchange"].capitalize(), "hint": key["key_hint"]}
        parts.append(t(lang, "key_line", label=key.get("label") or "", **params))
        if not key.get("ip_restricted"):
            parts.append(t(lang, "key_ip_warning"))
    return lines(*parts)


def settings_view(lang: str, profile: Row) -> Html:
    """Show the user's settings."""
    return t(
        lang,
        "settings_view",
        language=label(lang, f"lang_name_{profile.get('language', lang)}"),
        alerts=label(lang, f"alert_{profile.get('alert_level', 'all')}"),
        plan=str(profile.get("plan_code", "free")).capitalize(),
    )


def help_view(lang: str) -> Html:
    """List every command with one line."""
    rows = (Html(f"/{name} — {t(lang, f'cmd_{name}')}") for name in COMMANDS)
    return lines(t(lang, "help_title"), *rows, "", t(lang, "help_footer"))


def progress(lang: str, data: Row | None) -> Html:
    """Describe a job's latest progress."""
    if not data:
        return t(lang, "new_working")
    key = f"stage_{data.get('stage', '')}"
    stage = label(lang, key if has(key) else "stage_working")
    return t(lang, "new_progress", stage=stage, pct=number(data.get("pct", 0), 0))


def error(lang: str, key: str, params: Mapping[str, object]) -> Html:
    """Translate a user-facing error, or apologise for one the catalogue lacks."""
    if not has(key):
        return t(lang, "apology")
    if key == "prompt_not_understood":
        params = _understanding(lang, params)
    if isinstance(params.get("exchange"), str):
        params = {**params, "exchange": str(params["exchange"]).capitalize()}
    return t(lang, key, **params)


def _understanding(lang: str, params: Mapping[str, object]) -> dict[str, object]:
    found, missing = params.get("understood"), params.get("missing")
    return {
        "understood": t(lang, "understood_part", items=found) if found else "",
        "missing": t(lang, "missing_part", items=missing) if missing else "",
    }
