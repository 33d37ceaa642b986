"""/upgrade: pick a plan, a period and a payment channel; get the payment to pay.

The plans and their period are drawn in place as the user steps through them; the
payment arrives as a new message, so the channel list stays and a second tap on the same
channel (the same checkout key) answers with the same payment again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import InputFile, Update

from billing_tripay.status import InvoiceStatus
from orchestrator.accounts import users
from orchestrator.accounts.usage import usage
from orchestrator.billing import checkout
from orchestrator.billing.invoices import Invoice
from orchestrator.core.errors import UserFacingError
from telegram_bot import keyboards_billing, render_billing, render_qr, render_upgrade
from telegram_bot.i18n import Html, t
from telegram_bot.render_billing import RECEIPTED, visible_length
from telegram_bot.session import (
    Ctx,
    acknowledge,
    chat_id,
    current_user,
    press,
    reply,
    runtime_of,
    show,
    signer,
)

# Telegram's limit on a photo caption, in visible characters.
CAPTION_LIMIT = 1024
Send = Callable[..., Awaitable[object]]


async def upgrade(update: Update, context: Ctx) -> None:
    """Shows the paid plans with what each allows and costs, and a button per plan."""
    user = await current_user(update, context)
    await acknowledge(update)
    runtime = runtime_of(context)
    offered = await checkout.plans_for_sale(runtime)
    used = await usage(runtime.db, user.id)
    profile = await users.profile(runtime.db, user.id)
    expires_at = profile.plan_expires_at if profile else None
    text = render_upgrade.plans_view(user.language, offered, used, expires_at)
    current = used.plan.code if used else None
    markup = keyboards_billing.plans(user.language, signer(update, context), offered, current)
    back = (
        update.callback_query is not None and press(update, context).arg == keyboards_billing.BACK
    )
    await (show if back else reply)(update, context, text, markup)


async def pick_plan(update: Update, context: Ctx) -> None:
    """Asks for how long to pay for the chosen plan."""
    plan_code = press(update, context).arg
    user = await current_user(update, context)
    chosen = await checkout.choose(runtime_of(context), plan_code, "monthly")
    await acknowledge(update)
    markup = keyboards_billing.periods(user.language, signer(update, context), chosen.plan)
    await show(update, context, render_upgrade.periods_view(user.language, chosen.plan), markup)


async def pick_period(update: Update, context: Ctx) -> None:
    """Lists the payment channels for the chosen plan and period, in place."""
    await _channels(update, context, show)


async def renew(update: Update, context: Ctx) -> None:
    """Lists the payment channels for renewing a plan (from a reminder), as a new message."""
    await _channels(update, context, reply)


async def _channels(update: Update, context: Ctx, send: Send) -> None:
    """Draws the channels that can take the price, each with its fee and total."""
    plan_code, period = keyboards_billing.parse_period_arg(press(update, context).arg)
    user = await current_user(update, context)
    await acknowledge(update)
    runtime = runtime_of(context)
    chosen = await checkout.choose(runtime, plan_code, period)
    offers = await checkout.channel_offers(runtime, chosen.price)
    text = render_upgrade.channels_view(user.language, chosen, offers)
    markup = keyboards_billing.channels(user.language, signer(update, context), chosen, offers)
    await send(update, context, text, markup)


async def pay(update: Update, context: Ctx) -> None:
    """Creates the payment through the chosen channel (once per button) and sends it."""
    pressed = press(update, context)
    plan_code, period, method = keyboards_billing.parse_pay_arg(pressed.arg)
    user = await current_user(update, context)
    await acknowledge(update)  # before asking Tripay, so the button stops spinning
    runtime = runtime_of(context)
    chosen = await checkout.choose(runtime, plan_code, period)
    key = str(pressed.object_id())
    invoice = await checkout.pay(runtime, user.id, chosen, method, key)
    await send_payment(update, context, user.language, invoice, chosen.plan.name)


async def send_payment(
    update: Update, context: Ctx, lang: str, invoice: Invoice, plan_name: str
) -> None:
    """Sends how to pay an unpaid invoice; for a paid one its receipt; else why it cannot be."""
    if invoice.status in RECEIPTED:
        receipt = render_billing.receipt_view(lang, invoice, {invoice.plan_code: plan_name})
        await reply(update, context, receipt)
    elif invoice.status != InvoiceStatus.UNPAID:
        await reply(update, context, render_billing.not_open_view(lang, invoice))
    elif invoice.reference is None:  # Tripay never answered for it: a new tap is needed
        raise UserFacingError("billing_payment_retry")
    else:
        await _send_unpaid(update, context, lang, invoice, plan_name)


async def _send_unpaid(
    update: Update, context: Ctx, lang: str, invoice: Invoice, plan_name: str
) -> None:
    """Sends the amounts, the QR image or pay code, the steps, the expiry and the links."""
    head = render_upgrade.payment_view(lang, invoice, plan_name)
    steps = render_upgrade.instructions_view(lang, invoice)
    footer = t(lang, "invoice_footer")
    markup = keyboards_billing.payment(lang, signer(update, context), invoice)
    whole = Html("\n\n".join(part for part in (head, steps, footer) if part))
    qr = render_qr.qr_png(invoice.qr_string) if invoice.qr_string else None
    if qr is None:
        await reply(update, context, whole, markup)
        return
    photo = InputFile(qr, filename="qris.png")
    if visible_length(whole) <= CAPTION_LIMIT:
        await context.bot.send_photo(chat_id(update), photo, caption=whole, reply_markup=markup)
        return
    # Too long for a caption: the QR code with the amounts, then the steps with the buttons.
    await context.bot.send_photo(chat_id(update), photo, caption=head)
    rest = Html("\n\n".join(part for part in (steps, footer) if part))
    await reply(update, context, rest, markup)
