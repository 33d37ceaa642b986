"""Billing alerts' fields and buttons: payments, reminders, grace, the drop to free.

Amounts are rupiah the reader's way (Rp 149.000; en: Rp 149,000), moments in Jakarta time
marked WIB. Renewing opens the channel list for the same plan, a month, in one tap.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from billing_tripay.plans import Period
from kernel import formatting
from orchestrator.alerts import Button
from telegram_bot.alerts.fields import Fields, counted, day, escape, money
from telegram_bot.alerts.texts import label
from telegram_bot.callbacks import MAX_ARG, Action, Signer
from telegram_bot.keyboards_billing import period_arg

Payload = Mapping[str, Any]
Rows = tuple[tuple[Button, ...], ...]
_NAMED = 10  # bots named per list; the rest are counted
RENEWABLE = frozenset({"plan_reminder", "plan_grace", "plan_downgraded"})


def moment(value: Any, lang: str) -> str:
    """Write an ISO timestamp as a day and time in Jakarta: 1 Des 2026 15.30 WIB."""
    try:
        when = dt.datetime.fromisoformat(str(value or ""))
    except ValueError:
        return day(value, lang)
    written = escape(formatting.moment(when, lang), 40)
    return label("zone_wib", lang).format(moment=written)


def _invoice(payload: Payload, lang: str) -> Fields:
    return Fields(
        plan_name=escape(payload.get("plan_name") or payload.get("plan_code"), 32),
        amount=money(payload.get("amount_idr"), "IDR", lang),
        merchant_ref=escape(payload.get("merchant_ref"), 64),
    )


def _paid(payload: Payload, lang: str) -> Fields:
    out = _invoice(payload, lang)
    out["ends_at"] = day(payload.get("ends_at"), lang)
    return out


def _refunded(payload: Payload, lang: str) -> Fields:
    out = _invoice(payload, lang)
    ends = payload.get("ends_at")
    note = label("refund_ends", lang).format(date=day(ends, lang)) if ends else ""
    out["ends_note"] = note or label("refund_ended", lang)
    return out


def _plan(payload: Payload, lang: str) -> Fields:
    return Fields(
        plan_name=escape(payload.get("plan_name") or payload.get("plan_code"), 32),
        ends_at=moment(payload.get("ends_at"), lang),
        grace_ends=moment(payload.get("grace_ends"), lang),
        days_left=counted("days_left", payload.get("days_left") or 0, lang),
    )


def names(values: Any, lang: str) -> str:
    """List bot names, escaped; past the first few, say how many more."""
    found = [escape(name, 40) for name in list(values or [])]
    shown = ", ".join(found[:_NAMED])
    rest = len(found) - _NAMED
    return shown + (label("more_names", lang).format(count=rest) if rest > 0 else "")


def _downgraded(payload: Payload, lang: str) -> Fields:
    out = _plan(payload, lang)
    parts = [
        label(f"downgrade_{key}", lang).format(bots=names(payload.get(key), lang))
        for key in ("stopped", "winding", "paused")
        if payload.get(key)
    ]
    out["changes"] = "".join(parts) or label("downgrade_nothing", lang)
    return out


def _stopped_flat(payload: Payload, lang: str) -> Fields:
    return Fields(bot_name=escape(payload.get("bot_name")), pair=escape(payload.get("pair")))


BUILDERS: dict[str, Callable[[Payload, str], Fields]] = {
    "payment_paid": _paid,
    "payment_expired": _invoice,
    "payment_failed": _invoice,
    "payment_refunded": _refunded,
    "plan_reminder": _plan,
    "plan_grace": _plan,
    "plan_downgraded": _downgraded,
    "bot_stopped_flat": _stopped_flat,
}


def _renew(payload: Payload, lang: str, signer: Signer) -> Button:
    """Open the channels for a month of the same plan; the plans list if it cannot."""
    code = str(payload.get("plan_code") or "")
    arg = period_arg(code, Period.MONTHLY)
    if code and arg.isascii() and len(arg) <= MAX_ARG:
        return Button(label("button_renew", lang), signer(Action.UPGRADE_RENEW, None, arg))
    return Button(label("button_renew", lang), signer(Action.UPGRADE))


def buttons(
    kind: str, payload: Payload, lang: str, signer: Signer, bot: uuid.UUID | None
) -> Rows | None:
    """Return a billing alert's buttons, or None for a kind that is not billing's."""
    if kind in RENEWABLE:
        return ((_renew(payload, lang, signer),),)
    if kind in ("payment_paid", "payment_refunded"):
        return ((Button(label("button_billing", lang), signer(Action.BILLING)),),)
    upgrade = Button(label("button_upgrade", lang), signer(Action.UPGRADE))
    if kind in ("payment_expired", "payment_failed"):
        return ((upgrade,),)
    if kind == "bot_stopped_flat":
        found = [Button(label("button_bot", lang), signer(Action.BOT_DETAIL, bot))] if bot else []
        return (tuple(found), (upgrade,)) if found else ((upgrade,),)
    return None
