"""User-facing texts of the composer: explanation, summary and "not understood" replies."""

from __future__ import annotations

from dataclasses import asdict

from ai_strategies.composer import phrases
from ai_strategies.composer.blocks import SIGNAL_MEMORY
from ai_strategies.composer.plan import Plan
from ai_strategies.composer.spec import (
    DEFAULT_PAIR,
    DEFAULT_TIMEFRAME,
    Indicator,
    Language,
    StrategySpec,
    VolumeFilter,
    indicator_key,
)

_LINES: dict[Language, dict[str, str]] = {
    "en": {
        "intro": "This strategy trades {pair} on the {timeframe} timeframe, long only "
        "(it buys, then sells what it bought).",
        "buy": "Buy when {trigger}",
        "while": ", while {conditions}",
        "sell": "Sell when {exits}, or when profit reaches {tp}% (take profit).",
        "stop": "Stop loss: sell if the price falls {sl}% below the buy price.",
        "trail": "Trailing stop: once profit passes {offset}%, the stop follows the price "
        "{trail}% below its highest point.",
        "tune": "Every number above is a parameter you can tune later with hyperopt.",
        "and": " and ",
        "or": ", or ",
        "summary": "{pair} {timeframe}: buy on {labels}; SL {sl}%, TP {tp}%",
        "understood": "I understood: {items}. ",
        "filters_only": "{names} only filter trades; they need an entry signal too. ",
        "not_understood": "I could not find an entry signal in your request. {understood}"
        'Please name at least one indicator, for example: "RSI below 30", '
        '"EMA 9/21 crossover", "MACD cross", "Bollinger lower band" or '
        '"Stochastic oversold".',
    },
    "id": {
        "intro": "Strategi ini trading {pair} di timeframe {timeframe}, hanya posisi beli "
        "(beli dulu, lalu jual kembali).",
        "buy": "Beli saat {trigger}",
        "while": ", selama {conditions}",
        "sell": "Jual saat {exits}, atau saat profit mencapai {tp}% (take profit).",
        "stop": "Stop loss: jual jika harga turun {sl}% di bawah harga beli.",
        "trail": "Trailing stop: setelah profit melewati {offset}%, stop mengikuti harga "
        "{trail}% di bawah titik tertingginya.",
        "tune": "Semua angka di atas adalah parameter yang bisa dioptimasi nanti dengan hyperopt.",
        "and": " dan ",
        "or": ", atau ",
        "summary": "{pair} {timeframe}: beli saat {labels}; SL {sl}%, TP {tp}%",
        "understood": "Yang saya pahami: {items}. ",
        "filters_only": "{names} hanya menyaring sinyal; tetap dibutuhkan sinyal beli. ",
        "not_understood": "Saya belum menemukan sinyal beli di permintaan Anda. {understood}"
        'Sebutkan minimal satu indikator, misalnya: "RSI di bawah 30", '
        '"EMA 9/21 crossover", "MACD cross", "Bollinger band bawah" atau '
        '"Stochastic oversold".',
    },
}

_NOTES: dict[Language, dict[str, str]] = {
    "en": {
        "default_pair": f"No pair was given, so {DEFAULT_PAIR} is used.",
        "default_timeframe": f"No timeframe was given, so {DEFAULT_TIMEFRAME} is used.",
        "default_stoploss": "No stop loss was given, so {sl}% is used.",
        "default_take_profit": "No take profit was given, so it is set to {tp}%.",
        "short_unsupported": "Short selling is not possible on spot markets, so this strategy "
        "only buys and later sells what it bought.",
        "leverage_ignored": "Leverage and futures are not used: the strategy trades spot.",
        "timeframe_unsupported": "That timeframe is not supported (use 1m, 3m, 5m, 15m, 30m, "
        "1h, 2h, 4h or 1d), so {timeframe} is used.",
        "stoploss_clamped": "The stop loss was adjusted to {sl}% to stay within safe limits.",
        "tp_clamped": "The take profit was adjusted to {tp}% to stay within safe limits.",
        "trail_clamped": "The trailing distance was adjusted to {trail}%.",
    },
    "id": {
        "default_pair": f"Pair tidak disebut, jadi dipakai {DEFAULT_PAIR}.",
        "default_timeframe": f"Timeframe tidak disebut, jadi dipakai {DEFAULT_TIMEFRAME}.",
        "default_stoploss": "Stop loss tidak disebut, jadi dipakai {sl}%.",
        "default_take_profit": "Take profit tidak disebut, jadi dipasang di {tp}%.",
        "short_unsupported": "Short (jual dulu) tidak bisa di pasar spot, jadi strategi ini "
        "hanya membeli lalu menjual kembali.",
        "leverage_ignored": "Leverage dan futures tidak dipakai: strategi ini trading spot.",
        "timeframe_unsupported": "Timeframe itu tidak didukung (pakai 1m, 3m, 5m, 15m, 30m, "
        "1h, 2h, 4h atau 1d), jadi dipakai {timeframe}.",
        "stoploss_clamped": "Stop loss disesuaikan ke {sl}% agar tetap dalam batas aman.",
        "tp_clamped": "Take profit disesuaikan ke {tp}% agar tetap dalam batas aman.",
        "trail_clamped": "Jarak trailing disesuaikan ke {trail}%.",
    },
}


