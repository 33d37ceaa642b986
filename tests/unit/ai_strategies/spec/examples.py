"""Example strategy specs (as JSON-like dicts) shared by the unit and integration tests.

`EXAMPLES` covers every condition type, informative timeframes and pairs, the ATR stop,
DCA, protections, and all catalogue indicators across the eight specs.
"""

from __future__ import annotations

from typing import Any

from ai_strategies.spec import CATALOGUE

Json = dict[str, Any]


def ind(ref: str, output: str | None = None, shift: int = 0) -> Json:
    """Return an indicator operand."""
    found: Json = {"type": "indicator", "ref": ref, "shift": shift}
    if output is not None:
        found["output"] = output
    return found


def price(field: str = "close", timeframe: str | None = None, shift: int = 0) -> Json:
    """Return a price operand."""
    found: Json = {"type": "price", "field": field, "shift": shift}
    if timeframe is not None:
        found["timeframe"] = timeframe
    return found


def const(default: float, low: float, high: float) -> Json:
    """Return a tunable constant operand."""
    return {"type": "const", "default": default, "min": low, "max": high}


def cmp(kind: str, a: Json, b: Json) -> Json:
    """Return above / below / crosses_above / crosses_below."""
    return {"type": kind, "a": a, "b": b}


def all_(*conditions: Json) -> Json:
    return {"type": "all", "conditions": list(conditions)}


def any_(*conditions: Json) -> Json:
    return {"type": "any", "conditions": list(conditions)}


def not_(condition: Json) -> Json:
    return {"type": "not", "condition": condition}


def held(condition: Json, candles: int) -> Json:
    return {"type": "held", "condition": condition, "candles": candles}


def trend(kind: str, operand: Json, candles: int = 1) -> Json:
    """Return rising / falling."""
    return {"type": kind, "operand": operand, "candles": candles}


def distance(a: Json, b: Json, mode: str, side: str, pct: float) -> Json:
    """Return a distance_pct condition with a tunable percentage."""
    bounds = {"default": pct, "min": round(pct / 2, 2), "max": pct * 2}
    return {"type": "distance_pct", "a": a, "b": b, "mode": mode, "side": side, "pct": bounds}


def spec(
    pair: str, timeframe: str, indicators: list[Json], entries: list[tuple[str, Json]], **rest: Any
) -> Json:
    """Return a spec dict; `entries`/`exits` are (tag, condition) pairs."""
    data: Json = {"pair": pair, "timeframe": timeframe, "indicators": indicators}
    data["entries"] = [{"tag": tag, "condition": c} for tag, c in entries]
    data["exits"] = [{"tag": tag, "condition": c} for tag, c in rest.pop("exits", [])]
    return data | rest


