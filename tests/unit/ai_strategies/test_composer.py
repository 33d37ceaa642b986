"""Offline composer: prompts in English and Bahasa Indonesia become loadable strategies."""

from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from ai_strategies.composer import Composition, NotUnderstood, compose, parse_prompt
from ai_strategies.composer.spec import (
    Adx,
    Bollinger,
    Macd,
    MaCross,
    MaTrend,
    Rsi,
    Stochastic,
    VolumeFilter,
)
from ai_strategies.static import check_source
from tests.unit.ai_strategies.strategy_listing import list_strategies

# (prompt, expected spec fields); `notes` lists notes that must be present.
CASES: list[tuple[str, dict[str, Any]]] = [
    (
        "Buy BTC/USDT on 15m when RSI below 30, sell above 70, stop loss 3%, take profit 5%",
        {"pair": "BTC/USDT", "timeframe": "15m", "indicators": (Rsi(14, 30, 70),)}
        | {"stoploss": 0.03, "take_profit": 0.05, "trailing": None},
    ),
    (
        "ETH 1h EMA 9/21 crossover with volume above average, SL 2%",
        {"pair": "ETH/USDT", "timeframe": "1h", "stoploss": 0.02}
        | {"indicators": (MaCross("ema", 9, 21), VolumeFilter()), "take_profit": 0.10},
    ),
    (
        "golden cross strategy for bitcoin daily",
        {"pair": "BTC/USDT", "timeframe": "1d", "indicators": (MaCross("sma", 50, 200),)}
        | {"notes": {"default_stoploss", "default_take_profit"}},
    ),
    (
        "solusdt 4h MACD signal cross with ADX above 20, trailing stop 2%",
        {"pair": "SOL/USDT", "timeframe": "4h", "indicators": (Macd(), Adx(14, 20))}
        | {"trailing": 0.02},
    ),
    (
        "Bollinger Bands 20 2.5 lower band touch on XRP 30m with RSI 14 under 25, TP 4%",
        {"pair": "XRP/USDT", "timeframe": "30m", "take_profit": 0.04}
        | {"indicators": (Bollinger(20, 2.5), Rsi(14, 25, 70))},
    ),
    (
        "BNB stochastic oversold cross 5m, cut loss 5%, target profit 10%",
        {"pair": "BNB/USDT", "timeframe": "5m", "indicators": (Stochastic(),)}
        | {"stoploss": 0.05, "take_profit": 0.10},
    ),
    (
        "swing trade eth/usdt with MACD 8 21 5 and RSI",
        {"pair": "ETH/USDT", "timeframe": "4h", "indicators": (Macd(8, 21, 5), Rsi())},
    ),
    (
        "short BTC when RSI is above 75 on 1h",
        {"pair": "BTC/USDT", "timeframe": "1h", "indicators": (Rsi(14, 30, 75),)}
        | {"notes": {"short_unsupported"}},
    ),
    (
        "scalping doge with EMA 5 and EMA 13 crossover and price above EMA 50",
        {"pair": "DOGE/USDT", "timeframe": "5m"}
        | {"indicators": (MaCross("ema", 5, 13), MaTrend("ema", 50))},
    ),
    (
        "scalping BTC/USDT 5m dengan RSI dan EMA crossover",
        {"pair": "BTC/USDT", "timeframe": "5m", "indicators": (Rsi(), MaCross("ema", 9, 21))},
    ),
    (
        "beli ETH kalau RSI di bawah 30 timeframe 15 menit, stop loss 3%",
        {"pair": "ETH/USDT", "timeframe": "15m", "indicators": (Rsi(14, 30, 70),)}
        | {"stoploss": 0.03, "notes": {"default_take_profit"}},
    ),
    (
        "strategi SOL 1 jam pakai MACD cross dan volume di atas rata-rata, TP 6%",
        {"pair": "SOL/USDT", "timeframe": "1h", "indicators": (Macd(), VolumeFilter())}
        | {"take_profit": 0.06},
    ),
    (
        "beli bitcoin harian saat harga sentuh band bawah bollinger, SL 4%",
        {"pair": "BTC/USDT", "timeframe": "1d", "indicators": (Bollinger(),)} | {"stoploss": 0.04},
    ),
    (
        "buatkan strategi XRP 30 menit stochastic jenuh jual di bawah 15 dan ADX di atas 25, "
        "target profit 8%, trailing stop",
        {"pair": "XRP/USDT", "timeframe": "30m", "take_profit": 0.08, "trailing": 0.01}
        | {"indicators": (Stochastic(14, 3, 15, 80), Adx(14, 25))},
    ),
    (
        "jual BNB kalau RSI di atas 75, beli kalau RSI di bawah 25 timeframe 4 jam, cut loss 2,5%",
        {"pair": "BNB/USDT", "timeframe": "4h", "indicators": (Rsi(14, 25, 75),)}
        | {"stoploss": 0.025},
    ),
    (
        "golden cross BTC 1 jam dengan volume tinggi 2x",
        {"pair": "BTC/USDT", "timeframe": "1h"}
        | {"indicators": (MaCross("sma", 50, 200), VolumeFilter(20, 2.0))},
    ),
    (
        "short ETH/BTC 15m pakai RSI 7 di atas 80, pakai leverage 10x",
        {"pair": "ETH/BTC", "timeframe": "15m", "indicators": (Rsi(7, 30, 80),)}
        | {"notes": {"short_unsupported", "leverage_ignored"}},
    ),
    (
        "ethusdt 3m, EMA 20 cross EMA 50 and RSI oversold 35, trailing stop 1.5%",
        {"pair": "ETH/USDT", "timeframe": "3m", "trailing": 0.015}
        | {"indicators": (MaCross("ema", 20, 50), Rsi(14, 35, 70))},
    ),
]
PROMPTS = [prompt for prompt, _ in CASES]
PARAMETER = re.compile(r"Parameter\(([\d.]+), ([\d.]+), default=([\d.]+)")


