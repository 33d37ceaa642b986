"""The allow-lists of Python syntax and builtins that strategy code may use.

A static check of Python is a lint, never a boundary (the bubblewrap sandbox in
`ai_strategies/sandbox.py` is the boundary). The lint is still an allow-list: whatever is
not listed here, in `modules.py` (imports and module attributes) or in `attributes.py`
(attributes of objects) is refused by default. Every refusal that has a specific reason
records it here, so operators can find why something is refused.
"""

from __future__ import annotations

import ast


def names(text: str) -> frozenset[str]:
    """Return the whitespace-separated names in a text block."""
    return frozenset(text.split())


MAX_BYTES = 64 * 1024
MAX_LINES = 1500
MAX_POW_EXPONENT = 256
MAX_REPEAT = 1_000_000

# --- Syntax -------------------------------------------------------------------------------
# Node types a strategy may contain. Operators and load/store contexts are allowed by their
# base classes (see `node_allowed`).
ALLOWED_NODES = names(
    # module and statements
    "Module Expr Assign AugAssign AnnAssign Return If For While Break Continue Pass "
    "FunctionDef ClassDef Import ImportFrom alias Raise Try ExceptHandler Assert Delete "
    "Match match_case MatchValue MatchSingleton MatchSequence MatchMapping MatchStar "
    "MatchAs MatchOr "
    # expressions
    "BoolOp BinOp UnaryOp Lambda IfExp Dict Set ListComp SetComp DictComp GeneratorExp "
    "comprehension Compare Call keyword FormattedValue JoinedStr Constant Attribute "
    "Subscript Starred Name List Tuple Slice NamedExpr arguments arg "
    # only found under a refused `With`, which is reported once, on its own line
    "withitem"
)
_NODE_FAMILIES = (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)

# Node types refused on purpose, with the reason given to the author.
REFUSED_NODES: dict[str, str] = {
    "Global": "'global' mutates module state shared by every call",
    "Nonlocal": "'nonlocal' rebinds an enclosing function's variables",
    "AsyncFunctionDef": "coroutines expose frames (cr_frame) and no strategy hook is async",
    "AsyncFor": "async code is not part of the strategy interface",
    "AsyncWith": "async code is not part of the strategy interface",
    "Await": "async code is not part of the strategy interface",
    "Yield": "generator functions expose frames (gi_frame); return a list instead",
    "YieldFrom": "generator functions expose frames (gi_frame); return a list instead",
    "With": "context managers run hidden __enter__/__exit__ code and no strategy needs one",
    "TryStar": "'except*' handlers are not needed by strategies",
    "MatchClass": "class patterns read attributes by name (__match_args__ and keyword "
    "patterns); match on values instead",
    "TypeAlias": "'type' statements create lazily evaluated code",
    "TypeVar": "type parameters create lazily evaluated code",
    "ParamSpec": "type parameters create lazily evaluated code",
    "TypeVarTuple": "type parameters create lazily evaluated code",
}


def node_allowed(node: ast.AST) -> bool:
    """Tell whether a node's type is on the syntax allow-list."""
    return type(node).__name__ in ALLOWED_NODES or isinstance(node, _NODE_FAMILIES)


# --- Builtins -----------------------------------------------------------------------------
ALLOWED_BUILTINS = names(
    "abs all any bool callable chr dict divmod enumerate filter float format frozenset int "
    "isinstance issubclass iter len list map max min next ord print range repr reversed "
    "round set slice sorted str sum tuple type zip super property staticmethod classmethod "
    "Exception ArithmeticError AttributeError IndexError KeyError LookupError "
    "NotImplementedError OverflowError RuntimeError StopIteration TypeError ValueError "
    "ZeroDivisionError"
)
# Builtins whose mere mention is refused, with the reason (code `forbidden_call`).
NEVER_BUILTINS: dict[str, str] = {
    "eval": "it runs code from a string",
    "exec": "it runs code from a string",
    "compile": "it builds code objects from strings",
    "open": "strategies must not read or write files",
    "input": "strategies run unattended",
    "breakpoint": "it starts a debugger",
    "exit": "it stops the bot process",
    "quit": "it stops the bot process",
    "globals": "it exposes module state and __builtins__",
    "locals": "it exposes frame state",
    "vars": "it exposes object internals (__dict__)",
    "dir": "it lists internals to reach by name",
    "getattr": "it reads attributes by a computed name; use obj.attr",
    "setattr": "it writes attributes by a computed name; use obj.attr = value",
    "delattr": "it deletes attributes by a computed name",
    "hasattr": "it probes attributes by a string name",
    "memoryview": "it exposes raw memory",
    "object": "it is the root of attribute-walk escapes",
    "help": "it is interactive",
    "copyright": "it is interactive",
    "credits": "it is interactive",
    "license": "it is interactive",
}
# `type` with one argument returns a type; with three it creates a class.
# `super` is allowed only as `super().method(...)` inside a class.
# `map` and `filter` take a lambda or a plain function name only (no bound methods such as
# "{}".format or operator.attrgetter(...)).
NAME_ONLY_CALLABLES = frozenset({"map", "filter"})
# `logging.getLogger(__name__)` is the one place `__name__` is accepted.
LOGGER_NAME = "__name__"

