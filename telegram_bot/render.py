"""Turn service data into HTML messages; every user-controlled value is escaped by `t`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from kernel import formatting
from kernel.i18n import plural
from orchestrator.accounts.usage import PlanUsage
from orchestrator.accounts.users import Profile
from orchestrator.bots.views import BotView
from orchestrator.keys.store import KeySummary
from orchestrator.strategies.versions import StrategySummary, VersionSummary
from telegram_bot.commands import GROUPS
from telegram_bot.i18n import CATALOGUE, Html, has, label, t

Row = Mapping[str, Any]  # what a running bot's Freqtrade API answers
# Decimals a quantity or price may show: enough for satoshis and for meme-coin prices.
PRECISION = 12

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


def number(
    value: object, lang: str, places: int = 2, *, sign: bool = False, trim: bool = False
) -> str:
    """Format a number in the user's locale with `places` decimals; '?' when unknown."""
    if not isinstance(value, Decimal | float | int | str):
        return "?"
    try:
        return formatting.number(value, lang, decimals=places, signed=sign, trim=trim)
    except ValueError:
        return "?"


def amount(value: object, lang: str) -> str:
    """Format a quantity or price in the user's locale, without trailing zeros."""
    return number(value, lang, PRECISION, trim=True)


def moment(value: object, lang: str) -> str:
    """Format a datetime (or Freqtrade's UTC date text) in the user's locale and Jakarta time."""
    if isinstance(value, str):
        try:
            return formatting.moment(dt.datetime.fromisoformat(value), lang)
        except ValueError:
            return value[:16]
    return formatting.moment(value, lang) if isinstance(value, dt.datetime) else ""


def state_of(bot: BotView) -> str:
    """Return the state a user should see: the desired pause shows at once."""
    status = bot.status or "stopped"
    if bot.desired_state == "paused" and status == "running":
        return "paused"
    return status


def state_label(lang: str, bot: BotView) -> str:
    """Return the translated state of a bot."""
    return label(lang, f"state_{state_of(bot)}")


def _bot_params(lang: str, bot: BotView) -> dict[str, object]:
    return {
        "icon": STATE_ICONS.get(state_of(bot), "⚪"),
        "name": bot.name,
        "pair": bot.pair,
        "exchange": bot.exchange.capitalize(),
        "mode": label(lang, "mode_dry" if bot.dry_run else "mode_live"),
        "state": state_label(lang, bot),
        "pnl": number(bot.profit_abs, lang, sign=True),
        "currency": bot.stake_currency or "USDT",
        "stake": amount(bot.stake_amount, lang),
        "open": bot.open_trades,
        "closed": bot.closed_trades,
        "open_trades": counted(lang, "trades_open_title", bot.open_trades),
        "closed_trades": counted(lang, "trades_closed_count", bot.closed_trades),
    }


def counted(lang: str, key: str, count: int) -> str:
    """Fill a `one|other` text with a count: "1 open trade", "2 open trades" (id: one form)."""
    return plural(CATALOGUE.template(key, lang), count).format(count=number(count, lang, 0))


def bots_list(lang: str, bots: Sequence[BotView]) -> Html:
    """List bots with state and realised PnL."""
    if not bots:
        return t(lang, "bots_empty")
    rows = (t(lang, "bot_line", **_bot_params(lang, bot)) for bot in bots)
    return lines(t(lang, "bots_title"), *rows)


def bot_detail(lang: str, bot: BotView) -> Html:
    """Describe one bot."""
    return t(lang, "bot_detail", **_bot_params(lang, bot))


def status_summary(lang: str, bots: Sequence[BotView]) -> Html:
    """Summarise every bot's state and open trades."""
    running = sum(1 for bot in bots if state_of(bot) in ("running", "paused"))
    total_open = sum(bot.open_trades for bot in bots)
    open_trades = counted(lang, "trades_open_title", total_open)
    head = t(lang, "status_all_title", running=running, open_trades=open_trades)
    return lines(head, *(t(lang, "status_all_line", **_bot_params(lang, bot)) for bot in bots))


def status_view(lang: str, bot: BotView, trades: Sequence[Row]) -> Html:
    """Describe a running bot's open trades."""
    if not trades:
        return t(lang, "status_none", name=bot.name)
    rows = [
        t(
            lang,
            "status_trade",
            id=trade.get("trade_id", "?"),
            pair=trade.get("pair", ""),
            amount=amount(trade.get("amount"), lang),
            open_rate=amount(trade.get("open_rate"), lang),
            current_rate=amount(trade.get("current_rate"), lang),
            profit=number(trade.get("profit_pct", 0), lang, sign=True),
        )
        for trade in trades
    ]
    return lines(t(lang, "status_title", name=bot.name), *rows)


def not_running(lang: str, bot: BotView) -> Html:
    """Say that a bot is not running."""
    return t(lang, "not_running", name=bot.name, state=state_label(lang, bot))


