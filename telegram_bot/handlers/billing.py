"""/billing: the plan, its use and end, recent invoices, their receipts and open payments."""

from __future__ import annotations

import datetime as dt

from telegram import Update

from orchestrator.billing import checkout, overview
from orchestrator.core.runtime import Runtime
from telegram_bot import keyboards_billing, render_billing
from telegram_bot.handlers.upgrade import send_payment
from telegram_bot.render_billing import plan_name
from telegram_bot.session import Ctx, acknowledge, current_user, press, reply, runtime_of, signer


async def _plan_names(runtime: Runtime) -> dict[str, str]:
    """Return the display names of the plans on offer, by code."""
    return {plan.code: plan.name for plan in await checkout.plans_for_sale(runtime)}


async def show_billing(update: Update, context: Ctx) -> None:
    """Shows the plan, until when it runs, its use, any grace or wind-down, and invoices."""
    user = await current_user(update, context)
    await acknowledge(update)
    runtime = runtime_of(context)
    now = dt.datetime.now(dt.UTC)
    state = await overview.overview(runtime, user.id, now)
    names = {plan.code: plan.name for plan in state.usage.plans}
    text = render_billing.billing_view(user.language, state, names)
    markup = keyboards_billing.billing(user.language, signer(update, context), state, now)
    await reply(update, context, text, markup)


async def send_receipt(update: Update, context: Ctx) -> None:
    """Sends the receipt of a paid (or refunded) invoice."""
    invoice_id = press(update, context).object_id()
    user = await current_user(update, context)
    runtime = runtime_of(context)
    invoice = await overview.receipt(runtime, user.id, invoice_id)
    await acknowledge(update)
    names = await _plan_names(runtime)
    await reply(update, context, render_billing.receipt_view(user.language, invoice, names))


async def pay_again(update: Update, context: Ctx) -> None:
    """Shows again how to pay an unpaid invoice, or says why it can no longer be paid."""
    invoice_id = press(update, context).object_id()
    user = await current_user(update, context)
    runtime = runtime_of(context)
    invoice = await overview.invoice(runtime, user.id, invoice_id)
    await acknowledge(update)
    name = plan_name(await _plan_names(runtime), invoice.plan_code)
    await send_payment(update, context, user.language, invoice, name)
