"""Spot balances, orders and fills: the records a ledger keeps per API key."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Final

from emulators.exchange.markets import MarketSpec

ZERO: Final = Decimal(0)
OPEN_STATUSES: Final = frozenset({"NEW", "PARTIALLY_FILLED"})


@dataclass
class Balance:
    """Free and locked amounts of one asset."""

    free: Decimal = ZERO
    locked: Decimal = ZERO


@dataclass(frozen=True)
class Fill:
    """One execution of an order."""

    trade_id: int
    price: Decimal
    qty: Decimal
    commission: Decimal
    commission_asset: str
    time_ms: int
    maker: bool


@dataclass
class Order:
    """A spot order and what has happened to it so far."""

    order_id: int
    client_order_id: str
    market: MarketSpec
    side: str
    type: str
    time_in_force: str
    price: Decimal
    orig_qty: Decimal
    created_ms: int
    reserved: Decimal = ZERO
    status: str = "NEW"
    executed_qty: Decimal = ZERO
    quote_qty: Decimal = ZERO
    update_ms: int = 0
    checked_ms: int = 0
    fills: list[Fill] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        """Tell whether the order can still fill or be cancelled."""
        return self.status in OPEN_STATUSES

    @property
    def lock_asset(self) -> str:
        """Return the asset this order holds back while it rests."""
        return self.market.quote if self.side == "BUY" else self.market.base


@dataclass
class Account:
    """One API key's balances, orders (by id) and fills."""

    balances: dict[str, Balance]
    orders: dict[int, Order] = field(default_factory=dict)
    trades: list[tuple[Order, Fill]] = field(default_factory=list)

    def balance(self, asset: str) -> Balance:
        """Return the balance of an asset, creating an empty one."""
        return self.balances.setdefault(asset, Balance())


@dataclass(frozen=True)
class OrderRequest:
    """The parameters of a new order, already parsed."""

    symbol: str
    side: str
    type: str
    quantity: Decimal | None = None
    quote_qty: Decimal | None = None
    price: Decimal | None = None
    time_in_force: str = "GTC"
    client_order_id: str | None = None
