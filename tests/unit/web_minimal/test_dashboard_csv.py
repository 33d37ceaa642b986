"""The CSV export's cells: formulas defused in text, numbers and moments written plainly."""

from __future__ import annotations

import csv
import datetime as dt
import io
import uuid
from decimal import Decimal

import pytest

from orchestrator.dashboard.trades import ClosedTradeRow, OpenTradeRow
from web_minimal.dashboard.csv_export import COLUMNS, cell, csv_text, text_cell

OPENED = dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-cmd", "'-cmd"),
        ("@import", "'@import"),
        ("\tTAB", "'\tTAB"),
        ("\r=1", "'\r=1"),
        ("roi", "roi"),
        ("BTC/USDT", "BTC/USDT"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
    ],
)
def test_text_that_a_spreadsheet_would_run_is_defused(text: str | None, written: str) -> None:
    assert text_cell(text) == written


def test_numbers_booleans_and_moments_are_written_plainly() -> None:
    assert cell(Decimal("-1.500000")) == "-1.5"
    assert cell(Decimal("100.000000000000")) == "100"
    assert cell(Decimal("0.00000001")) == "0.00000001"
    assert cell(-3) == "-3" and cell(True) == "true" and cell(None) == ""
    wib = dt.timezone(dt.timedelta(hours=7))
    assert cell(dt.datetime(2026, 11, 20, 10, 0, tzinfo=wib)) == "2026-11-20T03:00:00+00:00"
    assert cell(dt.datetime(2026, 11, 20, 3, 0)) == "2026-11-20T03:00:00+00:00"  # naive is UTC


def test_a_file_has_the_header_then_one_line_per_trade() -> None:
    bot = uuid.uuid4()
    closed = ClosedTradeRow(
        bot, 7, "BTC/USDT", False, OPENED, OPENED + dt.timedelta(minutes=90), Decimal("50000"),
        Decimal("49000"), Decimal("0.002"), Decimal("100"), Decimal("-2"), Decimal("-0.02"),
        "stop_loss", "=1+1", "USDT",
    )  # fmt: skip
    still_open = OpenTradeRow(
        bot, 8, "ETH/USDT", False, OPENED, Decimal("3000"), Decimal("0.1"), Decimal("300"),
        "USDT", None,
    )  # fmt: skip

    text = csv_text([closed, still_open])

    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == COLUMNS and len(rows) == 3 and text.endswith("\r\n")
    first = dict(zip(COLUMNS, rows[1], strict=True))
    assert first["profit_abs"] == "-2" and first["enter_tag"] == "'=1+1"
    assert first["duration_s"] == "5400" and first["is_open"] == "false"
    second = dict(zip(COLUMNS, rows[2], strict=True))
    assert second["is_open"] == "true" and second["close_date"] == "" and second["duration_s"] == ""
