"""The allow-lists refuse by default, and their data is consistent with the real libraries."""

from __future__ import annotations

import ast
import importlib
import warnings

import pytest

from ai_strategies import window
from ai_strategies.static import allowlist, attributes, modules
from ai_strategies.static.report import MAX_ECHO
from tests.unit.ai_strategies.static.probe import check, error_codes


@pytest.mark.parametrize(
    ("code", "expected", "reason"),
    [
        ("x = dataframe.explode('close')", "unknown_attribute", "'explode' is not on the allow"),
        ("x = dataframe.brand_new_method()", "unknown_attribute", "not on the allow-list"),
        ("x = dataframe['close'].rolling(3).brand_new_window()", "unknown_attribute", "allow"),
        ("x = dataframe.to_numpy()", "forbidden_attribute", "write files"),
        ("import numpy as np\nx = np.vectorize(len)", "unknown_attribute", "module 'numpy'"),
        ("import pandas as pd\nx = pd.api", "forbidden_attribute", "another module"),
        ("import math\nx = math.factorial(10)", "unknown_attribute", "module 'math'"),
        ("import functools\nx = functools.partial(len)", "unknown_attribute", "'functools'"),
        ("import logging\nx = logging.root", "unknown_attribute", "module 'logging'"),
        ("x = self.dp.send_msg('hi')", "unknown_attribute", "'send_msg'"),
        ("x = self.undeclared_setting", "unknown_attribute", "'undeclared_setting'"),
        ("import scipy", "forbidden_import", "Import of module 'scipy'"),
        ("from freqtrade.data.history import load_pair_history", "forbidden_import", "module"),
        ("from pandas import eval as evaluate", "forbidden_import", "evaluates code"),
        ("x = foo(1)", "unknown_name", "neither defined in the file"),
        ("x = id(self)", "forbidden_name", "'id' is not on the allow-list"),
        ("x = bytearray(10)", "forbidden_name", "'bytearray' is not on the allow-list"),
        ("x = object", "forbidden_call", "root of attribute-walk escapes"),
        ("t = type", "forbidden_call", "may only be called directly"),
        ("x = type('X', (), {})", "forbidden_call", "creates a class"),
        ("x = super()", "forbidden_call", "super().method(...)"),
        ("x = self._private_of_freqtrade", "private_access", "'_private_of_freqtrade'"),
        ("self._ft_params_from_file = {}", "private_access", "'_ft_params_from_file'"),
        ("x = dataframe.close()", "forbidden_attribute", "read as a column"),
        ("import talib.abstract as ta\nta.RSI = len", "monkeypatch", "'RSI' of imported 'ta'"),
        ("import numpy as np\nnp = 1", "import_shadowing", "imported name 'np'"),
    ],
)
def test_refused_by_default(code: str, expected: str, reason: str) -> None:
    report = check(code)
    assert expected in error_codes(report), [p.message for p in report.errors]
    assert any(reason in p.message for p in report.errors if p.code == expected)


@pytest.mark.parametrize(
    "code",
    [
        "x = dataframe['close'].rolling(3).mean().shift(1).fillna(0).clip(0, 1)",
        "x = dataframe['date'].dt.hour",
        "x = dataframe.close.rolling(2).max()",
        "x = dataframe.apply(lambda row: row['close'], axis=1)",
        "x = dataframe['close'].map(lambda v: v * 2)",
        "x = '{:.2f} {}'.format(1.5, 'x')",
        "x = f'{self.stoploss:.2f}'",
        "import numpy as np\nx = np.where(dataframe['close'] > 1, 1, 0)",
        "import pandas as pd\nx = pd.to_datetime(dataframe['date'])",
        "import typing\nx: typing.Optional[int] = None",
        "x = list(map(str, [1, 2]))",
        "x = sorted(filter(lambda v: v > 0, [1, -1]))",
        "match metadata:\n    case {'pair': 'BTC/USDT'}:\n        x = 1\n"
        "    case _:\n        x = 2",
        "try:\n    x = 1 / 0\nexcept ZeroDivisionError as e:\n    x = e.args",
        "if (n := len(dataframe)) > 3:\n    x = n",
    ],
)
def test_allowed_forms(code: str) -> None:
    report = check(code)
    assert report.errors == [], [p.message for p in report.errors]


def test_node_allow_list_refuses_unknown_node_types() -> None:
    class Novel(ast.expr):
        """A node type Python might add one day."""

    assert not allowlist.node_allowed(Novel())
    assert not allowlist.node_allowed(ast.Global(names=["x"]))
    assert allowlist.node_allowed(ast.Name(id="x"))
    assert allowlist.node_allowed(ast.Add())
    assert not set(allowlist.REFUSED_NODES) & allowlist.ALLOWED_NODES


@pytest.mark.parametrize("module", sorted(modules.MODULES))
def test_every_listed_module_and_name_exists(module: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # deprecated vendored qtpylib, pandas_ta's imports
        imported = importlib.import_module(module)
        listed = [n for n in modules.MODULES[module] if f"{module}.{n}" not in modules.MODULES]
        missing = [n for n in listed if not hasattr(imported, n)]
    assert missing == []


def test_never_names_are_on_no_allow_list() -> None:
    converters = {"to_datetime", "to_numeric", "to_timedelta"}  # pandas module functions
    never = [n for n in attributes.GENERIC | attributes.STRATEGY if attributes.never_reason(n)]
    assert never == []
    for module, names in modules.MODULES.items():
        refused = {n for n in names if attributes.never_reason(n)} - converters
        assert refused == set(), module
    assert not set(allowlist.NEVER_BUILTINS) & allowlist.ALLOWED_BUILTINS


def test_startup_bound_matches_the_judging_window() -> None:
    assert allowlist.MAX_STARTUP_CANDLES == window.MAX_STARTUP_CANDLES


@pytest.mark.parametrize(
    "code",
    [
        "x = self." + "a" * 500,
        "import " + "b" * 500,
        "x = " + "c" * 500 + "(1)",
        "x = '" + "__" + "d" * 500 + "__'",
        "x = dataframe.agg('" + "e" * 500 + "')",
    ],
)
def test_messages_never_echo_more_than_80_characters(code: str) -> None:
    report = check(code)
    assert report.errors
    for found in report.errors:
        longest = max(len(run) for run in found.message.replace("'", " ").split())
        assert longest <= MAX_ECHO, found.message
