"""The web upgrade flow: plan, then period, then channel (pages), then the payment (a POST).

It is `/upgrade` in the browser, on the same services (`billing/checkout.py`). The channel
page gives each channel's form its own checkout key (a fresh uuid4, as each chat button has
its own), so submitting a form twice, or two tabs submitting it, makes one invoice: the
second answer is the first invoice again. After the POST the browser goes to the invoice's
page (post/redirect/get), where a reload never pays twice either.
"""

from __future__ import annotations

import logging
import re
import uuid
from typing import Final, NoReturn

from aiohttp import web

from billing_tripay.plans import Period
from kernel.errors import UserFacingError
from orchestrator.billing.checkout import choose
from orchestrator.dashboard.billing_view import checkout, plan_offer, start_payment
from web_minimal.dashboard import auth, texts_upgrade  # noqa: F401  (registers the texts)
from web_minimal.dashboard.i18n import has
from web_minimal.dashboard.view import WARNING_FLASHES, FormData, checked_form, page
from web_minimal.state import RUNTIME

log = logging.getLogger(__name__)

UPGRADE: Final = "/dashboard/billing/upgrade"
# Plan codes, periods and channel codes as they appear in paths and forms: short and plain.
_PLAIN: Final = re.compile(r"[A-Za-z0-9_-]{1,32}")
# Refusals that send the reader back to choose again (the plan itself, or a channel).
_PLAN_REFUSALS: Final = frozenset({"billing_plan_unknown", "billing_plan_free"})
REFUSALS: Final = frozenset(
    {
        *_PLAN_REFUSALS, "billing_channel_unavailable", "billing_payment_in_progress",
        "billing_payment_retry", "billing_unavailable", "billing_create_failed",
    }
)  # fmt: skip
WARNING_FLASHES.update(REFUSALS)


async def plans_view(request: web.Request) -> web.Response:
    """Step 1: show the paid plans with what each allows and costs."""
    session = await auth.require(request)
    offer = await plan_offer(request.app[RUNTIME], session.user_id)
    return await page(request, "upgrade.html", {"offer": offer}, session=session, nav="billing")


async def period_view(request: web.Request) -> web.Response:
    """Step 2: ask for how long to pay for the chosen plan."""
    session = await auth.require(request)
    code = _plain(request.match_info["plan"])
    try:
        plan = (await choose(request.app[RUNTIME], code, "monthly")).plan
    except UserFacingError as exc:
        _back_to_plans(exc)
    periods = [(p.value, plan.price_for(p), plan.days_for(p)) for p in Period]
    context = {"plan": plan, "periods": periods}
    return await page(request, "upgrade_period.html", context, session=session, nav="billing")


async def channels_view(request: web.Request) -> web.Response:
    """Step 3: list the channels that can take the price, each a form with its own key."""
    session = await auth.require(request)
    plan, period = _plain(request.match_info["plan"]), _plain(request.match_info["period"])
    try:
        chosen = await checkout(request.app[RUNTIME], plan, period)
    except UserFacingError as exc:
        _back_to_plans(exc)
    keys = {o.channel.code: str(uuid.uuid4()) for g in chosen.groups for o in g.offers}
    context = {"checkout": chosen, "keys": keys}
    return await page(request, "upgrade_channels.html", context, session=session, nav="billing")


async def pay_view(request: web.Request) -> NoReturn:
    """Create the payment (CSRF-checked, once per checkout key), then show its invoice."""
    session = await auth.require(request)
    form = await checked_form(request, session)
    plan, period, method = (_field(form, name) for name in ("plan", "period", "method"))
    key = _checkout_key(form)
    if not (plan and period and method and key):
        raise web.HTTPSeeOther(UPGRADE)
    back = f"{UPGRADE}/{plan}/{period}"
    try:
        invoice = await start_payment(
            request.app[RUNTIME], session.user_id, plan, period, method, key
        )
    except UserFacingError as exc:
        if exc.key in _PLAN_REFUSALS:
            raise web.HTTPSeeOther(f"{UPGRADE}?done={exc.key}") from None
        log.info("web payment refused for %s: %s", session.user_id, exc.key)
        raise web.HTTPSeeOther(f"{back}?done={refusal(exc.key)}") from None
    raise web.HTTPSeeOther(f"/dashboard/billing/invoices/{invoice.id}")


def refusal(key: str) -> str:
    """Name the flash for a refused payment: the service's reason when we word it."""
    return key if key in REFUSALS and has(f"flash.{key}") else "billing_create_failed"


def _back_to_plans(exc: UserFacingError) -> NoReturn:
    """Send the reader back to the plans, saying why; anything else is raised on."""
    if exc.key in _PLAN_REFUSALS:
        raise web.HTTPSeeOther(f"{UPGRADE}?done={exc.key}") from None
    raise exc


def _plain(value: str) -> str:
    return value if _PLAIN.fullmatch(value) else ""


def _field(form: FormData, name: str) -> str:
    value = form.get(name)
    return _plain(value) if isinstance(value, str) else ""


def _checkout_key(form: FormData) -> str:
    """Return the form's checkout key as a canonical uuid, or "" when it is not one."""
    value = form.get("checkout_key")
    try:
        return str(uuid.UUID(value)) if isinstance(value, str) and len(value) <= 36 else ""
    except ValueError:
        return ""


def add_routes(app: web.Application) -> None:
    """Register the three steps of upgrading and the payment."""
    app.router.add_get(UPGRADE, plans_view)
    app.router.add_get(f"{UPGRADE}/{{plan}}", period_view)
    app.router.add_get(f"{UPGRADE}/{{plan}}/{{period}}", channels_view)
    app.router.add_post("/dashboard/billing/pay", pay_view)
