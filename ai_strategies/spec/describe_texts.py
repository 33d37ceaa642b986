"""Every word the describer says, in English and Bahasa Indonesia.

Indonesian texts use only Indonesian words plus indicator names and the trading terms
Indonesian traders use as they are (stop loss, take profit, trailing stop, candle, pair,
timeframe, spot, profit, drawdown, DCA, short, leverage, futures, order book).
"""

from __future__ import annotations

from typing import Literal

Language = Literal["en", "id"]

CONDITIONS: dict[Language, dict[str, str]] = {
    "en": {
        "above": "{a} is above {b}",
        "below": "{a} is below {b}",
        "crosses_above": "{a} crosses above {b}",
        "crosses_below": "{a} crosses below {b}",
        "held": "{c} for {candles} in a row",
        "rising": "{a} is higher than {candles} ago",
        "falling": "{a} is lower than {candles} ago",
        "within_either": "{a} is within {x} of {b}",
        "within_above": "{a} is above {b} by at most {x}",
        "within_below": "{a} is below {b} by at most {x}",
        "more_than_either": "{a} is more than {x} away from {b}",
        "more_than_above": "{a} is more than {x} above {b}",
        "more_than_below": "{a} is more than {x} below {b}",
        "all": " and ",
        "any": " or ",
        "not": "not ({c})",
        "shift": "{x} {candles} earlier",
    },
    "id": {
        "above": "{a} di atas {b}",
        "below": "{a} di bawah {b}",
        "crosses_above": "{a} memotong ke atas {b}",
        "crosses_below": "{a} memotong ke bawah {b}",
        "held": "{c} selama {candles} berturut-turut",
        "rising": "{a} lebih tinggi dari {candles} sebelumnya",
        "falling": "{a} lebih rendah dari {candles} sebelumnya",
        "within_either": "jarak {a} dari {b} paling jauh {x}",
        "within_above": "{a} di atas {b} paling jauh {x}",
        "within_below": "{a} di bawah {b} paling jauh {x}",
        "more_than_either": "jarak {a} dari {b} lebih dari {x}",
        "more_than_above": "{a} lebih dari {x} di atas {b}",
        "more_than_below": "{a} lebih dari {x} di bawah {b}",
        "all": " dan ",
        "any": " atau ",
        "not": "bukan ({c})",
        "shift": "{x} {candles} sebelumnya",
    },
}
# The one-line summary writes plain comparisons as symbols.
COMPACT = {"above": "{a} > {b}", "below": "{a} < {b}"}

# (English, Indonesian); English puts the word after the indicator, Indonesian before it.
OUTPUT_WORDS: dict[str, tuple[str, str]] = {
    "value": ("", ""),
    "adx": ("", ""),
    "macd": ("line", "garis"),
    "signal": ("signal line", "garis sinyal"),
    "hist": ("histogram", "histogram"),
    "plus_di": ("+DI", "+DI"),
    "minus_di": ("-DI", "-DI"),
    "line": ("line", "garis"),
    "direction": ("direction (1 up, -1 down)", "arah (1 naik, -1 turun)"),
    "tenkan": ("Tenkan-sen", "Tenkan-sen"),
    "kijun": ("Kijun-sen", "Kijun-sen"),
    "senkou_a": ("Senkou Span A", "Senkou Span A"),
    "senkou_b": ("Senkou Span B", "Senkou Span B"),
    "close": ("close", "penutupan"),
    "open": ("open", "pembukaan"),
    "high": ("high", "tertinggi"),
    "low": ("low", "terendah"),
    "osc": ("oscillator", "osilator"),
    "up": ("Up", "Up"),
    "down": ("Down", "Down"),
    "k": ("%K", "%K"),
    "d": ("%D", "%D"),
    "mid": ("middle band", "band tengah"),
    "upper": ("upper band", "band atas"),
    "lower": ("lower band", "band bawah"),
    "width": ("width", "lebar"),
    "percent_b": ("%B", "%B"),
    "ma": ("average", "rata-rata"),
}
PARAM_WORDS: dict[str, tuple[str, str]] = {
    "period": ("period", "periode"),
    "fast": ("fast period", "periode cepat"),
    "mid": ("middle period", "periode tengah"),
    "slow": ("slow period", "periode lambat"),
    "signal": ("signal period", "periode sinyal"),
    "std": ("standard deviations", "deviasi standar"),
    "k": ("%K period", "periode %K"),
    "smooth": ("%K smoothing", "penghalusan %K"),
    "d": ("%D period", "periode %D"),
    "multiplier": ("multiplier", "pengali"),
    "tenkan": ("Tenkan period", "periode Tenkan"),
    "kijun": ("Kijun period", "periode Kijun"),
    "senkou": ("Senkou period", "periode Senkou"),
    "acceleration": ("acceleration", "akselerasi"),
    "maximum": ("maximum", "maksimum"),
}
PRICE_WORDS: dict[str, tuple[str, str]] = {
    "close": ("the price", "harga"),
    "open": ("the open price", "harga pembukaan"),
    "high": ("the high", "harga tertinggi"),
    "low": ("the low", "harga terendah"),
    "volume": ("volume", "volume"),
    "hl2": ("the (high + low) / 2 price", "harga tengah (tertinggi + terendah) / 2"),
    "hlc3": ("the typical price", "harga tipikal"),
    "ohlc4": ("the candle's average price", "harga rata-rata candle"),
}
UNSUPPORTED: dict[str, tuple[str, str]] = {
    "short_selling": (
        "short selling is not available on spot: this strategy only buys, then sells",
        "short (jual dulu) tidak tersedia di spot: strategi ini hanya membeli, lalu menjual",
    ),
    "leverage": ("leverage is not available on spot", "leverage tidak tersedia di spot"),
    "futures": (
        "futures are not supported: the strategy trades spot",
        "futures tidak didukung: strategi ini trading di spot",
    ),
    "multiple_pairs": ("one strategy trades one pair", "satu strategi hanya untuk satu pair"),
    "external_data": (
        "news, sentiment and other outside data cannot be used",
        "berita, sentimen, dan data luar lainnya tidak bisa dipakai",
    ),
    "order_book": ("order book data cannot be used", "data order book tidak bisa dipakai"),
    "custom_code": (
        "custom code cannot be added to a strategy",
        "kode buatan sendiri tidak bisa ditambahkan ke strategi",
    ),
    "other": (
        "this cannot be expressed in a strategy yet",
        "hal ini belum bisa dibuat dalam strategi",
    ),
}
# Time units: (singular, plural) per language.
UNITS: dict[Language, dict[str, tuple[str, str]]] = {
    "en": {"minute": ("minute", "minutes"), "hour": ("hour", "hours"), "day": ("day", "days")}
    | {"candle": ("candle", "candles")},
    "id": {"minute": ("menit", "menit"), "hour": ("jam", "jam"), "day": ("hari", "hari")}
    | {"candle": ("candle", "candle")},
}
