"""Paying for a plan: the plans on offer, the channels that can take the amount, and the payment.

An invoice row is committed before Tripay is asked, so a payment Tripay made is never
unknown to us; its `checkout_key` (carried by the "Pay" button) makes a double tap, or two
instances handling the same tap, find the first invoice instead of creating a second.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass

import asyncpg

from billing_tripay.channels import ChannelOffer, offers_for
from billing_tripay.plans import Period, Plan
from billing_tripay.refs import new_ref
from kernel.errors import ServiceFailure, UserFacingError
from orchestrator.billing.channel_cache import cached_channels
from orchestrator.billing.invoices import Invoice, invoice_by_key, record_created, record_failed
from orchestrator.billing.poll import EVERY as POLL_EVERY
from orchestrator.billing.tripay import (
    NewTransaction,
    OrderItem,
    TripayClient,
    TripayConfig,
    TripayRejected,
    TripayUnavailable,
)
from orchestrator.core.runtime import Runtime

log = logging.getLogger(__name__)

# How long a payment stays open: a day for bank transfers and shop counters (within every
# channel's own limit, e.g. BNIVA 1,440 min), an hour for QRIS and e-wallets, which Tripay
# keeps short (people pay those at once, on the phone in hand).
LONG_WINDOW = dt.timedelta(hours=24)
SHORT_WINDOW = dt.timedelta(hours=1)
_SHORT_GROUPS = ("e-wallet", "qris")
JAKARTA = dt.timezone(dt.timedelta(hours=7))
# A second tap while the first is still asking Tripay: wait for it rather than pay twice.
IN_FLIGHT = dt.timedelta(seconds=60)


@dataclass(frozen=True)
class Choice:
    """A plan and period the user picked, with its price."""

    plan: Plan
    period: Period

    @property
    def price(self) -> int:
        """Return what the period costs, in whole rupiah."""
        return self.plan.price_for(self.period)


def config_of(runtime: Runtime) -> TripayConfig:
    """Return the Tripay credentials, or fail as our side when billing is not set up."""
    config = TripayConfig.from_settings(runtime.settings)
    if config is None:
        raise ServiceFailure(
            "billing_unavailable", "TRIPAY_API_KEY/PRIVATE_KEY/MERCHANT_CODE unset"
        )
    return config


async def plans_for_sale(runtime: Runtime) -> tuple[Plan, ...]:
    """Return the paid plans on offer, cheapest first, as operators set them in `plans`."""
    async with runtime.db.as_service() as conn:
        rows = await conn.fetch(
            "select * from plans where active order by sort_order, price_idr, code"
        )
    return tuple(plan for plan in map(Plan.from_row, rows) if not plan.is_free)


async def choose(runtime: Runtime, plan_code: str, period: str) -> Choice:
    """Return the paid plan and period a button named, refusing retired or free plans."""
    try:
        wanted = Period(period)
    except ValueError:
        raise UserFacingError("billing_plan_unknown") from None
    async with runtime.db.as_service() as conn:
        row = await conn.fetchrow("select * from plans where code = $1 and active", plan_code)
    if row is None:
        raise UserFacingError("billing_plan_unknown")
    plan = Plan.from_row(row)
    if plan.is_free:
        raise UserFacingError("billing_plan_free")
    return Choice(plan, wanted)


async def channel_offers(runtime: Runtime, amount: int) -> list[ChannelOffer]:
    """Return the channels that can take `amount` now, with the fee each adds."""
    config = config_of(runtime)
    try:
        channels = await cached_channels(runtime.redis, config)
    except (TripayUnavailable, TripayRejected) as exc:
        raise ServiceFailure("billing_unavailable", f"payment channels: {exc}") from exc
    return offers_for(channels, amount)


async def pay(
    runtime: Runtime, user_id: uuid.UUID, choice: Choice, method: str, checkout_key: str
) -> Invoice:
    """Create (once per `checkout_key`) the payment of `choice` through `method`."""
    config = config_of(runtime)
    offer = next(
        (o for o in await channel_offers(runtime, choice.price) if o.channel.code == method), None
    )
    if offer is None:
        raise UserFacingError("billing_channel_unavailable")
    invoice, fresh = await _claim(runtime, user_id, choice, offer, checkout_key)
    if not fresh:
        return await _reused(runtime, invoice)
    open_for = window(offer.channel.code, offer.channel.group)
    return await _create(runtime, config, user_id, invoice, choice, open_for)


async def _claim(
    runtime: Runtime, user_id: uuid.UUID, choice: Choice, offer: ChannelOffer, key: str
) -> tuple[Invoice, bool]:
    """Insert the UNPAID invoice for this tap, or return the one a first tap made."""
    ref = new_ref(dt.datetime.now(JAKARTA).date())
    async with runtime.db.as_service() as conn:
        inserted = await conn.fetchval(
            "insert into invoices (user_id, plan_code, merchant_ref, method, method_name,"
            " amount_idr, fee_customer_idr, period, days, checkout_key)"
            " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
            " on conflict (user_id, checkout_key) where checkout_key is not null do nothing"
            " returning id",
            user_id,
            choice.plan.code,
            ref,
            offer.channel.code,
            offer.channel.name,
            choice.price,
            offer.fee,
            choice.period.value,
            choice.plan.days_for(choice.period),
            key,
        )
        invoice = await invoice_by_key(conn, user_id, key)
    if invoice is None:  # the row was there a moment ago: only a concurrent delete removes it
        raise ServiceFailure("internal_error", f"invoice for checkout key vanished ({user_id})")
    return invoice, inserted is not None


async def _reused(runtime: Runtime, invoice: Invoice) -> Invoice:
    """Answer a repeated tap with the first tap's invoice, or say it is still being made.

    An invoice Tripay never answered for (the first tap failed mid-way) is closed as FAILED,
    so the user is asked to try again instead of seeing an unpayable "unpaid" invoice.
    """
    if invoice.reference is None and invoice.status == "UNPAID":
        if dt.datetime.now(dt.UTC) - invoice.created_at < IN_FLIGHT:
            raise UserFacingError("billing_payment_in_progress")
        async with runtime.db.as_service() as conn:
            await record_failed(conn, invoice.id, "no answer from Tripay for the first tap")
        raise UserFacingError("billing_payment_retry")
    if invoice.status == "FAILED" and invoice.reference is None:
        raise UserFacingError("billing_payment_retry")
    return invoice


async def _create(
    runtime: Runtime,
    config: TripayConfig,
    user_id: uuid.UUID,
    invoice: Invoice,
    choice: Choice,
    open_for: dt.timedelta,
) -> Invoice:
    """Ask Tripay for the transaction and store how to pay it; record a failure as FAILED."""
    tx = await _transaction(runtime, user_id, invoice, choice, open_for)
    try:
        async with TripayClient(config) as client:
            created = await client.create_transaction(tx)
    except (TripayUnavailable, TripayRejected) as exc:
        log.error("tripay create for %s failed: %s", invoice.merchant_ref, exc)
        async with runtime.db.as_service() as conn:
            await record_failed(conn, invoice.id, str(exc)[:300])
        raise ServiceFailure("billing_create_failed", f"tripay create: {exc}") from exc
    async with runtime.db.as_service() as conn:
        return await record_created(conn, invoice.id, created, poll_after=_first_poll())


def _first_poll() -> dt.datetime:
    """Return when to ask Tripay if no callback came: 15 minutes from now."""
    return dt.datetime.now(dt.UTC) + POLL_EVERY


async def _transaction(
    runtime: Runtime, user_id: uuid.UUID, invoice: Invoice, choice: Choice, open_for: dt.timedelta
) -> NewTransaction:
    """Build the closed-payment request for an invoice."""
    settings = runtime.settings
    async with runtime.db.as_service() as conn:
        user = await _customer(conn, user_id)
    base = settings.public_url
    item = f"NoFOMO {choice.plan.name} ({choice.period.value})"
    return NewTransaction(
        method=invoice.method,
        merchant_ref=invoice.merchant_ref,
        amount=invoice.amount_idr,
        customer_name=user[0],
        customer_email=user[1],
        order_items=(
            OrderItem(name=item, price=invoice.amount_idr, quantity=1, sku=choice.plan.code),
        ),
        callback_url=f"{base}/billing/tripay/callback",
        return_url=f"{base}/billing/return",
        expired_time=dt.datetime.now(dt.UTC) + open_for,
    )


def window(code: str, group: str) -> dt.timedelta:
    """Return how long a payment through this channel (code, Tripay's group) stays open."""
    text = f"{code} {group}".lower()
    return SHORT_WINDOW if any(group in text for group in _SHORT_GROUPS) else LONG_WINDOW


async def _customer(conn: asyncpg.Connection, user_id: uuid.UUID) -> tuple[str, str]:
    """Return the name and e-mail Tripay requires; Telegram gives no e-mail, so one is made up."""
    row = await conn.fetchrow(
        "select telegram_id, display_name, telegram_username from users where id = $1", user_id
    )
    if row is None:  # the account was deleted between the tap and now
        raise ServiceFailure("internal_error", f"user {user_id} vanished during checkout")
    name = (row["display_name"] or row["telegram_username"] or f"Telegram {row['telegram_id']}")[
        :60
    ]
    return name, f"tg{row['telegram_id']}@users.nofomo.id"