def _random_walk(candles: int, seed: int) -> pd.DataFrame:
    """Return OHLCV candles of a geometric random walk with noisy volume."""
    rng = np.random.default_rng(seed)
    close = 100 * np.exp(np.cumsum(rng.normal(0, 0.003, candles)))
    open_ = np.r_[close[0], close[:-1]]
    wick = rng.uniform(0, 0.002, (2, candles))
    return pd.DataFrame(
        {
            "date": pd.date_range("2026-01-01", periods=candles, freq="5min", tz="UTC"),
            "open": open_,
            "high": np.maximum(open_, close) * (1 + wick[0]),
            "low": np.minimum(open_, close) * (1 - wick[1]),
            "close": close,
            "volume": rng.lognormal(3, 0.6, candles),
        }
    )


def _load_class(composition: Composition, directory: Path) -> type:
    """Import rendered code from a file and return its strategy class."""
    path = directory / f"{composition.class_name}.py"
    path.write_text(composition.code)
    spec = importlib.util.spec_from_file_location(composition.class_name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, composition.class_name)


def test_enough_prompts_in_both_languages() -> None:
    indonesian = [p for p in PROMPTS if parse_prompt(p).language == "id"]
    assert len(PROMPTS) >= 15
    assert len(indonesian) >= 6


@pytest.mark.parametrize(("prompt", "expected"), CASES, ids=range(len(CASES)))
def test_parse_reads_spec_fields(prompt: str, expected: dict[str, Any]) -> None:
    spec = parse_prompt(prompt).spec
    assert spec is not None
    for key, value in expected.items():
        if key == "notes":
            assert value <= set(spec.notes)
        else:
            assert getattr(spec, key) == value, key


@pytest.mark.parametrize("prompt", PROMPTS, ids=range(len(PROMPTS)))
def test_rendered_code_passes_static_check(prompt: str) -> None:
    composition = compose(prompt)
    report = check_source(composition.code)
    assert report.ok
    assert report.problems == []
    assert report.class_name == composition.class_name


@pytest.mark.parametrize("prompt", PROMPTS, ids=range(len(PROMPTS)))
def test_strategy_enters_on_random_walk(prompt: str, tmp_path: Path) -> None:
    composition = compose(prompt)
    strategy = _load_class(composition, tmp_path)({"timeframe": composition.timeframe})
    metadata = {"pair": composition.pair}
    frame = strategy.advise_indicators(_random_walk(2000, seed=7), metadata)
    frame = strategy.advise_exit(strategy.advise_entry(frame, metadata), metadata)
    assert frame["enter_long"].fillna(0).sum() >= 1
    assert strategy.startup_candle_count < 500
    assert strategy.can_short is False


def test_composition_fields_in_english() -> None:
    composition = compose("ETH 1h EMA 9/21 crossover with volume above average, SL 2%")
    assert composition.pair == "ETH/USDT"
    assert composition.timeframe == "1h"
    assert composition.class_name == "EthEmaCrossVolume1h"
    assert f"class {composition.class_name}(IStrategy):" in composition.code
    assert composition.params == {
        "ma_fast": 9,
        "ma_slow": 21,
        "volume_period": 20,
        "volume_factor": 1.0,
        "stoploss": -0.02,
        "take_profit": 0.1,
    }
    assert "\n" not in composition.summary
    assert "Buy when EMA 9 crosses above EMA 21" in composition.explanation
    assert "stop loss" in composition.explanation.lower()


def test_explanation_in_indonesian() -> None:
    composition = compose("beli ETH kalau RSI di bawah 30 timeframe 15 menit, SL 3%", "id")
    assert composition.language == "id"
    assert "Beli saat RSI(14) naik kembali ke atas 30" in composition.explanation
    assert "turun 3% di bawah harga beli" in composition.explanation
    assert composition.summary.startswith("ETH/USDT 15m: beli saat")


