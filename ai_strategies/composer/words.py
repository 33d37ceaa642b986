"""Condition words in English and Bahasa Indonesia: relations, levels and chart ideas.

State vs event: "above"/"below" (di atas/di bawah) and every other comparison is a state
that holds on each candle; only crossing words make an event: cross, crossover, memotong,
break/breakout/menembus, flip/berbalik, "back above"/"kembali ke atas", golden/death cross.
"pullback below 40" is therefore a state (RSI < 40).
"""

from __future__ import annotations

import re

_UP = r"(?:above|over|up|upward|upwards|ke atas|atas|naik)"
_DOWN = r"(?:below|under|down|downward|downwards|ke bawah|bawah|turun)"
_CROSS = r"(?:cross(?:es|ed|ing)?|memotong|potong|menyilang|menembus|tembus)"
_BREAK = r"(?:break(?:s|ing)?(?: out| down)?|jebol)"
_FLIP = r"(?:flips?|flipped|flipping|berbalik|berubah(?: jadi| menjadi)?)"

# Relations: (name, pattern). The lexer takes the longest match, so order only breaks ties.
RELATIONS: tuple[tuple[str, str], ...] = (
    ("crosses_above", rf"{_CROSS} ?(?:ke )?{_UP}|crossover (?:above|up|ke atas)|cross up"),
    ("crosses_above", rf"{_BREAK} ?(?:ke )?(?:above|up|through|ke atas|atas)"),
    ("crosses_above", r"breakout(?: above| up)?"),
    ("crosses_above", r"(?:rises |rising |moves |goes |climbs |naik )?back above"),
    ("crosses_above", r"(?:naik )?kembali (?:ke |di )?atas|naik (?:lagi|kembali)(?: ke atas)?"),
    (
        "crosses_above",
        rf"bullish cross(?:over)?|{_FLIP} (?:to )?(?:bullish|green|hijau|long|naik|up)",
    ),
    ("crosses_above", r"turn(?:s|ed)? (?:to )?(?:bullish|green|hijau|positive|positif)"),
    ("crosses_below", rf"{_CROSS} ?(?:ke )?{_DOWN}|crossover (?:below|down|ke bawah)"),
    ("crosses_below", r"cross down|crossunder"),
    ("crosses_below", rf"{_BREAK} ?(?:ke )?(?:below|down|under|ke bawah|bawah)|breakdown"),
    ("crosses_below", r"(?:falls |falling |drops |goes )?back below"),
    ("crosses_below", r"(?:turun )?kembali (?:ke |di )?bawah|turun (?:lagi|kembali)(?: ke bawah)?"),
    (
        "crosses_below",
        rf"bearish cross(?:over)?|{_FLIP} (?:to )?(?:bearish|red|merah|short|turun|down)",
    ),
    ("crosses_below", r"turn(?:s|ed)? (?:to )?(?:bearish|red|merah|negative|negatif)"),
    ("cross", rf"{_CROSS}|crossover|crossovers|persilangan|silang|{_BREAK}|{_FLIP}"),
    ("above", r"above|higher than|greater than|bigger than|more than|exceeds?|exceeding|>=?|=>"),
    ("above", r"di ?atas|berada di atas|lebih (?:besar|tinggi) (?:dari|daripada)|lebih dari"),
    ("above", r"melebihi|melampaui"),
    ("above", r"(?:rises|goes|moves|climbs|naik|stays?|is) (?:ke )?(?:di )?(?:above|atas)"),
    ("below", r"below|under|beneath|less than|lower than|smaller than|<=?|=<"),
    ("below", r"pull(?:s|ing)? ?back(?: below| under)?"),
    ("below", r"di ?bawah|berada di bawah|lebih (?:kecil|rendah) (?:dari|daripada)|kurang dari"),
    (
        "below",
        r"(?:drops?|falls?|dips?|goes|moves|turun|stays?|is) (?:ke )?(?:di )?"
        r"(?:below|under|bawah)",
    ),
    ("below", r"koreksi(?: ke bawah)?|ke bawah"),
    ("above", r"ke atas"),
    ("touch", r"touch(?:es|ed|ing)?|tags?|hits?|reach(?:es)?|sentuh|menyentuh|nyentuh|mentok"),
    ("touch", r"pull(?:s|ing)? ?back (?:to|ke)|tests?|retest(?:s|ing)?|at(?= [a-z%(-]| ?-?\d)"),
    ("touch", r"(?:di|ke|pada)(?= (?:band|garis|level|area|channel|ema|sma|ma|vwap|rsi|mfi) )"),
    ("within", r"within|in range of|dalam jarak|dalam(?= \d+(?:\.\d+)? ?%)"),
    ("within", r"near|nearby|close to"),
    ("within", r"dekat(?: dengan)?|mendekati|around|sekitar|at most|paling jauh|no more than"),
    ("between", r"between|antara"),
    ("at_least", r"at least|minimal|minimum|setidaknya|paling sedikit"),
    ("rising", r"ris(?:ing|es)|increas(?:ing|es)|going up|goes up|naik|meningkat|menguat"),
    ("rising", r"menanjak|slop(?:ing|es) up|trending up|turns? up|turning up|pointing up"),
    ("rising", r"mengarah (?:ke )?(?:atas|naik)"),
    ("falling", r"fall(?:ing|s)|declin(?:ing|es)|dropping|drops|decreas(?:ing|es)|going down"),
    ("falling", r"goes down|turun|menurun|melemah|slop(?:ing|es) down|trending down"),
    ("falling", r"turns? down|turning down|pointing down|mengarah (?:ke )?(?:bawah|turun)"),
)

