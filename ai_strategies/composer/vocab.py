"""Words the composer reads in English and Bahasa Indonesia: sides, joins, market, limits.

Every pattern runs on normalised text (lower case, single spaces; see `segments.normalise`).
"""

from __future__ import annotations

import re

NUM = r"(-?\d+(?:\.\d+)?)"

# Where a side of the strategy starts: "buy when ...", "jual kalau ...". "jenuh beli" and
# "jenuh jual" (overbought, oversold) are levels, not sides.
ENTRY = re.compile(
    r"\b(?:(?:buy|enter|open|go) long|buy(?:ing)?|enter(?:ing)?|entry|"
    r"open (?:a )?(?:long|position|trade)|"
    r"long (?=when|if|on|at|saat|kalau|ketika|jika|bila)|(?<!jenuh )beli|membeli|masuk|"
    r"buka posisi)\b"
)
EXIT = re.compile(
    r"\b(?:sell(?:ing)?|exit(?:ing)?|close (?:the |a |my )?(?:position|trade|long)|"
    r"take[- ]?profit|(?<!jenuh )jual|menjual|keluar|tutup posisi|ambil untung|"
    r"stop[- ]?loss|cut[- ]?loss)\b"
)
SHORT = re.compile(
    r"\b(?:go short|sell short|short[- ]?sell(?:ing)?|open (?:a )?short|buka short|"
    r"jual dulu|posisi jual|jual kosong|short(?:ing|s)?)\b"
    r"(?![- ]?(?:term|ema|sma|ma\b|period|moving|window|jangka|length|line))"
)
# Pieces of a prompt: sentences, commas (not inside numbers) and "then".
PIECE_BREAK = re.compile(
    r"(?<!\d)[.;!?\n]|[.;!?\n](?!\d)|,(?!\s*-?\d)|(?<!\d),|\b(?:then|lalu|kemudian|setelah itu)\b"
)
OR_WORDS = re.compile(r"\b(?:or|atau)\b")
# "and" and its kin join the conditions of one rule; "with period 7" keeps its number.
AND_WORDS = re.compile(
    r"\b(?:and|dan|serta|while|plus|also|but|tapi|namun|sambil|as well as|along with|"
    r"(?:with|(?<!dekat )(?<!sama )dengan)(?! (?:period|periode|length|panjang|setting|parameter)))"
    r"\b|&|\s\+\s"
)
# "EMA 5 and EMA 13 crossover", "crossover of EMA 9 and EMA 21", "EMA 9 and 21": one pair.
_LINE = (
    r"(?:ema|sma|wma|hma|tema|dema|kama|ma|macd(?: line)?|signal(?: line)?|%k|%d|tenkan|"
    r"kijun|\+di|-di|price|harga)(?: ?\( ?\d+ ?\)| ?\d+)?"
)
_JOIN = r"(?:and|dan|&|vs\.?|versus|x|with|dengan)"
_CROSSING = (
    r"(?:bullish |bearish )?(?:crossover|cross(?:es|ing)?|persilangan|silang|memotong)"
    r"(?: (?:up|down|above|below|ke atas|ke bawah))?"
)
MA_AND_MA = re.compile(r"\b(ema|sma|wma|hma|tema|dema|kama|ma) ?(\d+) (?:and|dan|&) (\d+)\b")
PAIR_THEN_CROSS = re.compile(rf"\b({_LINE}) {_JOIN} ({_LINE}) ({_CROSSING})\b")
CROSS_THEN_PAIR = re.compile(
    rf"\b({_CROSSING}) (?:of |between |antara |dari )?(?:the )?({_LINE}) {_JOIN} ({_LINE})\b"
)
BETWEEN = re.compile(rf"\b(between|antara)\s+{NUM}\s*(?:and|dan|-|to|sampai|hingga)\s*{NUM}")

