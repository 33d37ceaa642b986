"""Render /billing and receipts: the plan, its use and end, recent invoices, in rupiah and WIB."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Mapping

from billing_tripay.periods import Phase
from billing_tripay.status import InvoiceStatus
from kernel import formatting
from orchestrator.billing.invoices import Invoice
from orchestrator.billing.overview import BillingOverview
from telegram_bot.i18n import Html, has, label, t
from telegram_bot.render import counted, plan_usage

_TAG = re.compile(r"<[^>]*>")
MISSING = "—"
# Statuses whose invoice has a receipt, and the one that can still be paid.
RECEIPTED = frozenset({InvoiceStatus.PAID, InvoiceStatus.REFUND})


def rupiah(amount: int, lang: str) -> str:
    """Write whole rupiah the reader's way: Rp 149.000 (en: Rp 149,000)."""
    return formatting.money(amount, "IDR", lang)


def wib(when: dt.datetime | None, lang: str) -> str:
    """Write a moment in Jakarta time with its zone: 1 Des 2026 15.30 WIB."""
    return f"{formatting.moment(when, lang)} WIB" if when is not None else MISSING


def period_label(lang: str, period: str) -> str:
    """Name what one payment buys: 1 month, 1 year (an unknown period as stored)."""
    key = f"period_{period}"
    return label(lang, key) if has(key) else period


def status_label(lang: str, status: str) -> str:
    """Name an invoice status in words: Unpaid, Paid... (id: Belum dibayar, Lunas...)."""
    key = f"invoice_status_{status.lower()}"
    return label(lang, key) if has(key) else status


def plan_name(names: Mapping[str, str], code: str) -> str:
    """Return a plan's display name, or its code capitalised when it is no longer offered."""
    return names.get(code) or code.capitalize()


def visible_length(text: str) -> int:
    """Count the characters Telegram shows for HTML text (what its caption limit counts)."""
    return len(html.unescape(_TAG.sub("", text)))


def _validity(lang: str, state: BillingOverview) -> str:
    """Say until when the plan is paid, that it ended, or that a free plan never ends."""
    if state.usage.plan.is_free or state.ends_at is None:
        return label(lang, "billing_free")
    day = formatting.date(state.ends_at, lang)
    if state.phase is Phase.ACTIVE:
        return label(lang, "billing_paid_until", date=day)
    return label(lang, "billing_ended", date=day)


def _banners(lang: str, state: BillingOverview) -> list[Html]:
    """Warn of the grace period and of a wind-down in progress."""
    found = []
    if state.phase is Phase.GRACE and state.ends_at and state.grace_ends:
        ended = formatting.day_month(state.ends_at, lang)
        grace = formatting.day_month(state.grace_ends, lang)
        found.append(t(lang, "billing_grace", plan=state.usage.plan.name, ended=ended, grace=grace))
    if state.winding_down:
        found.append(t(lang, "billing_winding"))
    return found


def invoice_line(lang: str, invoice: Invoice, names: Mapping[str, str]) -> Html:
    """One invoice: when, what, how much, how, and where it stands."""
    return t(
        lang,
        "billing_invoice_line",
        date=formatting.date(invoice.created_at, lang),
        plan=plan_name(names, invoice.plan_code),
        period=period_label(lang, invoice.period),
        total=rupiah(invoice.total_idr, lang),
        method=invoice.method_name or invoice.method,
        status=status_label(lang, invoice.status),
    )


def billing_view(lang: str, state: BillingOverview, names: Mapping[str, str]) -> Html:
    """Show the plan, until when it runs, its use, any warning, and the recent invoices."""
    head = t(lang, "billing_title", plan=state.usage.plan.name, validity=_validity(lang, state))
    parts: list[str] = [head, *_banners(lang, state), plan_usage(lang, state.usage), ""]
    if state.invoices:
        parts.append(t(lang, "billing_invoices_title"))
        parts += [invoice_line(lang, invoice, names) for invoice in state.invoices]
    else:
        parts.append(t(lang, "billing_no_invoices"))
    return Html("\n".join(parts))


def receipt_view(lang: str, invoice: Invoice, names: Mapping[str, str]) -> Html:
    """Write the receipt of a paid (or refunded) invoice."""
    refunded = invoice.status == InvoiceStatus.REFUND
    return t(
        lang,
        "receipt",
        ref=invoice.merchant_ref,
        reference=invoice.reference or MISSING,
        plan=plan_name(names, invoice.plan_code),
        period=period_label(lang, invoice.period),
        days=counted(lang, "count_days", invoice.days),
        paid_at=wib(invoice.paid_at, lang),
        amount=rupiah(invoice.amount_idr, lang),
        fee=rupiah(invoice.fee_idr, lang),
        total=rupiah(invoice.total_idr, lang),
        method=invoice.method_name or invoice.method,
        refunded=t(lang, "receipt_refunded") if refunded else "",
    )


def not_open_view(lang: str, invoice: Invoice) -> Html:
    """Say an invoice can no longer be paid, and why."""
    return t(
        lang,
        "invoice_not_open",
        ref=invoice.merchant_ref,
        status=status_label(lang, invoice.status),
    )
