"""Statistics from sums and running totals are the figures `stats` gives from the profits."""

from __future__ import annotations

import itertools
import random
from decimal import Decimal

import pytest

from orchestrator.dashboard.bot_results import SCALE, drawdown, running_totals, unix_seconds
from orchestrator.dashboard.stats import Sums, deepest_fall, stats, stats_of_sums, thin


def profits_of(seed: int, count: int) -> list[Decimal]:
    """Return profits of scale 12, with zeros and repeats, as the trades table holds them."""
    rng = random.Random(seed)
    return [Decimal(rng.choice([0, rng.randint(-9 * 10**12, 10**13)])).scaleb(-SCALE)
            for _ in range(count)]  # fmt: skip


def sums_of(profits: list[Decimal]) -> Sums:
    """Add profits up as the database does (exact)."""
    return Sums(
        len(profits),
        sum(1 for p in profits if p > 0),
        sum(1 for p in profits if p < 0),
        sum((p for p in profits if p > 0), Decimal(0)),
        -sum((p for p in profits if p < 0), Decimal(0)),
        sum(profits, Decimal(0)),
    )


@pytest.mark.parametrize(("seed", "start"), [(1, Decimal(0)), (2, Decimal(500)), (3, Decimal(0))])
def test_sums_and_integer_totals_give_the_statistics_of_the_profits(
    seed: int, start: Decimal
) -> None:
    profits = profits_of(seed, 300)
    units = [int(p.scaleb(SCALE)) for p in profits]
    wholes = [int(u / 10**SCALE) for u in units]  # truncated toward zero, as SQL's trunc()
    levels = running_totals(wholes, [u - w * 10**SCALE for u, w in zip(units, wholes, strict=True)])

    assert levels == list(itertools.accumulate(units))
    assert stats_of_sums(sums_of(profits), drawdown(levels, start)) == stats(profits, start)


def test_the_deepest_fall_is_the_same_in_integers_and_in_decimals() -> None:
    profits = [Decimal(p) for p in ["5", "7", "-8", "5", "-8", "14", "-11", "-1"]]
    levels = list(itertools.accumulate(int(p) for p in profits))
    decimal_levels = list(itertools.accumulate(profits))

    assert deepest_fall(levels, 0) == (12, 15, 5, 7)  # 15 down to 3, deeper than 12 to 1
    assert deepest_fall(decimal_levels, Decimal(0)) == (12, 15, 5, 7)


def test_close_times_round_half_away_from_zero_like_postgres() -> None:
    assert [unix_seconds(t) for t in (1.499999, 1.5, 2.5, 2.499999, 0.0)] == [1, 2, 3, 2, 0]
    assert [unix_seconds(t) for t in (-1.5, -2.5, -2.4)] == [-2, -3, -2]
    assert unix_seconds(1_795_000_000.5) == 1_795_000_001


def test_thinning_keeps_a_short_curve_whole_and_ends_a_long_one_where_it_stands() -> None:
    short = [(t, float(t % 7)) for t in range(10)]
    long = [(t, float((t * 37) % 101)) for t in range(1001)]
    assert thin(short, 100) == short
    assert thin(long, 100)[-1] == long[-1] and len(thin(long, 100)) <= 102