# Markets: coins said alone get USDT. "ada" (there is) and "link" are everyday words.
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
    "tron": "TRX",
    "pepe": "PEPE",
    "shib": "SHIB",
    "matic": "MATIC",
    "polkadot": "DOT",
}
QUOTES = ("usdt", "usdc", "fdusd", "busd", "tusd", "dai", "btc", "eth", "bnb", "eur", "try")
PAIR_SLASH = re.compile(rf"\b([a-z0-9]{{2,10}})\s*[/_]\s*({'|'.join(QUOTES)})\b")
PAIR_DASH = re.compile(r"\b([a-z0-9]{2,10})-(usdt|usdc|fdusd|busd)\b")
PAIR_JOINED = re.compile(r"\b([a-z0-9]{2,10}?)(usdt|usdc|fdusd|busd)\b")
COIN_WORD = re.compile(rf"\b({'|'.join(COINS)})\b")
MANY_PAIRS = re.compile(
    r"\b(?:all pairs|multiple pairs|several pairs|many pairs|many coins|all coins|"
    r"top \d+ (?:coins|pairs)|portfolio|portofolio|semua pair|banyak pair|beberapa pair|"
    r"semua koin|banyak koin)\b"
)

# Timeframes: "5m", "15 menit", "1 jam", "4h", "daily", "harian".
_MIN = r"m|min|mins|minute|minutes|menit|mnt"
_HOUR = r"h|hr|hrs|hour|hours|jam"
_DAY = r"d|day|days|hari"
_WEEK = r"w|wk|week|weeks|minggu"
TIMEFRAME = re.compile(rf"\b(\d{{1,3}})\s?({_MIN}|{_HOUR}|{_DAY}|{_WEEK})\b")
UNIT = {u: "m" for u in _MIN.split("|")} | {u: "h" for u in _HOUR.split("|")}
UNIT |= {u: "d" for u in _DAY.split("|")} | {u: "w" for u in _WEEK.split("|")}
TIMEFRAME_WORDS = {
    "daily": "1d",
    "harian": "1d",
    "hourly": "1h",
    "per jam": "1h",
    "tiap jam": "1h",
    "weekly": "1w",
    "mingguan": "1w",
}
STYLE_TIMEFRAMES = {"scalping": "5m", "scalp": "5m", "scalper": "5m", "swing": "4h"}

# What a spot, long-only strategy cannot do, by code.
LEVERAGE = re.compile(
    r"\b(?:(?:with |pakai |use |using )?(?:\d+(?:\.\d+)?\s*x\s*)?(?:leverage|leveraged|margin)"
    r"(?:\s*(?:of\s*)?\d+(?:\.\d+)?\s*x)?)(?![a-z])"
)
FUTURES = re.compile(r"\b(?:futures|perpetuals?|perps?|derivatives?|berjangka)\b")
EXTERNAL = re.compile(
    r"\b(?:news|berita|sentiment|sentimen|twitter|tweets?|social media|media sosial|reddit|"
    r"on[- ]?chain|whales?|paus|funding rates?|open interest|fear (?:and|&) greed|"
    r"google trends|elon|headlines?|fundamental\w*)\b"
)
ORDER_BOOK = re.compile(
    r"\b(?:order ?book|orderbook|order flow|buku order|bid[/ -]ask|market depth|depth chart|"
    r"bid wall|ask wall)\b"
)
# Chart ideas with no indicator behind them: named as not possible, never guessed at.
OTHER_IDEAS = re.compile(
    r"\b(?:divergen\w*|engulfing|hammer|doji|pin ?bar|support|resistance|resisten|"
    r"fibonacci|fibo|fib|trend ?lines?|garis tren|elliott|harmonic|head_and_shoulders|"
    r"double (?:top|bottom)|pattern|pola|pivot\w*|order blocks?|fair value gaps?|fvg|"
    r"liquidity|likuiditas|machine learning|neural|ai model|grid|arbitrage|martingale)\b"
)
