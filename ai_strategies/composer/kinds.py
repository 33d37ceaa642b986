"""Indicator names people write, the outputs they point at, and how each kind behaves.

Names map to catalogue kinds (`ai_strategies.spec.CATALOGUE`); the longest names come first
so that "stoch rsi" is StochRSI and "moving average" is an SMA.
"""

from __future__ import annotations

import re

# (kind, names): the order is the matching order.
_NAMES: tuple[tuple[str, str], ...] = (
    ("volume_ma", r"volume (?:ma|sma|moving average|average|avg)|vol ma|average volume|"
     r"avg volume|rata-rata volume|volume rata-rata|ma volume"),
    ("stochrsi", r"stoch(?:astic)? ?rsi|stokastik rsi|srsi"),
    ("stoch", r"stochastic(?: oscillator)?|stokastik|stoch|sto"),
    ("rsi", r"relative strength index|rsi"),
    ("macd", r"macd"),
    ("bbands", r"bollinger(?: bands?)?|band bollinger|bbands?|bb"),
    ("keltner", r"keltner(?: channels?)?|kc"),
    ("donchian", r"donchian(?: channels?)?"),
    ("ichimoku", r"ichimoku(?: kinko hyo)?"),
    ("supertrend", r"super ?trend"),
    ("sar", r"parabolic sar|parabolic|psar|p-sar|sar"),
    ("heikin_ashi", r"hei[kn]+en[- ]?ashi|heikin[- ]?ashi|ha candles?|candle ha"),
    ("adx", r"adx|dmi|directional movement(?: index)?"),
    ("aroon", r"aroon"),
    ("willr", r"williams ?%? ?r|williams|willr|w%r|%r"),
    ("cci", r"commodity channel index|cci"),
    ("mfi", r"money flow index|mfi"),
    ("roc", r"rate of change|roc"),
    ("mom", r"momentum|mom"),
    ("cmo", r"chande(?: momentum)?(?: oscillator)?|cmo"),
    ("ultosc", r"ultimate oscillator|ultosc|uo"),
    ("natr", r"natr|normali[sz]ed atr|atr ?%|atr percent"),
    ("atr", r"average true range|atr"),
    ("obv", r"on[- ]?balance volume|obv"),
    ("vwap", r"vwap"),
    ("cmf", r"chaikin money flow|cmf"),
    ("ema", r"exponential moving average|exponential ma|ema|rata-rata eksponensial"),
    ("wma", r"weighted moving average|wma"),
    ("tema", r"tema|triple ema"),
    ("dema", r"dema|double ema"),
    ("kama", r"kama|kaufman"),
    ("hma", r"hull(?: moving average| ma)?|hma"),
    ("sma", r"simple moving average|moving average|moving avg|sma|ma|rata-rata bergerak|"
     r"rata-rata sederhana"),
)  # fmt: skip
NAMES = tuple((kind, re.compile(rf"(?:{names})(?![a-z0-9%])")) for kind, names in _NAMES)
SMA_NAMES = re.compile(r"(?:simple moving average|moving average|sma|ma)(?![a-z])")

# Output words (standing alone or next to an indicator name) -> (output, kinds that have it).
_OUTPUTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("hist", r"histogram|hist", ("macd",)),
    ("signal", r"signal line|signal|garis sinyal|sinyal", ("macd",)),
    ("macd", r"macd line|garis(?= macd ?\()|garis macd", ("macd",)),  # "garis MACD(12/26/9)"
    ("cloud", r"the cloud|cloud|kumo|awan(?: ichimoku)?", ("ichimoku",)),
    ("tenkan", r"tenkan(?:-sen| sen)?|conversion line", ("ichimoku",)),
    ("kijun", r"kijun(?:-sen| sen)?|base line", ("ichimoku",)),
    ("senkou_a", r"senkou(?: span)? a|leading span a|span a", ("ichimoku",)),
    ("senkou_b", r"senkou(?: span)? b|leading span b|span b", ("ichimoku",)),
    ("plus_di", r"\+di|di\+|plus di|di plus|positive di|pdi", ("adx",)),
    ("minus_di", r"-di|di-|minus di|di minus|negative di|mdi", ("adx",)),
    ("percent_b", r"%b|percent b", ("bbands",)),
    ("width", r"band ?width|lebar band|width", ("bbands",)),
    ("lower", r"lower (?:band|channel|line)|lower|bottom band|band bawah|bawah band|"
     r"batas bawah|channel bawah", ("bbands", "keltner", "donchian")),
    ("upper", r"upper (?:band|channel|line)|upper|top band|band atas|atas band|batas atas|"
     r"channel atas", ("bbands", "keltner", "donchian")),
    ("mid", r"middle (?:band|line|channel)|middle|mid(?:dle)? ?band|midline|basis|"
     r"band tengah|garis tengah", ("bbands", "keltner", "donchian")),
    ("k", r"%k|k line|garis k|fast k|slow k|k", ("stoch", "stochrsi")),
    ("d", r"%d|d line|garis d|d", ("stoch", "stochrsi")),
    ("open", r"ha open", ("heikin_ashi",)),
)  # fmt: skip
OUTPUTS = tuple(
    (out, re.compile(rf"(?:{words})(?![a-z0-9])"), kinds) for out, words, kinds in _OUTPUTS
)
# Output words written right after an indicator name: "stoch k", "macd signal".
SUFFIXES: dict[str, tuple[tuple[str, str], ...]] = {
    "stoch": (("k", r"k"), ("d", r"d")),
    "stochrsi": (("k", r"k"), ("d", r"d")),
    "aroon": (("up", r"up"), ("down", r"down")),
    "obv": (("ma", r"(?:ma|average|rata-rata)"),),
}

MOVING_AVERAGES = frozenset({"ema", "sma", "wma", "tema", "dema", "kama", "hma"})
# Drawn on the price chart: "above X" means the price is above X.
OVERLAYS = MOVING_AVERAGES | {"vwap", "sar", "supertrend", "bbands", "keltner", "donchian"}
BANDS = frozenset({"bbands", "keltner", "donchian"})
# Oscillators: (lowest, highest, oversold, overbought, tuning step).
SCALES: dict[str, tuple[float, float, float, float, float]] = {
    "rsi": (0, 100, 30, 70, 10),
    "mfi": (0, 100, 20, 80, 10),
    "stoch": (0, 100, 20, 80, 10),
    "stochrsi": (0, 100, 20, 80, 10),
    "ultosc": (0, 100, 30, 70, 10),
    "willr": (-100, 0, -80, -20, 10),
    "cci": (-400, 400, -100, 100, 50),
    "cmo": (-100, 100, -50, 50, 15),
}
# Bounded values that are not oversold/overbought oscillators: (lowest, highest, step).
BOUNDED: dict[str, tuple[float, float, float]] = {
    "adx": (0, 100, 8),
    "aroon": (-100, 100, 20),
    "cmf": (-1, 1, 0.1),
}
ADX_LEVEL = 25
# Values in price units (or summed volume): a level on them is kept as written, untuned.
PRICE_SCALE = frozenset({"macd", "mom", "obv", "atr"})


def output_kinds(output: str) -> tuple[str, ...]:
    """Return the kinds that have an output word's output, most likely first."""
    return next(kinds for out, _, kinds in OUTPUTS if out == output)


def is_oscillator(kind: str) -> bool:
    """Tell whether a kind has oversold and overbought levels."""
    return kind in SCALES
