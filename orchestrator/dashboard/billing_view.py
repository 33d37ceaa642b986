"""The billing pages' read models: the plan and invoices, one invoice, and the upgrade steps.

Everything comes from the services `/billing` and `/upgrade` use in chat
(`billing/overview.py`, `billing/checkout.py`), read as the user; an invoice that is not the
reader's is `billing_invoice_missing` like an unknown one. Channels are grouped as the chat
offers them: QRIS first (the quickest to pay on a phone), then bank transfers, e-wallets and
shop counters, then any group Tripay adds later, in Tripay's order.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

import asyncpg

from billing_tripay.channels import ChannelOffer
from billing_tripay.plans import Plan
from billing_tripay.status import InvoiceStatus
from orchestrator.accounts.usage import PlanUsage, usage
from orchestrator.billing.checkout import Choice, channel_offers, choose, pay, plans_for_sale
from orchestrator.billing.invoices import Invoice, recent_invoices
from orchestrator.billing.overview import BillingOverview, invoice, overview
from orchestrator.core.errors import ServiceFailure
from orchestrator.core.runtime import Runtime

INVOICES: Final = 24  # invoices listed on the billing page, newest first
GROUP_ORDER: Final = ("qris", "va", "ewallet", "store")
_GROUPS: Final = {"virtual account": "va", "e-wallet": "ewallet", "convenience store": "store"}
RECEIPTED: Final = frozenset({InvoiceStatus.PAID, InvoiceStatus.REFUND})


@dataclass(frozen=True)
class InvoiceRow:
    """An invoice with its plan's name, and what the reader can do with it."""

    invoice: Invoice
    plan_name: str
    receipt: bool  # paid or refunded: it has a receipt
    payable: bool  # unpaid, known to Tripay and not expired: it can still be paid


@dataclass(frozen=True)
class BillingPage:
    """The plan, its use and end, and the invoices."""

    billing: BillingOverview
    invoices: tuple[InvoiceRow, ...]


@dataclass(frozen=True)
class PlanOffer:
    """The plans on offer and which one the reader has now."""

    plans: tuple[Plan, ...]
    usage: PlanUsage | None
    expires_at: dt.datetime | None


@dataclass(frozen=True)
class ChannelGroup:
    """Channels offered together: `name` is qris, va, ewallet, store or Tripay's group."""

    name: str
    offers: tuple[ChannelOffer, ...]


@dataclass(frozen=True)
class Checkout:
    """A plan and period with the channels that can take its price, grouped."""

    choice: Choice
    groups: tuple[ChannelGroup, ...]
    available: bool  # False: Tripay's channel list could not be read now


async def billing_page(runtime: Runtime, user_id: uuid.UUID, now: dt.datetime) -> BillingPage:
    """Read the user's plan, its use, where its paid time stands, and their invoices."""
    billing = await overview(runtime, user_id, now)
    async with runtime.db.as_user(user_id) as conn:
        found = await recent_invoices(conn, user_id, limit=INVOICES)
        names = await _plan_names(conn)
    return BillingPage(billing, tuple(invoice_row(i, names, now) for i in found))


async def invoice_page(
    runtime: Runtime, user_id: uuid.UUID, invoice_id: uuid.UUID, now: dt.datetime
) -> InvoiceRow:
    """Read one of the user's invoices, to pay it or to show its receipt."""
    found = await invoice(runtime, user_id, invoice_id)
    async with runtime.db.as_user(user_id) as conn:
        names = await _plan_names(conn)
    return invoice_row(found, names, now)


def invoice_row(found: Invoice, names: Mapping[str, str], now: dt.datetime) -> InvoiceRow:
    """Name the invoice's plan and say whether it has a receipt or can still be paid."""
    open_now = found.expires_at is None or found.expires_at > now
    payable = found.status == InvoiceStatus.UNPAID and found.reference is not None and open_now
    name = names.get(found.plan_code) or found.plan_code.capitalize()
    return InvoiceRow(found, name, found.status in RECEIPTED, payable)


async def plan_offer(runtime: Runtime, user_id: uuid.UUID) -> PlanOffer:
    """Read the paid plans on offer and the reader's plan (the first step of upgrading)."""
    offered = await plans_for_sale(runtime)
    used = await usage(runtime.db, user_id)
    async with runtime.db.as_user(user_id) as conn:
        ends = await conn.fetchval("select plan_expires_at from users where id = $1", user_id)
    return PlanOffer(offered, used, ends)


async def checkout(runtime: Runtime, plan_code: str, period: str) -> Checkout:
    """Return the chosen plan and period with the channels that can take its price."""
    chosen = await choose(runtime, plan_code, period)
    try:
        offers = await channel_offers(runtime, chosen.price)
    except ServiceFailure as exc:
        if exc.key != "billing_unavailable":
            raise
        return Checkout(chosen, (), available=False)
    return Checkout(chosen, grouped(offers), available=True)


async def start_payment(
    runtime: Runtime, user_id: uuid.UUID, plan_code: str, period: str, method: str, key: str
) -> Invoice:
    """Create (once per checkout `key`) the payment of a plan and period, as /upgrade does."""
    chosen = await choose(runtime, plan_code, period)
    return await pay(runtime, user_id, chosen, method, key)


def group_of(offer: ChannelOffer) -> str:
    """Return the group a channel is offered in: qris, va, ewallet, store, or Tripay's name."""
    if offer.channel.code.upper().startswith("QRIS"):
        return "qris"  # Tripay files QRIS under E-Wallet; payers look for it on its own
    return _GROUPS.get(offer.channel.group.strip().lower(), offer.channel.group)


def grouped(offers: Sequence[ChannelOffer]) -> tuple[ChannelGroup, ...]:
    """Group offers: the known groups in their order, then any other in Tripay's order."""
    groups: dict[str, list[ChannelOffer]] = {}
    for offer in offers:
        groups.setdefault(group_of(offer), []).append(offer)
    rank = {name: i for i, name in enumerate(GROUP_ORDER)}
    ordered = sorted(groups, key=lambda name: rank.get(name, len(rank)))
    return tuple(ChannelGroup(name, tuple(groups[name])) for name in ordered)


async def _plan_names(conn: asyncpg.Connection) -> dict[str, str]:
    """Return the display name of every plan the user may read, by code."""
    rows = await conn.fetch("select code, name from plans")
    return {row["code"]: row["name"] for row in rows}