def profit_view(lang: str, bot: BotView, data: Row) -> Html:
    """Describe a running bot's profit as Freqtrade reports it."""
    return t(
        lang,
        "profit_view",
        name=bot.name,
        closed=data.get("closed_trade_count", 0),
        wins=data.get("winning_trades", 0),
        losses=data.get("losing_trades", 0),
        closed_profit=number(data.get("profit_closed_coin", 0), lang, sign=True),
        all_profit=number(data.get("profit_all_coin", 0), lang, sign=True),
        currency=bot.stake_currency or "USDT",
    )


def profit_stored(lang: str, bot: BotView) -> Html:
    """Describe a bot's realised profit from synced trades."""
    return t(lang, "profit_stored", **_bot_params(lang, bot))


def profit_summary(lang: str, bots: Sequence[BotView]) -> Html:
    """Summarise realised profit across bots."""
    total = sum((bot.profit_abs for bot in bots), Decimal(0))
    head = t(lang, "profit_all_title", total=number(total, lang, sign=True), currency="USDT")
    return lines(head, *(t(lang, "profit_all_line", **_bot_params(lang, bot)) for bot in bots))


def trades_view(
    lang: str, bot: BotView, trades: Sequence[Row], open_trades: Sequence[Row] = ()
) -> Html:
    """List a bot's open trades (Freqtrade's /status), then its recent closed ones, newest first."""
    currency = bot.stake_currency or "USDT"
    opened = {trade.get("trade_id"): trade for trade in trades if trade.get("is_open")}
    opened.update((trade.get("trade_id"), trade) for trade in open_trades)
    closed = [trade for trade in reversed(trades) if not trade.get("is_open")][:10]
    if not opened and not closed:
        return t(lang, "trades_none", name=bot.name)
    parts = [t(lang, "trades_title", name=bot.name)]
    if opened:
        parts.append(Html(f"\n<b>{counted(lang, 'trades_open_title', len(opened))}</b>"))
        parts += [_open_line(lang, trade, currency) for trade in opened.values()]
    if closed:
        parts.append(Html(f"\n<b>{label(lang, 'trades_closed_title')}</b>" if opened else ""))
        parts += [_trade_line(lang, trade, currency) for trade in closed]
    return lines(*parts)


def exit_reason(lang: str, reason: object) -> str:
    """Say why a trade closed: roi, stop_loss, force_exit... in words; unknown ones as sent."""
    key = f"exit.{reason}"
    return label(lang, key) if reason and has(key) else str(reason or "")


def _open_line(lang: str, trade: Row, currency: str) -> Html:
    """One open trade: since when, its stake, its profit now and its stop-loss when known."""
    line: str = t(
        lang,
        "trade_open",
        id=trade.get("trade_id"),
        pair=trade.get("pair"),
        date=moment(trade.get("open_date"), lang),
    )
    if trade.get("stake_amount") is not None:
        stake = amount(trade.get("stake_amount"), lang)
        line += t(lang, "trade_open_stake", stake=stake, currency=currency)
    ratio = trade.get("profit_ratio")
    if trade.get("profit_abs") is not None and ratio is not None:
        pct = formatting.percent(Decimal(str(ratio)) * 100, lang, decimals=2, signed=True)
        profit = number(trade.get("profit_abs"), lang, sign=True)
        line += t(lang, "trade_open_profit", profit=profit, currency=currency, pct=pct)
    if trade.get("stop_loss_abs") is not None:
        line += t(lang, "trade_open_stop", price=amount(trade.get("stop_loss_abs"), lang))
    return Html(line)


def _trade_line(lang: str, trade: Row, currency: str) -> Html:
    return t(
        lang,
        "trade_closed",
        id=trade.get("trade_id"),
        pair=trade.get("pair"),
        profit=number(trade.get("profit_abs", 0), lang, sign=True),
        currency=currency,
        pct=number(Decimal(str(trade.get("profit_ratio") or 0)) * 100, lang, sign=True),
        reason=exit_reason(lang, trade.get("exit_reason")),
    )


def strategies_view(lang: str, strategies: Sequence[StrategySummary]) -> Html:
    """List strategies, each titled by its current version's rules."""
    if not strategies:
        return t(lang, "strategies_empty")
    return lines(t(lang, "strategies_title"), *(_strategy_line(lang, s) for s in strategies))


def _strategy_line(lang: str, strategy: StrategySummary) -> Html:
    """One strategy: its title, version and market (unless the title names the market)."""
    title = strategy.title(lang)
    market = " ".join(x for x in (strategy.pair, strategy.timeframe) if x)
    key = "strategy_line_titled" if market and title.startswith(market) else "strategy_line"
    numbers = {"version": strategy.current_version, "count": strategy.versions}
    return t(lang, key, name=title, market=market or "—", **numbers)


