"""The deterministic loss explanation: facts, insights, and both languages."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from orchestrator.supervisor.explain import _TEXTS, TradeFact, analyse, render
from tests.support.indonesian import english_in, english_vocabulary
from tests.unit.test_catalogues import CATALOGUES


def trade(profit: str, reason: str, open_rate: str = "100", close_rate: str = "99") -> TradeFact:
    ratio = (Decimal(close_rate) - Decimal(open_rate)) / Decimal(open_rate)
    return TradeFact(Decimal(profit), ratio, Decimal(open_rate), Decimal(close_rate), 30, reason)


def test_stoploss_losses_in_a_falling_market() -> None:
    trades = [trade("-1", "stop_loss", "100", "99"), trade("-1", "stop_loss", "98", "95")]
    facts = analyse(trades)
    assert (facts.trades, facts.losses, facts.total_profit) == (2, 2, Decimal(-2))
    assert facts.market_move_pct == -5.0
    assert facts.insights == ["stoploss_dominant", "falling_market"]


def test_no_pattern_is_said_plainly() -> None:
    facts = analyse([trade("1", "roi", "100", "101"), trade("-1", "exit_signal", "101", "100")])
    assert "early_exit_signal" in facts.insights


def test_render_in_both_languages() -> None:
    facts = analyse([trade("-1", "stop_loss")])
    english, indonesian = render(facts, "en"), render(facts, "id")
    assert "losses" in english and "stop-loss" in english
    assert "rugi" in indonesian and english != indonesian


def test_catalogue_complete_in_both_languages() -> None:
    assert set(_TEXTS["en"]) == set(_TEXTS["id"])


def test_indonesian_explanation_has_no_english_and_local_numbers() -> None:
    facts = analyse([trade("-1234.5", "stop_loss"), trade("-0.02", "exit_signal")])
    every = [key for key in _TEXTS["id"] if key != "head"]  # every sentence, not only this case
    facts = replace(facts, insights=every)
    indonesian = render(facts, "id")
    assert english_in(indonesian, english_vocabulary(CATALOGUES.values())) == []
    english = render(facts, "en")
    assert "-1.234,52 USDT" in indonesian and "-1,234.52 USDT" in english