# --- Strings that name things ------------------------------------------------------------
# Methods that dispatch on a string argument (df.apply("to_csv"), agg("eval"), ...):
# string arguments to them are refused, except for these keywords' values.
DISPATCH_METHODS = names("apply agg aggregate transform pipe applymap map")
DISPATCH_SAFE_KEYWORDS = names("axis result_type na_action raw")
# Keywords that select an evaluation engine or an output buffer, refused on every call.
NEVER_KEYWORDS: dict[str, str] = {
    "engine": "it selects an evaluation engine",
    "engine_kwargs": "it configures an evaluation engine",
    "buf": "it writes output to a file or buffer",
    "path_or_buf": "it writes output to a file or buffer",
    "local_dict": "it feeds variables to an expression evaluator",
    "global_dict": "it feeds variables to an expression evaluator",
    "resolvers": "it feeds variables to an expression evaluator",
}

# --- Where code runs on import -----------------------------------------------------------
PARAMETERS = names(
    "BooleanParameter CategoricalParameter DecimalParameter IntParameter RealParameter"
)
# Callables allowed in class-body values (the class body runs on import).
CLASS_LEVEL_CALLS = PARAMETERS | names(
    "dict list tuple set frozenset int float str bool range timedelta"
)
# Decorators (they run on import). `informative` must be called with literal arguments.
ALLOWED_DECORATORS = names("informative property staticmethod classmethod")
CALLED_DECORATORS = frozenset({"informative"})
# The only special method a strategy may define; it must call super().__init__.
ALLOWED_SPECIAL_METHODS = frozenset({"__init__"})
FUTURE_FEATURES = frozenset({"annotations"})
# Class names that make a class a strategy when listed as a base.
STRATEGY_BASES = frozenset(
    {"freqtrade.strategy.IStrategy", "freqtrade.strategy.interface.IStrategy"}
)
REQUIRED_METHODS: tuple[tuple[str, ...], ...] = (
    ("populate_indicators",),
    ("populate_entry_trend", "populate_buy_trend"),
    ("populate_exit_trend", "populate_sell_trend"),
)

# --- Settings ------------------------------------------------------------------------------
MAX_STARTUP_CANDLES = 5000  # same bound as ai_strategies.window.MAX_STARTUP_CANDLES
TIMEFRAMES = names("1m 3m 5m 15m 30m 1h 2h 4h 6h 8h 12h 1d 3d 1w")
# Class attributes that must be literals, and may not be reassigned on self/cls.
LITERAL_SETTINGS = frozenset({"startup_candle_count", "timeframe"})

# Config keys that hold credentials; reading them from a strategy is refused.
SECRET_KEYS = names(
    "key secret password uid private_key privateKey apiKey jwt_secret_key ws_token "
    "token chat_id db_url ccxt_config ccxt_async_config api_server telegram webhook "
    "username"
)

# --- Look-ahead heuristics ----------------------------------------------------------------
POPULATE_PREFIX = "populate_"
SIGNAL_METHOD_PREFIXES = ("populate_entry", "populate_exit", "populate_buy", "populate_sell")
WHOLE_SERIES_REDUCTIONS = names("mean max min std sum median quantile")
WINDOW_METHODS = names("rolling ewm expanding groupby resample")


def is_dunder(name: str) -> bool:
    """Tell whether a name starts and ends with a double underscore."""
    return len(name) > 4 and name.startswith("__") and name.endswith("__")
