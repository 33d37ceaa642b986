"""Numbers, percentages, money and moments in Indonesian and English."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from kernel.formatting import date, day_month, moment, money, month_year, number, percent, time


@pytest.mark.parametrize(
    ("value", "options", "indonesian", "english"),
    [
        (1234.5, {}, "1.234,50", "1,234.50"),
        (-1234567.891, {}, "-1.234.567,89", "-1,234,567.89"),
        (Decimal("12.5"), {"decimals": 0}, "12", "12"),  # half to even
        (13.5, {"decimals": 0}, "14", "14"),
        (2.675, {}, "2,68", "2.68"),  # rounded as written, not as the float 2.67499…
        (-0.001, {"signed": True}, "+0,00", "+0.00"),  # never a negative zero
        (3, {"signed": True}, "+3,00", "+3.00"),
        (-3, {"signed": True}, "-3,00", "-3.00"),
        ("0.00040000", {"decimals": 8, "trim": True}, "0,0004", "0.0004"),
        (65000.5, {"decimals": 8, "trim": True}, "65.000,5", "65,000.5"),
        (1e30, {"decimals": 0}, "1" + ".000" * 10, "1" + ",000" * 10),
    ],
)
def test_numbers(value: float, options: dict[str, int], indonesian: str, english: str) -> None:
    assert number(value, "id", **options) == indonesian  # type: ignore[arg-type]
    assert number(value, "en", **options) == english  # type: ignore[arg-type]


def test_unknown_language_writes_english_and_bad_input_is_refused() -> None:
    assert number(1234.5, "fr") == "1,234.50"
    assert number(float("nan"), "en") == "NaN"
    with pytest.raises(ValueError, match="not a number"):
        number("abc", "id")


def test_percentages() -> None:
    assert percent(12.34, "id") == "12,3%"
    assert percent(-3.25, "en", signed=True) == "-3.2%"
    assert percent(0.5, "id", decimals=2, signed=True) == "+0,50%"
    assert percent(1.5000000000000002, "en", decimals=4, trim=True) == "1.5%"


def test_money() -> None:
    assert money(149000, "IDR", "id") == "Rp 149.000"
    assert money(149000, "IDR", "en") == "Rp 149,000"
    assert money(Decimal("149000.6"), "idr", "id") == "Rp 149.001"
    assert money(-5000, "IDR", "id", signed=True) == "-Rp 5.000"
    assert money(1234.56, "USDT", "id") == "1.234,56 USDT"
    assert money(1234.56, "USDT", "en") == "1,234.56 USDT"
    assert money(-1.234, "USDT", "en", signed=True) == "-1.23 USDT"
    assert money("0.00123000", "BTC", "id") == "0,00123 BTC"


def test_moments_are_shown_in_jakarta_time() -> None:
    evening = datetime(2025, 8, 5, 17, 30, tzinfo=UTC)  # 00:30 the next day in Jakarta
    assert date(evening, "id") == "6 Agu 2025"
    assert date(evening, "en") == "Aug 6, 2025"
    assert time(evening, "id") == "00.30"
    assert time(evening, "en") == "00:30"
    assert moment(evening, "id") == "6 Agu 2025 00.30"
    assert moment(evening, "en") == "Aug 6, 2025, 00:30"
    assert day_month(evening, "id") == "6 Agu"
    assert month_year(evening, "en") == "Aug 2025"


def test_naive_moments_are_utc_and_the_zone_can_be_chosen() -> None:
    naive = datetime(2025, 1, 5, 12, 0)
    assert moment(naive, "id") == "5 Jan 2025 19.00"
    assert moment(naive, "id", tz="UTC") == "5 Jan 2025 12.00"
    bali = datetime(2025, 1, 5, 20, 0, tzinfo=timezone(timedelta(hours=8)))
    assert time(bali, "en") == "19:00"
    assert time(bali, "en", tz="Asia/Makassar") == "20:00"
