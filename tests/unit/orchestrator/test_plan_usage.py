"""Plan-limited choices: what the plan allows, and which plan allows the rest."""

from __future__ import annotations

from billing_tripay.plans import Entitlements, Plan
from orchestrator.accounts.entitlements import custom_code_refusal
from orchestrator.accounts.usage import PlanUsage, choices_within, limit_of


def plan(code: str, price: int, limits: tuple[int, int, int, int, int], custom: bool) -> Plan:
    """Return a plan as the default `plans` rows hold it."""
    allows = Entitlements(*limits, custom_code=custom)
    return Plan(code, code.capitalize(), price, price * 10, 30, allows)


FREE = plan("free", 0, (1, 0, 5, 50, 180), custom=False)
PRO = plan("pro", 149_000, (5, 2, 100, 300, 365), custom=False)
ELITE = plan("elite", 399_000, (20, 10, 500, 1000, 730), custom=True)
PLANS = (FREE, PRO, ELITE)


def test_values_above_the_plan_name_the_cheapest_plan_that_allows_them() -> None:
    offered = choices_within((30, 180, 365, 730, 1000), FREE, PLANS, "backtest_max_days")
    assert offered == [(30, None), (180, None), (365, "Pro"), (730, "Elite")]  # 1000: none


def test_epochs_follow_their_own_limit() -> None:
    assert choices_within((50, 100, 2000), PRO, PLANS, "hyperopt_max_epochs") == [
        (50, None),
        (100, None),
    ]
    assert (limit_of(ELITE, "hyperopt_max_epochs"), limit_of(ELITE, "backtest_max_days")) == (
        1000,
        730,
    )


def test_room_for_bots_and_live_bots() -> None:
    full = PlanUsage(FREE, active_bots=1, live_bots=0, generations_used=0, plans=PLANS)
    assert not full.bot_room and not full.live_room
    pro = PlanUsage(PRO, active_bots=3, live_bots=2, generations_used=0, plans=PLANS)
    assert pro.bot_room and not pro.live_room
    assert pro.offers((365, 730), "backtest_max_days") == [(365, None), (730, "Elite")]


def test_custom_code_refusal_names_the_first_plan_that_runs_it() -> None:
    refusal = custom_code_refusal(PLANS)
    assert (refusal.key, refusal.params) == ("plan_custom_code", {"plan": "Elite"})
    # An operator who also gives Pro custom code: Pro comes first on offer, so it is named.
    pro_too = plan("pro", 149_000, (5, 2, 100, 300, 365), custom=True)
    assert custom_code_refusal((FREE, pro_too, ELITE)).params == {"plan": "Pro"}


def test_custom_code_off_every_plan_names_none() -> None:
    refusal = custom_code_refusal((FREE, PRO))
    assert (refusal.key, refusal.params) == ("plan_custom_code_none", {})
