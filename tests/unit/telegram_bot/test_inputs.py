"""Pasted-credential detection and typed input parsing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from orchestrator.core.errors import UserFacingError
from telegram_bot.inputs import numbers, parse_stake
from telegram_bot.keyguard import looks_like_credentials

BINANCE = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"


@pytest.mark.parametrize(
    "text",
    [
        BINANCE,
        f"here: {BINANCE}",
        "key Ab3dEf6hIj9kLm2nOp and secret aB3dEf6hIj9kLm2nOp4qRs7tUv0wXy1zAb2c",
        "API key: xyz123abc456",
        "api_secret = 0123456789abcdef",
        "Secret:   hunter22hunter",
        "kunci api: QWERTY123456",
        "0123456789abcdef0123456789abcdef",
    ],
)
def test_credentials_are_spotted(text: str) -> None:
    assert looks_like_credentials(text)


@pytest.mark.parametrize(
    "text",
    [
        "buy btc when rsi < 30",
        "BTCUSDT",
        "what is an api key?",
        "pneumonoultramicroscopicsilicovolcanoconiosis",
        "transaction 2026-11-24 at 65000",
        "ETH/USDT 1h EMA 9/21 crossover",
        "my secret: no",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert not looks_like_credentials(text)


@pytest.mark.parametrize(
    ("language", "text", "stake"),
    [
        ("id", "25.000", "25000.00"),
        ("id", "25000", "25000.00"),
        ("id", "25.000,50", "25000.50"),
        ("id", "12,5", "12.50"),
        ("id", "100.000 usdt", "100000.00"),
        ("en", "25,000.50", "25000.50"),
        ("en", "25000", "25000.00"),
        ("en", "12.5", "12.50"),
        ("en", " 100 USDT ", "100.00"),
        ("fr", "25,000", "25000.00"),  # a language we do not speak reads as English
    ],
)
def test_stakes_are_read_as_the_users_language_writes_them(
    language: str, text: str, stake: str
) -> None:
    assert parse_stake(text, language) == Decimal(stake)


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(
    "text", ["", "abc", "5", "-10", "+25", "100001", "NaN", "Infinity", "1e2", "25 000", "25_000"]
)
def test_bad_stakes_are_refused(language: str, text: str) -> None:
    with pytest.raises(UserFacingError) as caught:
        parse_stake(text, language)
    assert caught.value.key == "invalid_stake"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("id", "25,000.50"),  # English grouping
        ("id", "25.00"),  # an English decimal point
        ("id", "25,000"),  # 25 in Indonesian, but 25 thousand in English
        ("id", "2.50.00"),
        ("id", "1.000.000"),  # too much
        ("en", "25.000,50"),  # Indonesian grouping
        ("en", "12,5"),  # an Indonesian decimal comma
        ("en", "25.000"),  # 25 in English, but 25 thousand in Indonesian
        ("en", "12.345"),  # three decimals are never a stake
    ],
)
def test_ambiguous_or_foreign_stakes_are_refused(language: str, text: str) -> None:
    with pytest.raises(UserFacingError) as caught:
        parse_stake(text, language)
    assert caught.value.key == "invalid_stake"


def test_button_numbers() -> None:
    assert numbers("3:5:10") == [3, 5, 10]
    with pytest.raises(UserFacingError):
        numbers("3:x")
