"""The allow-list of importable modules and of the names used from each.

`MODULES` maps every importable module to the names a strategy may import from it or read
as `module.name`. A name that is itself a listed module (`talib.abstract`,
`technical.qtpylib`) may be used as a submodule. Everything else is refused, which is what
closes attribute chains through allowed modules: `typing.re`, `numpy.f2py`,
`pandas.io.common.os`, `qtpylib.sys`, `pd.read_csv`, `np.load` are simply not listed.

`SEALED` lists imported objects whose own attributes are limited to a table (typing
constructs have none: `typing.X` is a type, never the start of an attribute chain).
"""

from __future__ import annotations

import importlib.util

from ai_strategies.static.allowlist import PARAMETERS, names

_TIMEFRAME_HELPERS = names(
    "timeframe_to_minutes timeframe_to_msecs timeframe_to_next_date timeframe_to_prev_date "
    "timeframe_to_seconds"
)

# TA-Lib's function names (talib 0.6+); talib.abstract exposes the same names.
_TALIB = names(
    "AC ACCBANDS ACOS AD ADD ADOSC ADR ADX ADXR AO APO AROON AROONOSC ASIN ATAN ATR AVGDEV "
    "AVGPRICE BBANDS BETA BOP CCI CDL2CROWS CDL3BLACKCROWS CDL3INSIDE CDL3LINESTRIKE "
    "CDL3OUTSIDE CDL3STARSINSOUTH CDL3WHITESOLDIERS CDLABANDONEDBABY CDLADVANCEBLOCK "
    "CDLBELTHOLD CDLBREAKAWAY CDLCLOSINGMARUBOZU CDLCONCEALBABYSWALL CDLCOUNTERATTACK "
    "CDLDARKCLOUDCOVER CDLDOJI CDLDOJISTAR CDLDRAGONFLYDOJI CDLENGULFING CDLEVENINGDOJISTAR "
    "CDLEVENINGSTAR CDLGAPSIDESIDEWHITE CDLGRAVESTONEDOJI CDLHAMMER CDLHANGINGMAN CDLHARAMI "
    "CDLHARAMICROSS CDLHIGHWAVE CDLHIKKAKE CDLHIKKAKEMOD CDLHOMINGPIGEON CDLIDENTICAL3CROWS "
    "CDLINNECK CDLINVERTEDHAMMER CDLKICKING CDLKICKINGBYLENGTH CDLLADDERBOTTOM "
    "CDLLONGLEGGEDDOJI CDLLONGLINE CDLMARUBOZU CDLMATCHINGLOW CDLMATHOLD CDLMORNINGDOJISTAR "
    "CDLMORNINGSTAR CDLONNECK CDLPIERCING CDLRICKSHAWMAN CDLRISEFALL3METHODS "
    "CDLSEPARATINGLINES CDLSHOOTINGSTAR CDLSHORTLINE CDLSPINNINGTOP CDLSTALLEDPATTERN "
    "CDLSTICKSANDWICH CDLTAKURI CDLTASUKIGAP CDLTHRUSTING CDLTRISTAR CDLUNIQUE3RIVER "
    "CDLUPSIDEGAP2CROWS CDLXSIDEGAP3METHODS CEIL CMF CMO CMOU COPPOCK CORREL COS COSH CUMSUM "
    "CVI DEMA DIV DONCHIAN DPO DX EFI EMA ER ERI EXP FLOOR FOSC FRACTAL HA HMA HT_DCPERIOD "
    "HT_DCPHASE HT_PHASOR HT_SINE HT_TRENDLINE HT_TRENDMODE IMI KAMA KC KDJ LINEARREG "
    "LINEARREG_ANGLE LINEARREG_INTERCEPT LINEARREG_SLOPE LN LOG10 MA MACD MACDEXT MACDFIX "
    "MAMA MARKETFI MASSI MAVP MAX MAXINDEX MEDPRICE MFI MIDPOINT MIDPRICE MIN MININDEX MINMAX "
    "MINMAXINDEX MINUS_DI MINUS_DM MOM MULT NATR NVI OBV PERCENTILE PERCENTRANK PLUS_DI "
    "PLUS_DM PPO PVI PVO PVT QSTICK RMA ROC ROCP ROCR ROCR100 RSI RVI RVOL SAR SAREXT SIN SINH "
    "SMA SMI SQRT STDDEV STOCH STOCHF STOCHRSI SUB SUM SUPERTREND T3 TAN TANH TEMA TRANGE "
    "TRIMA TRIX TSF TSI TYPPRICE ULTOSC VAR VHF VORTEX VWAP VWMA WAD WCLPRICE WILLR WMA ZLEMA"
)
# qtpylib (technical's and freqtrade's vendored copy); `session` is left out on purpose.
_QTPYLIB = names(
    "atr awesome_oscillator bollinger_bands cci chopiness crossed crossed_above crossed_below "
    "heikinashi hma hull_moving_average ibs implied_volatility keltner_channel log_returns "
    "macd mid_price nans numpy_rolling_mean numpy_rolling_series numpy_rolling_std "
    "numpy_rolling_window pvt returns roc rolling_max rolling_mean rolling_min rolling_std "
    "rolling_vwap rolling_weighted_mean rsi sma stoch tdi true_range typical_price vwap "
    "weighted_bollinger_bands wma zlema zlhma zlma zlsma zscore"
)
_TECHNICAL_INDICATORS = names(
    "MADR PMAX RMI SSLChannels TKE VIDYA atr atr_percent bollinger_bands chaikin_money_flow "
    "chopiness cmf dema ema fibonacci_retracements hull_moving_average ichimoku laguerre "
    "madrid_sqz mmar osc return_on_investment rma sma stc supertrend td_sequential tema "
    "tv_alma tv_hma tv_trama tv_wma vfi vpci vpcii vwma vwmacd williams_percent zema"
)
# pandas_ta's pure indicator functions; its data downloaders (yf, av), `ma` (dispatch by
# name), `cdl_pattern` and the DataFrame `.ta` accessor (multiprocessing) are left out.
_PANDAS_TA = names(
    "aberration above accbands ad adosc adx alma ao aobv apo aroon atr bbands below bias bop "
    "brar cci cfo cg chop cksp cmf cmo coppock cross cross_value cti decreasing dema donchian "
    "dpo ebsw efi ema entropy eom er eri fisher fwma ha hilo hl2 hlc3 hma hwc hwma ichimoku "
    "increasing inertia jma kama kc kdj kst kurtosis kvo linreg log_return macd mad massi "
    "mcgd median mfi midpoint midprice mom natr nvi obv ohlc4 percent_return pgo ppo psar "
    "psl pvi pvo pvol pvr pvt pwma qqe qstick quantile rma roc rsi rsx rvgi rvi sinwma skew "
    "slope sma smi squeeze squeeze_pro ssf stc stdev stoch stochrsi supertrend swma t3 tema "
    "thermo trima trix true_range tsi ttm_trend ui uo variance vhf vidya vortex vwap vwma "
    "wcp willr wma zlma zscore"
)
_NUMPY = names(
    "abs absolute add all allclose any append arange arctan arctan2 argmax argmin argsort "
    "array asarray average bool_ ceil clip column_stack concatenate convolve corrcoef cos "
    "count_nonzero cov cumprod cumsum degrees diff digitize divide dot e exp fabs flip "
    "float32 float64 floor floor_divide fmax fmin full full_like gradient hstack hypot inf "
    "int32 int64 interp isclose isfinite isinf isnan linspace log log10 log1p log2 "
    "logical_and logical_not logical_or logical_xor max maximum mean median min minimum mod "
    "multiply nan nan_to_num nanargmax nanargmin nanmax nanmean nanmedian nanmin nanstd "
    "nansum ndarray ones ones_like percentile pi polyfit polyval power quantile radians "
    "repeat roll round searchsorted select sign sin sort sqrt square stack std subtract sum "
    "tanh tile unique var vstack where zeros zeros_like"
)
_PANDAS = names(
    "DataFrame Series Index DatetimeIndex Timestamp Timedelta NaT NA concat merge "
    "merge_asof isna isnull notna notnull date_range cut qcut "
    # converters, not writers: the only `to_*` names ever allowed
    "to_datetime to_numeric to_timedelta"
)
_MATH = names(
    "acos asin atan atan2 ceil copysign cos cosh degrees e exp expm1 fabs floor fmod fsum "
    "hypot inf isclose isfinite isinf isnan log log10 log1p log2 nan pi radians sin sinh "
    "sqrt tan tanh tau trunc"
)
_TYPING = names(
    "Any Callable ClassVar Dict Final FrozenSet Iterable Iterator List Literal Mapping "
    "Optional Sequence Set Tuple Union"
)

