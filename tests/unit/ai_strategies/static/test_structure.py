"""Strategy classes, required methods, logger setup and literal settings."""

from __future__ import annotations

import pytest

from ai_strategies.static import check_source
from tests.unit.ai_strategies.static.probe import HEAD, check, error_codes, strategy

METHODS = (
    "    def populate_indicators(self, dataframe, metadata):\n        return dataframe\n"
    "    def populate_entry_trend(self, dataframe, metadata):\n        return dataframe\n"
    "    def populate_exit_trend(self, dataframe, metadata):\n        return dataframe\n"
)


def test_missing_required_methods_are_named() -> None:
    source = f"{HEAD}\nclass Broken(IStrategy):\n    timeframe = '5m'\n"
    report = check_source(source)
    assert error_codes(report) == {"missing_method"}
    assert report.class_name == "Broken"
    message = report.errors[0].message
    assert "populate_indicators" in message
    assert "populate_exit_trend or populate_sell_trend" in message


def test_legacy_signal_methods_satisfy_the_requirement() -> None:
    legacy = METHODS.replace("populate_entry_trend", "populate_buy_trend").replace(
        "populate_exit_trend", "populate_sell_trend"
    )
    assert check_source(f"{HEAD}\nclass Legacy(IStrategy):\n{legacy}").ok


def test_leaf_of_a_file_hierarchy_is_the_strategy() -> None:
    source = (
        f"{HEAD}\nclass Base(IStrategy):\n{METHODS}\nclass Tuned(Base):\n    stoploss = -0.05\n"
    )
    report = check_source(source)
    assert report.ok, [p.message for p in report.errors]
    assert report.class_name == "Tuned"


def test_two_leaves_are_refused() -> None:
    source = f"{HEAD}\nclass Base(IStrategy):\n{METHODS}\nclass A(Base):\n    pass\n"
    source += "class B(Base):\n    pass\n"
    report = check_source(source)
    assert "strategy_count" in error_codes(report)
    assert report.class_name is None


@pytest.mark.parametrize(
    "base",
    ["Helper", "IStrategy[0]", "dict", "Later"],
)
def test_bases_must_be_istrategy_or_an_earlier_strategy(base: str) -> None:
    head = "class Helper:\n    pass" if base == "Helper" else ""
    source = strategy(head=head).replace("class Probe(IStrategy):", f"class Probe({base}):")
    source += "\nclass Later(IStrategy):\n    pass\n"
    assert "forbidden_base" in error_codes(check_source(source))


def test_istrategy_alias_is_a_base() -> None:
    source = strategy().replace("import IStrategy,", "import IStrategy as Base,")
    source = source.replace("class Probe(IStrategy):", "class Probe(Base):")
    assert check_source(source).ok


@pytest.mark.parametrize(
    "head",
    [
        "import logging\nlogger = logging.getLogger(__name__)",
        "from logging import getLogger\nlog = getLogger('probe')",
    ],
)
def test_module_logger_is_allowed(head: str) -> None:
    assert check(head=head).ok


@pytest.mark.parametrize(
    "head",
    [
        "import logging\nlogger = logging.getLogger(__file__)",
        "import logging\nlogger = logging.getLogger('a' + str(1))",
    ],
)
def test_module_logger_takes_a_literal_or_dunder_name(head: str) -> None:
    assert not check(head=head).ok


@pytest.mark.parametrize(
    ("head", "body", "ok"),
    [
        ("WINDOW = 30", "startup_candle_count = WINDOW + 5", True),
        ("WINDOW = 30", "startup_candle_count: int = WINDOW * 2 ** 3", True),
        ("", "startup_candle_count = 5000", True),
        ("", "startup_candle_count = 0", True),
        ("WINDOW = 3000", "startup_candle_count = WINDOW * 2", False),
        ("", "startup_candle_count = True", False),
        ("", "startup_candle_count = 10.5", False),
        ("TF = '1h'", "timeframe = TF", True),
        ("", "timeframe = '1M'", False),
    ],
)
def test_literal_settings(head: str, body: str, ok: bool) -> None:
    report = check(head=head, body=body)
    assert report.ok is ok, [p.message for p in report.errors]
    if not ok:
        assert error_codes(report) == {"invalid_setting"}


def test_own_private_attributes_and_super_init() -> None:
    methods = (
        "def __init__(self, config: dict) -> None:\n"
        "    super().__init__(config)\n"
        "    self._seen: dict[str, int] = {}\n"
        "def _count(self, pair: str) -> int:\n"
        "    return self._seen.get(pair, 0)\n"
    )
    report = check("x = self._count(metadata['pair'])", methods=methods)
    assert report.ok, [p.message for p in report.errors]