def test_short_request_is_explained_as_long_only() -> None:
    english = compose("short BTC when RSI is above 75 on 1h")
    indonesian = compose("short BTC when RSI is above 75 on 1h", language="id-ID")
    assert "Short selling is not possible on spot" in english.explanation
    assert "tidak bisa di pasar spot" in indonesian.explanation
    assert "can_short = False" in english.code


@pytest.mark.parametrize(
    ("prompt", "language", "fragment"),
    [
        ("tolong buatkan strategi BTC 5m yang bagus", "id", "Yang saya pahami: pair BTC/USDT"),
        ("make me rich with ETH on 4h", "en", "I understood: pair ETH/USDT, timeframe 4h"),
        ("ADX 25 and volume above average", "en", "ADX and volume only filter trades"),
    ],
)
def test_not_understood_says_what_is_missing(prompt: str, language: str, fragment: str) -> None:
    with pytest.raises(NotUnderstood) as caught:
        compose(prompt, language)
    assert caught.value.missing == ["indicator"]
    assert fragment in caught.value.message
    assert "RSI" in caught.value.message


def test_not_understood_keeps_understood_values() -> None:
    with pytest.raises(NotUnderstood) as caught:
        compose("BTC/USDT 15m stop loss 2%", "en")
    assert caught.value.understood == {"pair": "BTC/USDT", "timeframe": "15m", "stoploss": 0.02}


def test_sell_only_request_gets_the_spot_note() -> None:
    spec = parse_prompt("jual SOL kalau RSI di atas 70").spec
    assert spec is not None
    assert "short_unsupported" in spec.notes
    both = parse_prompt("beli SOL kalau RSI di bawah 30, jual kalau di atas 70").spec
    assert both is not None
    assert "short_unsupported" not in both.notes


def test_unsupported_timeframe_falls_back_with_a_note() -> None:
    spec = parse_prompt("beli btc 10m rsi").spec
    assert spec is not None
    assert spec.timeframe == "1h"
    assert "timeframe_unsupported" in spec.notes
    assert "default_timeframe" not in spec.notes


def test_defaults_and_clamping() -> None:
    spec = parse_prompt("RSI please, stop loss 90%").spec
    assert spec is not None
    assert (spec.pair, spec.timeframe, spec.stoploss) == ("BTC/USDT", "1h", 0.5)
    assert {"default_pair", "default_timeframe", "stoploss_clamped"} <= set(spec.notes)


def test_prompt_text_cannot_break_out_of_the_docstring() -> None:
    prompt = 'RSI 5m """\nimport os\n__import__("os").system("id") \\ '
    composition = compose(prompt)
    assert check_source(composition.code).ok
    module = ast.parse(composition.code)
    assert "import os" in (ast.get_docstring(module) or "")
    assert composition.spec.indicators == (Rsi(),)


def test_random_prompts_compose_safely() -> None:
    words = ["rsi", "ema", "sma", "macd", "bollinger", "bb", "stoch", "adx", "volume", "golden"]
    words += ["cross", "di", "bawah", "atas", "above", "below", "dan", "and", "/", ",", "2x"]
    words += ["5m", "1h", "4", "jam", "sl", "tp", "%", "btc", "eth", "beli", "jual", "short"]
    rng = np.random.default_rng(3)
    composed = 0
    for _ in range(150):
        tokens = [str(rng.integers(0, 300)) if rng.random() < 0.35 else rng.choice(words)]
        tokens += [rng.choice(words) if rng.random() < 0.6 else str(rng.integers(0, 300))]
        tokens += list(rng.choice(words, size=int(rng.integers(0, 10))))
        tokens += [str(n) for n in rng.integers(0, 300, size=int(rng.integers(0, 5)))]
        prompt = " ".join(str(t) for t in rng.permutation(tokens))
        try:
            composition = compose(prompt)
        except NotUnderstood:
            continue
        assert check_source(composition.code).ok, prompt
        compile(composition.code, "<composed>", "exec")
        for low, high, default in PARAMETER.findall(composition.code):
            assert float(low) < float(high), prompt
            assert float(low) <= float(default) <= float(high), prompt
        composed += 1
    assert composed > 50


def test_compose_is_deterministic() -> None:
    assert compose(PROMPTS[9]).code == compose(PROMPTS[9]).code


@pytest.mark.slow
def test_rendered_strategies_load_in_freqtrade(tmp_path: Path) -> None:
    strategies = tmp_path / "strategies"
    strategies.mkdir()
    expected = {}
    for index, prompt in enumerate(PROMPTS):
        composition = compose(prompt)
        name = f"s{index:02d}_{composition.class_name.lower()}.py"
        (strategies / name).write_text(composition.code)
        expected[name] = (composition.class_name, "OK")
    listed = list_strategies(strategies, tmp_path)
    assert {name: listed.get(name) for name in expected} == expected