def versions_view(lang: str, name: str, versions: Sequence[VersionSummary], current: int) -> Html:
    """List a strategy's versions, marking the current one; each summary read from its spec."""
    rows = (
        t(
            lang,
            "version_line",
            marker="★" if v.version == current else "•",
            version=v.version,
            date=_date(v.created_at, lang),
            summary=v.summary_in(lang),
        )
        for v in versions
    )
    return lines(t(lang, "versions_title", name=name), *rows)


def _date(value: object, lang: str) -> str:
    return formatting.date(value, lang) if isinstance(value, dt.datetime) else ""


def keys_view(lang: str, keys: Iterable[KeySummary]) -> Html:
    """Explain the key form and list connected keys, masked."""
    parts: list[str] = [t(lang, "keys_intro")]
    rows = list(keys)
    if not rows:
        return lines(*parts, "", t(lang, "keys_none"))
    parts += ["", t(lang, "keys_title")]
    for key in rows:
        params = {"exchange": key.exchange.capitalize(), "hint": key.key_hint}
        parts.append(t(lang, "key_line", label=key.label or "", **params))
        if not key.ip_restricted:
            parts.append(t(lang, "key_ip_warning"))
    return lines(*parts)


def settings_view(lang: str, profile: Profile | None, usage: PlanUsage | None = None) -> Html:
    """Show the user's settings and how much of the plan is used (defaults when unreadable)."""
    language, alerts, plan = (
        (profile.language, profile.alert_level, profile.plan_code)
        if profile
        else (lang, "all", "free")
    )
    view = t(
        lang,
        "settings_view",
        language=label(lang, f"lang_name_{language}"),
        alerts=label(lang, f"alert_{alerts}"),
        plan=usage.plan.name if usage else plan.capitalize(),
    )
    return lines(view, plan_usage(lang, usage) if usage else "")


def _live_part(lang: str, usage: PlanUsage) -> Html:
    """Say how many live bots run of how many allowed, or that the plan has none ("0 of 0")."""
    allowed = usage.plan.entitlements.max_live_bots
    if allowed <= 0:
        return t(lang, "usage_live_none")
    live, limit = number(usage.live_bots, lang, 0), number(allowed, lang, 0)
    return t(lang, "usage_live", live=live, max_live=limit)


def plan_usage(lang: str, usage: PlanUsage) -> Html:
    """Show what of the plan is in use: bots, live bots, AI generations, and its windows."""
    allows = usage.plan.entitlements

    def count(value: int) -> str:
        return number(value, lang, 0)

    return t(
        lang,
        "settings_usage",
        bots=count(usage.active_bots),
        max_bots=count(allows.max_bots),
        live_part=_live_part(lang, usage),
        used=count(usage.generations_used),
        limit=count(allows.ai_generations_per_month),
        days=count(allows.backtest_max_days),
        epochs=count(allows.hyperopt_max_epochs),
    )


def help_view(lang: str) -> Html:
    """List every command with one line, in groups a trader scans."""
    rows: list[str] = [t(lang, "help_title")]
    for title, names in GROUPS:
        rows += ["", Html(f"<b>{t(lang, title)}</b>")]
        rows += [Html(f"/{name} — {t(lang, f'cmd_{name}')}") for name in names]
    return lines(*rows, "", t(lang, "help_footer"))


def progress(lang: str, data: Row | None) -> Html:
    """Describe a job's latest progress."""
    if not data:
        return t(lang, "new_working")
    key = f"stage_{data.get('stage', '')}"
    stage = label(lang, key if has(key) else "stage_working")
    return t(lang, "new_progress", stage=stage, pct=number(data.get("pct", 0), lang, 0))


# Texts whose {limit} is a number of bots, written with the noun in the number's form.
COUNTED_LIMITS = {
    "plan_bot_limit": "count_bots",
    "plan_live_limit": "count_live_bots",
    "sb_live_full": "count_live_bots",
}


def error(lang: str, key: str, params: Mapping[str, object]) -> Html:
    """Translate a user-facing error, or apologise for one the catalogue lacks."""
    if not has(key):
        return t(lang, "apology")
    limit = params.get("limit")
    if key in COUNTED_LIMITS and isinstance(limit, int):
        params = {**params, "limit": counted(lang, COUNTED_LIMITS[key], limit)}
    if key == "prompt_not_understood":
        params = _understanding(lang, params)
    if key == "prompt_long_only":
        prompt = params.get("long_version")
        offer = t(lang, "long_offer", prompt=prompt) if prompt else t(lang, "long_example")
        params = {"offer": offer}
    if isinstance(params.get("exchange"), str):
        params = {**params, "exchange": str(params["exchange"]).capitalize()}
    return t(lang, key, **params)


def _understanding(lang: str, params: Mapping[str, object]) -> dict[str, object]:
    found, missing = params.get("understood"), params.get("missing")
    return {
        "understood": t(lang, "understood_part", items=found) if found else "",
        "missing": t(lang, "missing_part", items=missing) if missing else "",
    }
