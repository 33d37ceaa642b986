"""Render the reports across a user's bots: profit per period and pair, wallets, counts, logs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TypeVar

from kernel import formatting
from orchestrator.bots.live import Answer, Holding, OpenCount, Wallet
from orchestrator.bots.reports import Money, PairPerformance, PeriodReport, Unit, jakarta_midnight
from orchestrator.bots.views import BotView
from telegram_bot.i18n import Html, t
from telegram_bot.render import STATE_ICONS, counted, lines, not_running, state_label, state_of

T = TypeVar("T")
# Telegram refuses messages over 4,096 characters: logs keep their newest lines within this.
LOG_CHARS = 3500
LOG_LINE_CHARS = 300
_PERIOD_COUNTS: dict[Unit, str] = {
    "day": "count_days",
    "week": "count_weeks",
    "month": "count_months",
}
_TITLES: dict[Unit, str] = {
    "day": "report_day_title",
    "week": "report_week_title",
    "month": "report_month_title",
}


def money(values: Sequence[Money], lang: str) -> str:
    """Write amounts per currency, signed and rounded to each currency's precision."""
    return ", ".join(formatting.money(m.amount, m.currency, lang, signed=True) for m in values)


def _period_name(lang: str, unit: Unit, start: dt.date) -> str:
    moment = jakarta_midnight(start)
    if unit == "month":
        return formatting.month_year(moment, lang)
    return formatting.date(moment, lang)


def period_report(lang: str, report: PeriodReport) -> Html:
    """List profit per day, week or month, newest first, with the total of them all."""
    periods = counted(lang, _PERIOD_COUNTS[report.unit], len(report.periods))
    head = t(lang, _TITLES[report.unit], periods=periods)
    rows = [
        t(
            lang,
            "report_line",
            period=_period_name(lang, report.unit, period.start),
            profit=money(period.profit, lang),
            trades=counted(lang, "trades_closed_count", period.trades),
        )
        for period in report.periods
    ]
    total = t(
        lang,
        "report_total",
        profit=money(report.total, lang),
        trades=counted(lang, "trades_closed_count", report.trades),
    )
    return lines(head, *rows, total)


def performance(lang: str, pairs: Sequence[PairPerformance]) -> Html:
    """List realised profit per pair, most profitable first."""
    if not pairs:
        return t(lang, "performance_none")
    rows = (
        t(
            lang,
            "performance_line",
            pair=pair.pair,
            profit=money([pair.profit], lang),
            trades=counted(lang, "trades_closed_count", pair.trades),
            wins=formatting.number(pair.wins, lang, decimals=0),
        )
        for pair in pairs
    )
    return lines(t(lang, "performance_title"), *rows)


def _per_bot(
    lang: str, answers: Sequence[Answer[T]], title: str, line: Callable[[str, BotView, T], Html]
) -> Html:
    """Write one line per bot under `title`, or say at once that none of them runs."""
    if not answers:
        return t(lang, "bots_empty")
    if not any(answer.live for answer in answers):
        only = len(answers) == 1
        return not_running(lang, answers[0].bot) if only else t(lang, "live_none_running")
    rows = []
    for answer in answers:
        bot = answer.bot
        params = {"icon": STATE_ICONS.get(state_of(bot), "⚪"), "name": bot.name}
        if answer.value is not None:
            rows.append(line(lang, bot, answer.value))
        elif answer.unreachable:
            rows.append(t(lang, "live_unreachable_line", **params))
        else:
            rows.append(t(lang, "live_idle_line", state=state_label(lang, bot), **params))
    return lines(t(lang, title), *rows)


def balances(lang: str, answers: Sequence[Answer[Wallet]]) -> Html:
    """Show each running bot's wallet (a dry-run bot's is play money); list the others."""
    return _per_bot(lang, answers, "balance_title", _wallet)


def _wallet(lang: str, bot: BotView, wallet: Wallet) -> Html:
    stake = wallet.stake_currency
    kind = "balance_simulated" if bot.dry_run or wallet.simulated else "balance_real"
    head = t(
        lang,
        "balance_bot",
        icon=STATE_ICONS.get(state_of(bot), "⚪"),
        name=bot.name,
        kind=t(lang, kind),
        total=formatting.money(wallet.total, stake, lang),
    )
    return lines(head, *(_holding(lang, held, stake) for held in wallet.holdings))


def _holding(lang: str, held: Holding, stake: str) -> Html:
    """One currency: its amount, what of it is free, and its worth in the stake currency."""
    parts = [t(lang, "balance_holding", amount=formatting.money(held.balance, held.currency, lang))]
    if held.free != held.balance:
        parts.append(t(lang, "balance_free", free=formatting.money(held.free, held.currency, lang)))
    if held.currency != stake:
        parts.append(t(lang, "balance_value", value=formatting.money(held.value, stake, lang)))
    return Html("".join(parts))


def counts(lang: str, answers: Sequence[Answer[OpenCount]]) -> Html:
    """Show each running bot's open trades against its limit; list the others."""
    return _per_bot(lang, answers, "count_title", _count)


def _count(lang: str, bot: BotView, count: OpenCount) -> Html:
    def whole(value: int) -> str:
        return formatting.number(value, lang, decimals=0)

    return t(
        lang,
        "count_line" if count.limit is not None else "count_line_unlimited",
        icon=STATE_ICONS.get(state_of(bot), "⚪"),
        name=bot.name,
        current=whole(count.current),
        limit=whole(count.limit or 0),
        stake=formatting.money(count.stake, bot.stake_currency or "USDT", lang),
    )


def logs(lang: str, bot: BotView, found: Sequence[str]) -> Html:
    """Show a bot's newest log lines as they are, escaped, within one message."""
    kept: list[str] = []
    size = 0
    for line in reversed(found):
        clipped = line if len(line) <= LOG_LINE_CHARS else line[: LOG_LINE_CHARS - 1] + "…"
        size += len(clipped) + 1
        if size > LOG_CHARS:
            break
        kept.append(clipped)
    if not kept:
        return t(lang, "logs_empty", name=bot.name)
    return t(lang, "logs_view", name=bot.name, lines="\n".join(reversed(kept)))
