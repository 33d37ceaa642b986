"""The describer: specs in English and Bahasa Indonesia, defaults marked, limits named."""

from __future__ import annotations

import re

import pytest

from ai_strategies.spec import CATALOGUE, describe, parse_spec
from ai_strategies.spec.describe_texts import output_word, param_word
from kernel.i18n import Language
from tests.unit.ai_strategies.spec.examples import (
    EXAMPLES,
    all_,
    any_,
    cmp,
    const,
    distance,
    held,
    ind,
    not_,
    price,
    spec,
    trend,
)

# Common English words that must never appear in Indonesian text (indicator names, tags and
# the user's own quoted words aside). "band" and "parameter" are Indonesian words as well.
ENGLISH = {
    *("the", "a", "an", "is", "are", "when", "and", "or", "not", "of", "to", "at", "by"),
    *("for", "from", "with", "without", "after", "before", "buy", "sell", "price", "above"),
    *("below", "crosses", "higher", "lower", "than", "ago", "candles", "within", "more"),
    *("most", "least", "default", "right", "away", "minutes", "hours", "days", "stake"),
    *("times", "wait", "pause", "this", "all", "trades", "trade", "indicator", "period"),
    *("signal", "line", "middle", "upper", "average", "fast", "slow", "no", "off", "only"),
    *("every", "number", "tune", "once", "follows", "highest", "point"),
}
LANGUAGES: tuple[Language, ...] = ("en", "id")
TERMS = {"stop", "loss", "take", "profit", "trailing", "candle", "spot", "pair", "timeframe"}


def words_outside_quotes(text: str) -> set[str]:
    """Return the lower-case words of a text, leaving out "quoted" parts."""
    unquoted = re.sub(r'"[^"]*"', " ", text)
    return {w.lower() for w in re.findall(r"[A-Za-z]+", unquoted)}


RSI_SPEC = spec(
    "BTC/USDT",
    "4h",
    [
        {"id": "sma_fast", "kind": "sma", "params": {"period": 50}},
        {"id": "sma_slow", "kind": "sma", "params": {"period": 200}},
        {"id": "rsi", "kind": "rsi"},
    ],
    [
        (
            "trend_dip",
            all_(
                cmp("above", ind("sma_fast"), ind("sma_slow")),
                cmp("below", ind("rsi"), const(40, 30, 50)),
            ),
        )
    ],
    risk={
        "stoploss": 0.015,
        "roi": [{"after_minutes": 0, "profit": 0.1}, {"after_minutes": 240, "profit": 0.025}],
        "dca": {"stake_pct": 50, "drop_pct": 2.5, "max_adds": 3},
        "protections": [{"method": "CooldownPeriod", "stop_duration_candles": 4}],
    },
    defaults_used=["rsi_period", "entry_1_threshold_1", "roi", "timeframe", "dca_max_adds"],
    unsupported=[
        {"code": "short_selling", "phrase": "jual short kalau turun"},
        {"code": "leverage", "phrase": "pakai leverage 5x"},
    ],
)


def test_summary_is_one_line_with_the_main_rule() -> None:
    summary = describe(parse_spec(RSI_SPEC), "en").summary
    assert summary == ("BTC/USDT 4h: buy when SMA(50) > SMA(200) and RSI(14) < 40; SL 1.5%, TP 10%")
    assert describe(parse_spec(RSI_SPEC), "id").summary == (
        "BTC/USDT 4h: beli saat SMA(50) > SMA(200) dan RSI(14) < 40; SL 1,5%, TP 10%"
    )


def test_english_explains_rules_risk_and_defaults() -> None:
    lines = describe(parse_spec(RSI_SPEC), "en").lines
    assert lines[0].startswith("This strategy trades BTC/USDT on the 4h (default) timeframe")
    assert "Indicator RSI(14): period 14 (default)." in lines
    assert "Indicator SMA(50): period 50." in lines
    assert (
        'Buy signal "trend_dip": buy when SMA(50) is above SMA(200) and RSI(14) is below '
        "40 (default)." in lines
    )
    assert "Take profit: 10% right away, 2.5% after 4 hours (default)." in lines
    assert "Stop loss: sell if the price falls 1.5% below the buy price." in lines
    assert (
        "DCA: when the trade is 2.5% below its average buy price, buy 50% of the first stake "
        "again, at most 3 (default) times." in lines
    )
    assert "Cooldown: after a trade closes, wait 4 candles before buying this pair again." in lines
    assert any("No sell signal" in line for line in lines)


def test_indonesian_explains_with_decimal_commas_and_marks_defaults() -> None:
    described = describe(parse_spec(RSI_SPEC), "id")
    text = described.text
    assert "Indikator RSI(14): periode 14 (bawaan)." in described.lines
    assert "RSI(14) di bawah 40 (bawaan)" in text
    assert "Take profit: 10% langsung, 2,5% setelah 4 jam (bawaan)." in described.lines
    assert "Stop loss: jual jika harga turun 1,5% di bawah harga beli." in described.lines
    assert "paling banyak 3 (bawaan) kali" in text
    assert "1.5%" not in text and "2.5%" not in text
    assert "(default)" not in text