MODULES: dict[str, frozenset[str]] = {
    "freqtrade.strategy": PARAMETERS
    | _TIMEFRAME_HELPERS
    | names("IStrategy Trade Order PairLocks informative AnnotationType")
    | names("merge_informative_pair stoploss_from_absolute stoploss_from_open"),
    "freqtrade.strategy.interface": names("IStrategy"),
    "freqtrade.strategy.parameters": PARAMETERS,
    "freqtrade.persistence": names("Trade Order"),
    "freqtrade.exchange": _TIMEFRAME_HELPERS
    | names("timeframe_to_resample_freq date_minus_candles"),
    "freqtrade.enums": names(
        "CandleType ExitType MarginMode RunMode SignalDirection SignalTagType SignalType "
        "TradingMode"
    ),
    "freqtrade.vendor.qtpylib.indicators": _QTPYLIB,
    "talib": _TALIB | names("abstract"),
    "talib.abstract": _TALIB,
    "technical": names("qtpylib indicators util"),
    "technical.qtpylib": _QTPYLIB,
    "technical.indicators": _TECHNICAL_INDICATORS,
    "technical.util": names("compute_interval resample_to_interval resampled_merge"),
    "numpy": _NUMPY,
    "pandas": _PANDAS,
    "datetime": names("datetime timedelta timezone date time UTC"),
    "math": _MATH,
    "functools": names("reduce"),
    "typing": _TYPING,
    "decimal": names(
        "Decimal ROUND_CEILING ROUND_DOWN ROUND_FLOOR ROUND_HALF_EVEN ROUND_HALF_UP ROUND_UP"
    ),
    "logging": names("getLogger"),
}
if importlib.util.find_spec("pandas_ta") is not None:  # only when it is installed
    MODULES["pandas_ta"] = _PANDAS_TA

