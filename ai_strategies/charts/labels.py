"""Chart texts in English and Bahasa Indonesia, with numbers and dates written per language."""

from __future__ import annotations

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
        },
        "id": {
            "balance": "Saldo ({currency})",
            "drawdown": "Drawdown dari puncak",
            "max_drawdown": "Maks {value}",
            "no_drawdown": "Tanpa drawdown",
            "start_to_end": "{start} → {end} {currency}",
            "in_sample": "Data latih",
            "out_of_sample": "Data uji",
            "no_trades": "Belum ada trade",
            "no_candles": "Belum ada data harga",
            "no_trades_in_view": "Tidak ada trade di periode ini",
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
            "best_detail": "{profit} · {trades} trade",
            "no_epochs": "Belum ada hasil hyperopt",
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


def percent(value: float, language: str, *, decimals: int = 1) -> str:
    """Format a signed percentage such as +12.3% (+12,3% in Indonesian)."""
    written = formatting.percent(value, language, decimals=decimals, signed=True)
    return written.replace("-", MINUS)


def moment(when: datetime, span: timedelta, language: str) -> str:
    """Format a tick time in Jakarta time, as precise as the span of the axis needs."""
    if span <= timedelta(days=2):
        day = formatting.day_month(when, language)
        return f"{formatting.time(when, language)}\n{day}"
    if span <= timedelta(days=400):
        return formatting.day_month(when, language)
    return formatting.month_year(when, language)
