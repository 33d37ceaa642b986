"""Chart texts in English and Bahasa Indonesia, with numbers and dates written per language."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from kernel import formatting
from kernel.i18n import Catalogue

TEXTS = Catalogue(
    {
        "en": {
            "balance": "Balance ({currency})",
            "drawdown": "Drawdown from peak",
            "max_drawdown": "Max {value}",
            "no_drawdown": "No drawdown",
            "start_to_end": "{start} → {end} {currency}",
            "in_sample": "In-sample",
            "out_of_sample": "Out-of-sample",
            "no_trades": "No trades yet",
            "no_candles": "No price data yet",
            "no_trades_in_view": "No trades in this period",
            "price": "Price",
            "buy": "Buy",
            "sell_win": "Sell (profit)",
            "sell_loss": "Sell (loss)",
            "per_bar": "1 bar = {count} candles",
            "epoch": "Epoch",
            "profit": "Profit per epoch (%)",
            "each_epoch": "Each epoch",
            "best_so_far": "Best so far",
            "best": "Best: epoch {epoch}",
            "best_detail": "{profit} · {trades} trades",
            "no_epochs": "No hyperopt results yet",
            # The chart of a running bot.
            "price_in": "Price ({currency})",
            "profit_in": "Profit ({currency})",
            "now_price": "Now {price}",
            "open_entry": "Open trade",
            "realised": "Realised: {amount}",
            "with_open": "With open trades: {amount}",
            "entry_above": "↑ Opened at {price}",
            "entry_below": "↓ Opened at {price}",
        },
        "id": {
            "balance": "Saldo ({currency})",
            "drawdown": "Drawdown dari puncak",
            "max_drawdown": "Maks {value}",
            "no_drawdown": "Tanpa drawdown",
            "start_to_end": "{start} → {end} {currency}",
            "in_sample": "Data latih",
            "out_of_sample": "Data uji",
            "no_trades": "Belum ada transaksi",
            "no_candles": "Belum ada data harga",
            "no_trades_in_view": "Tidak ada transaksi di periode ini",
            "price": "Harga",
            "buy": "Beli",
            "sell_win": "Jual (untung)",
            "sell_loss": "Jual (rugi)",
            "per_bar": "1 batang = {count} candle",
            "epoch": "Epoch",
            "profit": "Profit tiap epoch (%)",
            "each_epoch": "Tiap epoch",
            "best_so_far": "Terbaik sejauh ini",
            "best": "Terbaik: epoch {epoch}",
            "best_detail": "{profit} · {trades} transaksi",
            "no_epochs": "Belum ada hasil hyperopt",
            "price_in": "Harga ({currency})",
            "profit_in": "Laba/rugi ({currency})",
            "now_price": "Kini {price}",
            "open_entry": "Posisi terbuka",
            "realised": "Terealisasi: {amount}",
            "with_open": "Termasuk posisi terbuka: {amount}",
            "entry_above": "↑ Dibuka di {price}",
            "entry_below": "↓ Dibuka di {price}",
        },
    }
)

# Charts write negatives with a true minus sign: it lines up with the plus in tick labels.
MINUS = "\u2212"


def text(key: str, language: str, **values: object) -> str:
    """Return the text for key in the language, filled with values."""
    return TEXTS.text(key, language, **values)


def number(value: float, decimals: int, language: str, *, signed: bool = False) -> str:
    """Format a number with grouping, as the language writes it (12.345,68 in Indonesian)."""
    written = formatting.number(value, language, decimals=decimals, signed=signed)
    return written.replace("-", MINUS)


def money(value: float, currency: str, language: str) -> str:
    """Format a signed amount in the currency's precision, such as +1.23 USDT (+1,23 USDT)."""
    return formatting.money(value, currency, language, signed=True).replace("-", MINUS)


def price(value: float, language: str) -> str:
    """Format a price with the significant decimals it needs: 60,123.45 or 0.0001234."""
    return formatting.number(value, language, decimals=price_decimals(value), trim=False)


def price_decimals(value: float) -> int:
    """Return the decimals that show a price to about six significant digits (2 at least)."""
    if not value or not math.isfinite(value):
        return 2
    return min(10, max(2, 5 - math.floor(math.log10(abs(value)))))


def percent(value: float, language: str, *, decimals: int = 1) -> str:
    """Format a signed percentage such as +12.3% (+12,3% in Indonesian)."""
    written = formatting.percent(value, language, decimals=decimals, signed=True)
    return written.replace("-", MINUS)


# Axes spanning up to CLOCK_SPAN name clock times, up to DAY_SPAN days, and months beyond.
CLOCK_SPAN = timedelta(days=2)
DAY_SPAN = timedelta(days=400)


def moment(when: datetime, span: timedelta, language: str) -> str:
    """Format a tick time in Jakarta time, as precise as the span of the axis needs."""
    if span <= CLOCK_SPAN:
        day = formatting.day_month(when, language)
        return f"{formatting.time(when, language)}\n{day}"
    if span <= DAY_SPAN:
        return formatting.day_month(when, language)
    return formatting.month_year(when, language)
