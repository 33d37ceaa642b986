"""The ledger: fills, fees, reserved funds and filters, against a price feed the test controls."""

from __future__ import annotations

from decimal import Decimal

import pytest

from emulators.exchange.errors import BinanceError
from emulators.exchange.ledger import Ledger
from emulators.exchange.markets import DEFAULT_MARKETS, MarketTable
from emulators.exchange.orders import OrderRequest

KEY = "k" * 64


class SteppedFeed:
    """A price feed whose price the test sets; extremes cover every price set since."""

    def __init__(self, price: float) -> None:
        self.now_price = price
        self.history: list[tuple[int, float]] = [(0, price)]

    def move(self, t_ms: int, price: float) -> None:
        self.now_price = price
        self.history.append((t_ms, price))

    def price(self, symbol: str, t_ms: int) -> float:
        return self.now_price

    def extremes(self, symbol: str, start_ms: int, end_ms: int) -> tuple[float, float]:
        seen = [p for t, p in self.history if start_ms <= t <= end_ms] or [self.now_price]
        return min(seen), max(seen)


@pytest.fixture
def feed() -> SteppedFeed:
    return SteppedFeed(50_000.0)


@pytest.fixture
def ledger(feed: SteppedFeed) -> Ledger:
    return Ledger(MarketTable(DEFAULT_MARKETS), feed, {"USDT": "10000", "BTC": "1"})


def buy(qty: str, price: str | None = None, **extra: str) -> OrderRequest:
    kind = "LIMIT" if price else "MARKET"
    return OrderRequest(
        "BTCUSDT", "BUY", kind, Decimal(qty), price=Decimal(price) if price else None, **extra
    )


def test_market_buy_fills_at_the_ask_and_charges_the_fee_in_base(ledger: Ledger) -> None:
    order = ledger.place(KEY, buy("0.01"), 1_000)
    account = ledger.account(KEY, 1_000)
    fill = order.fills[0]
    assert order.status == "FILLED" and fill.price == Decimal("50000.50")
    assert fill.commission == Decimal("0.00001000") and fill.commission_asset == "BTC"
    assert account.balance("USDT").free == Decimal("10000") - Decimal("500.005")
    assert account.balance("BTC").free == Decimal("1.00999")


def test_market_sell_charges_the_fee_in_quote(ledger: Ledger) -> None:
    request = OrderRequest("BTCUSDT", "SELL", "MARKET", Decimal("0.1"))
    order = ledger.place(KEY, request, 1_000)
    assert order.fills[0].price == Decimal("49999.50")
    assert ledger.account(KEY, 1_000).balance("USDT").free == Decimal("10000") + Decimal(
        "4999.95"
    ) * Decimal("0.999")


def test_resting_limit_locks_funds_then_fills_when_the_price_crosses(
    ledger: Ledger, feed: SteppedFeed
) -> None:
    order = ledger.place(KEY, buy("0.1", "49000"), 1_000)
    usdt = ledger.account(KEY, 1_000).balance("USDT")
    assert order.status == "NEW" and usdt.locked == Decimal("4900.0")
    feed.move(2_000, 49_500.0)
    assert ledger.account(KEY, 2_500).orders[order.order_id].status == "NEW"
    feed.move(3_000, 48_900.0)
    feed.move(3_500, 49_800.0)
    ledger.account(KEY, 4_000)
    assert (
        order.status == "FILLED"
        and order.fills[0].price == Decimal("49000")
        and order.fills[0].maker
    )
    assert usdt.locked == 0 and usdt.free == Decimal("5100.0")


def test_cancel_releases_the_reserve(ledger: Ledger) -> None:
    order = ledger.place(KEY, buy("0.1", "40000"), 1_000)
    ledger.cancel(KEY, "BTCUSDT", order.order_id, None, 2_000)
    usdt = ledger.account(KEY, 2_000).balance("USDT")
    assert order.status == "CANCELED" and usdt.free == Decimal("10000") and usdt.locked == 0
    with pytest.raises(BinanceError) as unknown:
        ledger.cancel(KEY, "BTCUSDT", order.order_id, None, 2_000)
    assert unknown.value.code == -2011


def test_marketable_limit_takes_at_the_better_price(ledger: Ledger) -> None:
    order = ledger.place(KEY, buy("0.01", "51000"), 1_000)
    assert order.status == "FILLED" and order.fills[0].price == Decimal("50000.50")
    assert ledger.account(KEY, 1_000).balance("USDT").locked == 0


@pytest.mark.parametrize(
    ("request_", "code", "message"),
    [
        (buy("1"), -2010, "insufficient balance"),
        (buy("0.000001"), -1013, "LOT_SIZE"),
        (buy("0.00001"), -1013, "NOTIONAL"),
        (buy("0.01", "50000.001"), -1013, "PRICE_FILTER"),
        (OrderRequest("DOGEUSDT", "BUY", "MARKET", Decimal(1)), -1121, "Invalid symbol"),
        (OrderRequest("BTCUSDT", "BUY", "STOP", Decimal(1)), -1116, "orderType"),
    ],
)
def test_invalid_orders_are_refused(
    ledger: Ledger, request_: OrderRequest, code: int, message: str
) -> None:
    with pytest.raises(BinanceError) as refused:
        ledger.place(KEY, request_, 1_000)
    assert refused.value.code == code and message in refused.value.msg


def test_quote_order_qty_buys_for_an_amount(ledger: Ledger) -> None:
    request = OrderRequest("BTCUSDT", "BUY", "MARKET", quote_qty=Decimal("100"))
    order = ledger.place(KEY, request, 1_000)
    assert order.executed_qty == Decimal("0.00199")


def test_accounts_are_separate_per_key(ledger: Ledger) -> None:
    ledger.place(KEY, buy("0.01"), 1_000)
    assert ledger.account("other", 1_000).balance("USDT").free == Decimal("10000")
