"""Base model and constrained types of a strategy spec: names, pairs, timeframes, phrases.

Every string a spec holds is one of these. None of them can carry quotes, backslashes,
dots or dunders, so no spec value can ever change the meaning of the code it is rendered into.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

NAME_PATTERN = r"^[a-z][a-z0-9_]{0,31}$"
PAIR_PATTERN = r"^[A-Z0-9]{2,10}/[A-Z]{3,5}$"
KEY_PATTERN = r"^[a-z][a-z0-9_]{0,63}$"
# Letters (Latin, with accents), digits, spaces and plain punctuation; no quotes,
# backslashes, underscores or line breaks, so a phrase can never spell code or a dunder.
PHRASE_PATTERN = r"^[A-Za-z0-9À-ɏ .,%/:;()<>=+?!&-]{1,160}$"

Timeframe = Literal["1m", "3m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d"]
TIMEFRAMES: tuple[str, ...] = get_args(Timeframe)
TIMEFRAME_MINUTES: dict[str, int] = {
    "1m": 1,
    "3m": 3,
    "5m": 5,
    "15m": 15,
    "30m": 30,
    "1h": 60,
    "2h": 120,
    "4h": 240,
    "6h": 360,
    "8h": 480,
    "12h": 720,
    "1d": 1440,
}


def _words(text: str) -> list[str]:
    """Return the whitespace-separated words of a text block."""
    return text.split()


# Attributes and methods of Freqtrade's IStrategy (and what we declare ourselves): a
# hyperopt parameter named like one of them would silently replace it.
RESERVED = frozenset(
    _words(
        """
    adjust_entry_price adjust_exit_price adjust_order_price adjust_trade_position
    advise_all_indicators advise_entry advise_exit advise_indicators analyze analyze_pair
    analyze_ticker bot_loop_start bot_start can_short check_buy_timeout check_entry_timeout
    check_exit_timeout check_sell_timeout confirm_trade_entry confirm_trade_exit
    custom_entry_price custom_exit custom_exit_price custom_roi custom_sell
    custom_stake_amount custom_stoploss disable_dataframe_checks enumerate_parameters
    feature_engineering_expand_all feature_engineering_expand_basic
    feature_engineering_standard ft_advise_signals ft_bot_cleanup ft_bot_start
    ft_check_timed_out ft_load_hyper_params ft_plot_annotations
    ft_set_special_params_from_file ft_stoploss_adjust ft_stoploss_reached
    gather_informative_pairs get_entry_signal get_exit_signal get_latest_candle
    get_no_optimize_params get_strategy_name ignore_buying_expired_candle_after
    ignore_expired_candle informative_pairs is_pair_locked leverage load_params_from_file
    lock_pair market_direction max_entry_position_adjustment min_roi_reached
    min_roi_reached_entry minimal_roi order_filled order_time_in_force order_types
    plot_annotations plot_config populate_any_indicators populate_buy_trend
    populate_entry_trend populate_exit_trend populate_indicators populate_sell_trend
    position_adjustment_enable process_only_new_candles protections set_freqai_targets
    should_exit startup_candle_count trailing_only_offset_is_reached trailing_stop
    trailing_stop_positive trailing_stop_positive_offset unlock_pair unlock_reason
    use_custom_roi use_custom_stoploss version wallets
    config dp stoploss timeframe stake_currency use_exit_signal exit_profit_only
    exit_profit_offset ignore_roi_if_entry_signal max_open_trades
    """
    )
)


class SpecModel(BaseModel):
    """Base of every spec model: immutable, no unknown fields, finite numbers only."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


def _no_double_underscore(value: str) -> str:
    """Refuse names with "__", which the strategy checker reads as a dunder."""
    if "__" in value:
        raise ValueError("must not contain a double underscore")
    return value


Name = Annotated[
    str, StringConstraints(pattern=NAME_PATTERN), AfterValidator(_no_double_underscore)
]
Key = Annotated[str, StringConstraints(pattern=KEY_PATTERN), AfterValidator(_no_double_underscore)]
Pair = Annotated[str, StringConstraints(pattern=PAIR_PATTERN)]
Phrase = Annotated[str, StringConstraints(pattern=PHRASE_PATTERN)]
# Any number in a spec: finite (see SpecModel) and of a sane magnitude.
Number = Annotated[float, Field(ge=-1e9, le=1e9)]


def decimals_at_most(places: int) -> AfterValidator:
    """Return a validator that refuses numbers with more than `places` decimals."""

    def check(value: float) -> float:
        """Refuse a number that rounding to `places` decimals would change."""
        if round(value, places) != value:
            raise ValueError(f"takes at most {places} decimals")
        return value

    return AfterValidator(check)


def timeframe_minutes(timeframe: str) -> int:
    """Return the length of one candle of a spec timeframe, in minutes."""
    return TIMEFRAME_MINUTES[timeframe]
