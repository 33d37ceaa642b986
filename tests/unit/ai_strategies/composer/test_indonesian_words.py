"""What the composer and the describer say in Indonesian has no English words left in it."""

from __future__ import annotations

import pytest

from ai_strategies.composer import NotUnderstood, compose
from ai_strategies.spec import title
from tests.support.indonesian import english_in, english_vocabulary
from tests.unit.test_catalogues import CATALOGUES

VOCABULARY = english_vocabulary(CATALOGUES.values())
IDEAS = [
    "beli BTC kalau RSI di bawah 30 timeframe 15 menit, stop loss 3%",
    "scalping BTC/USDT 5m dengan RSI dan EMA crossover",
    "beli ETH 4 jam saat EMA 9 memotong ke atas EMA 21, take profit 5%, trailing stop 2%",
    "beli SOL saat harga menyentuh band bawah bollinger dan volume 2x rata-rata",
    "beli BNB 1 jam saat MACD memotong ke atas garis sinyal dan ADX di atas 25, jeda 2 jam",
    "beli BTC dengan leverage 10x saat RSI di bawah 30",
]
REFUSED = [
    "tolong buatkan strategi untuk BTC",
    "short BTC kalau RSI di atas 70, leverage 10x",
    "short ETH 4h saat EMA 9 memotong ke bawah EMA 21, stop loss 2%",
]


@pytest.mark.parametrize("idea", IDEAS)
def test_a_strategy_is_explained_in_indonesian_only(idea: str) -> None:
    built = compose(idea, "id")
    for text in (built.explanation, built.summary, title(built.spec, "id")):
        assert english_in(text, VOCABULARY) == [], text


@pytest.mark.parametrize("idea", REFUSED)
def test_a_refusal_is_said_in_indonesian_only(idea: str) -> None:
    with pytest.raises(NotUnderstood) as caught:
        compose(idea, "id")
    refused = caught.value
    said = [refused.message, *refused.understood, *refused.missing, refused.long_version or ""]
    assert [english_in(text, VOCABULARY) for text in said] == [[] for _ in said]
