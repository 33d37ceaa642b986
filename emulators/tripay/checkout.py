"""The pages a customer sees: the checkout page with a "pay" button, the QR payload, the icons.

`checkout_url` points here, so a person trying the app locally can open the link the bot
sends and pay; paying here settles the transaction exactly as `POST /_emu/pay` does.
"""

from __future__ import annotations

import html
from datetime import datetime
from zoneinfo import ZoneInfo

from aiohttp import web

from emulators.tripay.channels import BY_CODE
from emulators.tripay.gateway import GATEWAY, settle_and_notify
from emulators.tripay.instructions import rupiah
from emulators.tripay.state import PAID, UNPAID, Transaction

JAKARTA = ZoneInfo("Asia/Jakarta")
_PAGE = """<!doctype html>
<html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Checkout {reference} (TriPay emulator)</title>
<style>body{{font-family:sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem}}
dt{{color:#666}}dd{{margin:0 0 .6rem;font-weight:bold;overflow-wrap:anywhere}}
button{{font-size:1.1rem;padding:.6rem 1.4rem}}</style></head>
<body><h1>Checkout</h1><p>TriPay emulator: no real money moves.</p>
<dl><dt>Referensi</dt><dd>{reference}</dd><dt>Metode</dt><dd>{channel}</dd>
<dt>Total bayar</dt><dd>{total}</dd>{code}<dt>Status</dt><dd id="status">{status}</dd>
<dt>Batas waktu</dt><dd>{expiry}</dd></dl>{action}</body></html>
"""


def _expiry(moment: int) -> str:
    return datetime.fromtimestamp(moment, JAKARTA).strftime("%d-%m-%Y %H:%M WIB")


def _action(transaction: Transaction, status: str) -> str:
    """Offer the pay button while payable; afterwards the way back to the merchant."""
    if status == UNPAID:
        target = f"/checkout/{html.escape(transaction.reference)}/pay"
        return f'<form method="post" action="{target}"><button>Bayar sekarang</button></form>'
    if transaction.return_url:
        return f'<p><a href="{html.escape(transaction.return_url)}">Kembali ke merchant</a></p>'
    return ""


def render(transaction: Transaction, now: float) -> str:
    """Return the checkout page of `transaction` as of `now`."""
    status = transaction.status_at(now)
    if transaction.pay_code:
        code = f"<dt>Kode bayar</dt><dd>{html.escape(transaction.pay_code)}</dd>"
    elif transaction.qr_string:
        code = f"<dt>QRIS</dt><dd><code>{html.escape(transaction.qr_string)}</code></dd>"
    else:
        code = ""
    return _PAGE.format(
        reference=html.escape(transaction.reference),
        channel=html.escape(transaction.channel.name),
        total=rupiah(transaction.total_amount),
        code=code,
        status=status,
        expiry=_expiry(transaction.expired_time),
        action=_action(transaction, status),
    )


def _found(request: web.Request) -> Transaction:
    found = request.app[GATEWAY].state.transactions.get(request.match_info["reference"])
    if found is None:
        raise web.HTTPNotFound(text="Transaksi tidak ditemukan")
    return found


async def checkout_page(request: web.Request) -> web.Response:
    """GET /checkout/{reference}: the transaction and, while it is payable, a pay button."""
    now = request.app[GATEWAY].state.clock()
    return web.Response(text=render(_found(request), now), content_type="text/html")


async def checkout_pay(request: web.Request) -> web.Response:
    """POST /checkout/{reference}/pay: pay an unpaid transaction, then show its page again."""
    gateway, transaction = request.app[GATEWAY], _found(request)
    if transaction.status_at(gateway.state.clock()) == UNPAID:
        settle_and_notify(gateway, transaction.reference, PAID)
    raise web.HTTPSeeOther(f"/checkout/{transaction.reference}")


async def qr_payload(request: web.Request) -> web.Response:
    """GET /qr/{reference}: the QRIS payload as text (the emulator draws no images)."""
    transaction = _found(request)
    if transaction.qr_string is None:
        raise web.HTTPNotFound(text="Transaksi ini tidak memakai QRIS")
    return web.Response(text=transaction.qr_string)


async def icon(request: web.Request) -> web.Response:
    """GET /icons/{code}.svg: a plain badge with the channel's code."""
    code = request.match_info["code"]
    if code not in BY_CODE:
        raise web.HTTPNotFound()
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40">'
        '<rect width="120" height="40" rx="6" fill="#1f5fae"/>'
        f'<text x="60" y="25" font-family="sans-serif" font-size="13" fill="#fff" '
        f'text-anchor="middle">{code}</text></svg>'
    )
    return web.Response(text=svg, content_type="image/svg+xml")


def add_page_routes(app: web.Application) -> None:
    """Register the customer-facing pages."""
    app.router.add_get("/checkout/{reference}", checkout_page)
    app.router.add_post("/checkout/{reference}/pay", checkout_pay)
    app.router.add_get("/qr/{reference}", qr_payload)
    app.router.add_get("/icons/{code}.svg", icon)
