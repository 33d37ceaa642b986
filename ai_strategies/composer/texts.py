"""The composer's own words, in English and Bahasa Indonesia: what it understood, what is
missing, and the note for a default sell signal. Everything else is `spec.describe`.
"""

from __future__ import annotations

from ai_strategies.composer.parse import Reading
from ai_strategies.spec import CATALOGUE
from ai_strategies.spec.describe_texts import UNSUPPORTED
from kernel import formatting
from kernel.i18n import Catalogue, Language

# Spec values carry at most four meaningful decimals (a 0.0125 stop loss is 1.25%).
DECIMALS = 4

TEXTS = Catalogue(
    {
        "en": {
            "not_found": "I could not find a buy signal in your request.",
            "not_built": "I could not build a strategy from your request.",
            "understood": "I understood: {items}.",
            "missing": "Missing: {items}.",
            "example": 'Name at least one buy condition, for example "RSI below 30", '
            '"EMA 9/21 crossover", "MACD cross" or "price above EMA 200".',
            "entry": "a buy signal",
            "simpler": "a shorter request with fewer conditions",
            "indicators": "indicators",
            "refused": "not possible",
            "default_exit": "No sell signal was given, so the sell signal above mirrors the buy "
            "signal (default).",
            "times": "Volume {times}x its average means volume more than {pct}% {side} it.",
            "above": "above",
            "below": "below",
            "long_only": "Only long spot strategies are possible: the bot buys, then sells what "
            "it bought; it cannot sell short or use leverage.",
            "long_offer": 'The long version of your idea: "{prompt}".',
            "long_example": 'Describe when the bot should buy instead, for example "buy when RSI '
            'is below 30".',
            # The long version as a prompt the composer reads back into the mirrored rule.
            "long_prompt": "buy {pair}{timeframe} when {condition}{risk}",
            "long_stoploss": "stop loss {pct}",
            "long_take_profit": "take profit {pct}",
            "caveat": "⚠️ Spot and long only: {items} not possible, built without it.",
        },
        "id": {
            "not_found": "Saya belum menemukan sinyal beli di permintaan Anda.",
            "not_built": "Saya belum bisa membuat strategi dari permintaan Anda.",
            "understood": "Yang saya pahami: {items}.",
            "missing": "Yang kurang: {items}.",
            "example": 'Sebutkan minimal satu syarat beli, misalnya "RSI di bawah 30", '
            '"EMA 9/21 crossover", "MACD cross" atau "harga di atas EMA 200".',
            "entry": "sinyal beli",
            "simpler": "permintaan yang lebih singkat dengan syarat yang lebih sedikit",
            "indicators": "indikator",
            "refused": "tidak bisa",
            "default_exit": "Sinyal jual tidak disebut, jadi sinyal jual di atas adalah kebalikan "
            "dari sinyal beli (bawaan).",
            "times": "Volume {times}x rata-rata berarti volume lebih dari {pct}% {side} rata-rata.",
            "above": "di atas",
            "below": "di bawah",
            "long_only": "Hanya strategi long di pasar spot yang bisa dibuat: bot membeli, lalu "
            "menjual yang dibelinya; tidak bisa short (jual dulu) atau memakai leverage.",
            "long_offer": 'Versi long dari ide Anda: "{prompt}".',
            "long_example": 'Sebutkan kapan bot sebaiknya membeli, misalnya "beli saat RSI di '
            'bawah 30".',
            "long_prompt": "beli {pair}{timeframe} saat {condition}{risk}",
            "long_stoploss": "stop loss {pct}",
            "long_take_profit": "take profit {pct}",
            "caveat": "⚠️ Hanya spot dan posisi beli: {items} tidak bisa, dibuat tanpanya.",
        },
    }
)


def number(value: float, language: Language) -> str:
    """Write a spec value plainly: 14, 2.5 (2,5 in Indonesian)."""
    return formatting.number(value, language, decimals=DECIMALS, trim=True)


def percent(ratio: float, language: Language) -> str:
    """Write a ratio as a percentage: 0.015 gives 1.5% (1,5% in Indonesian)."""
    return formatting.percent(ratio * 100, language, decimals=DECIMALS, trim=True)


def understood(reading: Reading, language: Language) -> dict[str, str]:
    """Return what a prompt stated (never a default), as words in the user's language."""
    found: dict[str, str] = {}
    if reading.pairs:
        found["pair"] = reading.pairs[0]
    if reading.timeframe.main and not reading.timeframe.implied:
        found["timeframe"] = reading.timeframe.main
    risk = reading.risk
    if risk.stoploss is not None:
        found["stop loss"] = percent(risk.stoploss, language)
    if risk.roi:
        found["take profit"] = percent(risk.roi[0].profit, language)
    if risk.trailing is not None and "trailing" not in risk.defaulted:
        found["trailing stop"] = percent(risk.trailing.positive, language)
    labels = [_label(s.kind, s.params, language) for s in reading.registry.specs.values()]
    if labels:
        found[TEXTS.text("indicators", language)] = ", ".join(dict.fromkeys(labels))
    refused = [
        f"{i.phrase} ({UNSUPPORTED[i.code][language == 'id']})" for i in reading.refusals.items
    ]
    if refused:
        found[TEXTS.text("refused", language)] = "; ".join(refused)
    return found


def missing(language: Language, *, built: bool = False) -> list[str]:
    """Return what the prompt lacks, in the user's language."""
    return [TEXTS.text("simpler" if built else "entry", language)]


def long_only(prompt: str | None, language: Language) -> str:
    """Say why a short-only idea cannot be built, and offer its long version (or an example)."""
    offer = TEXTS.text("long_offer", language, prompt=prompt) if prompt else ""
    return f"{TEXTS.text('long_only', language)} {offer or TEXTS.text('long_example', language)}"


def caveat(reading: Reading, language: Language) -> list[str]:
    """Return the first line for a strategy built without what was asked but is impossible."""
    phrases = [f'"{i.phrase}"' for i in reading.refusals.items if i.code != "other"]
    return [TEXTS.text("caveat", language, items=", ".join(phrases))] if phrases else []


def not_understood(found: dict[str, str], lacking: list[str], language: Language) -> str:
    """Return the reply to a prompt that gives no strategy: understood, missing, an example."""
    parts = [TEXTS.text("not_found" if lacking == missing(language) else "not_built", language)]
    if found:
        items = ", ".join(f"{key} {value}" for key, value in found.items())
        parts.append(TEXTS.text("understood", language, items=items))
    parts.append(TEXTS.text("missing", language, items=", ".join(lacking)))
    parts.append(TEXTS.text("example", language))
    return " ".join(parts)


def notes(reading: Reading, language: Language) -> list[str]:
    """Return the composer's notes: the mirrored sell signal, multiples written as percents."""
    found = [
        TEXTS.text(
            "times",
            language,
            times=number(times, language),
            pct=number(pct, language),
            side=TEXTS.text("above" if times > 1 else "below", language),
        )
        for times, pct in reading.multiples
    ]
    if reading.default_exit:
        found.append(TEXTS.text("default_exit", language))
    return found


def _label(kind: str, params: dict[str, float], language: Language) -> str:
    """Return an indicator's label with its parameters, e.g. RSI(14), MACD(12/26/9)."""
    entry = CATALOGUE[kind]
    values = entry.values(params)
    shown = "/".join(number(values[p.name], language) for p in entry.params)
    return f"{entry.label}({shown})" if shown else entry.label
