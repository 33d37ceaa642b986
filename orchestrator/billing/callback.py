"""Tripay's payment callback: check it is Tripay's, store it, and answer so Tripay stops.

The signature is checked over the body's exact bytes in constant time before anything
is read from it. `{"success": true}` is answered only once the callback's effect is
committed; any failure before that answers 500, and Tripay tries again.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, field
from typing import Any

from billing_tripay.signatures import CALLBACK_EVENT, callback_is_authentic
from orchestrator.billing.settle import Report, settle
from orchestrator.billing.tripay import TripayConfig
from orchestrator.core.runtime import Runtime

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CallbackAnswer:
    """The HTTP status and JSON body to answer Tripay with."""

    status: int
    body: dict[str, Any] = field(default_factory=lambda: {"success": True})


REFUSED = CallbackAnswer(403, {"success": False, "message": "invalid signature"})


async def receive_callback(
    runtime: Runtime, raw_body: bytes, signature: str | None, event: str | None
) -> CallbackAnswer:
    """Verify, store and apply one callback; return what to answer."""
    config = TripayConfig.from_settings(runtime.settings)
    if config is None:  # our side: not configured; Tripay will retry once it is
        log.error("a Tripay callback arrived but TRIPAY_* settings are unset")
        return CallbackAnswer(503, {"success": False, "message": "not configured"})
    if not callback_is_authentic(config.private_key.get_secret_value(), raw_body, signature):
        log.warning("tripay callback refused: bad or missing signature (%d bytes)", len(raw_body))
        return REFUSED
    if (event or "").strip() != CALLBACK_EVENT:
        log.info("tripay callback event %r acknowledged without effect", (event or "")[:40])
        return CallbackAnswer(200)
    report = parse_report(raw_body)
    if report is None:
        log.warning("tripay callback with a signed but unreadable body acknowledged")
        return CallbackAnswer(200)
    await settle(runtime.db, report, source="callback", body=raw_body)
    return CallbackAnswer(200)


def parse_report(raw_body: bytes) -> Report | None:
    """Read the fields we act on from a callback body; None when they are missing."""
    try:
        data = json.loads(raw_body)
        return Report(
            reference=str(data["reference"]),
            merchant_ref=str(data["merchant_ref"]),
            status=str(data["status"]),
            total_amount=_amount(data.get("total_amount")),
            paid_at=_unix(data.get("paid_at")),
        )
    except (ValueError, KeyError, TypeError):
        return None


def _amount(value: object) -> int | None:
    """Read a whole-rupiah amount (a number or a digit string)."""
    if value is None or isinstance(value, bool):
        return None
    return int(str(value))


def _unix(value: object) -> dt.datetime | None:
    """Read Tripay's Unix timestamp (seconds) as an aware time."""
    if value in (None, "", 0) or isinstance(value, bool):
        return None
    return dt.datetime.fromtimestamp(int(str(value)), dt.UTC)
