"""Free text is an idea for what it names (pair, indicator, timeframe, verb), not its length."""

from __future__ import annotations

import pytest

from ai_strategies.composer.intent import looks_like_idea, read_signals
from tests.unit.ai_strategies.composer.corpus import CASES, Case

IDEAS_EN = [
    "buy SOL/USDT 15m when MACD crosses up",
    "macd cross",
    "RSI oversold",
    "ema 9/21 crossover eth",
    "scalping doge 5m",
    "swing trading eth",
    "bollinger bounce on btc 1h",
    "buy the dip on eth",
    "supertrend 4h",
    "ichimoku cloud breakout on bitcoin daily",
    "ma 50 cross ma 200",
    "sell when adx falls below 20",
    "open long eth",
    "can you buy btc when rsi is under 30?",
]
IDEAS_ID = [
    "rsi < 30 beli",
    "beli btc",
    "golden cross btc harian",
    "jual saat rsi overbought",
    "beli kalau harga di atas ema 200",
    "entry stochastic oversold, exit overbought",
    "buatkan strategi rsi untuk solana",
    "beli eth tiap kali macd histogram positif",
    "take profit 5% di btcusdt",
    "jual bitcoin kalau turun 5%",
    "masuk posisi saat harga menembus upper band bollinger",
    "ema200 sebagai filter di 1 jam",
    "bikin strategi scalping buat btcusdt",
    "keluar kalau harga turun di bawah ema 20",
]
SMALL_TALK_EN = [
    "hi",
    "hello",
    "thanks!",
    "ok",
    "how do I start?",
    "what is rsi?",
    "should I buy btc now?",
    "bitcoin",
    "BTCUSDT or ETHUSDT?",
    "is 15m good for scalping?",
    "hi mom",
    "my bot is in the red",
    "how do I connect my binance key?",
    "thanks for the strategy",
    "I will be back in 5 min",
    "green candle, btc up 5%",
]
SMALL_TALK_ID = [
    "halo kak",
    "makasih",
    "terima kasih banyak ya",
    "selamat pagi",
    "gimana cara mulai?",
    "apa itu macd?",
    "apakah eth akan naik?",
    "btc naik terus ya",
    "btcusdt",
    "tema hari ini apa?",
    "kenapa bot saya berhenti?",
    "berapa biaya langganan?",
    "gak masuk akal",
    "saya mau keluar 2 jam lagi",
    "mantap, makasih buat strateginya",
    "harga btc di atas 100rb",
]


def test_both_languages_are_covered_evenly() -> None:
    assert len(IDEAS_EN + IDEAS_ID) >= 20 and len(IDEAS_ID) * 2 >= len(IDEAS_EN + IDEAS_ID)
    talk = SMALL_TALK_EN + SMALL_TALK_ID
    assert len(talk) >= 15 and len(SMALL_TALK_ID) * 2 >= len(talk)


@pytest.mark.parametrize("text", IDEAS_EN + IDEAS_ID)
def test_ideas_are_recognised_by_what_they_name(text: str) -> None:
    assert looks_like_idea(text), read_signals(text)


@pytest.mark.parametrize("text", SMALL_TALK_EN + SMALL_TALK_ID)
def test_greetings_thanks_questions_and_market_talk_are_not_ideas(text: str) -> None:
    assert not looks_like_idea(text), read_signals(text)


def test_length_decides_nothing() -> None:
    short = "buy SOL/USDT 15m when MACD crosses up"
    assert len(short) < 40 and looks_like_idea(short)
    chatty = "hello there, thank you so much for your help yesterday, have a nice day!"
    assert len(chatty) > 40 and not looks_like_idea(chatty)


def test_the_signals_say_why() -> None:
    signals = read_signals("buy SOL/USDT 15m when MACD crosses up")
    assert set(signals.found) == {"indicator", "action", "pair", "timeframe", "condition"}
    assert signals.anchored and not signals.question
    talk = read_signals("btc naik terus ya")  # a pair and a move: market talk, nothing to build
    assert set(talk.found) == {"pair", "condition"} and not talk.anchored
    question = read_signals("should I buy btc now?")
    assert question.question and set(question.found) == {"action", "pair"}


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_every_corpus_prompt_is_an_idea(case: Case) -> None:
    assert looks_like_idea(case.prompt), read_signals(case.prompt)
