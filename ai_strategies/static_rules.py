"""Allow-lists and deny-lists that the static strategy check enforces.

Design decisions, recorded here so operators can find them:

* Imports come from a short allow-list. For freqtrade modules the imported *names* are
  allow-listed too, because some freqtrade modules re-export file and database helpers.
* Every dunder attribute is refused, `__name__` included: no strategy needs it, and
  `x.__class__`-style walks are the classic sandbox escape. The one exception is
  `super().__init__(...)`, which strategies that override `__init__` must call.
* Attributes that lead to other modules, frames, the database session or pandas/numpy
  file I/O are refused by name, whatever object they are read from, because any
  allowed module (`pd.io.common.os`, `qtpylib.sys`) can reach them.
"""

from __future__ import annotations

import re


def _names(text: str) -> frozenset[str]:
    """Return the whitespace-separated names in a text block."""
    return frozenset(text.split())


MAX_BYTES = 64 * 1024
MAX_LINES = 1500

# Modules importable with any non-dangerous name.
OPEN_MODULES = _names(
    "pandas numpy talib talib.abstract datetime typing math functools freqtrade.enums "
    "freqtrade.constants freqtrade.vendor.qtpylib.indicators"
)
# `technical` and all of its submodules are pure indicator code.
OPEN_PACKAGES = ("technical",)

_PARAMETERS = frozenset(
    {"BooleanParameter", "CategoricalParameter", "DecimalParameter", "IntParameter"}
    | {"RealParameter"}
)
_TIMEFRAME_HELPERS = frozenset(
    {
        "timeframe_to_minutes",
        "timeframe_to_msecs",
        "timeframe_to_next_date",
        "timeframe_to_prev_date",
        "timeframe_to_seconds",
    }
)
# Freqtrade modules whose importable names are listed one by one.
NAMED_MODULES: dict[str, frozenset[str]] = {
    "freqtrade.strategy": _PARAMETERS
    | _TIMEFRAME_HELPERS
    | {"IStrategy", "Trade", "Order", "PairLocks", "informative", "AnnotationType"}
    | {"merge_informative_pair", "stoploss_from_absolute", "stoploss_from_open"},
    "freqtrade.strategy.interface": frozenset({"IStrategy"}),
    "freqtrade.strategy.parameters": _PARAMETERS,
    "freqtrade.persistence": frozenset({"Trade", "Order", "PairLocks", "LocalTrade"}),
    "freqtrade.exchange": _TIMEFRAME_HELPERS,
}
# Top-level packages that `import a.b` may bind without an alias.
BINDABLE_TOP_LEVEL = frozenset({"pandas", "numpy", "talib", "technical"})
# `from __future__ import annotations` only changes how annotations are stored.
FUTURE_FEATURES = frozenset({"annotations"})

# Builtins whose mere reference is refused (calling them or passing them around).
FORBIDDEN_BUILTINS = _names(
    "exec eval compile open input breakpoint exit quit globals locals vars dir "
    "memoryview help copyright credits license"
)
# Builtins allowed only as a direct call with a constant, harmless attribute name.
ATTRIBUTE_BUILTINS = frozenset({"getattr", "setattr", "delattr", "hasattr"})

# Module names: reaching any of these through an attribute or an import is refused.
DANGEROUS_MODULE_NAMES = _names(
    "os sys subprocess socket shutil builtins importlib ctypes pickle marshal io "
    "urllib urllib3 requests http httpx aiohttp pathlib inspect gc threading "
    "multiprocessing asyncio signal tempfile glob platform pty runpy ssl webbrowser "
    "warnings logging sqlalchemy ccxt"
)
# Attributes that escape to frames, processes, files, the database or raw HTTP.
FORBIDDEN_ATTRIBUTES = DANGEROUS_MODULE_NAMES | _names(
    # frame, code and type introspection
    "gi_frame gi_code cr_frame cr_code ag_frame ag_code f_globals f_locals f_builtins "
    "f_back f_code tb_frame tb_next co_code mro with_traceback types CodeType "
    "FunctionType get_type_hints ForwardRef format_map "
    # processes and environment
    "system popen Popen environ getenv fork modules import_module dlopen urlopen "
    # database session (Trade and Order are SQLAlchemy models)
    "session commit rollback execute exec_driver_sql engine get_bind raw_connection "
    "connection delete "
    # pandas / numpy evaluation, plotting and file I/O
    "eval query evaluate load save savez savez_compressed savetxt loadtxt genfromtxt "
    "fromfile fromregex tofile memmap DataSource ctypeslib lib testing compat get_handle "
    "plot plotting savefig ExcelWriter HDFStore"
)
# pandas writers; every `read_*` is refused as well (see is_forbidden_attribute).
PANDAS_WRITERS = _names(
    "to_csv to_pickle to_parquet to_sql to_json to_excel to_hdf to_feather to_html "
    "to_clipboard to_latex to_markdown to_xml to_stata to_orc to_gbq"
)
# Config keys that hold credentials; reading them from a strategy is refused.
SECRET_KEYS = _names(
    "key secret password uid private_key privateKey apiKey jwt_secret_key ws_token "
    "token chat_id db_url ccxt_config ccxt_async_config api_server telegram webhook "
    "username"
)

# Callables allowed at class level, where code runs on import.
CLASS_LEVEL_CALLS = _PARAMETERS | {
    "dict",
    "list",
    "tuple",
    "set",
    "frozenset",
    "int",
    "float",
    "str",
    "bool",
    "range",
    "timedelta",
}
# Decorators allowed on methods and helpers (all run on import).
ALLOWED_DECORATORS = frozenset(
    {"informative", "property", "staticmethod", "classmethod", "cache", "lru_cache"}
)

DUNDER_RE = re.compile(r"__\w+__")
POPULATE_PREFIX = "populate_"
SIGNAL_METHOD_PREFIXES = ("populate_entry", "populate_exit", "populate_buy", "populate_sell")
WHOLE_SERIES_REDUCTIONS = frozenset({"mean", "max", "min", "std", "sum", "median", "quantile"})
WINDOW_METHODS = frozenset({"rolling", "ewm", "expanding", "groupby", "resample"})
MAX_POW_EXPONENT = 256
MAX_REPEAT = 1_000_000


def is_dunder(name: str) -> bool:
    """Tell whether a name starts and ends with a double underscore."""
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


def is_forbidden_attribute(name: str) -> bool:
    """Tell whether reading an attribute of this name is refused on any object."""
    return name in FORBIDDEN_ATTRIBUTES or name in PANDAS_WRITERS or name.startswith("read_")


def module_allowed(module: str) -> bool:
    """Tell whether a module may be imported at all."""
    if module in OPEN_MODULES or module in NAMED_MODULES:
        return True
    return any(module == pkg or module.startswith(pkg + ".") for pkg in OPEN_PACKAGES)


def name_allowed(module: str, name: str) -> bool:
    """Tell whether `from module import name` is allowed."""
    if name in DANGEROUS_MODULE_NAMES or is_forbidden_attribute(name) or is_dunder(name):
        return False
    if name.startswith("_"):
        return False
    listed = NAMED_MODULES.get(module)
    return listed is None or name in listed
