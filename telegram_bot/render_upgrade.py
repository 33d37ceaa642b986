"""Render /upgrade: the plans and prices, the period, the payment channels, the payment itself."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence

from billing_tripay.channels import ChannelOffer
from billing_tripay.plans import Period, Plan
from kernel import formatting
from orchestrator.accounts.usage import PlanUsage
from orchestrator.billing.checkout import Choice
from orchestrator.billing.invoices import Invoice
from telegram_bot.i18n import Html, label, t
from telegram_bot.render import number
from telegram_bot.render_billing import period_label, rupiah, wib

# How channels are grouped, in the order they are offered: QRIS first, the quickest to pay.
GROUP_ORDER = ("qris", "va", "ewallet", "store")
_GROUPS = {"virtual account": "va", "e-wallet": "ewallet", "convenience store": "store"}
# Tripay's steps carry HTML of their own; only bold survives, everything else is text.
_BOLD = re.compile(r"(</?b>)", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
MAX_SECTIONS, MAX_STEPS, MAX_STEP_CHARS = 4, 10, 240
MAX_INSTRUCTIONS = 2500  # characters of steps in all


def _saving(lang: str, plan: Plan) -> str:
    saving = plan.yearly_saving_idr()
    return t(lang, "upgrade_saving", saving=rupiah(saving, lang)) if saving else ""


def plan_block(lang: str, plan: Plan, current: str | None) -> Html:
    """Describe one plan: its prices, and what it allows."""
    allows = plan.entitlements
    prices = t(
        lang,
        "upgrade_prices",
        monthly=rupiah(plan.price_monthly_idr, lang),
        yearly=rupiah(plan.price_yearly_idr, lang),
        saving=_saving(lang, plan),
    )
    mine = plan.code == current
    return t(
        lang,
        "upgrade_plan",
        marker="✓" if mine else "⭐",
        name=plan.name,
        current=label(lang, "upgrade_current") if mine else "",
        prices=prices,
        bots=number(allows.max_bots, lang, 0),
        live=number(allows.max_live_bots, lang, 0),
        generations=number(allows.ai_generations_per_month, lang, 0),
        days=number(allows.backtest_max_days, lang, 0),
        epochs=number(allows.hyperopt_max_epochs, lang, 0),
        code=label(lang, "upgrade_code_yes" if allows.custom_code else "upgrade_code_no"),
    )


def plans_view(
    lang: str, plans: Sequence[Plan], usage: PlanUsage | None, expires_at: dt.datetime | None
) -> Html:
    """Show the user's plan, then every plan on offer, and ask which one."""
    if not plans:
        return t(lang, "upgrade_none")
    current = usage.plan if usage else None
    until = ""
    if current is not None and not current.is_free and expires_at is not None:
        until = t(lang, "upgrade_until", date=formatting.date(expires_at, lang))
    head = t(lang, "upgrade_title", plan=current.name if current else "—", until=until)
    blocks = [plan_block(lang, plan, current.code if current else None) for plan in plans]
    return Html("\n\n".join([head, *blocks, t(lang, "upgrade_choose")]))


def periods_view(lang: str, plan: Plan) -> Html:
    """Ask for how long to pay, with both prices and what a year saves."""
    return t(
        lang,
        "upgrade_periods",
        plan=plan.name,
        monthly=rupiah(plan.price_monthly_idr, lang),
        days=number(plan.days_for(Period.MONTHLY), lang, 0),
        yearly=rupiah(plan.price_yearly_idr, lang),
        year_days=number(plan.days_for(Period.YEARLY), lang, 0),
        saving=_saving(lang, plan),
    )


def group_of(offer: ChannelOffer) -> str:
    """Return the group a channel is offered in: qris, va, ewallet, store, or Tripay's name."""
    if offer.channel.code.upper().startswith("QRIS"):
        return "qris"  # Tripay files QRIS under E-Wallet; payers look for it on its own
    return _GROUPS.get(offer.channel.group.strip().lower(), offer.channel.group)