RSI_EMA = spec(
    "BTC/USDT",
    "5m",
    [
        {"id": "rsi", "kind": "rsi"},
        {"id": "ema_fast", "kind": "ema", "params": {"period": 9}},
        {"id": "ema_slow", "kind": "ema", "params": {"period": 21}},
        {"id": "ema_trend", "kind": "ema", "params": {"period": 50}, "timeframe": "1h"},
    ],
    [("rsi_dip", all_(cmp("below", ind("rsi"), const(35, 20, 45)),
                      cmp("above", price("close", "1h"), ind("ema_trend"))))],
    exits=[("ema_cross", cmp("crosses_below", ind("ema_fast"), ind("ema_slow")))],
    risk={
        "stoploss": 0.04,
        "roi": [{"after_minutes": 0, "profit": 0.03}, {"after_minutes": 120, "profit": 0.01}],
        "trailing": {"positive": 0.01, "offset": 0.02, "only_offset_is_reached": True},
    },
    defaults_used=["rsi_period", "roi"],
)  # fmt: skip
MACD_ADX = spec(
    "ETH/USDT",
    "15m",
    [
        {"id": "macd", "kind": "macd"},
        {"id": "adx", "kind": "adx", "params": {"period": 14}},
        {"id": "sma_long", "kind": "sma", "params": {"period": 100}},
    ],
    [("macd_cross", all_(cmp("crosses_above", ind("macd"), ind("macd", "signal")),
                         cmp("above", ind("adx"), const(18, 10, 30))))],
    exits=[("macd_down", cmp("crosses_below", ind("macd"), ind("macd", "signal"))),
           ("trend_lost", cmp("below", price(), ind("sma_long")))],
    risk={"stoploss": 0.08, "atr_stop": {"period": 14, "multiplier": 2.0}},
    defaults_used=["stoploss", "macd_fast", "macd_slow", "macd_signal"],
)  # fmt: skip
BOLLINGER_DCA = spec(
    "SOL/USDT",
    "5m",
    [
        {"id": "bb", "kind": "bbands", "params": {"period": 20, "std": 2.0}},
        {"id": "srsi", "kind": "stochrsi"},
        {"id": "mfi", "kind": "mfi"},
    ],
    [("band_touch", any_(cmp("crosses_above", price(), ind("bb", "lower")),
                         all_(cmp("below", ind("srsi", "k"), const(20, 5, 30)),
                              cmp("below", ind("mfi"), const(35, 20, 45)))))],
    exits=[("mid_band", distance(price(), ind("bb", "mid"), "within", "above", 0.2))],
    risk={"stoploss": 0.15, "roi": [{"after_minutes": 0, "profit": 0.02}],
          "dca": {"stake_pct": 50, "drop_pct": 2.0, "max_adds": 2}},
)  # fmt: skip
SUPERTREND = spec(
    "BNB/USDT",
    "15m",
    [
        {"id": "st", "kind": "supertrend", "params": {"period": 10, "multiplier": 2.0}},
        {"id": "hma", "kind": "hma", "params": {"period": 20}},
        {"id": "vol", "kind": "volume_ma"},
        {"id": "cmf", "kind": "cmf"},
    ],
    [("trend_up", all_(cmp("above", ind("st", "direction"), const(0, 0, 0)),
                       trend("rising", ind("hma"), 2),
                       cmp("above", price("volume"), ind("vol")),
                       cmp("above", ind("cmf"), const(-0.1, -0.3, 0.2))))],
    exits=[("trend_down", trend("falling", ind("hma"), 3))],
    risk={"protections": [{"method": "CooldownPeriod", "stop_duration_candles": 2},
                          {"method": "StoplossGuard", "trade_limit": 2, "only_per_pair": True}]},
    defaults_used=["stoploss", "protections", "st_period"],
)  # fmt: skip
ICHIMOKU = spec(
    "BTC/USDT",
    "15m",
    [
        {"id": "ichi", "kind": "ichimoku"},
        {"id": "aroon", "kind": "aroon"},
        {"id": "kama", "kind": "kama"},
    ],
    [("cloud", all_(cmp("above", price(), ind("ichi", "senkou_b")),
                    cmp("above", ind("ichi", "tenkan"), ind("ichi", "kijun")),
                    cmp("above", ind("aroon", "osc"), const(0, -50, 50)),
                    cmp("above", price(), ind("kama"))))],
    exits=[("tenkan_down", cmp("crosses_below", ind("ichi", "tenkan"), ind("ichi", "kijun")))],
    risk={"protections": [{"method": "MaxDrawdown", "max_allowed_drawdown": 0.25}]},
)  # fmt: skip
DONCHIAN = spec(
    "XRP/USDT",
    "5m",
    [
        {"id": "dc", "kind": "donchian", "params": {"period": 20}},
        {"id": "kc", "kind": "keltner"},
        {"id": "atr", "kind": "atr"},
        {"id": "natr", "kind": "natr"},
    ],
    [("breakout", all_(cmp("crosses_above", price(), ind("dc", "upper", shift=1)),
                       cmp("below", ind("natr"), const(3, 0.5, 6)),
                       held(cmp("above", price(), ind("kc", "lower")), 3)))],
    exits=[("keltner_mid", cmp("crosses_below", price(), ind("kc", "mid"))),
           ("atr_spike", cmp("above", ind("atr"), ind("atr", shift=5)))],
    risk={"protections": [{"method": "LowProfitPairs", "required_profit": -0.05}]},
)  # fmt: skip
OSCILLATORS = spec(
    "ETH/USDT",
    "5m",
    [
        {"id": "cci", "kind": "cci"},
        {"id": "wr", "kind": "willr"},
        {"id": "uo", "kind": "ultosc"},
        {"id": "cmo", "kind": "cmo"},
        {"id": "stoch", "kind": "stoch"},
        {"id": "roc", "kind": "roc"},
        {"id": "mom", "kind": "mom"},
    ],
    [("oversold", any_(all_(cmp("below", ind("cci"), const(-100, -200, -50)),
                            cmp("below", ind("wr"), const(-80, -95, -60))),
                       all_(cmp("crosses_above", ind("stoch", "k"), ind("stoch", "d")),
                            cmp("below", ind("stoch", "k"), const(25, 10, 40))),
                       all_(cmp("below", ind("uo"), const(35, 20, 45)),
                            cmp("below", ind("cmo"), const(-30, -60, -10)))))],
    exits=[("overbought", not_(cmp("below", ind("cci"), const(100, 50, 200)))),
           ("momentum", all_(cmp("above", ind("roc"), const(1, 0.2, 3)),
                             trend("falling", ind("mom"), 1)))],
    unsupported=[{"code": "leverage", "phrase": "pakai leverage 10x"}],
)  # fmt: skip
HEIKIN_VWAP = spec(
    "SOL/USDT",
    "15m",
    [
        {"id": "ha", "kind": "heikin_ashi"},
        {"id": "vwap", "kind": "vwap", "params": {"period": 48}},
        {"id": "obv", "kind": "obv"},
        {"id": "sar", "kind": "sar"},
        {"id": "wma", "kind": "wma"},
        {"id": "tema", "kind": "tema", "params": {"period": 10}},
        {"id": "dema", "kind": "dema", "params": {"period": 30}},
        {"id": "btc_rsi", "kind": "rsi", "pair": "BTC/USDT", "timeframe": "1h"},
    ],
    [("ha_green", all_(cmp("above", ind("ha"), ind("ha", "open")),
                       cmp("above", price("hlc3"), ind("vwap")),
                       cmp("above", ind("obv"), ind("obv", "ma")),
                       cmp("above", ind("btc_rsi"), const(40, 25, 55)))),
     ("sar_flip", all_(cmp("crosses_above", price(), ind("sar")),
                       cmp("above", ind("tema"), ind("dema"))))],
    exits=[("ha_red", held(cmp("below", ind("ha"), ind("ha", "open")), 2)),
           ("stretched", distance(price(), ind("wma"), "more_than", "above", 2.0)),
           ("dropped", distance(price(), ind("vwap"), "more_than", "below", 3.0))],
    unsupported=[{"code": "short_selling", "phrase": "short when the trend turns"}],
)  # fmt: skip

