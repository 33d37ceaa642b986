"""The rendered risk callbacks: the ATR stop loss and DCA position adjustment."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest

from ai_strategies.spec import parse_spec
from tests.unit.ai_strategies.spec.examples import EXAMPLES, cmp, const, price, spec
from tests.unit.ai_strategies.spec.loading import load_strategy

NOW = datetime(2024, 1, 1, tzinfo=UTC)


@dataclass
class FakeOrder:
    """The order fields the DCA callback reads."""

    safe_filled: float
    safe_price: float


@dataclass
class FakeTrade:
    """The trade fields the callbacks read."""

    open_rate: float = 100.0
    nr_of_successful_entries: int = 1
    has_open_orders: bool = False
    is_short: bool = False
    leverage: float = 1.0
    entry_side: str = "buy"
    orders: list[FakeOrder] = field(default_factory=lambda: [FakeOrder(0.5, 100.0)])

    def select_filled_orders(self, side: str) -> list[FakeOrder]:
        assert side == "buy"
        return self.orders


@dataclass
class FakeProvider:
    """A data provider holding one analyzed frame."""

    frame: pd.DataFrame

    def get_analyzed_dataframe(self, pair: str, timeframe: str) -> tuple[pd.DataFrame, datetime]:
        return self.frame, NOW


def atr_spec(anchor: str) -> dict[str, object]:
    always = cmp("above", price(), const(0, 0, 0))
    risk = {"atr_stop": {"period": 14, "multiplier": 2.0, "anchor": anchor}}
    return spec("BTC/USDT", "5m", [], [("a", always)], risk=risk)


@pytest.mark.parametrize(("anchor", "expected"), [("entry", 4 / 100), ("price", 4 / 102)])
def test_atr_stop_sits_multiples_of_the_atr_below(
    anchor: str, expected: float, tmp_path: Path
) -> None:
    strategy = load_strategy(parse_spec(atr_spec(anchor)), tmp_path)
    strategy.dp = FakeProvider(pd.DataFrame({"atr_stop_14": [5.0, 2.0]}))
    rate = 100.0 if anchor == "entry" else 102.0
    stop = strategy.custom_stoploss("BTC/USDT", FakeTrade(), NOW, rate, 0.0, False)
    # entry: 100 - 2 * 2 = 96 is 4 under 100; price: 102 - 2 * 2 = 98 is 4 under 102.
    assert stop == pytest.approx(expected)


def test_atr_stop_keeps_the_stop_while_the_atr_warms_up(tmp_path: Path) -> None:
    strategy = load_strategy(parse_spec(atr_spec("entry")), tmp_path)
    strategy.dp = FakeProvider(pd.DataFrame({"atr_stop_14": [float("nan")]}))
    assert strategy.custom_stoploss("BTC/USDT", FakeTrade(), NOW, 100.0, 0.0, False) is None


@pytest.mark.parametrize(
    ("profit", "entries", "open_orders", "expected"),
    [
        (-0.03, 1, False, 25.0),  # down 3% (> 2%): add 50% of the first 50 stake
        (-0.01, 1, False, None),  # not down enough
        (-0.03, 3, False, None),  # already added twice (max_adds)
        (-0.03, 1, True, None),  # an order is still open
    ],
)
def test_dca_adds_a_share_of_the_first_stake(
    profit: float, entries: int, open_orders: bool, expected: float | None, tmp_path: Path
) -> None:
    strategy = load_strategy(parse_spec(EXAMPLES["bollinger_dca"]), tmp_path)
    trade = FakeTrade(nr_of_successful_entries=entries, has_open_orders=open_orders)
    added = strategy.adjust_trade_position(
        trade,
        NOW,
        97.0,
        profit,
        min_stake=5.0,
        max_stake=1000.0,
        current_entry_rate=97.0,
        current_exit_rate=97.0,
        current_entry_profit=profit,
        current_exit_profit=profit,
    )
    assert added == expected


def test_dca_respects_the_exchange_minimum(tmp_path: Path) -> None:
    strategy = load_strategy(parse_spec(EXAMPLES["bollinger_dca"]), tmp_path)
    added = strategy.adjust_trade_position(
        FakeTrade(),
        NOW,
        97.0,
        -0.05,
        min_stake=30.0,
        max_stake=1000.0,
        current_entry_rate=97.0,
        current_exit_rate=97.0,
        current_entry_profit=-0.05,
        current_exit_profit=-0.05,
    )
    assert added is None
