"""Keyboards of paying from chat: plans, periods, channels, the payment and /billing.

A channel button carries a fresh uuid4 as its object id: the checkout key `pay` is
idempotent on. Pressing the same button twice sends the same key, so the second press
finds the first press's invoice; a channel list drawn again has new keys.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from billing_tripay.channels import ChannelOffer
from billing_tripay.plans import Period, Plan
from billing_tripay.status import InvoiceStatus
from kernel import formatting
from orchestrator.billing.checkout import Choice
from orchestrator.billing.invoices import Invoice
from orchestrator.billing.overview import BillingOverview
from telegram_bot.callbacks import MAX_ARG, Action, Signer
from telegram_bot.i18n import label
from telegram_bot.keyboards import button
from telegram_bot.render_billing import RECEIPTED, rupiah
from telegram_bot.render_upgrade import grouped

log = logging.getLogger(__name__)

# A period in a button's argument, in one letter: the argument holds at most 20 bytes.
PERIOD_CODES = {"m": Period.MONTHLY, "y": Period.YEARLY}
_CODE_OF = {period: code for code, period in PERIOD_CODES.items()}
# The argument of the plans button that redraws the plans in place (Back), not below.
BACK = "back"


def period_arg(plan_code: str, period: Period) -> str:
    """Return the argument naming a plan and period: `pro:m`."""
    return f"{plan_code}:{_CODE_OF[period]}"


def parse_period_arg(arg: str) -> tuple[str, str]:
    """Return (plan code, period) from `pro:m`; an unknown period is passed on as it is."""
    plan_code, _, code = arg.partition(":")
    period = PERIOD_CODES.get(code)
    return plan_code, period.value if period else code


def pay_arg(choice: Choice, method: str) -> str | None:
    """Return a channel button's argument, `pro:m:QRIS`, or None if it cannot fit."""
    arg = f"{period_arg(choice.plan.code, choice.period)}:{method}"
    fits = arg.isascii() and len(arg) <= MAX_ARG
    return arg if fits else None


def parse_pay_arg(arg: str) -> tuple[str, str, str]:
    """Return (plan code, period, channel code) from `pro:m:QRIS`."""
    head, _, method = arg.rpartition(":")
    plan_code, period = parse_period_arg(head)
    return plan_code, period, method


def plans(
    lang: str, sign: Signer, offered: Sequence[Plan], current: str | None
) -> InlineKeyboardMarkup:
    """Offer each plan with its monthly price, the user's own one ticked."""
    rows = [
        [
            button(
                lang,
                "btn_plan_current" if plan.code == current else "btn_plan",
                sign,
                Action.UPGRADE_PLAN,
                arg=plan.code,
                plan=plan.name,
                price=rupiah(plan.price_monthly_idr, lang),
            )
        ]
        for plan in offered
        if plan.code.isascii() and len(plan.code) <= MAX_ARG - 2
    ]
    return InlineKeyboardMarkup(rows)


def periods(lang: str, sign: Signer, plan: Plan) -> InlineKeyboardMarkup:
    """Offer a month or a year of the plan, and a way back to the plans."""
    monthly, yearly = plan.price_monthly_idr, plan.price_yearly_idr
    return InlineKeyboardMarkup(
        [
            [
                button(
                    lang,
                    "btn_monthly",
                    sign,
                    Action.UPGRADE_PERIOD,
                    arg=period_arg(plan.code, Period.MONTHLY),
                    price=rupiah(monthly, lang),
                )
            ],
            [
                button(
                    lang,
                    "btn_yearly",
                    sign,
                    Action.UPGRADE_PERIOD,
                    arg=period_arg(plan.code, Period.YEARLY),
                    price=rupiah(yearly, lang),
                )
            ],
            [button(lang, "btn_back", sign, Action.UPGRADE, arg=BACK)],
        ]
    )


def channels(
    lang: str, sign: Signer, choice: Choice, offers: Sequence[ChannelOffer]
) -> InlineKeyboardMarkup:
    """Offer each channel with its total, grouped as the text lists them, and Back."""
    rows: list[list[InlineKeyboardButton]] = []
    for _, members in grouped(offers):
        for offer in members:
            arg = pay_arg(choice, offer.channel.code)
            if arg is None:
                log.warning("channel %r does not fit a button; not offered", offer.channel.code)
                continue
            text = label(
                lang, "btn_channel", name=offer.channel.name, total=rupiah(offer.total, lang)
            )
            rows.append(
                [
                    InlineKeyboardButton(
                        text, callback_data=sign(Action.UPGRADE_PAY, uuid.uuid4(), arg)
                    )
                ]
            )
    rows.append([button(lang, "btn_back", sign, Action.UPGRADE_PLAN, arg=choice.plan.code)])
    return InlineKeyboardMarkup(rows)


def payment(lang: str, sign: Signer, invoice: Invoice) -> InlineKeyboardMarkup:
    """Link the payment page, and open /billing."""
    rows = []
    if invoice.checkout_url:
        rows.append(
            [InlineKeyboardButton(label(lang, "btn_payment_page"), url=invoice.checkout_url)]
        )
    rows.append([button(lang, "btn_billing", sign, Action.BILLING)])
    return InlineKeyboardMarkup(rows)


def _invoice_button(
    lang: str, sign: Signer, invoice: Invoice, now: dt.datetime
) -> InlineKeyboardButton | None:
    """Offer the receipt of a paid invoice, or to pay an unpaid one that has not expired."""
    params = {
        "date": formatting.day_month(invoice.created_at, lang),
        "total": rupiah(invoice.total_idr, lang),
    }
    if invoice.status in RECEIPTED:
        return button(lang, "btn_receipt", sign, Action.BILLING_RECEIPT, invoice.id, **params)
    open_ = invoice.expires_at is None or invoice.expires_at > now
    if invoice.status == InvoiceStatus.UNPAID and invoice.reference and open_:
        return button(lang, "btn_pay_invoice", sign, Action.BILLING_PAY, invoice.id, **params)
    return None


def billing(
    lang: str, sign: Signer, state: BillingOverview, now: dt.datetime
) -> InlineKeyboardMarkup:
    """Offer receipts and open payments, then renewing or upgrading the plan."""
    found = (_invoice_button(lang, sign, invoice, now) for invoice in state.invoices)
    rows = [[found_button] for found_button in found if found_button is not None]
    key = "btn_upgrade" if state.usage.plan.is_free else "btn_renew"
    rows.append([button(lang, key, sign, Action.UPGRADE)])
    return InlineKeyboardMarkup(rows)