def pct(value: float) -> str:
    """Format a fraction as a percentage number: 0.025 -> "2.5"."""
    return f"{value * 100:.4g}"


def explanation(spec: StrategySpec, plan: Plan, language: Language) -> str:
    """Explain the strategy in plain words, one idea per line."""
    lines = _LINES[language]
    risk = _risk(spec)
    buy = lines["buy"].format(trigger=_phrase(phrases.TRIGGER, plan.trigger, language))
    conditions = [_guard_phrase(g, plan, language) for g in plan.guards]
    conditions += [_phrase(phrases.FILTER, f, language) for f in plan.filters]
    if conditions:
        buy += lines["while"].format(conditions=lines["and"].join(conditions))
    exits = lines["or"].join(_phrase(phrases.EXIT, e, language) for e in plan.exits)
    text = [lines["intro"].format(**risk), buy + ".", lines["sell"].format(exits=exits, **risk)]
    text.append(lines["stop"].format(**risk))
    if spec.trailing is not None:
        text.append(lines["trail"].format(**risk))
    text += [_NOTES[language][note].format(**risk) for note in spec.notes]
    text.append(lines["tune"])
    return "\n".join(text)


def summary(spec: StrategySpec, plan: Plan, language: Language) -> str:
    """Return a one-line summary such as `BTC/USDT 5m: buy on RSI(14) 30/70; SL 3%, TP 5%`."""
    indicators = [plan.trigger, *plan.guards, *plan.filters]
    labels = " + ".join(phrases.LABEL[indicator_key(i)].format(**_fields(i)) for i in indicators)
    return _LINES[language]["summary"].format(labels=labels, **_risk(spec))


def not_understood(understood: dict[str, object], language: Language) -> str:
    """Say what was understood and that at least one indicator is needed."""
    lines = _LINES[language]
    items = []
    for key in ("pair", "timeframe"):
        if key in understood:
            items.append(f"{key} {understood[key]}")
    for key, label in (("stoploss", "stop loss"), ("take_profit", "take profit")):
        value = understood.get(key)
        if isinstance(value, float):
            items.append(f"{label} {pct(value)}%")
    part = lines["understood"].format(items=", ".join(items)) if items else ""
    found = understood.get("indicators")
    if isinstance(found, list) and found:
        names = lines["and"].join(phrases.NAMES[str(name)] for name in found)
        part += lines["filters_only"].format(names=names[0].upper() + names[1:])
    return lines["not_understood"].format(understood=part)


def _phrase(table: phrases.Table, indicator: Indicator, language: Language) -> str:
    return table[language][indicator_key(indicator)].format(**_fields(indicator))


def _guard_phrase(indicator: Indicator, plan: Plan, language: Language) -> str:
    table = phrases.REVERSAL_GUARD if plan.mode == "reversal" else phrases.TREND_GUARD
    if indicator_key(indicator) not in table[language]:
        table = phrases.TREND_GUARD
    return _phrase(table, indicator, language)


def _fields(indicator: Indicator) -> dict[str, object]:
    fields: dict[str, object] = dict(asdict(indicator))
    fields["KIND"] = str(fields.get("kind", "")).upper()
    fields["memory"] = SIGNAL_MEMORY
    if isinstance(indicator, VolumeFilter):
        fields["factor_text"] = "" if indicator.factor == 1.0 else f"{indicator.factor:g}× "
    return fields


def _risk(spec: StrategySpec) -> dict[str, str]:
    trailing = spec.trailing or 0.0
    return {
        "pair": spec.pair,
        "timeframe": spec.timeframe,
        "sl": pct(spec.stoploss),
        "tp": pct(spec.take_profit),
        "trail": pct(trailing),
        "offset": pct(trailing + 0.01),
    }