def test_large_values_are_grouped_as_each_language_writes_them() -> None:
    condition = cmp("above", price(), const(65000.5, 1000, 100000))
    data = spec("BTC/USDT", "1h", [], [("breakout", condition)])
    english, bahasa = (describe(parse_spec(data), language) for language in ("en", "id"))
    assert "buy when the price is above 65,000.5." in english.text
    assert "beli saat harga di atas 65.000,5." in bahasa.text
    assert "BTC/USDT 1h: beli saat harga > 65.000,5;" in bahasa.summary


def test_values_not_listed_as_defaults_are_not_marked() -> None:
    data = RSI_SPEC | {"defaults_used": []}
    marks: tuple[tuple[Language, str], ...] = (("en", "(default)"), ("id", "(bawaan)"))
    for language, mark in marks:
        text = describe(parse_spec(data), language).text
        # Only indicator parameters the spec left out count as defaults then.
        assert text.count(mark) == 1, text


def test_unsupported_requests_are_named_in_both_languages() -> None:
    english = describe(parse_spec(RSI_SPEC), "en").lines
    assert (
        'Not possible: "jual short kalau turun" (short selling is not available on spot: '
        "this strategy only buys, then sells)." in english
    )
    assert 'Not possible: "pakai leverage 5x" (leverage is not available on spot).' in english
    indonesian = describe(parse_spec(RSI_SPEC), "id").lines
    assert 'Tidak bisa: "pakai leverage 5x" (leverage tidak tersedia di spot).' in indonesian
    assert any(
        line.startswith('Tidak bisa: "jual short kalau turun" (short') for line in indonesian
    )


@pytest.mark.parametrize("name", [*EXAMPLES, "rsi_spec"])
def test_indonesian_has_no_english_words(name: str) -> None:
    data = RSI_SPEC if name == "rsi_spec" else EXAMPLES[name]
    if name == "heikin_vwap":  # its unsupported phrase is the user's own English
        data = data | {"unsupported": []}
    described = describe(parse_spec(data), "id")
    labels = {w.lower() for d in CATALOGUE.values() for w in re.findall(r"[A-Za-z]+", d.label)}
    for line in (described.summary, *described.lines):
        found = words_outside_quotes(line) & ENGLISH - labels - TERMS
        assert not found, (found, line)


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_every_example_is_described_in_both_languages(name: str) -> None:
    parsed = parse_spec(EXAMPLES[name])
    for language in LANGUAGES:
        described = describe(parsed, language)
        assert "\n" not in described.summary and len(described.summary) <= 200
        assert described.summary.startswith(f"{parsed.pair} {parsed.timeframe}: ")
        for rule in (*parsed.entries, *parsed.exits):
            assert sum(f'"{rule.tag}"' in line for line in described.lines) == 1


def test_every_condition_type_has_words() -> None:
    condition = any_(
        cmp("crosses_above", ind("e"), price("hl2")),
        cmp("crosses_below", ind("e", shift=2), price("close", "1h")),
        held(cmp("above", price(), ind("e")), 3),
        trend("rising", ind("e"), 2),
        trend("falling", price("volume"), 1),
        distance(price(), ind("e"), "within", "either", 1.5),
        distance(price(), ind("e"), "more_than", "below", 3.0),
        not_(cmp("below", price(), ind("e"))),
    )
    data = spec("BTC/USDT", "15m", [{"id": "e", "kind": "ema"}], [("all_kinds", condition)])
    english = describe(parse_spec(data), "en").lines[2]
    for words in (
        "EMA(20) crosses above the (high + low) / 2 price",
        "EMA(20) 2 candles earlier crosses below the price (1h)",
        "the price is above EMA(20) for 3 candles in a row",
        "EMA(20) is higher than 2 candles ago",
        "volume is lower than 1 candle ago",
        "the price is within 1.5% of EMA(20)",
        "the price is more than 3% below EMA(20)",
        "not (the price is below EMA(20))",
    ):
        assert words in english
    indonesian = describe(parse_spec(data), "id").lines[2]
    for words in (
        "EMA(20) memotong ke atas harga tengah",
        "harga di atas EMA(20) selama 3 candle berturut-turut",
        "EMA(20) lebih tinggi dari 2 candle sebelumnya",
        "jarak harga dari EMA(20) paling jauh 1,5%",
        "harga lebih dari 3% di bawah EMA(20)",
        "bukan (harga di bawah EMA(20))",
    ):
        assert words in indonesian


@pytest.mark.parametrize("language", LANGUAGES)
def test_word_tables_cover_the_catalogue(language: Language) -> None:
    outputs = {o for d in CATALOGUE.values() for o in d.output_names}
    params = {p.name for d in CATALOGUE.values() for p in d.params}
    for output in outputs:
        output_word(output, language)  # a KeyError names an output without a word
    assert all(param_word(param, language) for param in params)
