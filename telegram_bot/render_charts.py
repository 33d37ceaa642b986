"""Captions of chart photos: what the picture shows, in words and the reader's number format."""

from __future__ import annotations

from kernel import formatting
from orchestrator.bots.charts import BotChart
from telegram_bot.i18n import Html, label, t
from telegram_bot.render import amount, counted, lines

# Telegram refuses photo captions longer than this.
CAPTION_LIMIT = 1024
# Open trades named one by one; more are only counted.
NAMED_TRADES = 3


def bot_chart_caption(lang: str, chart: BotChart) -> Html:
    """Describe a bot's chart: its market, realised and open profit, and each open trade."""
    book = chart.ledger
    mode = label(lang, "mode_dry" if chart.dry_run else "mode_live")
    head = [
        t(
            lang,
            "chart_caption_head",
            name=chart.name,
            pair=chart.pair,
            timeframe=chart.timeframe,
            mode=mode,
        ),
        t(
            lang,
            "chart_caption_realised",
            profit=money(book.realised, chart.currency, lang),
            closed_trades=counted(lang, "trades_closed_count", book.closed_trades),
        ),
    ]
    if book.open_trades:
        head.append(_open_summary(lang, chart))
    tail = []
    if book.earlier_trades:
        tail.append(
            t(
                lang,
                "chart_caption_earlier",
                closed_trades=counted(lang, "trades_closed_count", book.earlier_trades),
                profit=money(book.earlier_profit, chart.currency, lang),
            )
        )
    caption = lines(*head, *_open_lines(lang, chart), *tail)
    # Names are short, but Telegram refuses a long caption whole: drop the trade lines then.
    return caption if len(caption) <= CAPTION_LIMIT else lines(*head, *tail)


def money(value: float, currency: str, lang: str) -> str:
    """Write a signed amount in the currency's precision: +1.23 USDT (id: +1,23 USDT)."""
    return formatting.money(value, currency or "USDT", lang, signed=True)


def _open_summary(lang: str, chart: BotChart) -> Html:
    """Say how many trades are open and what they would make at the last price."""
    book = chart.ledger
    opened = counted(lang, "trades_open_title", book.open_trades)
    if book.unrealised is None or book.price is None:
        return t(lang, "chart_caption_open_unpriced", open_trades=opened)
    return t(
        lang,
        "chart_caption_open",
        open_trades=opened,
        profit=money(book.unrealised, chart.currency, lang),
        price=amount(book.price, lang),
    )


def _open_lines(lang: str, chart: BotChart) -> list[Html]:
    """Name the oldest open trades: size, entry price and time, and profit at the last price."""
    base, price = chart.pair.split("/")[0], chart.ledger.price
    named = []
    for trade in chart.open_trades[:NAMED_TRADES]:
        profit = "?" if price is None else money(trade.unrealised(price), chart.currency, lang)
        named.append(
            t(
                lang,
                "chart_caption_trade_short" if trade.is_short else "chart_caption_trade",
                amount=f"{amount(trade.amount, lang)} {base}",
                price=amount(trade.entry_price, lang),
                date=formatting.moment(trade.entry_time, lang),
                profit=profit,
            )
        )
    if len(chart.open_trades) > NAMED_TRADES:
        more = len(chart.open_trades) - NAMED_TRADES
        named.append(t(lang, "chart_caption_more", count=more))
    return named
