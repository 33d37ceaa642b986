"""A broad legit strategy: the allow-list must not refuse ordinary Freqtrade code."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from ai_strategies.static import check_source

KITCHEN_SINK = '''\
"""A strategy that uses a broad slice of the allowed surface."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from functools import reduce
from typing import Any, Optional

import numpy as np
import pandas as pd
import talib.abstract as ta
from pandas import DataFrame
from technical import qtpylib

from freqtrade.enums import ExitType, RunMode
from freqtrade.exchange import timeframe_to_minutes
from freqtrade.persistence import Order, Trade
from freqtrade.strategy import (
    CategoricalParameter,
    DecimalParameter,
    IntParameter,
    IStrategy,
    informative,
    merge_informative_pair,
)

logger = logging.getLogger(__name__)
WINDOW = 20


def zscore(series: pd.Series, window: int = WINDOW) -> pd.Series:
    """Rolling z-score."""
    mean = series.rolling(window).mean()
    return (series - mean) / series.rolling(window).std()


class BaseKitchen(IStrategy):
    INTERFACE_VERSION = 3
    timeframe = "15m"
    startup_candle_count: int = WINDOW * 10
    minimal_roi = {"0": 0.05}
    stoploss = -0.1
    use_custom_stoploss = True
    position_adjustment_enable = True
    buy_rsi = IntParameter(10, 40, default=30, space="buy")
    ratio = DecimalParameter(0.1, 0.9, default=0.5, decimals=2, space="sell")
    mode = CategoricalParameter(["a", "b"], default="a", space="buy")
    cooldown = timedelta(minutes=30)

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        return dataframe


class Kitchen(BaseKitchen):
    """The leaf strategy."""

    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__(config)
        self._entries: dict[str, int] = {}
        self.last_seen: Optional[datetime] = None

    @property
    def protections(self) -> list[dict[str, Any]]:
        return [{"method": "CooldownPeriod", "stop_duration_candles": 3}]

    @informative("1h", fmt="{base}_{column}_{timeframe}")
    def populate_indicators_1h(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["rsi"] = ta.RSI(dataframe, timeperiod=14)
        return dataframe

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["rsi"] = ta.RSI(dataframe, timeperiod=14)
        bb = qtpylib.bollinger_bands(qtpylib.typical_price(dataframe), window=20, stds=2)
        dataframe["bb_lower"] = bb["lower"]
        dataframe["z"] = zscore(dataframe["close"])
        dataframe["hour"] = dataframe["date"].dt.hour
        dataframe["ret"] = np.log(dataframe["close"] / dataframe["close"].shift(1))
        dataframe["ema"] = dataframe["close"].ewm(span=10, adjust=False).mean()
        dataframe["slope"] = dataframe["ema"].rolling(5).apply(lambda x: x[-1] - x[0], raw=True)
        dataframe["flag"] = np.where(dataframe["rsi"] < self.buy_rsi.value, 1, 0)
        dataframe["top"] = dataframe[["open", "close"]].max(axis=1)
        dataframe["filled"] = dataframe["volume"].fillna(0).clip(lower=0).astype(float)
        dataframe["pair_len"] = len(metadata["pair"].split("/"))
        if self.dp and self.dp.runmode.value in ("live", "dry_run"):
            btc = self.dp.get_pair_dataframe(pair="BTC/USDT", timeframe="1h")
            dataframe = merge_informative_pair(dataframe, btc, self.timeframe, "1h", ffill=True)
        if (count := len(dataframe)) > 10:
            logger.info(f"{metadata['pair']}: {count} candles, rsi {dataframe['rsi'].iloc[-1]:.2f}")
        frame = pd.DataFrame(index=dataframe.index)
        frame["x"] = pd.Series(np.zeros(len(dataframe)), index=dataframe.index)
        dataframe = pd.concat([dataframe, frame], axis=1)
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        conditions = [
            qtpylib.crossed_above(dataframe["rsi"], self.buy_rsi.value),
            dataframe["volume"] > 0,
            dataframe.close > dataframe["bb_lower"],
        ]
        dataframe.loc[reduce(lambda a, b: a & b, conditions), ["enter_long", "enter_tag"]] = (
            1,
            "rsi",
        )
        self._entries[metadata["pair"]] = int(dataframe["enter_long"].fillna(0).sum())
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[dataframe["rsi"] > 70, ["exit_long", "exit_tag"]] = (
            1,
            ExitType.EXIT_SIGNAL.value,
        )
        return dataframe

    def custom_stoploss(
        self,
        pair: str,
        trade: Trade,
        current_time: datetime,
        current_rate: float,
        current_profit: float,
        after_fill: bool,
        **kwargs: Any,
    ) -> float | None:
        held = current_time - trade.open_date_utc
        if held > self.cooldown and current_profit > 0.02:
            return -0.01
        minutes = timeframe_to_minutes(self.timeframe)
        dataframe, _ = self.dp.get_analyzed_dataframe(pair, self.timeframe)
        if dataframe.empty or minutes <= 0:
            return None
        last = dataframe.iloc[-1].squeeze()
        return -max(float(last["rsi"]) / 1000, 0.01)

    def adjust_trade_position(
        self,
        trade: Trade,
        current_time: datetime,
        current_rate: float,
        current_profit: float,
        min_stake: float | None,
        max_stake: float,
        **kwargs: Any,
    ) -> float | None:
        filled = trade.select_filled_orders(trade.entry_side)
        if trade.nr_of_successful_entries >= 3 or not filled:
            return None
        first: Order = filled[0]
        stake = Decimal(str(first.safe_price * first.safe_filled)).quantize(Decimal("0.01"))
        return float(stake) if current_profit < -0.05 else None

    def custom_exit(
        self, pair: str, trade: Trade, current_time: datetime, current_rate: float,
        current_profit: float, **kwargs: Any,
    ) -> str | None:
        now = datetime.now(timezone.utc)
        match trade.enter_tag:
            case "rsi" if current_profit > 0.01:
                return "rsi_profit"
            case None:
                return None
        try:
            ratio = current_profit / self.ratio.value
        except ZeroDivisionError as exc:
            logger.warning("ratio failed: %s", exc.args)
            return None
        if self.dp.runmode == RunMode.BACKTEST and now.hour == 3:
            return None
        return "ratio" if ratio > 1 else None
'''


def test_kitchen_sink_passes_with_only_a_lookahead_warning() -> None:
    report = check_source(KITCHEN_SINK)
    assert report.errors == []
    assert report.ok
    assert report.class_name == "Kitchen"
    assert {p.code for p in report.warnings} <= {"lookahead"}


def test_kitchen_sink_really_loads_in_freqtrade(tmp_path: Path) -> None:
    path = tmp_path / "kitchen.py"
    path.write_text(KITCHEN_SINK)
    spec = importlib.util.spec_from_file_location("kitchen", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    strategy = module.Kitchen({"timeframe": "15m", "candle_type_def": "spot"})
    assert strategy.protections[0]["method"] == "CooldownPeriod"
