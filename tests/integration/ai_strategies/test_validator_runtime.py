"""The validator's runtime stages with real Freqtrade on emulator candles.

Legit fixtures validated here (10): every file in fixtures/strategies/legit except
`leverage_futures` (a futures short strategy: spot backtests refuse it by design, see
`test_futures_strategy_is_refused_on_spot`) and `volume_breakout_init` (it waits for a 3x
volume spike, which the emulator's candles never produce: it loads and runs, then fails
only with `no_trades`).
"""

from __future__ import annotations

import asyncio
import textwrap
from pathlib import Path

import pytest

from ai_strategies.marketdata import MarketData
from ai_strategies.validate import ValidationReport, validate_strategy

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

CORPUS = Path(__file__).parents[2] / "fixtures" / "strategies"
# Days per legit fixture; the default of 30 suits the 5m and 15m ones.
LEGIT_DAYS = {
    "confirm_entry_guard": 60,
    "custom_exit_time": 30,
    "custom_stoploss_atr": 30,
    "ema_cross_trend": 90,
    "informative_btc_filter": 30,
    "informative_decorator_mtf": 45,
    "legacy_qtpylib_trailing": 60,
    "protections_macd": 90,
    "rsi_bollinger_meanrev": 30,
    "technical_supertrend": 180,
}
# What stops each `# stage: load` attack at run time: (code, message).
LOAD_STAGE_EXPECT = {
    "memory_bomb": ("memory_limit", "memory limit exceeded (1536 MiB)"),
    "recursion_bomb": (
        "strategy_error",
        "The strategy raised RecursionError('maximum recursion depth exceeded') in bot_loop_start",
    ),
    "while_true_indicators": ("timeout", "timed out after 15 s (possible infinite loop)"),
}
RUNTIME_TIMEOUT = 15


def header(path: Path, key: str) -> str | None:
    """Return the value of a `# key: value` comment in the first lines of a fixture."""
    for line in path.read_text().splitlines()[:3]:
        if line.startswith(f"# {key}:"):
            return line.split(":", 1)[1].strip()
    return None


def peeking(shift: int) -> str:
    """Return a strategy whose signals use the close `shift` candles away (-1: the future)."""
    return textwrap.dedent(f"""
        from freqtrade.strategy import IStrategy
        from pandas import DataFrame


        class Peek(IStrategy):
            INTERFACE_VERSION = 3
            timeframe = "5m"
            minimal_roi = {{"0": 0.01}}
            stoploss = -0.05
            startup_candle_count = 5

            def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
                dataframe["other_close"] = dataframe["close"].shift({shift})
                return dataframe

            def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
                rising = dataframe["other_close"] > dataframe["close"] * 1.002
                dataframe.loc[rising & (dataframe["volume"] > 0), "enter_long"] = 1
                return dataframe

            def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
                dataframe.loc[dataframe["other_close"] < dataframe["close"], "exit_long"] = 1
                return dataframe
    """)


def test_every_load_stage_attack_is_covered() -> None:
    staged = {p.stem for p in CORPUS.glob("malicious/*.py") if header(p, "stage") == "load"}
    assert staged == set(LOAD_STAGE_EXPECT)
    assert all(header(CORPUS / "malicious" / f"{name}.py", "attack") for name in staged)


@pytest.mark.parametrize("name", sorted(LOAD_STAGE_EXPECT))
async def test_load_stage_attack_is_stopped(name: str, validation_market: MarketData) -> None:
    source = (CORPUS / "malicious" / f"{name}.py").read_text()
    report = await validate_strategy(source, market=validation_market, timeout=RUNTIME_TIMEOUT)
    assert not report.ok
    assert [(r.code, r.message) for r in report.reasons] == [LOAD_STAGE_EXPECT[name]]
    assert report.timings["backtest"] < RUNTIME_TIMEOUT + 10


@pytest.fixture(scope="module")
async def legit_reports(validation_market: MarketData) -> dict[str, ValidationReport]:
    """Validate the legit fixtures, two backtests at a time."""
    slots = asyncio.Semaphore(2)

    async def one(name: str, days: int) -> tuple[str, ValidationReport]:
        source = (CORPUS / "legit" / f"{name}.py").read_text()
        async with slots:
            return name, await validate_strategy(source, market=validation_market, days=days)

    return dict(await asyncio.gather(*(one(n, d) for n, d in LEGIT_DAYS.items())))


@pytest.mark.parametrize("name", sorted(LEGIT_DAYS))
async def test_legit_strategy_validates(
    name: str, legit_reports: dict[str, ValidationReport]
) -> None:
    report = legit_reports[name]
    assert report.ok, report.reasons
    assert report.trades >= 1
    assert report.in_sample is not None and report.out_of_sample is not None


async def test_informative_series_are_downloaded(
    legit_reports: dict[str, ValidationReport], validation_market: MarketData
) -> None:
    assert legit_reports["informative_decorator_mtf"].ok
    for name in ("BTC_USDT-15m", "BTC_USDT-1h", "BTC_USDT-4h"):
        assert (validation_market.datadir / f"{name}.feather").exists()


async def test_futures_strategy_is_refused_on_spot(validation_market: MarketData) -> None:
    source = (CORPUS / "legit" / "leverage_futures.py").read_text()
    report = await validate_strategy(source, market=validation_market)
    assert [reason.code for reason in report.reasons] == ["spot_short"]


async def test_strategy_that_never_enters_fails_with_no_trades(
    validation_market: MarketData,
) -> None:
    source = (CORPUS / "legit" / "volume_breakout_init.py").read_text()
    report = await validate_strategy(source, market=validation_market)
    assert [reason.code for reason in report.reasons] == ["no_trades"]
    assert report.trades == 0


def without_method(source: str, method: str) -> str:
    """Remove one method from rendered strategy code."""
    head, _, rest = source.partition(f"    def {method}")
    _, _, tail = rest.partition("\n    def ")
    return head + "    def " + tail


@pytest.mark.parametrize(
    ("change", "code", "text"),
    [
        ("no populate_indicators", "missing_method", "must define populate_indicators"),
        ("no populate_entry_trend", "missing_method", "must define populate_entry_trend"),
        ("unknown column", "strategy_exception", "KeyError: 'ema_x' in populate_entry_trend (line"),
    ],
)
async def test_runtime_error_is_explained(
    change: str, code: str, text: str, validation_market: MarketData
) -> None:
    source = (CORPUS / "legit" / "ema_cross_trend.py").read_text()
    if change.startswith("no "):
        source = without_method(source, change.removeprefix("no "))
    else:
        wrong = 'fast = dataframe["ema_x"]'
        source = source.replace('fast = dataframe[f"ema_{self.fast_period.value}"]', wrong, 1)
    report = await validate_strategy(source, market=validation_market, days=3)
    assert not report.ok
    assert [r.code for r in report.reasons] == [code]
    assert text in report.reasons[0].message


async def test_lookahead_analysis_flags_only_the_biased_strategy(
    validation_market: MarketData,
) -> None:
    clean = await validate_strategy(peeking(1), market=validation_market, live=True, days=20)
    biased = await validate_strategy(peeking(-1), market=validation_market, live=True, days=20)
    assert clean.ok, clean.reasons
    assert clean.lookahead is not None and clean.lookahead.has_bias is False
    assert "lookahead" in clean.timings
    assert not biased.ok
    assert biased.lookahead is not None and biased.lookahead.has_bias is True
    assert "other_close" in biased.lookahead.biased_indicators
    assert [reason.code for reason in biased.reasons] == ["lookahead_bias"]
    assert any(w.code == "lookahead" for w in biased.warnings)  # the static heuristic agrees
