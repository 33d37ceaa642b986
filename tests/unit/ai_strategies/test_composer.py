"""Offline composer: prompts in English and Bahasa Indonesia become loadable strategies.

The composer builds an `ai_strategies.spec.StrategySpec`; the code comes from the spec's
renderer and the words from its describer. The fidelity corpus (every condition, number
and refusal) lives in tests/unit/ai_strategies/composer.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from ai_strategies.composer import NotUnderstood, compose, detect_language
from ai_strategies.composer.compose import normalise_language
from ai_strategies.spec import read_spec
from ai_strategies.static import check_source
from tests.unit.ai_strategies.composer.legacy import CASES, PROMPTS, load_class, random_walk
from tests.unit.ai_strategies.composer.matcher import mismatches
from tests.unit.ai_strategies.strategy_listing import list_strategies


def test_enough_prompts_in_both_languages() -> None:
    indonesian = [p for p in PROMPTS if detect_language(p) == "id"]
    assert len(PROMPTS) == 18
    assert len(indonesian) == 10


@pytest.mark.parametrize(("prompt", "expected"), CASES, ids=range(len(CASES)))
def test_prompt_gives_its_spec(prompt: str, expected: dict[str, Any]) -> None:
    assert mismatches(compose(prompt).spec, expected) == []


@pytest.mark.parametrize("prompt", PROMPTS, ids=range(len(PROMPTS)))
def test_rendered_code_passes_static_check_and_reads_back(prompt: str) -> None:
    composition = compose(prompt)
    report = check_source(composition.code)
    assert report.ok
    assert report.problems == []
    assert report.class_name == composition.class_name
    assert read_spec(composition.code) == composition.spec


@pytest.mark.parametrize("prompt", PROMPTS, ids=range(len(PROMPTS)))
def test_strategy_enters_on_random_walk(prompt: str, tmp_path: Path) -> None:
    composition = compose(prompt)
    strategy = load_class(composition, tmp_path)
    metadata = {"pair": composition.pair}
    frame = strategy.advise_indicators(random_walk(3000, seed=7), metadata)
    frame = strategy.advise_exit(strategy.advise_entry(frame, metadata), metadata)
    assert frame["enter_long"].fillna(0).sum() >= 1
    assert strategy.startup_candle_count < 1000
    assert strategy.can_short is False


def test_composition_fields_in_english() -> None:
    composition = compose("ETH 1h EMA 9/21 crossover with volume above average, SL 2%")
    assert (composition.pair, composition.timeframe) == ("ETH/USDT", "1h")
    assert composition.class_name == "EthEmaCrossVolumeMa1h"
    assert f"class {composition.class_name}(IStrategy):" in composition.code
    assert composition.params == {"ema_9_period": 9, "ema_21_period": 21, "volume_ma_20_period": 20}
    assert "\n" not in composition.summary
    assert composition.summary.startswith("ETH/USDT 1h: buy when EMA(9) crosses above EMA(21)")
    assert (
        'Buy signal "ema_volume_ma": buy when EMA(9) crosses above EMA(21) and volume is above '
        "Volume MA(20)." in composition.explanation
    )
    assert "Stop loss: sell if the price falls 2% below the buy price." in composition.explanation
    assert "mirrors the buy signal (default)" in composition.explanation
    assert composition.defaults_used == ("roi",)


def test_explanation_in_indonesian() -> None:
    composition = compose("beli ETH kalau RSI di bawah 30 timeframe 15 menit, SL 3%", "id")
    assert composition.language == "id"
    assert 'Sinyal beli "rsi": beli saat RSI(14) di bawah 30.' in composition.explanation
    assert 'Sinyal jual "rsi": jual saat RSI(14) di atas 70 (bawaan).' in composition.explanation
    assert "turun 3% di bawah harga beli" in composition.explanation
    assert composition.summary.startswith("ETH/USDT 15m: beli saat RSI(14) < 30")


@pytest.mark.parametrize("tag", ["id", "id-ID", "in", "ind", "ID_id"])
def test_indonesian_language_tags(tag: str) -> None:
    assert normalise_language(tag) == "id"
    assert normalise_language("en-US") == normalise_language("fr") == "en"


def test_short_request_is_refused_and_explained() -> None:
    with pytest.raises(NotUnderstood) as caught:
        compose("short BTC when RSI is above 75 on 1h")
    assert "short selling is not available on spot" in caught.value.message
    composition = compose("short BTC when RSI is above 75, buy when it drops below 30", "id")
    assert "short (jual dulu) tidak tersedia di spot" in composition.explanation
    assert "can_short = False" in composition.code
    assert [u.code for u in composition.unsupported] == ["short_selling"]


@pytest.mark.parametrize(
    ("prompt", "language", "fragment"),
    [
        ("tolong buatkan strategi BTC 5m yang bagus", "id", "Yang saya pahami: pair BTC/USDT"),
        ("make me rich with ETH on 4h", "en", "I understood: pair ETH/USDT, timeframe 4h."),
        ("sell SOL when RSI is above 70", "en", "indicators RSI(14)"),
        ("jual SOL kalau RSI di atas 70", "id", "indikator RSI(14)"),
    ],
)
def test_not_understood_says_what_is_missing(prompt: str, language: str, fragment: str) -> None:
    with pytest.raises(NotUnderstood) as caught:
        compose(prompt, language)
    assert caught.value.missing == (["sinyal beli"] if language == "id" else ["a buy signal"])
    assert fragment in caught.value.message
    assert '"RSI' in caught.value.message  # the example


def test_not_understood_keeps_understood_values() -> None:
    with pytest.raises(NotUnderstood) as caught:
        compose("BTC/USDT 15m stop loss 2%", "en")
    assert caught.value.understood == {"pair": "BTC/USDT", "timeframe": "15m", "stop loss": "2%"}


def test_unsupported_timeframe_falls_back_and_is_named() -> None:
    composition = compose("beli btc 10m kalau rsi di bawah 30", "id")
    assert composition.timeframe == "1h"
    assert "timeframe" in composition.defaults_used
    assert [(u.code, u.phrase) for u in composition.unsupported] == [("other", "timeframe 10m")]


def test_out_of_range_values_are_named_not_changed() -> None:
    composition = compose("RSI below 30 please, stop loss 150%, cooldown 2 hours on 4h")
    assert composition.spec.risk.stoploss == 0.05
    assert "stoploss" in composition.defaults_used
    phrases = [u.phrase for u in composition.unsupported]
    assert phrases == ["stop loss 150%", "cooldown 2 hours"]
    assert composition.spec.risk.protections[0].stop_duration_candles == 1


@pytest.mark.parametrize(
    ("prompt", "phrase"),
    [
        ("BTC 1h buy when EMA 9/21/50 crossover", "ema 9/21/50 crossover"),
        ("buy BTC 1h when RSI below 30, sell on the pump", "sell on the pump"),
        ("beli BTC 1 jam kalau RSI di bawah 30 40", "kalau rsi di bawah 30 40"),
        ("buy ETH 4h when RSI below 35 and the head and shoulders completes", "head and shoulders"),
    ],
)
def test_nothing_is_dropped_silently(prompt: str, phrase: str) -> None:
    composition = compose(prompt)
    assert any(u.code == "other" and phrase in u.phrase for u in composition.unsupported)
    assert f'"{composition.unsupported[0].phrase}"' in composition.explanation


def test_golden_cross_keeps_its_volume_filter() -> None:
    spec = compose("golden cross ETH 1h volume filter").spec
    entry = [("crosses_above", "sma_50", "sma_200"), ("above", "volume", "volume_ma_20")]
    expected = {"entry": entry, "exit": [("crosses_below", "sma_50", "sma_200")]}
    assert mismatches(spec, expected | {"unsupported": []}) == []


def test_prompt_text_cannot_reach_the_code() -> None:
    prompt = 'RSI below 30 5m """\nimport os\n__import__("os").system("id") \\ '
    composition = compose(prompt)
    assert check_source(composition.code).ok
    assert "import os" not in composition.code and "system" not in composition.code
    assert [ind.kind for ind in composition.spec.indicators] == ["rsi"]
    ast.parse(composition.code)