EXAMPLES: dict[str, Json] = {
    "rsi_ema": RSI_EMA,
    "macd_adx": MACD_ADX,
    "bollinger_dca": BOLLINGER_DCA,
    "supertrend": SUPERTREND,
    "ichimoku": ICHIMOKU,
    "donchian": DONCHIAN,
    "oscillators": OSCILLATORS,
    "heikin_vwap": HEIKIN_VWAP,
}


def catalogue_spec(kinds: list[str], pair: str = "BTC/USDT", timeframe: str = "5m") -> Json:
    """Return a minimal spec using each kind, every output in a rising/falling rule."""
    indicators = [{"id": f"k_{kind}", "kind": kind} for kind in kinds]
    outputs = [(f"k_{k}", o) for k in kinds for o in CATALOGUE[k].output_names]
    risings = [trend("rising", ind(ref, out)) for ref, out in outputs]
    # A group holds at most 10 conditions, so the outputs go in groups of groups.
    rising = any_(*(any_(*risings[i : i + 10]) for i in range(0, len(risings), 10)))
    falling = all_(*(trend("falling", ind(ref, out), 2) for ref, out in outputs[:3]))
    return spec(pair, timeframe, indicators, [("up", rising)], exits=[("down", falling)])


def catalogue_groups(size: int = 11) -> list[list[str]]:
    """Split the catalogue's kinds into groups of at most `size`."""
    kinds = list(CATALOGUE)
    return [kinds[i : i + size] for i in range(0, len(kinds), size)]
