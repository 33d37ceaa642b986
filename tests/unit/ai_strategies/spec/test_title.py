"""A strategy's title names its market and the indicators its rules use, with the levels
they compare them with, and nothing else."""

from __future__ import annotations

import re

import pytest

from ai_strategies.composer import compose
from ai_strategies.spec import parse_spec, title
from ai_strategies.spec.conditions import walk
from ai_strategies.spec.operands import ConstOperand
from ai_strategies.spec.params import indicator_params
from ai_strategies.spec.title import MAX_TITLE
from ai_strategies.spec.tuning import apply_values
from kernel.i18n import LANGUAGES, Language
from tests.unit.ai_strategies.spec.examples import EXAMPLES, RSI_EMA


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("BTC/USDT 4h EMA 9/21 crossover", "BTC/USDT 4h · EMA 9/21"),
        ("buy ETH 1h when RSI below 30, sell when RSI above 70", "ETH/USDT 1h · RSI(14) 30/70"),
        # The buy rule uses 30 and the sell rule no RSI level: 70 is never claimed.
        (
            "buy BTC 1h when RSI below 30, sell when EMA 9 crosses below EMA 21",
            "BTC/USDT 1h · RSI(14) 30 + EMA 9/21",
        ),
        # RSI < 70 is a filter of the buy rule; the sell rule mirrors only the crossing.
        (
            "scalping BTC/USDT 5m with RSI and EMA crossover",
            "BTC/USDT 5m · RSI(14) 70 + EMA 9/21",
        ),
    ],
)
def test_a_title_names_only_the_levels_the_rules_use(prompt: str, expected: str) -> None:
    assert title(compose(prompt, "en").spec, "en") == expected


def test_a_title_follows_tuned_numbers() -> None:
    spec = compose("buy ETH 1h when RSI(14) below 30 and EMA 9 crosses above EMA 21", "en").spec
    assert title(spec, "en") == "ETH/USDT 1h · RSI(14) 30 + EMA 9/21"
    values = {"ema_9_period": 16, "ema_21_period": 32, "rsi_14_period": 10}
    tuned = apply_values(spec, {**values, "entry_1_threshold_1": 27})
    assert title(tuned, "en") == "ETH/USDT 1h · RSI(10) 27 + EMA 16/32"


def test_other_timeframes_and_decimals_are_written_per_language() -> None:
    spec = parse_spec(RSI_EMA)
    assert title(spec, "en") == "BTC/USDT 5m · RSI(14) 35 + EMA(50) (1h) + EMA 9/21"
    spec = compose("buy SOL 15m when price touches the lower bollinger band 20 2.5", "en").spec
    assert title(spec, "id").endswith("Bollinger(20/2,5)")
    assert title(spec, "en").endswith("Bollinger(20/2.5)")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_every_number_of_a_title_is_a_rule_level_or_a_parameter(
    name: str, language: Language
) -> None:
    spec = parse_spec(EXAMPLES[name])
    text = title(spec, language)
    assert len(text) <= MAX_TITLE and text.startswith(f"{spec.pair} {spec.timeframe} · ")
    used = {p.default for p in indicator_params(spec).values()}
    for rule in (*spec.entries, *spec.exits):
        used |= {n.default for _, n in walk(rule.condition) if isinstance(n, ConstOperand)}
    body = re.sub(r"\((?:\d+[mhd])\)", "", text.split(" · ", 1)[1])  # drop "(1h)"
    numbers = re.findall(r"-?\d+(?:[.,]\d+)?", body)
    if body.endswith("…"):
        numbers = numbers[:-1]  # the last one may be cut short
    assert {float(n.replace(",", ".")) for n in numbers} <= used
