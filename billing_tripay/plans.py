"""The plan catalogue: what each plan allows and what it costs, read from a `plans` row.

Operators edit plans in the table, so the row is the source of truth. Columns that a later
migration adds (`price_yearly_idr`, `custom_code`) are optional here, with the defaults the
issue sets, so this module reads the table both before and after that migration.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final, Protocol, Self

# A year costs ten months: two months free, the usual yearly offer.
YEARLY_MONTHS: Final = 10
YEAR_DAYS: Final = 365
# Only Elite runs custom code; used while the table has no `custom_code` column yet.
CUSTOM_CODE_PLANS: Final = frozenset({"elite"})


class PlanRow(Protocol):
    """A row with the `plans` columns: an asyncpg `Record` or a plain dict."""

    def __getitem__(self, key: str, /) -> Any: ...

    def get(self, key: str, default: Any, /) -> Any: ...


class Period(StrEnum):
    """How long one payment buys."""

    MONTHLY = "monthly"
    YEARLY = "yearly"


@dataclass(frozen=True)
class Entitlements:
    """What a plan allows; every service asks this object rather than joining `plans`."""

    max_bots: int
    max_live_bots: int
    ai_generations_per_month: int
    hyperopt_max_epochs: int
    backtest_max_days: int
    custom_code: bool

    @classmethod
    def from_row(cls, row: PlanRow) -> Self:
        """Read the limits from a row with the `plans` columns."""
        custom_code = row.get("custom_code", None)
        return cls(
            max_bots=int(row["max_bots"]),
            max_live_bots=int(row["max_live_bots"]),
            ai_generations_per_month=int(row["ai_generations_per_month"]),
            hyperopt_max_epochs=int(row["hyperopt_max_epochs"]),
            backtest_max_days=int(row["backtest_max_days"]),
            custom_code=(
                row["code"] in CUSTOM_CODE_PLANS if custom_code is None else bool(custom_code)
            ),
        )


@dataclass(frozen=True)
class Plan:
    """One plan on offer: its name, prices in whole rupiah and entitlements."""

    code: str
    name: str
    price_monthly_idr: int
    price_yearly_idr: int
    period_days: int  # what one monthly payment buys (30 by default)
    entitlements: Entitlements
    active: bool = True

    def __post_init__(self) -> None:
        if self.price_monthly_idr < 0 or self.price_yearly_idr < 0:
            raise ValueError(f"plan {self.code!r} has a negative price")
        if self.period_days <= 0:
            raise ValueError(f"plan {self.code!r} has a period of {self.period_days} days")

    @classmethod
    def from_row(cls, row: PlanRow) -> Self:
        """Build the plan from a `plans` row; a missing yearly price is ten months' worth."""
        monthly = int(row["price_idr"])
        yearly = row.get("price_yearly_idr", None)
        return cls(
            code=str(row["code"]),
            name=str(row["name"]),
            price_monthly_idr=monthly,
            price_yearly_idr=monthly * YEARLY_MONTHS if yearly is None else int(yearly),
            period_days=int(row["period_days"]),
            entitlements=Entitlements.from_row(row),
            active=bool(row.get("active", True)),
        )

    @property
    def is_free(self) -> bool:
        """Tell whether the plan costs nothing (and so is never paid for)."""
        return self.price_monthly_idr == 0 and self.price_yearly_idr == 0

    def price_for(self, period: Period) -> int:
        """Return the price of one period, in whole rupiah."""
        return self.price_yearly_idr if period is Period.YEARLY else self.price_monthly_idr

    def days_for(self, period: Period) -> int:
        """Return how many days one payment for `period` adds to a subscription."""
        return YEAR_DAYS if period is Period.YEARLY else self.period_days

    def yearly_saving_idr(self) -> int:
        """Return what paying yearly saves against twelve monthly payments (never negative)."""
        return max(0, 12 * self.price_monthly_idr - self.price_yearly_idr)
