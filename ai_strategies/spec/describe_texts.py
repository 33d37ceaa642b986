"""Every word the describer says besides its sentences (`describe_lines`), in English and
Bahasa Indonesia.

Indonesian texts use only Indonesian words plus indicator names and the trading terms
Indonesian traders use as they are (stop loss, take profit, trailing stop, candle, pair,
timeframe, spot, profit, drawdown, DCA, short, leverage, futures, order book).
"""

from __future__ import annotations

from typing import Final

from kernel.i18n import Catalogue, Language

__all__ = [
    "BARE_OUTPUTS",
    "COMPACT",
    "TEXTS",
    "UNSUPPORTED",
    "condition",
    "output_word",
    "param_word",
    "price_word",
    "reason",
    "unit",
]

_CONDITIONS: dict[str, dict[Language, str]] = {
    "above": {"en": "{a} is above {b}", "id": "{a} di atas {b}"},
    "below": {"en": "{a} is below {b}", "id": "{a} di bawah {b}"},
    "crosses_above": {"en": "{a} crosses above {b}", "id": "{a} memotong ke atas {b}"},
    "crosses_below": {"en": "{a} crosses below {b}", "id": "{a} memotong ke bawah {b}"},
    "held": {"en": "{c} for {candles} in a row", "id": "{c} selama {candles} berturut-turut"},
    "rising": {
        "en": "{a} is higher than {candles} ago",
        "id": "{a} lebih tinggi dari {candles} sebelumnya",
    },
    "falling": {
        "en": "{a} is lower than {candles} ago",
        "id": "{a} lebih rendah dari {candles} sebelumnya",
    },
    "within_either": {"en": "{a} is within {x} of {b}", "id": "jarak {a} dari {b} paling jauh {x}"},
    "within_above": {
        "en": "{a} is above {b} by at most {x}",
        "id": "{a} di atas {b} paling jauh {x}",
    },
    "within_below": {
        "en": "{a} is below {b} by at most {x}",
        "id": "{a} di bawah {b} paling jauh {x}",
    },
    "more_than_either": {
        "en": "{a} is more than {x} away from {b}",
        "id": "jarak {a} dari {b} lebih dari {x}",
    },
    "more_than_above": {
        "en": "{a} is more than {x} above {b}",
        "id": "{a} lebih dari {x} di atas {b}",
    },
    "more_than_below": {
        "en": "{a} is more than {x} below {b}",
        "id": "{a} lebih dari {x} di bawah {b}",
    },
    "all": {"en": " and ", "id": " dan "},
    "any": {"en": " or ", "id": " atau "},
    "not": {"en": "not ({c})", "id": "bukan ({c})"},
    "shift": {"en": "{x} {candles} earlier", "id": "{x} {candles} sebelumnya"},
}
# The one-line summary writes plain comparisons as symbols, the same in every language.
COMPACT: Final = {"above": "{a} > {b}", "below": "{a} < {b}"}

# English puts the word after the indicator, Indonesian before it.
_OUTPUT_WORDS: dict[str, dict[Language, str]] = {
    "macd": {"en": "line", "id": "garis"},
    "signal": {"en": "signal line", "id": "garis sinyal"},
    "hist": {"en": "histogram", "id": "histogram"},
    "plus_di": {"en": "+DI", "id": "+DI"},
    "minus_di": {"en": "-DI", "id": "-DI"},
    "line": {"en": "line", "id": "garis"},
    "direction": {"en": "direction (1 up, -1 down)", "id": "arah (1 naik, -1 turun)"},
    "tenkan": {"en": "Tenkan-sen", "id": "Tenkan-sen"},
    "kijun": {"en": "Kijun-sen", "id": "Kijun-sen"},
    "senkou_a": {"en": "Senkou Span A", "id": "Senkou Span A"},
    "senkou_b": {"en": "Senkou Span B", "id": "Senkou Span B"},
    "close": {"en": "close", "id": "penutupan"},
    "open": {"en": "open", "id": "pembukaan"},
    "high": {"en": "high", "id": "tertinggi"},
    "low": {"en": "low", "id": "terendah"},
    "osc": {"en": "oscillator", "id": "osilator"},
    "up": {"en": "Up", "id": "Up"},
    "down": {"en": "Down", "id": "Down"},
    "k": {"en": "%K", "id": "%K"},
    "d": {"en": "%D", "id": "%D"},
    "mid": {"en": "middle band", "id": "band tengah"},
    "upper": {"en": "upper band", "id": "band atas"},
    "lower": {"en": "lower band", "id": "band bawah"},
    "width": {"en": "width", "id": "lebar"},
    "percent_b": {"en": "%B", "id": "%B"},
    "ma": {"en": "average", "id": "rata-rata"},
}
# Outputs an indicator's label names on its own: RSI(14), not "RSI(14) value".
BARE_OUTPUTS: Final = frozenset({"value", "adx"})

