"""The keys and billing pages: connected keys and the key form, the plan, invoices, receipts.

An invoice page shows what its status calls for: how to pay it while it is open, its receipt
once it is paid or refunded (printable), else that there is nothing to pay. A QRIS invoice's
QR code is an SVG drawn here (`…/qr.svg`), so the page shows it as a same-origin image.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import NoReturn
from zoneinfo import ZoneInfo

import segno
from aiohttp import web

from kernel.errors import UserFacingError
from orchestrator.billing.overview import invoice as read_invoice
from orchestrator.dashboard.billing_view import billing_page, invoice_page
from orchestrator.dashboard.keys_view import keys_page
from orchestrator.keys.form_links import issue_link
from web_minimal.dashboard import auth, texts_account  # noqa: F401  (registers the texts)
from web_minimal.dashboard.paths import not_found_on, path_id
from web_minimal.dashboard.view import checked_form, now, page, reader
from web_minimal.state import RUNTIME

INVOICE_MISSING = ("billing_invoice_missing", "billing_receipt_missing")
# The quiet zone the QR standard asks for, and a module size that scans from a screen.
QR_BORDER, QR_SCALE = 4, 5


async def keys_view(request: web.Request) -> web.Response:
    """Show the reader's keys, masked, with their checked permissions."""
    session = await auth.require(request)
    keys = await keys_page(request.app[RUNTIME], session.user_id)
    return await page(request, "keys.html", {"keys": keys}, session=session, nav="keys")


async def key_form(request: web.Request) -> NoReturn:
    """Issue a one-time key-form link (CSRF-checked POST) and send the browser to it."""
    session = await auth.require(request)
    await checked_form(request, session)
    link = await issue_link(request.app[RUNTIME], session.user_id)
    raise web.HTTPSeeOther(link)


async def billing_view(request: web.Request) -> web.Response:
    """Show the plan, what is used of it, when it renews or ends, and the invoices."""
    session = await auth.require(request)
    model = await billing_page(request.app[RUNTIME], session.user_id, now())
    context = {"model": model, "billing": model.billing}
    return await page(request, "billing.html", context, session=session, nav="billing")


async def invoice_view(request: web.Request) -> web.Response:
    """Show how to pay an open invoice, the receipt of a paid one, or that it is closed."""
    session = await auth.require(request)
    invoice_id, who = path_id(request, "invoice_id"), await reader(request, session)
    try:
        row = await invoice_page(request.app[RUNTIME], session.user_id, invoice_id, now())
    except UserFacingError as exc:
        not_found_on(exc, *INVOICE_MISSING)
    shown = row.invoice.paid_at or row.invoice.expires_at  # the moment the page writes out
    context = {"row": row, "invoice": row.invoice, "zone": zone_name(shown, who.timezone)}
    return await page(request, "invoice.html", context, session=session, nav="billing")


async def qr_svg(request: web.Request) -> web.Response:
    """Draw a QRIS invoice's QR code as SVG (404 for other invoices and other users')."""
    session = await auth.require(request)
    invoice_id = path_id(request, "invoice_id")
    try:
        found = await read_invoice(request.app[RUNTIME], session.user_id, invoice_id)
    except UserFacingError as exc:
        not_found_on(exc, *INVOICE_MISSING)
    if not found.qr_string:
        raise web.HTTPNotFound()
    return web.Response(
        body=qr_image(found.qr_string),
        content_type="image/svg+xml",
        headers={"Cache-Control": "private, max-age=600"},
    )


def qr_image(data: str) -> bytes:
    """Return `data` as a QR code in SVG, dark on white, with the standard quiet zone."""
    try:
        # Level M survives a smudged screen and keeps QRIS's long strings small, as in chat.
        code = segno.make_qr(data, error="m")
    except (segno.DataOverflowError, ValueError):
        raise web.HTTPNotFound() from None
    out = io.BytesIO()
    code.save(
        out, kind="svg", scale=QR_SCALE, border=QR_BORDER, xmldecl=False, svgclass="qr-code",
        dark="#000", light="#fff",
    )  # fmt: skip
    return out.getvalue()


def zone_name(when: dt.datetime | None, tz: str) -> str:
    """Name the reader's time zone at `when` as people write it: WIB, WITA, CET…"""
    moment = when or now()
    return moment.astimezone(ZoneInfo(tz)).tzname() or tz


def add_routes(app: web.Application) -> None:
    """Register the keys and billing pages, receipts and QR codes."""
    app.router.add_get("/dashboard/keys", keys_view)
    app.router.add_post("/dashboard/keys/form", key_form)
    app.router.add_get("/dashboard/billing", billing_view)
    app.router.add_get("/dashboard/billing/invoices/{invoice_id}", invoice_view)
    app.router.add_get("/dashboard/billing/invoices/{invoice_id}/qr.svg", qr_svg)
