"""Tripay's callback endpoint and the page Tripay's checkout returns the payer to."""

from __future__ import annotations

from aiohttp import web

from orchestrator.billing.callback import receive_callback
from web_minimal.state import RUNTIME

# Tripay's callback body is a small JSON object; anything larger is not Tripay's.
MAX_CALLBACK_BYTES = 64 * 1024

_RETURN_PAGE = """<!doctype html>
<html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>NoFOMO</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 32rem;
 margin: 2rem auto; padding: 0 1rem">
<h1>Terima kasih / Thank you</h1>
<p>Pembayaran Anda sedang diproses. Konfirmasi dan tanda terima akan dikirim di chat Telegram.
Silakan kembali ke Telegram.</p>
<p lang="en">Your payment is being processed. The confirmation and receipt arrive in your
Telegram chat. You can go back to Telegram now.</p>
</body></html>
"""


async def tripay_callback(request: web.Request) -> web.Response:
    """Take one Tripay callback; the service decides the answer."""
    if request.content_length is not None and request.content_length > MAX_CALLBACK_BYTES:
        raise web.HTTPRequestEntityTooLarge(MAX_CALLBACK_BYTES, request.content_length)
    raw = await request.read()  # the exact bytes: the signature covers them, not re-encoded JSON
    answer = await receive_callback(
        request.app[RUNTIME],
        raw,
        request.headers.get("X-Callback-Signature"),
        request.headers.get("X-Callback-Event"),
    )
    return web.json_response(answer.body, status=answer.status)


async def payment_return(request: web.Request) -> web.Response:
    """Thank the payer and send them back to the chat, where the receipt arrives."""
    return web.Response(
        text=_RETURN_PAGE,
        content_type="text/html",
        headers={
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
            "Referrer-Policy": "no-referrer",
        },
    )


def add_routes(app: web.Application) -> None:
    """Register the billing routes."""
    app.router.add_post("/billing/tripay/callback", tripay_callback)
    app.router.add_get("/billing/return", payment_return)