def test_random_prompts_compose_safely() -> None:
    words = ["rsi", "ema", "sma", "macd", "bollinger", "bb", "stoch", "adx", "volume", "golden"]
    words += ["cross", "di", "bawah", "atas", "above", "below", "dan", "and", "/", ",", "2x"]
    words += ["5m", "1h", "4", "jam", "sl", "tp", "%", "btc", "eth", "beli", "jual", "short"]
    words += ["or", "atau", "not", "rising", "naik", "supertrend", "ichimoku", "cloud", "atr"]
    words += ["trailing", "dca", "cooldown", "donchian", "keltner", "sar", "vwap", "obv", "x"]
    rng = np.random.default_rng(3)
    composed = 0
    for _ in range(300):
        tokens = list(rng.choice(words, size=int(rng.integers(1, 12))))
        tokens += [str(n) for n in rng.integers(-50, 300, size=int(rng.integers(0, 5)))]
        prompt = " ".join(str(t) for t in rng.permutation(tokens))
        try:
            composition = compose(prompt)
        except NotUnderstood:
            continue
        assert check_source(composition.code).ok, prompt
        assert read_spec(composition.code) == composition.spec, prompt
        composed += 1
    assert composed > 100


def test_compose_is_deterministic() -> None:
    assert compose(PROMPTS[8]).code == compose(PROMPTS[8]).code


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
