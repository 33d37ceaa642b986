"""Supervisor rules: streaks, drawdown against stake, and the resulting decision."""

from __future__ import annotations

from decimal import Decimal

import pytest

from orchestrator.core.errors import UserFacingError
from orchestrator.supervisor.rules import Action, Thresholds, decide, drawdown_pct, loss_streak

D = Decimal
LIMITS = Thresholds(warn_streak=3, pause_streak=5, max_drawdown_pct=10)


@pytest.mark.parametrize(
    ("profits", "streak"),
    [([], 0), ([D(1)], 0), ([D(-1)], 1), ([D(-1), D(2), D(-1), D(-1)], 2), ([D(0), D(-1)], 1)],
)
def test_loss_streak(profits: list[Decimal], streak: int) -> None:
    assert loss_streak(profits) == streak


def test_drawdown_measures_from_peak_against_stake() -> None:
    assert drawdown_pct([D(5), D(-3), D(-4)], D(100)) == pytest.approx(7.0)
    assert drawdown_pct([D(5), D(-3), D(4)], D(100)) == 0.0
    assert drawdown_pct([D(-12)], D(100)) == pytest.approx(12.0)
    assert drawdown_pct([D(-1)], D(0)) == 0.0


def test_decisions_escalate() -> None:
    losses = [D(-0.1)] * 5
    assert decide(losses[:2], D(100), LIMITS).action is Action.NONE
    assert decide(losses[:3], D(100), LIMITS).action is Action.WARN
    assert decide(losses[:4], D(100), LIMITS).action is Action.WARN
    paused = decide(losses, D(100), LIMITS)
    assert (paused.action, paused.reason, paused.streak) == (Action.PAUSE, "loss_streak", 5)


def test_drawdown_pauses_without_a_streak() -> None:
    decision = decide([D(-6), D(1), D(-6)], D(100), LIMITS)
    assert decision.action is Action.PAUSE and decision.reason == "drawdown"
    assert decision.drawdown_pct == pytest.approx(11.0)


def test_thresholds_round_trip_and_validation() -> None:
    assert Thresholds.from_json(LIMITS.to_json()) == LIMITS
    assert Thresholds.from_json(None) == Thresholds()
    with pytest.raises(UserFacingError):
        Thresholds(5, 3, 10).validated()
    with pytest.raises(UserFacingError):
        Thresholds(3, 5, 0).validated()
