"""Chart texts in English and Bahasa Indonesia, with numbers and dates written per language."""

from __future__ import annotations

from datetime import datetime, timedelta

_TEXTS: dict[str, dict[str, str]] = {
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

_MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "id": ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"),
}
MINUS = "\u2212"


def _known(language: str) -> str:
    """Return the language if we have texts for it, else English."""
    return language if language in _TEXTS else "en"


def text(key: str, language: str, **values: object) -> str:
    """Return the text for key in the language, filled with values."""
    return _TEXTS[_known(language)][key].format(**values)


def number(value: float, decimals: int, language: str, *, signed: bool = False) -> str:
    """Format a number with grouping; Indonesian swaps the comma and the dot."""
    sign = "+" if signed else ""
    written = f"{value:{sign},.{decimals}f}"
    if _known(language) == "id":
        written = written.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return written.replace("-", MINUS)


def percent(value: float, language: str, *, decimals: int = 1) -> str:
    """Format a signed percentage such as +12.3% (+12,3% in Indonesian)."""
    return number(value, decimals, language, signed=True) + "%"


def moment(when: datetime, span: timedelta, language: str) -> str:
    """Format a tick time, as precise as the span of the axis needs."""
    month = _MONTHS[_known(language)][when.month - 1]
    if span <= timedelta(days=2):
        return f"{when:%H:%M}\n{when.day} {month}"
    if span <= timedelta(days=400):
        return f"{when.day} {month}"
    return f"{month} {when.year}"
