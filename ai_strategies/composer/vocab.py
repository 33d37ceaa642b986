"""English and Bahasa Indonesia vocabulary the prompt parser recognises."""

from __future__ import annotations

import re

NUMBER = r"(\d+(?:\.\d+)?)"

# Bare coin words. "ada" (Cardano) and "link" are left out: they are everyday words
# ("ada" means "there is" in Indonesian), so those coins need an explicit pair.
COINS = {
    "btc": "BTC",
    "bitcoin": "BTC",
    "eth": "ETH",
    "ethereum": "ETH",
    "ether": "ETH",
    "sol": "SOL",
    "solana": "SOL",
    "bnb": "BNB",
    "xrp": "XRP",
    "ripple": "XRP",
    "doge": "DOGE",
    "dogecoin": "DOGE",
    "cardano": "ADA",
    "avax": "AVAX",
    "ltc": "LTC",
    "litecoin": "LTC",
    "trx": "TRX",
    "pepe": "PEPE",
    "shib": "SHIB",
}
QUOTES = ("usdt", "usdc", "fdusd", "busd", "btc", "eth", "bnb")
PAIR_SLASH = re.compile(rf"\b([a-z0-9]{{2,10}})\s*[/\-]\s*({'|'.join(QUOTES)})\b")
PAIR_JOINED = re.compile(r"\b([a-z0-9]{2,10}?)(usdt|usdc|fdusd|busd)\b")
COIN_WORD = re.compile(rf"\b({'|'.join(COINS)})\b")

_MINUTES = r"m|min|mins|menit|minute|minutes"
_HOURS = r"h|hr|hrs|hour|hours|jam"
_DAYS = r"d|day|days|hari"
TIMEFRAME = re.compile(rf"\b(\d{{1,2}})\s?({_MINUTES}|{_HOURS}|{_DAYS})\b")
DAILY_WORDS = re.compile(r"\b(harian|daily)\b")
HOURLY_WORDS = re.compile(r"\b(hourly|per jam)\b")
SCALPING = re.compile(r"\bscalp(?:ing|er)?\b")
SWING = re.compile(r"\bswing\b")

SHORT_WORDS = re.compile(r"\b(short(?:ing)?|posisi jual|jual dulu|sell short)\b")
SELL_WORDS = re.compile(r"\b(jual|sell)\b")
BUY_WORDS = re.compile(r"\b(beli|buy|long|entry|masuk)\b")
LEVERAGE_WORDS = re.compile(r"\b(leverage|margin|futures|\d+x leverage)\b")

_GAP = r"[^\d%]{0,15}?"
STOPLOSS = re.compile(
    rf"((?<!trailing )stop[\s-]?loss|\bsl\b|cut[\s-]?loss|batas rugi){_GAP}-?{NUMBER}\s*%"
)
TAKE_PROFIT = re.compile(
    rf"(take[\s-]?profit|\btp\b|target(?:\s+(?:profit|keuntungan|untung))?|ambil untung)"
    rf"{_GAP}{NUMBER}\s*%"
)
TRAILING = re.compile(r"\btrailing(?:\s+stop(?:\s*loss)?)?")
TRAILING_PCT = re.compile(rf"\btrailing(?:\s+stop(?:\s*loss)?)?{_GAP}{NUMBER}\s*%")

BELOW = (
    r"below|under|less than|lower than|<=?|di ?bawah|kurang dari|turun ke|"
    r"oversold|jenuh jual"
)
ABOVE = (
    r"above|over|greater than|more than|higher than|>=?|di ?atas|lebih dari|naik ke|"
    r"overbought|jenuh beli|melewati|tembus|crosses|cross"
)
# A compared number is never a percentage, a timeframe ("5m") or a multiplier ("2x").
_NOT_A_LEVEL = r"(?![\d.]|\s*%|\s?(?:m|h|d|min|mins|menit|jam|hari|x|kali)\b)"
COMPARISON = re.compile(
    rf"({BELOW}|{ABOVE})\s*(?:level|angka|nilai|dari)?\s*{NUMBER}{_NOT_A_LEVEL}"
)
LEADING_NUMBERS = re.compile(
    rf"^[\s(:]*(\d{{1,3}}){_NOT_A_LEVEL}(?:\s*[,/ ]\s*(\d{{1,3}}(?:\.\d)?){_NOT_A_LEVEL})?"
)
LEADING_TRIPLE = re.compile(r"^[\s(:]*(\d{1,3})\s*[,/ ]\s*(\d{1,3})\s*[,/ ]\s*(\d{1,3})")
OVERSOLD_WORDS = re.compile(r"\b(oversold|jenuh jual)\b")

# Where an indicator's clause ends: the next indicator or a risk/timeframe keyword.
CLAUSE_END = re.compile(
    r"\b(stop|sl|cut|tp|take|target|trailing|timeframe|tf|volume|vol)\b|[.;](?!\d)|\n"
)
INDICATOR_WORDS = {
    "rsi": re.compile(r"\brsi"),
    "macd": re.compile(r"\bmacd"),
    "bollinger": re.compile(
        r"\bbollinger(?: bands?)?|\bbbands?\b|\bbb\b|\blower band|\bupper band|\bband bawah|"
        r"\bband atas"
    ),
    "stochastic": re.compile(r"\bstoch\w*|\bstokastik\w*"),
    "adx": re.compile(r"\badx"),
    "ma": re.compile(r"\b(?:ema|sma|ma)(?=\b|\d)|golden cross|death cross|persilangan emas"),
    "volume": re.compile(r"\bvolume\b|\bvol\b"),
}
MA_MENTION = re.compile(r"\b(ema|sma|ma)(?![a-z])\s*\(?\s*(\d{1,3})?")
MA_PAIR = re.compile(
    r"\b(ema|sma|ma)\s*\(?\s*(\d{1,3})\s*\)?\s*(?:/|dan|and|&|x|vs|,|-|dengan)\s*"
    r"(?:(?:ema|sma|ma)\s*)?\(?\s*(\d{1,3})"
)
GOLDEN_CROSS = re.compile(r"golden cross|death cross|persilangan emas")
CROSS_WORDS = re.compile(r"cross|crossover|persilangan|silang|memotong|potong")
VOLUME_FACTOR = re.compile(rf"{NUMBER}\s*(?:x|kali|times)\b")
VOLUME_PERIOD = re.compile(r"(\d{1,3})\s*(?:candle|candles|bar|bars|lilin|periode|period)")

INDONESIAN_HINTS = re.compile(
    r"\b(dengan|kalau|jika|saat|ketika|di bawah|di atas|beli|jual|menit|jam|harian|"
    r"dan|untuk|pakai|gunakan|buatkan|buat|strategi|rata-rata|tolong|yang)\b"
)
