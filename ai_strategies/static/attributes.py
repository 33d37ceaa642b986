"""The allow-list of attribute names on objects that are not modules.

Types are unknown statically, so the list is one vocabulary of safe names: pandas and
numpy data methods, Python container/str/number methods, datetime fields and the public
Freqtrade objects a strategy receives (the strategy itself, DataProvider, Wallets, Trade,
Order, hyperopt parameters). A name not listed is refused ("not on the allow-list").

`NEVER` names are refused whatever they are read from, with the reason; they win over
every allow-list (including names the file defines itself), so `gen.gi_frame`,
`Trade.session`, `df.to_csv`, `df.eval`, `arr.tofile` and `pd.read_csv` are always errors.
"""

from __future__ import annotations

from ai_strategies.static.allowlist import names

_FRAMES = names(
    "gi_frame gi_code gi_yieldfrom cr_frame cr_code cr_await ag_frame ag_code ag_await "
    "f_globals f_locals f_builtins f_back f_code f_trace tb_frame tb_next tb_lasti "
    "co_code co_consts co_names mro with_traceback func_globals func_code"
)
_MODULE_NAMES = names(
    "os sys subprocess socket shutil builtins importlib ctypes pickle marshal io urllib "
    "urllib3 requests http httpx aiohttp pathlib inspect gc threading multiprocessing "
    "asyncio signal tempfile glob platform pty runpy ssl webbrowser warnings logging "
    "sqlalchemy ccxt typing types f2py ctypeslib lib testing compat core api plotting"
)
_EVALUATION = names(
    "eval query evaluate exec compile attrgetter methodcaller itemgetter format_map "
    "get_type_hints ForwardRef"
)
_PROCESSES = names(
    "system popen Popen environ getenv putenv fork spawn modules import_module dlopen urlopen"
)
_DATABASE = names(
    "session commit rollback execute exec_driver_sql engine get_bind raw_connection "
    "connection registry get_trades_query delete"
)
_FILES = names(
    "dump dumps tofile save savez savez_compressed savetxt load loads fromfile fromregex "
    "memmap genfromtxt loadtxt DataSource get_handle ExcelWriter HDFStore style plot hist "
    "boxplot savefig"
)

NEVER: dict[str, str] = {
    **dict.fromkeys(_FRAMES, "it reaches interpreter frames, code objects or globals"),
    **dict.fromkeys(_MODULE_NAMES, "it leads to another module (files, processes, network)"),
    **dict.fromkeys(_EVALUATION, "it evaluates code or reaches attributes by a string name"),
    **dict.fromkeys(_PROCESSES, "it reaches processes, the environment or the network"),
    **dict.fromkeys(_DATABASE, "it reaches the database session"),
    **dict.fromkeys(_FILES, "it reads or writes files, or renders output"),
}
NEVER_PREFIXES: dict[str, str] = {
    "to_": "pandas/numpy writers (to_csv, to_pickle, to_string(buf=...)) write files",
    "read_": "pandas readers fetch files and URLs",
}

