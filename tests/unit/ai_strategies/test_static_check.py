"""Static strategy check: the fixture corpus and one test per rule."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from ai_strategies.static import StaticReport, check_source

CORPUS = Path(__file__).parents[2] / "fixtures" / "strategies"
MALICIOUS = sorted((CORPUS / "malicious").glob("*.py"))
LEGIT = sorted((CORPUS / "legit").glob("*.py"))


def strategy(indicators: str = "", *, head: str = "", body: str = "", methods: str = "") -> str:
    """Build a minimal valid strategy with code spliced into chosen places."""
    exit_trend = (
        ""
        if "def populate_exit_trend" in methods
        else "    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:"
        "\n        return dataframe\n"
    )
    return (
        "from freqtrade.strategy import IStrategy, IntParameter, informative\n"
        "from pandas import DataFrame\n"
        f"{textwrap.dedent(head)}\n\n"
        "class Probe(IStrategy):\n"
        "    timeframe = '5m'\n"
        "    stoploss = -0.1\n"
        f"{textwrap.indent(textwrap.dedent(body), '    ')}\n"
        "    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:\n"
        f"{textwrap.indent(textwrap.dedent(indicators), '        ')}\n"
        "        return dataframe\n\n"
        "    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:\n"
        "        return dataframe\n"
        f"{exit_trend}"
        f"{textwrap.indent(textwrap.dedent(methods), '    ')}\n"
    )


def codes(report: StaticReport, severity: str = "error") -> set[str]:
    """Return the problem codes of one severity."""
    return {p.code for p in report.problems if p.severity == severity}


def header(path: Path, key: str) -> str | None:
    """Return the value of a `# key: value` comment in the first lines of a fixture."""
    for line in path.read_text().splitlines()[:3]:
        if line.startswith(f"# {key}:"):
            return line.split(":", 1)[1].strip()
    return None


# Infinite loops and resource bombs in method bodies only show up when Freqtrade runs the
# code; tests/integration/ai_strategies/test_validator_runtime.py covers these files.
STATIC_MALICIOUS = [path for path in MALICIOUS if header(path, "stage") != "load"]


def test_corpus_is_big_enough() -> None:
    assert len(MALICIOUS) >= 30
    assert len(LEGIT) >= 10


@pytest.mark.parametrize("path", STATIC_MALICIOUS, ids=lambda p: p.stem)
def test_malicious_file_is_rejected(path: Path) -> None:
    assert header(path, "attack"), "every attack file says what it attempts"
    report = check_source(path.read_text())
    assert not report.ok
    assert report.errors
    assert all(p.message.strip() for p in report.errors)
    assert header(path, "expect") in codes(report)


@pytest.mark.parametrize("path", LEGIT, ids=lambda p: p.stem)
def test_legit_file_passes(path: Path) -> None:
    source = path.read_text()
    report = check_source(source)
    assert report.errors == []
    assert report.ok
    assert report.class_name == re.search(r"^class (\w+)\(", source, re.M).group(1)


@pytest.mark.parametrize(
    "line",
    [
        "from freqtrade.strategy import IStrategy as Base, merge_informative_pair",
        "from freqtrade.persistence import Trade, Order",
        "from freqtrade.exchange import timeframe_to_minutes",
        "from freqtrade.enums import CandleType",
        "import freqtrade.vendor.qtpylib.indicators as qtpylib",
        "import pandas as pd",
        "import numpy as np",
        "import talib",
        "import talib.abstract as ta",
        "import technical.indicators",
        "from technical.indicators import ichimoku",
        "from datetime import datetime, timedelta",
        "from typing import Optional",
        "import math",
        "from functools import reduce",
        "import functools",
        "import logging",
        "from decimal import Decimal",
        "from technical.util import resample_to_interval",
        "import datetime",
    ],
)
def test_allowed_import(line: str) -> None:
    assert check_source(strategy(head=line)).ok


@pytest.mark.parametrize(
    "line",
    [
        "import os",
        "import os.path as p",
        "from os import path",
        "from freqtrade.exchange import Exchange",
        "from freqtrade.persistence import init_db",
        "from freqtrade.misc import file_dump_json",
        "from pandas import read_csv",
        "from numpy import load",
        "from . import sibling",
        "from technical import *",
        "import freqtrade.strategy",
        "from __future__ import barry_as_FLUFL",
        "from freqtrade.vendor.qtpylib.indicators import warnings",
        "from typing import get_type_hints",
        "from freqtrade.strategy import *",
        "from pandas import *",
        "from functools import partial",
        "from logging import FileHandler",
        "from typing import re",
        "import numpy.f2py as f2py",
        "from technical.indicators import np",
        "from freqtrade.persistence import init_db as Trade",
        "from freqtrade.strategy import _private",
    ],
)
def test_refused_import(line: str) -> None:
    report = check_source(strategy(head=line))
    assert "forbidden_import" in codes(report)


def test_import_inside_method_is_checked() -> None:
    report = check_source(strategy("import socket"))
    assert "forbidden_import" in codes(report)


@pytest.mark.parametrize(
    "call",
    [
        "eval('1')",
        "exec('x = 1')",
        "compile('1', 'f', 'eval')",
        "open('/etc/passwd')",
        "input()",
        "breakpoint()",
        "exit()",
        "quit()",
        "globals()",
        "locals()",
        "vars(self)",
        "dir(self)",
        "memoryview(b'')",
        "f = eval",
        "type('X', (), {})",
        "getattr(self, name)",
        "setattr(self, 'x' + name, 1)",
        "g = getattr",
        "x = getattr(self, 'buy_rsi')",
        "x = hasattr(self, 'dp')",
        "setattr(self, 'last_pair', metadata['pair'])",
        "t = type",
        "x = object",
        "x = str.format('{0.dp}', self)",
    ],
)
def test_forbidden_call(call: str) -> None:
    report = check_source(strategy(f"name = 'a'\n{call}"))
    assert "forbidden_call" in codes(report)


@pytest.mark.parametrize(
    "code",
    [
        "x = self.stoploss if self.dp else 0",
        "self.last_pair = metadata['pair']",
        "kind = type(dataframe)",
        "x = '{:.2f}'.format(1.5)",
        "x = 'rsi' + '_fast'",
    ],
)
def test_harmless_builtin_use_passes(code: str) -> None:
    assert check_source(strategy(code)).ok


@pytest.mark.parametrize(
    "code",
    [
        "x = dataframe.__class__",
        "x = self.__dict__",
        "x = getattr(self, '__class__')",
        "x = __builtins__",
        "x = __loader__",
        "x = __spec__",
        "x = __file__",
        "x = '__globals__'",
    ],
)
def test_dunder_access_refused(code: str) -> None:
    assert "dunder_access" in codes(check_source(strategy(code)))


def test_super_init_is_the_allowed_dunder() -> None:
    methods = """
    def __init__(self, config: dict) -> None:
        super().__init__(config)
        self._seen = 0
    """
    assert check_source(strategy("self._seen += 1", methods=methods)).ok


def test_special_method_definition_refused() -> None:
    report = check_source(strategy(methods="def __getattr__(self, name):\n    return 1\n"))
    assert "dunder_access" in codes(report)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("x = self.dp._exchange", "private_access"),
        ("x = self._undefined_internal", "private_access"),
        ("x = self.config['exchange']['key']", "secret_access"),
        ("x = self.config.get('api_server')", "secret_access"),
        ("dataframe.to_csv('/tmp/x.csv')", "forbidden_attribute"),
        ("x = dataframe.eval('close * 2')", "forbidden_attribute"),
        ("gen = (i for i in []); f = gen.gi_frame", "forbidden_attribute"),
        ("import pandas as pd\npd.io.common.os.getcwd()", "forbidden_attribute"),
        ("IStrategy.stoploss = -0.5", "monkeypatch"),
        ("len = 3", "builtin_shadowing"),
        ("x = 'ex' + 'ec'", "obfuscated_name"),
        ("x = '{0.dp}'.format(self)", "forbidden_call"),
        ("x = [0] * 10 ** 12", "resource_abuse"),
        ("x = 2 ** 100000", "resource_abuse"),
    ],
)
def test_expression_rules(code: str, expected: str) -> None:
    assert expected in codes(check_source(strategy(code)))


@pytest.mark.parametrize("statement", ["global X", "nonlocal y"])
def test_global_and_nonlocal_refused(statement: str) -> None:
    code = f"def inner():\n    {statement}\n    return 1"
    outer = f"y = 1\n{code}" if statement.startswith("nonlocal") else code
    assert "forbidden_statement" in codes(check_source(strategy(outer)))


@pytest.mark.parametrize(
    "head",
    [
        "LIMIT = 5",
        "ROI = {'0': 0.1, '30': 0.05}",
        "PAIRS = ('BTC/USDT', 'ETH/USDT')",
        "RATIO: float = -1 * 0.5 + 2",
        "ALIAS = LIMIT",
        "def helper(x: int = 3) -> int:\n    return x * 2",
    ],
)
def test_allowed_module_level_code(head: str) -> None:
    source = strategy(head=head if head.startswith("def") else f"LIMIT = 1\n{head}")
    assert check_source(source).ok


def test_module_docstring_allowed() -> None:
    assert check_source(f'"""Buy dips."""\n{strategy()}').ok


@pytest.mark.parametrize(
    "head",
    [
        "print('hi')",
        "if __name__ == '__main__':\n    pass",
        "for i in range(3):\n    pass",
        "class Helper:\n    pass",
        "X = DataFrame()",
        "try:\n    pass\nexcept Exception:\n    pass",
    ],
)
def test_refused_module_level_code(head: str) -> None:
    assert "module_level_code" in codes(check_source(strategy(head=head)))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("buy_rsi = IntParameter(10, 40, default=30, space='buy')", None),
        ("roi = dict(a=1)", None),
        ("print('x')", "class_level_code"),
        ("cache = DataFrame()", "class_level_code"),
        ("for i in range(3):\n    pass", "class_level_code"),
    ],
)
def test_class_level_rules(body: str, expected: str | None) -> None:
    report = check_source(strategy(body=body))
    assert (expected in codes(report)) if expected else report.ok


def test_metaclass_keyword_refused() -> None:
    source = strategy().replace(
        "class Probe(IStrategy):", "class Probe(IStrategy, metaclass=type):"
    )
    assert "class_level_code" in codes(check_source(source))


@pytest.mark.parametrize(
    ("decorator", "allowed"),
    [
        ("@informative('1h')", True),
        ("@property", True),
        ("@staticmethod", True),
        ("@hook", False),
        ("@informative(str(1))", False),
        ("@informative('1h', fmt=str(1))", False),
    ],
)
def test_decorators(decorator: str, allowed: bool) -> None:
    methods = f"{decorator}\ndef populate_indicators_1h(self, dataframe, metadata):\n    return 1\n"
    head = "def hook(f):\n    return f"
    report = check_source(strategy(head=head, methods=methods))
    assert report.ok is allowed
    if not allowed:
        assert "forbidden_decorator" in codes(report)


def test_call_in_default_argument_refused() -> None:
    report = check_source(strategy(methods="def helper(self, x=print('boot')):\n    return x\n"))
    assert "import_time_call" in codes(report)


def test_strategy_count_and_class_name() -> None:
    assert check_source(strategy()).class_name == "Probe"
    none = check_source("import math\n")
    assert "strategy_count" in codes(none)
    assert none.class_name is None
    two = strategy() + "\n\nclass Other(IStrategy):\n    pass\n"
    assert "strategy_count" in codes(check_source(two))


def test_size_limits() -> None:
    padding = "# " + "x" * 98 + "\n"
    too_many_bytes = strategy() + padding * 700
    assert codes(check_source(too_many_bytes)) == {"too_large"}
    too_many_lines = strategy() + "\n" * 1500
    assert codes(check_source(too_many_lines)) == {"too_large"}


def test_syntax_error_reports_line() -> None:
    report = check_source("from pandas import DataFrame\n\ndef broken(:\n")
    assert codes(report) == {"syntax_error"}
    assert report.problems[0].line == 3
    assert report.problems[0].message.startswith("Line 3:")
    assert codes(check_source("x = 1\x00")) == {"syntax_error"}


def test_deeply_nested_code_is_refused_not_crashing() -> None:
    source = strategy("x = " + " + ".join(["1"] * 3000))
    assert codes(check_source(source)) == {"too_complex"}


def test_messages_carry_line_numbers() -> None:
    report = check_source(strategy(head="import os"))
    error = report.errors[0]
    assert error.line == 3
    assert error.message.startswith("Line 3: ")
    assert "'os'" in error.message


@pytest.mark.parametrize(
    "code",
    [
        "dataframe['future'] = dataframe['close'].shift(-1)",
        "dataframe['future'] = dataframe['close'].shift(periods=-3)",
        "dataframe['hi'] = dataframe['close'] > dataframe['close'].mean()",
        "dataframe['z'] = dataframe['close'] / dataframe.close.max()",
        "dataframe['q'] = (dataframe['close'] - dataframe['open']).std()",
        "dataframe['p'] = dataframe['volume'].fillna(0).quantile(0.9)",
    ],
)
def test_lookahead_warnings(code: str) -> None:
    report = check_source(strategy(code))
    assert report.ok
    assert "lookahead" in codes(report, "warning")
    assert all(p.line for p in report.warnings)


@pytest.mark.parametrize(
    "code",
    [
        "dataframe['prev'] = dataframe['close'].shift(1)",
        "dataframe['m'] = dataframe['close'].rolling(20).mean()",
        "dataframe['e'] = dataframe['close'].ewm(span=10).mean()",
        "dataframe['x'] = dataframe['close'].expanding().max()",
        "dataframe['top'] = dataframe[['open', 'close']].max(axis=1)",
    ],
)
def test_no_lookahead_warning(code: str) -> None:
    report = check_source(strategy(code))
    assert report.problems == []


def test_iloc_last_in_signal_method_warns() -> None:
    entry = "def populate_exit_trend(self, dataframe, metadata):\n"
    entry += "    dataframe['exit_long'] = dataframe['close'] > dataframe['open'].iloc[-1]\n"
    entry += "    return dataframe\n"
    report = check_source(strategy(methods=entry))
    assert "lookahead" in codes(report, "warning")
    callback = "def custom_exit(self, pair, trade, current_time, **kwargs):\n"
    callback += "    return self.last.iloc[-1] > 0\n"
    assert check_source(strategy(methods=callback)).problems == []


def test_endless_loop_is_a_warning() -> None:
    assert "infinite_loop" in codes(check_source(strategy("while True:\n    pass")), "warning")
    assert check_source(strategy("while True:\n    break")).problems == []
