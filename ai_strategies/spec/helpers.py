"""Module-level helper functions a rendered strategy may include, as trusted source text.

These compute what TA-Lib has no function for. A rendered module includes only the
helpers its indicators use, so the output stays small and deterministic.
"""

from __future__ import annotations

HELPERS: dict[str, str] = {
    "nofomo_midpoint": '''
def nofomo_midpoint(dataframe: DataFrame, period: int) -> pd.Series:
    """Return the middle of the highest high and the lowest low of the last `period` candles."""
    highest = dataframe["high"].rolling(period).max()
    return (highest + dataframe["low"].rolling(period).min()) / 2
''',
    "nofomo_supertrend": '''
def nofomo_supertrend(
    dataframe: DataFrame, period: int, multiplier: float
) -> tuple[np.ndarray, np.ndarray]:
    """Return the Supertrend line and its direction (1 up, -1 down)."""
    close = np.asarray(dataframe["close"], dtype="float64")
    atr = np.asarray(ta.ATR(dataframe, timeperiod=period), dtype="float64")
    middle = np.asarray((dataframe["high"] + dataframe["low"]) / 2, dtype="float64")
    upper = middle + multiplier * atr
    lower = middle - multiplier * atr
    direction = np.ones(len(close))
    for i in range(1, len(close)):
        # A band only tightens while price stays inside it; NaN (warm-up) compares False.
        if close[i - 1] <= upper[i - 1]:
            upper[i] = min(upper[i], upper[i - 1])
        if close[i - 1] >= lower[i - 1]:
            lower[i] = max(lower[i], lower[i - 1])
        if direction[i - 1] > 0:
            direction[i] = -1.0 if close[i] < lower[i] else 1.0
        else:
            direction[i] = 1.0 if close[i] > upper[i] else -1.0
    line = np.where(direction > 0, lower, upper)
    line[np.isnan(atr)] = np.nan
    return line, direction
''',
    "nofomo_heikin_ashi": '''
def nofomo_heikin_ashi(dataframe: DataFrame) -> tuple[np.ndarray, ...]:
    """Return the Heikin-Ashi open, high, low and close."""
    opens = np.asarray(dataframe["open"], dtype="float64")
    highs = np.asarray(dataframe["high"], dtype="float64")
    lows = np.asarray(dataframe["low"], dtype="float64")
    closes = (opens + highs + lows + np.asarray(dataframe["close"], dtype="float64")) / 4
    opened = np.zeros(len(closes))
    if len(closes):
        opened[0] = (opens[0] + dataframe["close"].iloc[0]) / 2
    for i in range(1, len(closes)):
        opened[i] = (opened[i - 1] + closes[i - 1]) / 2
    return (
        opened,
        np.maximum(highs, np.maximum(opened, closes)),
        np.minimum(lows, np.minimum(opened, closes)),
        closes,
    )
''',
}


def helper_source(names: list[str]) -> str:
    """Return the source of the named helpers, in a fixed order."""
    return "".join("\n" + HELPERS[name] for name in HELPERS if name in names)
