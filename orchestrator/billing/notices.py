"""The chat notices billing queues: receipts, refunds, reminders, grace and downgrade."""

from __future__ import annotations

import datetime as dt

from orchestrator.alerts.payloads import (
    InvoiceFields,
    PaymentRefunded,
    PlanDowngraded,
    PlanGrace,
    PlanReminder,
)


def refunded_alert(invoice: InvoiceFields, ends_at: dt.datetime | None) -> PaymentRefunded:
    """Tell the user a payment was refunded and when their paid time now ends."""
    return {
        "kind": "payment_refunded",
        **invoice,
        "ends_at": ends_at.isoformat() if ends_at is not None else None,
    }


def reminder_alert(code: str, name: str, ends_at: dt.datetime, days_left: int) -> PlanReminder:
    """Remind the user their plan ends in `days_left` days, with a one-tap renewal."""
    return {
        "kind": "plan_reminder",
        "plan_code": code,
        "plan_name": name,
        "ends_at": ends_at.isoformat(),
        "days_left": days_left,
    }


def grace_alert(code: str, name: str, ends_at: dt.datetime, grace_ends: dt.datetime) -> PlanGrace:
    """Tell the user their plan ended and how long it keeps working."""
    return {
        "kind": "plan_grace",
        "plan_code": code,
        "plan_name": name,
        "ends_at": ends_at.isoformat(),
        "grace_ends": grace_ends.isoformat(),
    }


def downgraded_alert(
    code: str, name: str, ends_at: dt.datetime, moves: tuple[list[str], list[str], list[str]]
) -> PlanDowngraded:
    """Tell the user exactly what the drop to free did to each bot."""
    stopped, winding, paused = moves
    return {
        "kind": "plan_downgraded",
        "plan_code": code,
        "plan_name": name,
        "ends_at": ends_at.isoformat(),
        "stopped": stopped,
        "winding": winding,
        "paused": paused,
    }
