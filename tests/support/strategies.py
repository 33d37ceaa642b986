"""Strategies the runner tests use: tiny, valid Freqtrade strategies with known behaviour."""

from __future__ import annotations

_ENTER_EVERY_CANDLE = '''
from pandas import DataFrame

from freqtrade.strategy import IStrategy


class {name}(IStrategy):
    """{doc}"""

    INTERFACE_VERSION = 3
    timeframe = "1m"
    minimal_roi = {{"0": {roi}}}
    stoploss = {stoploss}
    startup_candle_count = 5
    process_only_new_candles = False
    # Market orders fill at once in dry-run: a limit at a moving quote can rest unfilled,
    # and these strategies exist to make trades happen on cue.
    order_types = {{
        "entry": "market",
        "exit": "market",
        "stoploss": "market",
        "stoploss_on_exchange": False,
    }}

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[dataframe["volume"] > 0, "enter_long"] = 1
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        return dataframe
'''

ALWAYS_IN = _ENTER_EVERY_CANDLE.format(
    name="AlwaysIn",
    doc="Enter on every candle; leave on a tiny profit or loss, so trades cycle quickly.",
    roi=0.0005,
    stoploss=-0.0005,
)

HOLD = _ENTER_EVERY_CANDLE.format(
    name="Hold",
    doc="Enter once and hold: the open trade must survive a move to another worker.",
    roi=10.0,
    stoploss=-0.99,
)

BROKEN = '''
from freqtrade.strategy import IStrategy


class Broken(IStrategy):
    """Misses every populate_* method: Freqtrade refuses to instantiate it."""

    INTERFACE_VERSION = 3
    timeframe = "1m"
    minimal_roi = {"0": 0.01}
    stoploss = -0.1
'''
