"""One minimal strategy per attack class: each is rejected, and the message says why."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from ai_strategies.static import check_source
from tests.unit.ai_strategies.static.probe import check, error_codes, strategy


@dataclass(frozen=True)
class Attack:
    """A snippet spliced into a valid strategy, the error code and a phrase of the reason."""

    name: str
    code: str
    reason: str
    indicators: str = ""
    head: str = ""
    body: str = ""
    methods: str = ""


HELPER = "def helper(self):\n    return 1\n"

# Attribute chains through allowed modules to builtins, files or os.
CHAINS = [
    Attack(
        "typing_re",
        "unknown_attribute",
        "allow-list of module 'typing'",
        "import typing\nx = typing.re.compile('x')",
    ),
    Attack("typing_sys", "forbidden_attribute", "another module", "import typing\nx = typing.sys"),
    Attack(
        "typing_cast",
        "unknown_attribute",
        "used as a name only",
        "x = Any.copy_with",
        head="from typing import Any",
    ),
    Attack(
        "numpy_f2py",
        "forbidden_attribute",
        "another module",
        "import numpy as np\nnp.f2py.compile('x')",
    ),
    Attack(
        "numpy_lib",
        "forbidden_attribute",
        "another module",
        "import numpy as np\nnp.lib.format.open_memmap('/tmp/x')",
    ),
    Attack(
        "numpy_save", "forbidden_attribute", "files", "import numpy as np\nnp.save('/tmp/x', 1)"
    ),
    Attack("numpy_load", "forbidden_attribute", "files", "import numpy as np\nnp.load('/tmp/x')"),
    Attack(
        "ndarray_dump", "forbidden_attribute", "files", "dataframe['close'].values.dump('/tmp/x')"
    ),
    Attack(
        "ndarray_tofile",
        "forbidden_attribute",
        "files",
        "dataframe['close'].values.tofile('/tmp/x')",
    ),
    Attack("to_csv", "forbidden_attribute", "write files", "dataframe.to_csv('/tmp/x.csv')"),
    Attack("to_pickle", "forbidden_attribute", "write files", "dataframe.to_pickle('/tmp/x')"),
    Attack(
        "to_string_buf", "forbidden_call", "writes output", "out = []\ndataframe.to_string(buf=out)"
    ),
    Attack(
        "apply_method_name",
        "forbidden_call",
        "calls a method by name",
        "dataframe.apply('to_csv', path='/tmp/x')",
    ),
    Attack(
        "apply_engine",
        "forbidden_call",
        "evaluation engine",
        "dataframe.apply(lambda r: r, engine='python')",
    ),
    Attack("frame_eval", "forbidden_attribute", "evaluates code", "x = dataframe.eval('close*2')"),
    Attack(
        "frame_query", "forbidden_attribute", "evaluates code", "x = dataframe.query('close>1')"
    ),
    Attack(
        "read_url",
        "forbidden_attribute",
        "fetch files and URLs",
        "import pandas as pd\nx = pd.read_csv('http://203.0.113.9/x.csv')",
    ),
    Attack(
        "read_pickle_alias",
        "forbidden_attribute",
        "fetch files and URLs",
        "x = DataFrame.read_pickle",
    ),
    Attack(
        "pandas_io_os",
        "forbidden_attribute",
        "another module",
        "import pandas as pd\npd.io.common.os.system('id')",
    ),
    Attack(
        "qtpylib_numpy",
        "unknown_attribute",
        "allow-list of module 'technical.qtpylib'",
        "x = qtpylib.np.lib",
        head="from technical import qtpylib",
    ),
    Attack(
        "talib_function_by_name",
        "unknown_attribute",
        "allow-list of module 'talib.abstract'",
        "x = ta.Function('RSI')",
        head="import talib.abstract as ta",
    ),
    Attack("style_render", "forbidden_attribute", "renders output", "x = dataframe.style"),
    Attack(
        "module_in_variable",
        "forbidden_attribute",
        "files",
        "import numpy as np\nm = np\nx = m.load('/tmp/x')",
    ),
    Attack(
        "trade_session",
        "forbidden_attribute",
        "database session",
        "Trade.session.execute('DROP TABLE trades')",
        head="from freqtrade.persistence import Trade",
    ),
]

# Names hidden in strings.
STRINGS = [
    Attack(
        "match_class_keyword",
        "forbidden_syntax",
        "class patterns read attributes by name",
        "match dataframe:\n    case DataFrame(attrs=a):\n        pass",
    ),
    Attack(
        "match_class_positional",
        "forbidden_syntax",
        "class patterns",
        "match metadata:\n    case dict(x):\n        pass",
    ),
    Attack(
        "attrgetter_import",
        "forbidden_import",
        "Import from module 'operator'",
        head="from operator import attrgetter, methodcaller",
    ),
    Attack(
        "methodcaller_attribute",
        "forbidden_attribute",
        "by a string name",
        "f = metadata.methodcaller('to_csv', '/tmp/x')",
    ),
    Attack(
        "operator_module", "forbidden_import", "Import of module 'operator'", head="import operator"
    ),
    Attack(
        "getattr_computed",
        "forbidden_call",
        "computed name",
        "name = 'dp'\nx = getattr(self, name)",
    ),
    Attack("hasattr_probe", "forbidden_call", "string name", "x = hasattr(self, 'dp')"),
    Attack("format_dunder", "dunder_access", "special attribute", "x = '{0.__class__}'.format(1)"),
    Attack(
        "format_attribute",
        "forbidden_call",
        "read attributes or items",
        "x = '{0.dp.config}'.format(self)",
    ),
    Attack(
        "format_index",
        "forbidden_call",
        "read attributes or items",
        "x = '{0[exchange]}'.format(self.config)",
    ),
    Attack(
        "format_runtime_template",
        "forbidden_call",
        "string literal template",
        "template = '{0' + '.dp}'\nx = template.format(self)",
    ),
    Attack(
        "format_map",
        "forbidden_attribute",
        "string name",
        "x = '{stoploss}'.format_map(self.config)",
    ),
    Attack("agg_by_name", "forbidden_call", "calls a method by name", "x = dataframe.agg('eval')"),
    Attack(
        "agg_list_by_name",
        "forbidden_call",
        "calls a method by name",
        "x = dataframe.rolling(3).agg(['mean', 'max'])",
    ),
    Attack(
        "pipe_by_name",
        "forbidden_call",
        "calls a method by name",
        "x = dataframe.pipe(('to_csv', 'path_or_buf'), '/tmp/x')",
    ),
    Attack(
        "transform_by_name",
        "forbidden_call",
        "calls a method by name",
        "x = dataframe.groupby('volume').transform('cumsum')",
    ),
    Attack(
        "map_bound_format",
        "forbidden_call",
        "as its first argument",
        "x = list(map('{}'.format, [1]))",
    ),
    Attack(
        "apply_name_in_variable",
        "forbidden_call",
        "a variable could hold a method name",
        "name = 'to_' + 'csv'\ndataframe.apply(name, path_or_buf=None)",
    ),
    Attack(
        "apply_starred_name",
        "forbidden_call",
        ".apply() needs a lambda or a function",
        "dataframe.apply(*['to_csv'])",
    ),
    Attack(
        "fstring_computed_spec",
        "forbidden_syntax",
        "format specs must be literal",
        "spec = '.2f'\nx = f'{self.stoploss:{spec}}'",
    ),
    Attack("concatenated_name", "obfuscated_name", "spells the refused name", "x = 'ev' + 'al'"),
    Attack(
        "joined_dunder",
        "obfuscated_name",
        "spells the refused name",
        "x = ''.join(['__cla', 'ss__'])",
    ),
    Attack("secret_by_key", "secret_access", "credential", "x = self.config['exchange']['secret']"),
]

# Code in places a body-only checker never looks at.
HIDDEN = [
    Attack("module_annotation", "annotation_code", "plain types", head="LIMIT: print('x') = 1"),
    Attack("class_annotation", "annotation_code", "plain types", body="flag: print('x') = 1"),
    Attack("local_annotation", "annotation_code", "plain types", "x: print('x') = 1"),
    Attack(
        "varargs_annotation",
        "annotation_code",
        "plain types",
        methods="def helper(self, *args: print('x')):\n    return 1\n",
    ),
    Attack(
        "kwargs_annotation",
        "annotation_code",
        "plain types",
        methods="def helper(self, **kwargs: print('x')):\n    return 1\n",
    ),
    Attack(
        "return_annotation",
        "annotation_code",
        "plain types",
        methods="def helper(self) -> print('x'):\n    return 1\n",
    ),
    Attack(
        "string_annotation_call",
        "annotation_code",
        "plain types",
        methods="def helper(self, x: \"print('pwned')\"):\n    return 1\n",
    ),
    Attack(
        "string_annotation_dunder",
        "dunder_access",
        "special attribute",
        methods="def helper(self, x: \"__import__('os')\"):\n    return 1\n",
    ),
    Attack(
        "string_annotation_garbage",
        "annotation_code",
        "plain type names",
        methods="def helper(self, x: 'not python('):\n    return 1\n",
    ),
    Attack("base_class_call", "forbidden_base", "may only subclass IStrategy"),
    Attack(
        "decorator_hook",
        "forbidden_decorator",
        "decorators run on import",
        head="def hook(f):\n    return f",
        methods="@hook\ndef helper(self):\n    return 1\n",
    ),
    Attack(
        "decorator_lambda",
        "forbidden_decorator",
        "decorators run on import",
        methods="@(lambda f: f)\ndef helper(self):\n    return 1\n",
    ),
    Attack(
        "decorator_computed_args",
        "forbidden_decorator",
        "constant arguments",
        methods="@informative(str(1) + 'h')\ndef helper(self, dataframe, metadata):\n"
        "    return dataframe\n",
    ),
    Attack(
        "informative_template",
        "forbidden_call",
        "plain {fields}",
        methods="@informative('1h', fmt='{base.upper}')\n"
        "def populate_indicators_1h(self, dataframe, metadata):\n    return dataframe\n",
    ),
    Attack(
        "default_value_call",
        "import_time_call",
        "default value on import",
        methods="def helper(self, x=print('boot')):\n    return x\n",
    ),
    Attack(
        "lambda_default_call",
        "import_time_call",
        "default value on import",
        "f = lambda x=print('boot'): x",
    ),
    Attack("class_decorator", "forbidden_decorator", "class decorators run on import"),
    Attack("metaclass_keyword", "class_level_code", "metaclass="),
    Attack(
        "nested_class",
        "forbidden_statement",
        "classes belong at module level",
        "class Inner:\n    pass",
    ),
]

# Frames through generators, coroutines, async generators and tracebacks.
FRAMES = [
    Attack(
        "generator_frame",
        "forbidden_attribute",
        "interpreter frames",
        "gen = (x for x in [1])\nscope = gen.gi_frame.f_back.f_globals",
    ),
    Attack(
        "generator_function",
        "forbidden_syntax",
        "generator functions expose frames",
        methods="def helper(self):\n    yield 1\n",
    ),
    Attack(
        "yield_from",
        "forbidden_syntax",
        "generator functions expose frames",
        methods="def helper(self):\n    yield from [1]\n",
    ),
    Attack(
        "coroutine",
        "forbidden_statement",
        "coroutines expose frames",
        methods="async def helper(self):\n    return 1\n",
    ),
    Attack(
        "coroutine_frame",
        "forbidden_attribute",
        "interpreter frames",
        "x = self.helper().cr_frame",
        methods=HELPER,
    ),
    Attack(
        "async_generator_frame",
        "forbidden_attribute",
        "interpreter frames",
        "x = self.helper().ag_frame",
        methods=HELPER,
    ),
    Attack(
        "traceback_dunder",
        "dunder_access",
        "'__traceback__'",
        "try:\n    x = 1 / 0\nexcept ZeroDivisionError as e:\n    t = e.__traceback__",
    ),
    Attack(
        "traceback_frame",
        "forbidden_attribute",
        "interpreter frames",
        "try:\n    x = 1 / 0\nexcept ZeroDivisionError as e:\n    t = e.args.tb_frame",
    ),
    Attack("traceback_next", "forbidden_attribute", "interpreter frames", "t = metadata.tb_next"),
    Attack(
        "with_traceback",
        "forbidden_attribute",
        "interpreter frames",
        "e = ValueError('x').with_traceback(None)",
    ),
    Attack(
        "frame_builtins", "forbidden_attribute", "interpreter frames", "b = metadata.f_builtins"
    ),
    Attack("frame_locals", "forbidden_attribute", "interpreter frames", "b = metadata.f_locals"),
    Attack(
        "sys_getframe",
        "forbidden_import",
        "Import of module 'sys'",
        "import sys\nf = sys._getframe()",
    ),
    Attack(
        "inspect_module",
        "forbidden_import",
        "Import of module 'inspect'",
        "import inspect\nf = inspect.currentframe()",
    ),
    Attack(
        "global_statement",
        "forbidden_statement",
        "mutates module state",
        methods="def helper(self):\n    global LIMIT\n    return 1\n",
    ),
    Attack("with_statement", "forbidden_statement", "context managers", "with metadata:\n    pass"),
]

# Settings the pipeline reads statically.
SETTINGS = [
    Attack(
        "startup_huge",
        "invalid_setting",
        "between 0 and 5000",
        body="startup_candle_count = 10 ** 9",
    ),
    Attack(
        "startup_over_bound",
        "invalid_setting",
        "between 0 and 5000",
        body="startup_candle_count = 5001",
    ),
    Attack(
        "startup_negative",
        "invalid_setting",
        "between 0 and 5000",
        body="startup_candle_count = -1",
    ),
    Attack(
        "startup_computed",
        "invalid_setting",
        "whole-number literal",
        body="startup_candle_count = int('100')",
    ),
    Attack(
        "startup_runtime",
        "invalid_setting",
        "not assigned at run time",
        "self.startup_candle_count = 100000",
    ),
    Attack("timeframe_unknown", "invalid_setting", "timeframe '7m'", body="timeframe = '7m'"),
    Attack(
        "timeframe_computed", "invalid_setting", "string literal", body="timeframe = str(5) + 'm'"
    ),
    Attack(
        "informative_timeframe",
        "invalid_setting",
        "literal timeframe",
        methods="@informative('2m')\ndef populate_indicators_2m(self, dataframe, metadata):\n"
        "    return dataframe\n",
    ),
]

ATTACKS = CHAINS + STRINGS + HIDDEN + FRAMES + SETTINGS
_SPECIAL_SOURCES = {
    "base_class_call": ("class Probe(IStrategy):", "class Probe(IStrategy, type('B', (), {})):"),
    "class_decorator": ("class Probe(IStrategy):", "@informative('1h')\nclass Probe(IStrategy):"),
    "metaclass_keyword": ("class Probe(IStrategy):", "class Probe(IStrategy, metaclass=ABC):"),
}


def test_enough_attacks() -> None:
    assert len(ATTACKS) >= 40
    assert len({a.name for a in ATTACKS}) == len(ATTACKS)


@pytest.mark.parametrize("attack", ATTACKS, ids=lambda a: a.name)
def test_attack_is_rejected_with_its_reason(attack: Attack) -> None:
    source = strategy(attack.indicators, head=attack.head, body=attack.body, methods=attack.methods)
    if attack.name in _SPECIAL_SOURCES:
        old, new = _SPECIAL_SOURCES[attack.name]
        source = source.replace(old, new)
    report = check_source(source)
    assert not report.ok
    assert attack.code in error_codes(report), [p.message for p in report.errors]
    matching = [p for p in report.errors if p.code == attack.code]
    assert any(attack.reason in p.message for p in matching), [p.message for p in matching]
    assert all(p.message.startswith("Line ") for p in matching)


def test_probe_without_attack_passes() -> None:
    assert check().ok