def grouped(offers: Sequence[ChannelOffer]) -> list[tuple[str, list[ChannelOffer]]]:
    """Group offers: the known groups in their order, then any other in Tripay's order."""
    groups: dict[str, list[ChannelOffer]] = {}
    for offer in offers:
        groups.setdefault(group_of(offer), []).append(offer)
    rank = {name: i for i, name in enumerate(GROUP_ORDER)}
    ordered = sorted(groups, key=lambda name: rank.get(name, len(rank)))
    return [(name, groups[name]) for name in ordered]


def _group_title(lang: str, group: str) -> Html:
    if group in GROUP_ORDER:
        return Html(f"<b>{label(lang, f'channel_group_{group}')}</b>")
    return Html(f"<b>{html.escape(group, quote=False)}</b>")


def channel_line(lang: str, offer: ChannelOffer) -> Html:
    """One channel with what the payer pays in all and the fee in it."""
    key = "channel_line" if offer.fee else "channel_line_free"
    total, fee = rupiah(offer.total, lang), rupiah(offer.fee, lang)
    return t(lang, key, name=offer.channel.name, total=total, fee=fee)


def channels_view(lang: str, choice: Choice, offers: Sequence[ChannelOffer]) -> Html:
    """List the channels that can take the price, grouped, each with its fee and total."""
    price = rupiah(choice.price, lang)
    if not offers:
        return t(lang, "upgrade_no_channels", price=price)
    period = period_label(lang, choice.period.value)
    parts: list[str] = [
        t(lang, "upgrade_channels", plan=choice.plan.name, period=period, price=price)
    ]
    for group, members in grouped(offers):
        parts += ["", _group_title(lang, group), *(channel_line(lang, o) for o in members)]
    return Html("\n".join(parts))


def payment_view(lang: str, invoice: Invoice, plan_name: str) -> Html:
    """Say what to pay, by when, and the pay code (or how to use the QR code)."""
    head = t(
        lang,
        "invoice_title",
        total=rupiah(invoice.total_idr, lang),
        plan=plan_name,
        period=period_label(lang, invoice.period),
        method=invoice.method_name or invoice.method,
        amount=rupiah(invoice.amount_idr, lang),
        fee=rupiah(invoice.fee_idr, lang),
        ref=invoice.merchant_ref,
        expiry=wib(invoice.expires_at, lang),
    )
    if invoice.pay_code:
        return Html(f"{head}\n{t(lang, 'invoice_pay_code', code=invoice.pay_code)}")
    if invoice.qr_string:
        return Html(f"{head}\n{t(lang, 'invoice_qris')}")
    return head


def step_html(raw: str) -> Html:
    """Make one of Tripay's steps safe: bold kept where it opens and closes, the rest text."""
    out, bold = [], False
    for part in _BOLD.split(raw[:MAX_STEP_CHARS]):
        closing = part.lower() == "</b>"
        if part.lower() in ("<b>", "</b>"):
            if closing == bold:  # a real open or close; a stray one is dropped
                out.append(part.lower())
                bold = not bold
            continue
        out.append(html.escape(html.unescape(_TAG.sub("", part)), quote=False))
    return Html("".join(out) + ("</b>" if bold else ""))


def instructions_view(lang: str, invoice: Invoice) -> Html:
    """Number the channel's steps under each of its titles (Tripay writes them in Indonesian)."""
    blocks, budget = [], MAX_INSTRUCTIONS
    for section in invoice.instructions[:MAX_SECTIONS]:
        title = html.escape(html.unescape(_TAG.sub("", section.title))[:80], quote=False)
        rows = [t(lang, "invoice_section", title=Html(title))] if title else []
        for position, step in enumerate(section.steps[:MAX_STEPS], 1):
            row = t(lang, "invoice_step", number=position, step=step_html(step))
            budget -= len(row)
            if budget < 0:  # a message holds 4,096 characters; the amounts and links come first
                break
            rows.append(row)
        blocks.append("\n".join(rows))
        if budget < 0:
            break
    return Html("\n\n".join(block for block in blocks if block))
