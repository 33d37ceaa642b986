"""Every legit fixture strategy imports cleanly in real Freqtrade."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.unit.ai_strategies.strategy_listing import list_strategies, parse_table

LEGIT = Path(__file__).parents[2] / "fixtures" / "strategies" / "legit"


def test_parse_table_reads_rich_rows() -> None:
    output = (
        "┃ Strategy name ┃ Location ┃ Status ┃\n"
        "│           Foo │     a.py │     OK │           No │\n"
        "│            -- │   bad.py │ LOAD FAILED │       No │\n"
    )
    assert parse_table(output) == {"a.py": ("Foo", "OK"), "bad.py": ("--", "LOAD FAILED")}


@pytest.mark.slow
def test_legit_strategies_load_in_freqtrade(tmp_path: Path) -> None:
    expected = {
        path.name: re.search(r"^class (\w+)\(", path.read_text(), re.M).group(1)
        for path in sorted(LEGIT.glob("*.py"))
    }
    listed = list_strategies(LEGIT, tmp_path)
    assert {name: listed.get(name) for name in expected} == {
        name: (cls, "OK") for name, cls in expected.items()
    }
