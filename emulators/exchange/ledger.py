"""Spot accounts per API key: balances, orders and fills against the emulated price path."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from decimal import Decimal
from itertools import count
from typing import Final, Protocol

from emulators.exchange.errors import BinanceError, invalid_symbol, missing
from emulators.exchange.markets import MarketSpec, MarketTable
from emulators.exchange.orders import ZERO, Account, Balance, Fill, Order, OrderRequest

FEE_RATE: Final = Decimal("0.001")
FEE_QUANTUM: Final = Decimal("0.00000001")
ORDER_TYPES: Final = frozenset({"MARKET", "LIMIT", "LIMIT_MAKER"})


class PriceFeed(Protocol):
    """Where the ledger reads prices from."""

    def price(self, symbol: str, t_ms: int) -> float:
        """Return the price at an instant."""
        ...

    def extremes(self, symbol: str, start_ms: int, end_ms: int) -> tuple[float, float]:
        """Return the lowest and highest price over a stretch of time."""
        ...


class Ledger:
    """Every account of one emulator, filled lazily whenever an account is looked at."""

    def __init__(self, markets: MarketTable, feed: PriceFeed, balances: Mapping[str, str]) -> None:
        self._markets = markets
        self._feed = feed
        self._initial = {asset: Decimal(amount) for asset, amount in balances.items()}
        self._accounts: dict[str, Account] = {}
        self._order_ids = count(1_000_001)
        self._trade_ids = count(5_000_001)

    def account(self, api_key: str, now_ms: int) -> Account:
        """Return a key's account after filling every resting order the price has crossed."""
        account = self._accounts.get(api_key)
        if account is None:
            balances = {asset: Balance(free=amount) for asset, amount in self._initial.items()}
            account = self._accounts[api_key] = Account(balances)
        for order in account.orders.values():
            if order.is_open:
                self._check_resting(account, order, now_ms)
        return account

    def place(self, api_key: str, request: OrderRequest, now_ms: int) -> Order:
        """Validate, reserve funds for and place an order; fill it now if it is marketable."""
        account = self.account(api_key, now_ms)
        market = self._markets.get(request.symbol)
        if market is None:
            raise invalid_symbol()
        mid = self._feed.price(market.symbol, now_ms)
        bid, ask = (market.round_price(side) for side in market.bid_ask(mid))
        order = _new_order(market, request, bid, ask, now_ms, next(self._order_ids))
        taker_price = _taker_price(order, bid, ask)
        if taker_price is not None and order.type == "LIMIT_MAKER":
            raise BinanceError(-2010, "Order would immediately match and take.")
        _reserve(account, order, ask if order.type == "MARKET" else order.price)
        account.orders[order.order_id] = order
        if taker_price is not None:
            self._fill(account, order, taker_price, now_ms, maker=False)
        elif order.time_in_force in ("IOC", "FOK"):
            _close(account, order, "EXPIRED", now_ms)
        return order

    def cancel(
        self, api_key: str, symbol: str, order_id: int | None, client_id: str | None, now_ms: int
    ) -> Order:
        """Cancel an open order and release what it held back."""
        order = self._lookup(self.account(api_key, now_ms), symbol, order_id, client_id)
        if order is None or not order.is_open:
            raise BinanceError(-2011, "Unknown order sent.")
        _close(self._accounts[api_key], order, "CANCELED", now_ms)
        return order

    def find(
        self, api_key: str, symbol: str, order_id: int | None, client_id: str | None, now_ms: int
    ) -> Order:
        """Return one order of this key, or raise Binance's 'does not exist'."""
        order = self._lookup(self.account(api_key, now_ms), symbol, order_id, client_id)
        if order is None:
            raise BinanceError(-2013, "Order does not exist.")
        return order

    def orders(
        self, api_key: str, symbol: str | None, now_ms: int, *, only_open: bool
    ) -> list[Order]:
        """Return a key's orders, optionally for one symbol and only the open ones."""
        found = self.account(api_key, now_ms).orders.values()
        return [
            order
            for order in found
            if (symbol is None or order.market.symbol == symbol)
            and (order.is_open or not only_open)
        ]

    def fills(self, api_key: str, symbol: str, now_ms: int) -> list[tuple[Order, Fill]]:
        """Return a key's fills on one symbol, oldest first."""
        trades = self.account(api_key, now_ms).trades
        return [(order, fill) for order, fill in trades if order.market.symbol == symbol]

    def _lookup(
        self, account: Account, symbol: str, order_id: int | None, client_id: str | None
    ) -> Order | None:
        """Find an order by id or client id on one symbol."""
        if order_id is not None:
            order = account.orders.get(order_id)
        else:
            matches = [o for o in account.orders.values() if o.client_order_id == client_id]
            order = matches[-1] if matches else None
        return order if order is not None and order.market.symbol == symbol else None

    def _check_resting(self, account: Account, order: Order, now_ms: int) -> None:
        """Fill a resting limit order at its price if the path has crossed it since last look."""
        if now_ms <= order.checked_ms:
            return
        low, high = self._feed.extremes(order.market.symbol, order.checked_ms, now_ms)
        limit = float(order.price)
        order.checked_ms = now_ms
        if (low <= limit) if order.side == "BUY" else (high >= limit):
            self._fill(account, order, order.price, now_ms, maker=True)

    def _fill(
        self, account: Account, order: Order, price: Decimal, now_ms: int, *, maker: bool
    ) -> None:
        """Execute the rest of an order at one price, charging the fee on what is received."""
        base, quote = account.balance(order.market.base), account.balance(order.market.quote)
        qty = order.orig_qty - order.executed_qty
        cost = qty * price
        _release(account, order)
        if order.side == "BUY":
            commission, asset = (qty * FEE_RATE).quantize(FEE_QUANTUM), order.market.base
            quote.free -= cost
            base.free += qty - commission
        else:
            commission, asset = (cost * FEE_RATE).quantize(FEE_QUANTUM), order.market.quote
            base.free -= qty
            quote.free += cost - commission
        fill = Fill(next(self._trade_ids), price, qty, commission, asset, now_ms, maker)
        order.fills.append(fill)
        order.executed_qty += qty
        order.quote_qty += cost
        order.status, order.update_ms = "FILLED", now_ms
        account.trades.append((order, fill))