# Imported objects whose attributes are limited to a table (no generic attributes at all).
SEALED = frozenset({"typing", "functools", "decimal", "logging"})

# Enum members readable as `ExitType.EXIT_SIGNAL` (plus the generic attributes).
OBJECT_ATTRIBUTES: dict[str, frozenset[str]] = {
    "freqtrade.enums.ExitType": names(
        "ROI STOP_LOSS STOPLOSS_ON_EXCHANGE TRAILING_STOP_LOSS LIQUIDATION EXIT_SIGNAL "
        "FORCE_EXIT EMERGENCY_EXIT CUSTOM_EXIT PARTIAL_EXIT SOLD_ON_EXCHANGE NONE"
    ),
    "freqtrade.enums.CandleType": names(
        "SPOT FUTURES MARK INDEX PREMIUMINDEX FUNDING_RATE OPEN_INTEREST"
    ),
    "freqtrade.enums.RunMode": names(
        "LIVE DRY_RUN BACKTEST HYPEROPT UTIL_EXCHANGE UTIL_NO_EXCHANGE PLOT WEBSERVER OTHER"
    ),
    "freqtrade.enums.SignalDirection": names("LONG SHORT"),
    "freqtrade.enums.TradingMode": names("SPOT MARGIN FUTURES"),
    "freqtrade.enums.MarginMode": names("CROSS ISOLATED NONE"),
    "freqtrade.enums.SignalType": names("ENTER_LONG EXIT_LONG ENTER_SHORT EXIT_SHORT"),
    "freqtrade.enums.SignalTagType": names("ENTER_TAG EXIT_TAG"),
}

ALLOWED_MODULES_HINT = (
    "allowed modules are freqtrade.strategy, freqtrade.persistence (Trade, Order), "
    "freqtrade.exchange (timeframe helpers), freqtrade.enums, talib, talib.abstract, "
    "technical (qtpylib, indicators, util), numpy, pandas, datetime, math, functools "
    "(reduce), typing, decimal and logging (getLogger)"
    + (", pandas_ta" if "pandas_ta" in MODULES else "")
)


def module_allowed(module: str) -> bool:
    """Tell whether a module may be imported at all."""
    return module in MODULES


def module_exports(module: str, name: str) -> bool:
    """Tell whether `name` may be imported from (or read on) an allowed module."""
    listed = MODULES.get(module)
    return listed is not None and (name in listed or f"{module}.{name}" in MODULES)


def is_sealed(path: str) -> bool:
    """Tell whether an imported object has no attributes beyond its table."""
    return path.split(".")[0] in SEALED
