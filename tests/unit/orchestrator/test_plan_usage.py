"""Plan-limited choices: what the plan allows, and which plan allows the rest."""

from __future__ import annotations

from orchestrator.accounts.usage import PlanLimits, PlanUsage, choices_within

FREE = PlanLimits("free", "Free", 1, 0, 5, 50, 180)
PRO = PlanLimits("pro", "Pro", 5, 2, 100, 300, 365)
ELITE = PlanLimits("elite", "Elite", 20, 10, 500, 1000, 730)
PLANS = (FREE, PRO, ELITE)


def test_values_above_the_plan_name_the_cheapest_plan_that_allows_them() -> None:
    offered = choices_within((30, 180, 365, 730, 1000), FREE, PLANS, "backtest_max_days")
    assert offered == [(30, None), (180, None), (365, "Pro"), (730, "Elite")]  # 1000: none


def test_epochs_follow_their_own_limit() -> None:
    assert choices_within((50, 100, 2000), PRO, PLANS, "hyperopt_max_epochs") == [
        (50, None),
        (100, None),
    ]


def test_room_for_bots_and_live_bots() -> None:
    full = PlanUsage(FREE, active_bots=1, live_bots=0, generations_used=0, plans=PLANS)
    assert not full.bot_room and not full.live_room
    pro = PlanUsage(PRO, active_bots=3, live_bots=2, generations_used=0, plans=PLANS)
    assert pro.bot_room and not pro.live_room
    assert pro.offers((365, 730), "backtest_max_days") == [(365, None), (730, "Elite")]