_PANDAS_NUMPY = names(
    "abs add align all any argmax argmin argsort array astype at iat loc iloc between "
    "bfill ffill clip columns combine_first copy corr count cov cummax cummin cumprod "
    "cumsum cumcount describe diff div divide dot drop drop_duplicates dropna dtype dtypes "
    "duplicated empty eq equals ewm expanding fillna first first_valid_index floordiv ge "
    "groupby gt head idxmax idxmin index infer_objects interpolate isin isna isnull "
    "is_monotonic_increasing is_monotonic_decreasing is_unique item items iterrows "
    "itertuples kurt last last_valid_index le lt mask max mean median merge min mod mode "
    "mul multiply name ndim ne nlargest notna notnull nsmallest nth nunique ohlc "
    "pct_change pow prod quantile rank reindex rename reset_index resample rolling round "
    "sem set_index shape shift size skew sort_index sort_values squeeze std sub subtract "
    "sum tail take truediv unique update value_counts values var where xs T ravel reshape "
    "flatten tolist nonzero assign insert join replace dt str "
    # dispatch methods: allowed with a function or lambda, never with a string name
    "apply agg aggregate transform pipe map applymap"
)
_PYTHON = names(
    "append extend pop remove clear sort reverse get keys setdefault fromkeys discard "
    "union intersection difference symmetric_difference issubset issuperset isdisjoint "
    "split rsplit strip lstrip rstrip lower upper title capitalize casefold startswith "
    "endswith find rfind isdigit isalpha isalnum isnumeric zfill ljust rjust center "
    "partition rpartition splitlines removeprefix removesuffix contains is_integer args "
    "quantize normalize debug info warning error exception critical"
)
_DATETIME = names(
    "year month day hour minute second microsecond weekday isoweekday dayofweek "
    "day_of_week dayofyear day_of_year quarter date time timestamp total_seconds days "
    "seconds microseconds replace astimezone strftime isoformat fromisoformat tzinfo tz "
    "tz_convert tz_localize floor ceil now utcnow today fromtimestamp combine utc"
)
_FREQTRADE = names(
    # DataProvider
    "get_pair_dataframe get_analyzed_dataframe current_whitelist historic_ohlcv ohlcv "
    "ticker orderbook market available_pairs runmode funding_rate "
    # Wallets
    "get_free get_used get_total get_total_stake_amount get_available_stake_amount "
    "get_starting_balance get_trade_stake_amount "
    # Trade
    "amount amount_requested base_currency calc_profit calc_profit_ratio close_date "
    "close_date_utc close_profit close_profit_abs close_rate date_entry_fill_utc "
    "date_last_filled_utc enter_tag entry_side exit_reason exit_side fee_close fee_open "
    "funding_fees get_custom_data set_custom_data get_open_trade_count get_open_trades "
    "get_trades_proxy has_open_orders id initial_stop_loss initial_stop_loss_pct is_open "
    "is_short leverage liquidation_price max_rate max_stake_amount min_rate "
    "nr_of_successful_entries nr_of_successful_exits open_date open_date_utc open_orders "
    "open_rate orders pair realized_profit select_filled_orders select_order stake_amount "
    "stake_currency stop_loss stop_loss_pct stoploss_or_liquidation trade_direction "
    "trading_mode "
    # Order
    "average cost filled ft_order_side ft_order_tag order_date order_date_utc "
    "order_filled_utc order_id order_type price remaining safe_amount safe_filled "
    "safe_price safe_remaining side status "
    # hyperopt parameters and enums
    "value range low high default"
)
GENERIC = _PANDAS_NUMPY | _PYTHON | _DATETIME | _FREQTRADE

# OHLCV columns read as attributes (`dataframe.close`); never called (`trade.close()`
# would close a trade).
COLUMNS = names("open high low close volume date")

# Public IStrategy API, readable on self, cls, super() and the strategy class.
STRATEGY = names(
    "INTERFACE_VERSION adjust_entry_price adjust_exit_price adjust_order_price "
    "adjust_trade_position bot_loop_start bot_start can_short check_entry_timeout "
    "check_exit_timeout config confirm_trade_entry confirm_trade_exit custom_entry_price "
    "custom_exit custom_exit_price custom_roi custom_stake_amount custom_stoploss dp "
    "exit_profit_offset exit_profit_only get_strategy_name "
    "ignore_buying_expired_candle_after ignore_roi_if_entry_signal informative_pairs "
    "is_pair_locked leverage lock_pair max_entry_position_adjustment max_open_trades "
    "minimal_roi order_filled order_time_in_force order_types plot_annotations "
    "plot_config populate_buy_trend populate_entry_trend populate_exit_trend "
    "populate_indicators populate_sell_trend position_adjustment_enable "
    "process_only_new_candles protections stake_currency startup_candle_count stoploss "
    "timeframe trailing_only_offset_is_reached trailing_stop trailing_stop_positive "
    "trailing_stop_positive_offset unlock_pair unlock_reason use_custom_roi "
    "use_custom_stoploss use_exit_signal version wallets"
)
# Names for `self.x`: strategy state a file may not claim as its own private attribute.
FREQTRADE_PRIVATE = names(
    "_cached_grouped_trades_per_pair _abc_impl _adjust_trade_position_internal "
    "_analyze_ticker_internal _if_enabled_populate_trades"
)
FREQTRADE_PRIVATE_PREFIXES = ("_ft", "__")
# The one dunder attribute allowed: super().__init__(...) in a strategy's __init__.
SUPER_DUNDERS = frozenset({"__init__"})


def never_reason(attr: str) -> str | None:
    """Return why an attribute is refused on every object, or None."""
    if attr in NEVER:
        return NEVER[attr]
    for prefix, reason in NEVER_PREFIXES.items():
        if attr.startswith(prefix):
            return reason
    return None


def may_own_private(attr: str) -> bool:
    """Tell whether a file may define and use `self.<attr>` as its own private state."""
    if not attr.startswith("_") or attr in FREQTRADE_PRIVATE:
        return False
    return not attr.startswith(FREQTRADE_PRIVATE_PREFIXES)