# Ideas that carry their own meaning: levels, named crossings, bullish/bearish states.
IDEAS: tuple[tuple[str, str], ...] = (
    ("oversold", r"oversold|over[- ]sold|jenuh jual|zona jenuh jual"),
    ("overbought", r"overbought|over[- ]bought|jenuh beli|zona jenuh beli"),
    ("golden", r"golden cross(?:over)?|persilangan emas|salib emas"),
    ("death", r"death cross(?:over)?|dead cross|persilangan kematian|persilangan maut"),
    ("bullish", r"bullish|green|hijau|uptrend|up-?trend|tren naik|trend naik"),
    ("bearish", r"bearish|red|merah|downtrend|down-?trend|tren turun|trend turun"),
    ("filter", r"(?:as (?:a |the )?|sebagai )?(?:trend )?filter(?: tren| trend)?|penyaring tren"),
    ("filter", r"trend confirmation|konfirmasi tren"),
    ("positive", r"positive|positif|above (?:the )?zero(?: line)?|di atas (?:garis )?nol"),
    ("negative", r"negative|negatif|below (?:the )?zero(?: line)?|di bawah (?:garis )?nol"),
    ("spike", r"high volume|volume (?:tinggi|besar|spike|melonjak)|volume spikes?|lonjakan volume"),
    ("row", r"in a row|berturut-turut|berturut turut|consecutive"),
    ("from_below", r"from below|dari bawah"),
    ("from_above", r"from above|dari atas"),
)
NEGATION = (
    r"not|tidak|tak|bukan|isn't|is not|aren't|doesn't|does not|don't|do not|never|jangan|"
    r"no longer|belum"
)
HELD = (
    r"for (?:at least |the last )?(\d+) (?:consecutive )?(?:candles?|bars?|periods?|lilin)"
    r"(?: in a row)?|(\d+) (?:consecutive )?(?:candles?|bars?|lilin) in a row|"
    r"(\d+) consecutive (?:candles?|bars?)|selama (\d+) (?:candle|lilin|bar)"
    r"(?: berturut-turut)?|(\d+) (?:candle|lilin|bar) berturut-turut"
)
AGO = (
    r"(?:than |dari )?(\d+) (?:candles?|bars?|lilin|periods?) "
    r"(?:ago|earlier|before|sebelumnya|lalu|yang lalu)"
)
# "the 20-candle high", "highest high of the last 20 bars": a Donchian channel of the past.
_SPAN = r"(?:candles?|bars?|periods?|periode|lilin|days?|hari)"
EXTREME = (
    rf"(\d+)[- ]?{_SPAN}[- ]?(high|highs|highest(?: high)?|tertinggi|low|lows|lowest(?: low)?|"
    rf"terendah)|(highest high|lowest low|high tertinggi|low terendah|harga tertinggi|"
    rf"harga terendah) (?:of |in |dalam )?(?:the )?(?:last |past )?(\d+) ({_SPAN})(?: terakhir)?"
)
AVERAGE = (
    r"(?:its |the |their )?(?:(\d+)[- ]?(?:candles?|bars?|periods?|periode|lilin) )?"
    r"(?:average|avg|mean|rata-rata)(?: (\d+)(?: (?:candles?|bars?|periode|lilin))?)?"
)
PRICES: tuple[tuple[str, str], ...] = (
    ("close", r"(?:the )?(?:closing price|close price|harga penutupan|harga close|candle close)"),
    ("close", r"(?:the )?(?:closes?|closed|closing|penutupan|ditutup|price|harga)"),
    ("open", r"(?:the )?(?:open(?:ing)?(?: price)?|harga pembukaan|pembukaan|harga buka)"),
    ("high", r"(?:the )?(?:high|harga tertinggi)"),
    ("low", r"(?:the )?(?:low|harga terendah)"),
    ("volume", r"volume|vol"),
    ("hl2", r"hl2|median price"),
    ("hlc3", r"hlc3|typical price|harga tipikal"),
    ("ohlc4", r"ohlc4"),
)
NUMBER = r"(-?\d+(?:\.\d+)?)(?: ?(%|x(?![a-z])|kali(?![a-z])|times(?![a-z])))?"
ZERO = r"zero|nol|zero line|garis nol"
# A number that is not a parameter: a percentage, a timeframe, a multiplier or a count.
NOT_PARAM = (
    r"(?![\d.]|\s?(?:%|x\b|kali|times|m\b|min|menit|mnt|h\b|hr|hour|jam|d\b|day|hari|w\b|"
    r"week|minggu|candle|bar|lilin|-?(?:day|period|candle|bar)))"
)


def compiled(table: tuple[tuple[str, str], ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Compile a (name, pattern) table; every pattern must end at a word boundary."""
    return tuple((name, re.compile(rf"(?:{p})(?![a-z0-9])")) for name, p in table)
