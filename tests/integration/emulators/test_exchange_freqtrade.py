"""Real Freqtrade downloads candles from the emulator and backtests an RSI strategy on them."""

from __future__ import annotations

import asyncio
import json
import sys
import zipfile
from pathlib import Path

import pytest

from emulators.exchange import ExchangeEmulator, freqtrade_exchange_config

FREQTRADE = str(Path(sys.executable).with_name("freqtrade"))
TIMERANGE = "20260301-20260306"  # fixed, so seed 42 always gives the same candles and trades

RSI_STRATEGY = """
import talib.abstract as ta
from pandas import DataFrame

from freqtrade.strategy import IStrategy


class RsiProbe(IStrategy):
    INTERFACE_VERSION = 3
    timeframe = "5m"
    minimal_roi = {"0": 0.01}
    stoploss = -0.05
    startup_candle_count = 30

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["rsi"] = ta.RSI(dataframe, timeperiod=14)
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[dataframe["rsi"] < 30, "enter_long"] = 1
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[dataframe["rsi"] > 70, "exit_long"] = 1
        return dataframe
"""


def write_config(path: Path, emulator_url: str) -> None:
    """Write a minimal dry-run spot config that trades BTC/USDT on the emulator."""
    pricing = {"price_side": "other", "use_order_book": True, "order_book_top": 1}
    config = {
        "max_open_trades": 1,
        "stake_currency": "USDT",
        "stake_amount": 100,
        "dry_run": True,
        "dry_run_wallet": 1000,
        "timeframe": "5m",
        "trading_mode": "spot",
        "exchange": freqtrade_exchange_config(emulator_url, pairs=["BTC/USDT"]),
        "entry_pricing": pricing,
        "exit_pricing": pricing,
        "pairlists": [{"method": "StaticPairList"}],
    }
    path.write_text(json.dumps(config))


async def freqtrade(*args: str, cwd: Path) -> str:
    """Run one freqtrade command without blocking the loop the emulator serves on."""
    process = await asyncio.create_subprocess_exec(
        FREQTRADE, *args, cwd=cwd, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    output, _ = await asyncio.wait_for(process.communicate(), timeout=60)
    text = output.decode(errors="replace")
    assert process.returncode == 0, text[-3000:]
    return text


def backtest_trades(userdir: Path) -> int:
    """Return the trade count of the latest backtest result."""
    results = userdir / "backtest_results"
    latest = json.loads((results / ".last_result.json").read_text())["latest_backtest"]
    with zipfile.ZipFile(results / latest) as archive:
        stats = json.loads(archive.read(Path(latest).with_suffix(".json").name))
    return int(stats["strategy"]["RsiProbe"]["total_trades"])


@pytest.mark.slow
async def test_download_and_backtest_on_emulated_candles(
    exchange_emulator: ExchangeEmulator, tmp_path: Path
) -> None:
    userdir = tmp_path / "user_data"
    (userdir / "strategies").mkdir(parents=True)
    (userdir / "strategies" / "rsi_probe.py").write_text(RSI_STRATEGY)
    write_config(tmp_path / "config.json", exchange_emulator.url)
    common = ["--userdir", str(userdir), "--config", str(tmp_path / "config.json")]
    await freqtrade(
        "download-data", *common, "--timeframes", "5m", "--timerange", TIMERANGE, cwd=tmp_path
    )
    assert (userdir / "data" / "binance").is_dir()
    await freqtrade(
        "backtesting", *common, "--strategy", "RsiProbe", "--timerange", TIMERANGE, cwd=tmp_path
    )
    assert backtest_trades(userdir) >= 1
    requests = exchange_emulator.stats()["requests"]
    assert requests["GET /api/v3/klines"] >= 2 and requests["GET /api/v3/exchangeInfo"] >= 2
    assert set(requests) <= {"GET /api/v3/klines", "GET /api/v3/exchangeInfo", "GET /api/v3/time"}
