"""Plain-language phrases for each indicator role, in English and Bahasa Indonesia.

Placeholders are filled from the indicator's fields (`{period}`, `{oversold}`, ...)
plus `{KIND}` (EMA/SMA), `{memory}` (confirmation window) and `{factor_text}`.
"""

from __future__ import annotations

Table = dict[str, dict[str, str]]

TRIGGER: Table = {
    "en": {
        "rsi": "RSI({period}) rises back above {oversold} (leaving oversold)",
        "ma_cross": "{KIND} {fast} crosses above {KIND} {slow}",
        "ma_trend": "the price crosses above {KIND} {period}",
        "macd": "the MACD line ({fast}, {slow}, {signal}) crosses above its signal line",
        "bollinger": "the price touches the lower Bollinger Band ({period}, {std})",
        "stochastic": "Stochastic %K crosses above %D after dipping below {oversold}",
    },
    "id": {
        "rsi": "RSI({period}) naik kembali ke atas {oversold} (keluar dari oversold)",
        "ma_cross": "{KIND} {fast} memotong ke atas {KIND} {slow}",
        "ma_trend": "harga menembus ke atas {KIND} {period}",
        "macd": "garis MACD ({fast}, {slow}, {signal}) memotong ke atas garis sinyal",
        "bollinger": "harga menyentuh Bollinger Band bawah ({period}, {std})",
        "stochastic": "Stochastic %K memotong ke atas %D setelah sempat di bawah {oversold}",
    },
}

TREND_GUARD: Table = {
    "en": {
        "rsi": "RSI({period}) is below {overbought} (not overbought)",
        "ma_cross": "{KIND} {fast} is above {KIND} {slow}",
        "macd": "MACD is above its signal line",
        "bollinger": "the price is below the upper Bollinger Band",
        "stochastic": "Stochastic %K is below {overbought}",
    },
    "id": {
        "rsi": "RSI({period}) di bawah {overbought} (belum overbought)",
        "ma_cross": "{KIND} {fast} berada di atas {KIND} {slow}",
        "macd": "MACD di atas garis sinyal",
        "bollinger": "harga di bawah Bollinger Band atas",
        "stochastic": "Stochastic %K di bawah {overbought}",
    },
}

REVERSAL_GUARD: Table = {
    "en": {
        "rsi": "RSI({period}) was below {oversold} within the last {memory} candles",
        "bollinger": "the price touched the lower Bollinger Band within the last {memory} candles",
        "stochastic": "Stochastic %K was below {oversold} within the last {memory} candles",
    },
    "id": {
        "rsi": "RSI({period}) sempat di bawah {oversold} dalam {memory} candle terakhir",
        "bollinger": "harga sempat menyentuh Bollinger Band bawah dalam {memory} candle terakhir",
        "stochastic": "Stochastic %K sempat di bawah {oversold} dalam {memory} candle terakhir",
    },
}

FILTER: Table = {
    "en": {
        "adx": "ADX({period}) is above {threshold} (a strong trend)",
        "volume": "volume is above {factor_text}its {period}-candle average",
        "ma_trend": "the price is above {KIND} {period}",
    },
    "id": {
        "adx": "ADX({period}) di atas {threshold} (tren kuat)",
        "volume": "volume di atas {factor_text}rata-rata {period} candle",
        "ma_trend": "harga di atas {KIND} {period}",
    },
}

EXIT: Table = {
    "en": {
        "rsi": "RSI rises above {overbought}",
        "ma_cross": "{KIND} {fast} crosses below {KIND} {slow}",
        "ma_trend": "the price crosses below {KIND} {period}",
        "macd": "MACD crosses below its signal line",
        "bollinger": "the price closes above the upper Bollinger Band",
        "stochastic": "%K crosses below %D above {overbought}",
    },
    "id": {
        "rsi": "RSI naik ke atas {overbought}",
        "ma_cross": "{KIND} {fast} memotong ke bawah {KIND} {slow}",
        "ma_trend": "harga turun menembus {KIND} {period}",
        "macd": "MACD memotong ke bawah garis sinyal",
        "bollinger": "harga ditutup di atas Bollinger Band atas",
        "stochastic": "%K memotong ke bawah %D di atas {overbought}",
    },
}

LABEL = {
    "rsi": "RSI({period}) {oversold}/{overbought}",
    "ma_cross": "{KIND} {fast}/{slow} cross",
    "ma_trend": "{KIND} {period}",
    "macd": "MACD cross",
    "bollinger": "BB({period}, {std})",
    "stochastic": "Stoch {oversold}/{overbought}",
    "adx": "ADX > {threshold}",
    "volume": "volume > avg",
}

NAMES = {
    "rsi": "RSI",
    "ma_cross": "MA crossover",
    "ma_trend": "MA trend",
    "macd": "MACD",
    "bollinger": "Bollinger Bands",
    "stochastic": "Stochastic",
    "adx": "ADX",
    "volume": "volume",
}
