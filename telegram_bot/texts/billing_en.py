"""English texts of paying from chat: /upgrade, the payment, /billing and its receipts."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "cmd_upgrade": "Upgrade your plan and pay from this chat",
    "cmd_billing": "Your plan, its use, renewal date and payments",
    "btn_upgrade": "⭐ Upgrade",
    "btn_renew": "⭐ Renew or change plan",
    "btn_billing": "📄 /billing",
    # /upgrade: the plans on offer, what each allows and costs
    "upgrade_title": "⭐ <b>Plans</b>\nYour plan now: <b>{plan}</b>{until}",
    "upgrade_until": " (until {date})",
    "upgrade_plan": "{marker} <b>{name}</b>{current}\n💰 {prices}\n🤖 {bots} bots, {live} of "
    "them live\n✨ {generations} AI strategies a month\n📊 Backtests up to {days} days · "
    "optimisation up to {epochs} epochs\n🐍 Your own Python code: {code}",
    "upgrade_prices": "{monthly} a month · {yearly} a year{saving}",
    "upgrade_saving": " (save {saving})",
    "upgrade_current": " · your plan",
    "upgrade_code_yes": "yes",
    "upgrade_code_no": "no",
    "upgrade_choose": "Choose a plan:",
    "upgrade_none": "No paid plan is on offer right now. Please look again later.",
    "btn_plan": "⭐ {plan} · {price} a month",
    "btn_plan_current": "✓ {plan} · {price} a month",
    # The period
    "upgrade_periods": "⭐ <b>{plan}</b>: pay for how long?\n📅 Monthly: {monthly} for {days} days"
    "\n📅 Yearly: {yearly} for {year_days} days{saving}\nPaid time you still have is never "
    "lost: it is added to the new period.",
    "btn_monthly": "📅 Monthly · {price}",
    "btn_yearly": "📅 Yearly · {price}",
    "period_monthly": "1 month",
    "period_yearly": "1 year",
    # The payment channels, fetched from Tripay
    "upgrade_channels": "💳 <b>{plan} · {period}</b>: {price}\nChoose how to pay; each channel "
    "adds its own fee:",
    "channel_group_qris": "QRIS",
    "channel_group_va": "Virtual account",
    "channel_group_ewallet": "E-wallet",
    "channel_group_store": "Convenience store",
    "channel_line": "• {name} · {total} (fee {fee})",
    "channel_line_free": "• {name} · {total} (no fee)",
    "btn_channel": "{name} · {total}",
    "upgrade_no_channels": "No payment channel can take {price} right now. Please try again later.",
    # The payment, as Tripay created it
    "invoice_title": "🧾 <b>Pay {total}</b>\n{plan}, {period} · {method}\nPrice {amount} + fee "
    "{fee}\nInvoice: <code>{ref}</code>\n⏳ Valid until {expiry}",
    "invoice_pay_code": "🔢 Pay code: <code>{code}</code>",
    "invoice_qris": "📷 Scan the QR code with any banking or e-wallet app that supports QRIS.",
    "invoice_section": "<b>{title}</b>",
    "invoice_step": "{number}. {step}",
    "invoice_footer": "Your plan changes as soon as Tripay confirms the payment; the receipt "
    "arrives here.",
    "btn_payment_page": "🌐 Open payment page",
    "invoice_not_open": "Invoice <code>{ref}</code> is {status}: there is nothing to pay. "
    "/upgrade makes a new one.",
    # /billing
    "billing_title": "💳 <b>Billing</b>\nPlan: <b>{plan}</b> · {validity}",
    "billing_paid_until": "paid until {date}",
    "billing_ended": "ended on {date}",
    "billing_free": "free, never ends",
    "billing_grace": "⚠️ Your {plan} plan ended on {ended}; grace period until {grace}: renew "
    "to keep your live bots running.",
    "billing_winding": "⏬ Your paid plan has ended. Live bots open no new trades; their open "
    "positions are still managed and exited by their strategy, then they stop.",
    "billing_invoices_title": "<b>Recent payments</b>",
    "billing_invoice_line": "• {date} · {plan}, {period} · {total} · {method} · <b>{status}</b>",
    "billing_no_invoices": "No payments yet. /upgrade shows the plans.",
    "invoice_status_unpaid": "Unpaid",
    "invoice_status_paid": "Paid",
    "invoice_status_expired": "Expired",
    "invoice_status_failed": "Failed",
    "invoice_status_refund": "Refunded",
    "btn_receipt": "🧾 Receipt · {date} · {total}",
    "btn_pay_invoice": "💳 Pay · {date} · {total}",
    "receipt": "🧾 <b>Receipt</b>\nInvoice: <code>{ref}</code>\nTripay reference: "
    "<code>{reference}</code>\nPlan: {plan}, {period} ({days})\nPaid on: {paid_at}\n"
    "Price: {amount}\nFee: {fee}\nTotal: <b>{total}</b>\nPaid with: {method}{refunded}",
    "receipt_refunded": "\n↩️ Refunded: the time this payment bought was taken back.",
}

ERRORS: dict[str, str] = {
    "billing_plan_unknown": "That plan is not on offer any more. Send /upgrade to see the plans.",
    "billing_plan_free": "The Free plan costs nothing, so there is nothing to pay. Send /upgrade "
    "and pick a paid plan.",
    "billing_channel_unavailable": "That payment channel cannot take this payment right now. "
    "Please pick another one.",
    "billing_payment_in_progress": "Your payment is still being created. Wait a few seconds, "
    "then tap the same button again.",
    "billing_payment_retry": "The first try to create this payment failed, and nothing was "
    "charged. Choose the channel again from /upgrade for a new try.",
    "billing_invoice_missing": "That invoice cannot be found. See /billing for your invoices.",
    "billing_receipt_missing": "That invoice cannot be found, or it has no receipt yet.",
    "billing_unavailable": "Sorry, payments are not available right now. Nothing was charged; "
    "please try again later.",
    "billing_create_failed": "Sorry, the payment could not be created on our side. Nothing was "
    "charged. Please try again in a few minutes.",
}