def _new_order(
    market: MarketSpec,
    request: OrderRequest,
    bid: Decimal,
    ask: Decimal,
    now_ms: int,
    order_id: int,
) -> Order:
    """Check a request against the market's filters and build the order."""
    if request.side not in ("BUY", "SELL"):
        raise BinanceError(-1117, "Invalid side.")
    if request.type not in ORDER_TYPES:
        raise BinanceError(-1116, "Invalid orderType.")
    touch = ask if request.side == "BUY" else bid
    price = _limit_price(market, request)
    qty = _quantity(market, request, touch)
    if qty * (price or touch) < Decimal(market.min_notional):
        raise BinanceError(-1013, "Filter failure: NOTIONAL")
    return Order(
        order_id=order_id,
        client_order_id=request.client_order_id or uuid.uuid4().hex[:22],
        market=market,
        side=request.side,
        type=request.type,
        time_in_force="GTC" if request.type == "MARKET" else request.time_in_force,
        price=price,
        orig_qty=qty,
        created_ms=now_ms,
        update_ms=now_ms,
        checked_ms=now_ms,
    )


def _limit_price(market: MarketSpec, request: OrderRequest) -> Decimal:
    """Return a limit order's price on the tick grid, or zero for a market order."""
    if request.type == "MARKET":
        return ZERO
    if request.price is None:
        raise missing("price")
    if request.price <= 0 or request.price % market.tick_size:
        raise BinanceError(-1013, "Filter failure: PRICE_FILTER")
    return request.price


def _quantity(market: MarketSpec, request: OrderRequest, touch: Decimal) -> Decimal:
    """Return the order quantity on the lot grid, from quantity or (market) quoteOrderQty."""
    if request.quantity is not None:
        qty = request.quantity
    elif request.type == "MARKET" and request.quote_qty is not None:
        qty = market.floor_qty(request.quote_qty / touch)
    else:
        raise missing("quantity")
    step = market.step_size
    if qty < step or qty > Decimal(market.max_qty) or qty % step:
        raise BinanceError(-1013, "Filter failure: LOT_SIZE")
    return qty


def _taker_price(order: Order, bid: Decimal, ask: Decimal) -> Decimal | None:
    """Return the price an order takes liquidity at right now, or None if it would rest."""
    if order.side == "BUY":
        return ask if order.type == "MARKET" or ask <= order.price else None
    return bid if order.type == "MARKET" or bid >= order.price else None


def _reserve(account: Account, order: Order, unit_price: Decimal) -> None:
    """Hold back the quote (buy) or base (sell) an order needs, or refuse it."""
    amount = order.orig_qty * unit_price if order.side == "BUY" else order.orig_qty
    balance = account.balance(order.lock_asset)
    if balance.free < amount:
        raise BinanceError(-2010, "Account has insufficient balance for requested action.")
    balance.free -= amount
    balance.locked += amount
    order.reserved = amount


def _release(account: Account, order: Order) -> None:
    """Give back whatever an order still holds."""
    balance = account.balance(order.lock_asset)
    balance.locked -= order.reserved
    balance.free += order.reserved
    order.reserved = ZERO


def _close(account: Account, order: Order, status: str, now_ms: int) -> None:
    """End an order without (further) fills."""
    _release(account, order)
    order.status, order.update_ms = status, now_ms
