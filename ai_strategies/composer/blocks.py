"""Code fragments for each indicator: parameters, computations and conditions.

Single-period indicators are computed for every value in the parameter's `.range`
(only the default outside hyperopt), so hyperopt can tune periods. Indicators with
several linked periods (MACD, stochastic) keep those periods fixed (`optimize=False`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ai_strategies.composer.spec import (
    Adx,
    Bollinger,
    Indicator,
    Macd,
    MaCross,
    MaTrend,
    Rsi,
    Stochastic,
    VolumeFilter,
)

# Candles an oversold reading stays valid as confirmation for another indicator.
SIGNAL_MEMORY = 5


@dataclass(frozen=True)
class Param:
    """One hyperoptable strategy parameter."""

    name: str
    default: int | float
    low: int | float
    high: int | float
    space: Literal["buy", "sell"] = "buy"
    optimize: bool = True

    def source(self) -> str:
        """Render the class attribute that declares this parameter."""
        extra = "" if self.optimize else ", optimize=False"
        if isinstance(self.default, float):
            args = f"{self.low:.1f}, {self.high:.1f}, default={self.default:.1f}, decimals=1"
            return f'{self.name} = DecimalParameter({args}, space="{self.space}"{extra})'
        args = f"{self.low}, {self.high}, default={self.default}"
        return f'{self.name} = IntParameter({args}, space="{self.space}"{extra})'


@dataclass(frozen=True)
class Block:
    """Everything one indicator contributes to the rendered strategy."""

    tag: str
    params: tuple[Param, ...]
    compute: tuple[str, ...]
    columns: tuple[str, ...]
    trigger: tuple[str, ...]
    trend_guard: str
    reversal_guard: str
    exit: str
    startup: int


def period_param(name: str, default: int, floor: int = 2) -> Param:
    """Declare a period parameter ranging from half to double the default."""
    low = min(max(floor, default // 2), default)
    return Param(name, default, low, max(default * 2, default + 2))


def level_param(name: str, default: int | float, low: float, high: float, space: str) -> Param:
    """Declare a threshold parameter whose range always includes the default."""
    side: Literal["buy", "sell"] = "sell" if space == "sell" else "buy"
    if isinstance(default, float):
        return Param(name, default, min(low, default), max(high, default), side)
    return Param(name, default, min(int(low), default), max(int(high), default), side)


def block_for(indicator: Indicator) -> Block:
    """Return the code block of an indicator."""
    match indicator:
        case Rsi():
            return _rsi(indicator)
        case MaCross():
            return _ma_cross(indicator)
        case MaTrend():
            return _ma_trend(indicator)
        case Macd():
            return _macd(indicator)
        case Bollinger():
            return _bollinger(indicator)
        case Stochastic():
            return _stochastic(indicator)
        case Adx():
            return _adx(indicator)
        case VolumeFilter():
            return _volume(indicator)


def _rsi(rsi: Rsi) -> Block:
    return Block(
        tag="rsi",
        params=(
            period_param("rsi_period", rsi.period),
            level_param("buy_rsi", rsi.oversold, 10, 45, "buy"),
            level_param("sell_rsi", rsi.overbought, 55, 90, "sell"),
        ),
        compute=(
            "for period in self.rsi_period.range:",
            '    dataframe[f"rsi_{period}"] = ta.RSI(dataframe, timeperiod=period)',
        ),
        columns=('rsi = dataframe[f"rsi_{self.rsi_period.value}"]',),
        trigger=("qtpylib.crossed_above(rsi, self.buy_rsi.value)",),
        trend_guard="(rsi < self.sell_rsi.value)",
        reversal_guard="(rsi.rolling(SIGNAL_MEMORY).min() < self.buy_rsi.value)",
        exit="qtpylib.crossed_above(rsi, self.sell_rsi.value)",
        startup=rsi.period * 3,
    )


def _ma_lines(kind: str, loop: str) -> tuple[str, ...]:
    return (
        f"for period in {loop}:",
        f'    dataframe[f"{kind}_{{period}}"] = ta.{kind.upper()}(dataframe, timeperiod=period)',
    )


def _ma_startup(kind: str, period: int) -> int:
    # EMAs need a few periods of warm-up to settle; SMAs are exact after one.
    return min(period * 3, period + 100) if kind == "ema" else period


def _ma_cross(ma: MaCross) -> Block:
    fast, slow = ma.kind + "_{self.ma_fast.value}", ma.kind + "_{self.ma_slow.value}"
    return Block(
        tag=f"{ma.kind}_cross",
        params=(period_param("ma_fast", ma.fast), period_param("ma_slow", ma.slow)),
        compute=_ma_lines(ma.kind, "set(self.ma_fast.range) | set(self.ma_slow.range)"),
        columns=(f'ma_fast = dataframe[f"{fast}"]', f'ma_slow = dataframe[f"{slow}"]'),
        trigger=("qtpylib.crossed_above(ma_fast, ma_slow)",),
        trend_guard="(ma_fast > ma_slow)",
        reversal_guard="(ma_fast > ma_slow)",
        exit="qtpylib.crossed_below(ma_fast, ma_slow)",
        startup=_ma_startup(ma.kind, ma.slow),
    )


def _ma_trend(ma: MaTrend) -> Block:
    column = ma.kind + "_{self.trend_period.value}"
    return Block(
        tag=f"{ma.kind}_trend",
        params=(period_param("trend_period", ma.period),),
        compute=_ma_lines(ma.kind, "self.trend_period.range"),
        columns=(f'trend_ma = dataframe[f"{column}"]',),
        trigger=('qtpylib.crossed_above(dataframe["close"], trend_ma)',),
        trend_guard='(dataframe["close"] > trend_ma)',
        reversal_guard='(dataframe["close"] > trend_ma)',
        exit='qtpylib.crossed_below(dataframe["close"], trend_ma)',
        startup=_ma_startup(ma.kind, ma.period),
    )


def _macd(macd: Macd) -> Block:
    fixed = [period_param(n, d) for n, d in (("macd_fast", macd.fast), ("macd_slow", macd.slow))]
    fixed.append(period_param("macd_signal", macd.signal))
    return Block(
        tag="macd",
        params=tuple(Param(p.name, p.default, p.low, p.high, optimize=False) for p in fixed),
        compute=(
            "macd = ta.MACD(",
            "    dataframe,",
            "    fastperiod=self.macd_fast.value,",
            "    slowperiod=self.macd_slow.value,",
            "    signalperiod=self.macd_signal.value,",
            ")",
            'dataframe["macd"] = macd["macd"]',
            'dataframe["macdsignal"] = macd["macdsignal"]',
        ),
        columns=('macd_line = dataframe["macd"]', 'signal_line = dataframe["macdsignal"]'),
        trigger=("qtpylib.crossed_above(macd_line, signal_line)",),
        trend_guard="(macd_line > signal_line)",
        reversal_guard="(macd_line > signal_line)",
        exit="qtpylib.crossed_below(macd_line, signal_line)",
        startup=(macd.slow + macd.signal) * 3,
    )


def _bollinger(bb: Bollinger) -> Block:
    std = Param("bb_std", bb.std, min(1.0, bb.std), max(3.5, bb.std), optimize=False)
    return Block(
        tag="bb_lower",
        params=(period_param("bb_period", bb.period, floor=5), std),
        compute=(
            "for period in self.bb_period.range:",
            "    bands = ta.BBANDS(",
            "        dataframe,",
            "        timeperiod=period,",
            "        nbdevup=self.bb_std.value,",
            "        nbdevdn=self.bb_std.value,",
            "    )",
            '    dataframe[f"bb_lower_{period}"] = bands["lowerband"]',
            '    dataframe[f"bb_upper_{period}"] = bands["upperband"]',
        ),
        columns=(
            'bb_lower = dataframe[f"bb_lower_{self.bb_period.value}"]',
            'bb_upper = dataframe[f"bb_upper_{self.bb_period.value}"]',
        ),
        trigger=('(dataframe["low"] <= bb_lower)',),
        trend_guard='(dataframe["close"] < bb_upper)',
        reversal_guard='((dataframe["low"] - bb_lower).rolling(SIGNAL_MEMORY).min() <= 0)',
        exit='qtpylib.crossed_above(dataframe["close"], bb_upper)',
        startup=bb.period,
    )


def _stochastic(st: Stochastic) -> Block:
    fixed = (period_param("stoch_k", st.k), period_param("stoch_d", st.d, floor=1))
    recent = "(slowk.rolling(SIGNAL_MEMORY).min() < self.buy_stoch.value)"
    return Block(
        tag="stoch",
        params=(
            *(Param(p.name, p.default, p.low, p.high, optimize=False) for p in fixed),
            level_param("buy_stoch", st.oversold, 5, 35, "buy"),
            level_param("sell_stoch", st.overbought, 65, 95, "sell"),
        ),
        compute=(
            "stoch = ta.STOCH(",
            "    dataframe,",
            "    fastk_period=self.stoch_k.value,",
            "    slowk_period=3,",
            "    slowd_period=self.stoch_d.value,",
            ")",
            'dataframe["slowk"] = stoch["slowk"]',
            'dataframe["slowd"] = stoch["slowd"]',
        ),
        columns=('slowk = dataframe["slowk"]', 'slowd = dataframe["slowd"]'),
        trigger=("qtpylib.crossed_above(slowk, slowd)", recent),
        trend_guard="(slowk < self.sell_stoch.value)",
        reversal_guard=recent,
        exit="(qtpylib.crossed_below(slowk, slowd) & (slowk > self.sell_stoch.value))",
        startup=(st.k + st.d + 3) * 2,
    )


def _adx(adx: Adx) -> Block:
    condition = "(adx > self.adx_threshold.value)"
    return Block(
        tag="adx",
        params=(
            period_param("adx_period", adx.period, floor=5),
            level_param("adx_threshold", adx.threshold, 15, 40, "buy"),
        ),
        compute=(
            "for period in self.adx_period.range:",
            '    dataframe[f"adx_{period}"] = ta.ADX(dataframe, timeperiod=period)',
        ),
        columns=('adx = dataframe[f"adx_{self.adx_period.value}"]',),
        trigger=(condition,),
        trend_guard=condition,
        reversal_guard=condition,
        exit="",
        startup=adx.period * 4,
    )


def _volume(vol: VolumeFilter) -> Block:
    # Volume confirms a move if it was high on any of the last few candles, not only
    # on the trigger candle itself: requiring both on one candle makes entries rare.
    condition = "(high_volume.rolling(SIGNAL_MEMORY).max() > 0)"
    return Block(
        tag="volume",
        params=(
            period_param("volume_period", vol.period, floor=3),
            level_param("volume_factor", vol.factor, 0.5, 3.0, "buy"),
        ),
        compute=(
            "for period in self.volume_period.range:",
            '    dataframe[f"volume_mean_{period}"] = dataframe["volume"].rolling(period).mean()',
        ),
        columns=(
            'volume_mean = dataframe[f"volume_mean_{self.volume_period.value}"]',
            'high_volume = dataframe["volume"] > volume_mean * self.volume_factor.value',
        ),
        trigger=(condition,),
        trend_guard=condition,
        reversal_guard=condition,
        exit="",
        startup=vol.period,
    )
