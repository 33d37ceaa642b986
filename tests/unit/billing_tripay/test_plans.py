"""Plans read from `plans` rows, before and after the yearly-price and custom-code columns."""

from __future__ import annotations

from typing import Any

import pytest

from billing_tripay.plans import Entitlements, Period, Plan


def plan_row(code: str, name: str, price: int, **extra: Any) -> dict[str, Any]:
    """Return a `plans` row as the core migration seeds it (limits as of today's table)."""
    limits = {
        "free": (1, 0, 5, 50, 180),
        "pro": (5, 2, 100, 300, 365),
        "elite": (20, 10, 500, 1000, 730),
    }[code]
    columns = "max_bots max_live_bots ai_generations_per_month hyperopt_max_epochs"
    columns += " backtest_max_days"
    row: dict[str, Any] = {"code": code, "name": name, "price_idr": price, "active": True}
    row["period_days"] = 36500 if code == "free" else 30
    return row | dict(zip(columns.split(), limits, strict=True)) | extra


SEEDED = [plan_row("free", "Free", 0), plan_row("pro", "Pro", 149000)]
SEEDED.append(plan_row("elite", "Elite", 399000))


def test_a_row_without_the_new_columns_gets_the_defaults() -> None:
    free, pro, elite = (Plan.from_row(row) for row in SEEDED)

    assert pro.price_for(Period.MONTHLY) == 149_000
    assert pro.price_for(Period.YEARLY) == 1_490_000  # ten months
    assert elite.price_for(Period.YEARLY) == 3_990_000
    assert free.is_free and not pro.is_free
    assert pro.entitlements == Entitlements(
        max_bots=5,
        max_live_bots=2,
        ai_generations_per_month=100,
        hyperopt_max_epochs=300,
        backtest_max_days=365,
        custom_code=False,
    )
    assert [p.entitlements.custom_code for p in (free, pro, elite)] == [False, False, True]


@pytest.mark.parametrize("row", SEEDED[1:], ids=lambda row: row["code"])
def test_yearly_is_cheaper_than_twelve_months(row: dict[str, Any]) -> None:
    plan = Plan.from_row(row)

    assert plan.price_for(Period.YEARLY) < 12 * plan.price_for(Period.MONTHLY)
    assert plan.yearly_saving_idr() == 12 * plan.price_monthly_idr - plan.price_yearly_idr > 0


def test_the_operators_columns_win_over_the_defaults() -> None:
    row = plan_row("elite", "Elite", 399000, price_yearly_idr=3_500_000, custom_code=False)
    plan = Plan.from_row(plan_row("pro", "Pro", 149000, custom_code=True, active=False))

    assert Plan.from_row(row).price_for(Period.YEARLY) == 3_500_000
    assert Plan.from_row(row).entitlements.custom_code is False
    assert plan.entitlements.custom_code is True
    assert plan.active is False


def test_periods_buy_days_and_are_spelled_as_stored() -> None:
    pro = Plan.from_row(SEEDED[1])

    assert (pro.days_for(Period.MONTHLY), pro.days_for(Period.YEARLY)) == (30, 365)
    assert Period("yearly") is Period.YEARLY
    assert [str(p) for p in Period] == ["monthly", "yearly"]


def test_impossible_prices_and_periods_are_refused() -> None:
    with pytest.raises(ValueError, match="negative price"):
        Plan.from_row(plan_row("pro", "Pro", -1))
    with pytest.raises(ValueError, match="period"):
        Plan.from_row(plan_row("pro", "Pro", 149000, period_days=0))