_PARAM_WORDS: dict[str, dict[Language, str]] = {
    "period": {"en": "period", "id": "periode"},
    "fast": {"en": "fast period", "id": "periode cepat"},
    "mid": {"en": "middle period", "id": "periode tengah"},
    "slow": {"en": "slow period", "id": "periode lambat"},
    "signal": {"en": "signal period", "id": "periode sinyal"},
    "std": {"en": "standard deviations", "id": "deviasi standar"},
    "k": {"en": "%K period", "id": "periode %K"},
    "smooth": {"en": "%K smoothing", "id": "penghalusan %K"},
    "d": {"en": "%D period", "id": "periode %D"},
    "multiplier": {"en": "multiplier", "id": "pengali"},
    "tenkan": {"en": "Tenkan period", "id": "periode Tenkan"},
    "kijun": {"en": "Kijun period", "id": "periode Kijun"},
    "senkou": {"en": "Senkou period", "id": "periode Senkou"},
    "acceleration": {"en": "acceleration", "id": "akselerasi"},
    "maximum": {"en": "maximum", "id": "maksimum"},
}
_PRICE_WORDS: dict[str, dict[Language, str]] = {
    "close": {"en": "the price", "id": "harga"},
    "open": {"en": "the open price", "id": "harga pembukaan"},
    "high": {"en": "the high", "id": "harga tertinggi"},
    "low": {"en": "the low", "id": "harga terendah"},
    "volume": {"en": "volume", "id": "volume"},
    "hl2": {"en": "the (high + low) / 2 price", "id": "harga tengah (tertinggi + terendah) / 2"},
    "hlc3": {"en": "the typical price", "id": "harga tipikal"},
    "ohlc4": {"en": "the candle's average price", "id": "harga rata-rata candle"},
}
_UNSUPPORTED: dict[str, dict[Language, str]] = {
    "short_selling": {
        "en": "short selling is not available on spot: this strategy only buys, then sells",
        "id": "short (jual dulu) tidak tersedia di spot: strategi ini hanya membeli, lalu menjual",
    },
    "leverage": {
        "en": "leverage is not available on spot",
        "id": "leverage tidak tersedia di spot",
    },
    "futures": {
        "en": "futures are not supported: the strategy trades spot",
        "id": "futures tidak didukung: strategi ini trading di spot",
    },
    "multiple_pairs": {
        "en": "one strategy trades one pair",
        "id": "satu strategi hanya untuk satu pair",
    },
    "external_data": {
        "en": "news, sentiment and other outside data cannot be used",
        "id": "berita, sentimen, dan data luar lainnya tidak bisa dipakai",
    },
    "order_book": {
        "en": "order book data cannot be used",
        "id": "data order book tidak bisa dipakai",
    },
    "custom_code": {
        "en": "custom code cannot be added to a strategy",
        "id": "kode buatan sendiri tidak bisa ditambahkan ke strategi",
    },
    "other": {
        "en": "this cannot be expressed in a strategy yet",
        "id": "hal ini belum bisa dibuat dalam strategi",
    },
}
# An amount of a time unit, "one" for exactly 1 and "other" otherwise.
_UNITS: dict[str, dict[Language, str]] = {
    "minute_one": {"en": "{count} minute", "id": "{count} menit"},
    "minute_other": {"en": "{count} minutes", "id": "{count} menit"},
    "hour_one": {"en": "{count} hour", "id": "{count} jam"},
    "hour_other": {"en": "{count} hours", "id": "{count} jam"},
    "day_one": {"en": "{count} day", "id": "{count} hari"},
    "day_other": {"en": "{count} days", "id": "{count} hari"},
    "candle_one": {"en": "{count} candle", "id": "{count} candle"},
    "candle_other": {"en": "{count} candles", "id": "{count} candle"},
}


def _prefixed(
    prefix: str, entries: dict[str, dict[Language, str]]
) -> dict[str, dict[Language, str]]:
    return {f"{prefix}_{key}": entry for key, entry in entries.items()}


TEXTS = Catalogue.by_key(
    _prefixed("condition", _CONDITIONS)
    | _prefixed("output", _OUTPUT_WORDS)
    | _prefixed("param", _PARAM_WORDS)
    | _prefixed("price", _PRICE_WORDS)
    | _prefixed("unsupported", _UNSUPPORTED)
    | _prefixed("unit", _UNITS)
)


def condition(kind: str, language: Language, **parts: str) -> str:
    """Return a condition of `kind` (above, held, all, ...) with its parts filled in."""
    return TEXTS.text(f"condition_{kind}", language, **parts)


def output_word(output: str, language: Language) -> str:
    """Return the word naming an indicator output; empty for an output the label names."""
    return "" if output in BARE_OUTPUTS else TEXTS.text(f"output_{output}", language)


def param_word(param: str, language: Language) -> str:
    """Return the word for an indicator parameter, e.g. "fast period"."""
    return TEXTS.text(f"param_{param}", language)


def price_word(field: str, language: Language) -> str:
    """Return the words for a price field, e.g. "the price" for the close."""
    return TEXTS.text(f"price_{field}", language)


def reason(code: str, language: Language) -> str:
    """Return why an unsupported request cannot be done."""
    return TEXTS.text(f"unsupported_{code}", language)


def unit(amount: str, name: str, language: Language, *, one: bool) -> str:
    """Return an amount already written in the language with its unit: 3 candles, 1 jam."""
    return TEXTS.text(f"unit_{name}_{'one' if one else 'other'}", language, count=amount)


# (English, Indonesian) reasons per code, for callers that have not moved to `reason` yet.
UNSUPPORTED: Final = {code: (reason(code, "en"), reason(code, "id")) for code in _UNSUPPORTED}
