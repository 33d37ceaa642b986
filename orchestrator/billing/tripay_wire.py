"""Tripay's wire format: the request we send, the answers we read, and how we read them.

Parsing is tolerant where Tripay is (numbers as strings, missing QR fields or instructions,
`paid_at` null or Unix seconds) and strict where it matters: a transaction without its
reference, merchant ref, amount, status or expiry is an answer we cannot use.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from orchestrator.core.errors import NoFomoError

_MAX_MESSAGE: Final = 200  # Tripay's messages are one line; cap what we carry into logs
_STATUSES: Final = ("UNPAID", "PAID", "EXPIRED", "FAILED", "REFUND")
_STATUS_WORD: Final = re.compile(r"\b(" + "|".join(_STATUSES) + r")\b")


class TripayUnavailable(NoFomoError):
    """Tripay could not be reached or answered nonsense: our side failed, not the user."""


class TripayRejected(NoFomoError):
    """Tripay answered `success: false`; `message` is Tripay's reason (safe to log)."""

    def __init__(self, message: str, http_status: int = 0) -> None:
        super().__init__(f"Tripay refused the request: {message}")
        self.message = message
        self.http_status = http_status


@dataclass(frozen=True)
class OrderItem:
    """One line of the order, as Tripay shows it on the checkout page."""

    name: str
    price: int
    quantity: int = 1
    sku: str = ""


@dataclass(frozen=True)
class NewTransaction:
    """What we ask Tripay to bill: a closed payment of `amount` whole rupiah."""

    method: str
    merchant_ref: str
    amount: int
    customer_name: str
    customer_email: str
    order_items: tuple[OrderItem, ...]
    callback_url: str
    return_url: str
    expired_time: datetime  # aware
    customer_phone: str = ""


@dataclass(frozen=True)
class Instruction:
    """How to pay through one route (an app, an ATM, internet banking)."""

    title: str
    steps: tuple[str, ...]


@dataclass(frozen=True)
class Transaction:
    """A transaction as Tripay reports it after `transaction/create` or `detail`."""

    reference: str
    merchant_ref: str
    payment_method: str
    payment_name: str
    amount: int  # what the customer pays (with fee_customer)
    fee_customer: int
    fee_merchant: int
    total_fee: int
    amount_received: int
    status: str  # as Tripay spells it (UNPAID/PAID/EXPIRED/FAILED/REFUND)
    checkout_url: str
    pay_code: str | None
    qr_string: str | None
    qr_url: str | None
    expired_time: datetime  # aware UTC
    paid_at: datetime | None
    instructions: tuple[Instruction, ...]


def join_url(base_url: str, path: str) -> str:
    """Join Tripay's base URL and an endpoint path, with or without a trailing slash."""
    return f"{base_url.rstrip('/')}/{path.lstrip('/')}"


def transaction_form(tx: NewTransaction, signature: str) -> list[tuple[str, str]]:
    """Return the form fields of `transaction/create`, in the shape of Tripay's examples."""
    if tx.expired_time.utcoffset() is None:
        raise ValueError("expired_time must be timezone-aware")
    fields = [("method", tx.method), ("merchant_ref", tx.merchant_ref)]
    fields += [("amount", str(tx.amount)), ("customer_name", tx.customer_name)]
    fields.append(("customer_email", tx.customer_email))
    if tx.customer_phone:
        fields.append(("customer_phone", tx.customer_phone))
    for index, item in enumerate(tx.order_items):
        prefix = f"order_items[{index}]"
        if item.sku:
            fields.append((f"{prefix}[sku]", item.sku))
        fields += [(f"{prefix}[name]", item.name), (f"{prefix}[price]", str(item.price))]
        fields.append((f"{prefix}[quantity]", str(item.quantity)))
    fields += [("callback_url", tx.callback_url), ("return_url", tx.return_url)]
    fields.append(("expired_time", str(int(tx.expired_time.timestamp()))))
    fields.append(("signature", signature))
    return fields


def read_envelope(http_status: int, body: object) -> Mapping[str, Any]:
    """Return a successful answer's envelope; raise what a failed one means."""
    if http_status >= 500:
        raise TripayUnavailable(f"Tripay answered HTTP {http_status}")
    if not isinstance(body, Mapping):
        raise TripayUnavailable(f"Tripay's answer (HTTP {http_status}) is not a JSON object")
    success = body.get("success")
    if success is False:
        raise TripayRejected(_message(body), http_status)
    if success is not True or http_status >= 400:
        raise TripayUnavailable(f"Tripay's answer (HTTP {http_status}) has no success flag")
    return body


def parse_status_message(message: object) -> str:
    """Return the status word in a `check-status` message ("... saat ini PAID")."""
    found: set[str] = set(_STATUS_WORD.findall(message)) if isinstance(message, str) else set()
    if len(found) != 1:
        raise TripayUnavailable("Tripay's check-status message names no single status")
    return found.pop()


def parse_transaction(data: object) -> Transaction:
    """Read the `data` object of `transaction/create` or `transaction/detail`."""
    if not isinstance(data, Mapping):
        raise TripayUnavailable("Tripay's transaction is not a JSON object")
    amount = _required_whole(data, "amount")
    fee_customer, fee_merchant = (
        _whole_or(data, "fee_customer", 0),
        _whole_or(data, "fee_merchant", 0),
    )
    total_fee = _whole_or(data, "total_fee", fee_customer + fee_merchant)
    return Transaction(
        reference=_required_text(data, "reference"),
        merchant_ref=_required_text(data, "merchant_ref"),
        payment_method=_text_or_none(data, "payment_method") or "",
        payment_name=_text_or_none(data, "payment_name") or "",
        amount=amount,
        fee_customer=fee_customer,
        fee_merchant=fee_merchant,
        total_fee=total_fee,
        amount_received=_whole_or(data, "amount_received", amount - total_fee),
        status=_required_text(data, "status"),
        checkout_url=_text_or_none(data, "checkout_url") or "",
        pay_code=_text_or_none(data, "pay_code"),
        qr_string=_text_or_none(data, "qr_string"),
        qr_url=_text_or_none(data, "qr_url"),
        expired_time=_required_time(data, "expired_time"),
        paid_at=_optional_time(data.get("paid_at")),
        instructions=_instructions(data.get("instructions")),
    )


def _message(body: Mapping[str, Any]) -> str:
    message = body.get("message")
    text = message.strip() if isinstance(message, str) else ""
    return text[:_MAX_MESSAGE] or "no reason given"


def _required_text(data: Mapping[str, Any], field: str) -> str:
    value = _text_or_none(data, field)
    if value is None:
        raise TripayUnavailable(f"Tripay's transaction has no {field!r}")
    return value


def _text_or_none(data: Mapping[str, Any], field: str) -> str | None:
    """Return a text field, or None when absent or empty; numbers (a pay code) become text."""
    value = data.get(field)
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    text = str(value).strip()
    return text or None


def _number(value: object) -> Decimal | None:
    """Read a number Tripay may send as JSON number or decimal string; None if it is not one."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _whole(value: object) -> int | None:
    number = _number(value)
    if number is None or number != number.to_integral_value():
        return None
    return int(number)


def _required_whole(data: Mapping[str, Any], field: str) -> int:
    value = _whole(data.get(field))
    if value is None:
        raise TripayUnavailable(f"Tripay's transaction has no whole {field!r}")
    return value


def _whole_or(data: Mapping[str, Any], field: str, default: int) -> int:
    value = _whole(data.get(field))
    return default if value is None else value


def _optional_time(value: object) -> datetime | None:
    """Read a unix time; None for null, 0 or anything that is not one."""
    seconds = _whole(value)
    if not seconds or seconds < 0:
        return None
    return datetime.fromtimestamp(seconds, UTC)


def _required_time(data: Mapping[str, Any], field: str) -> datetime:
    moment = _optional_time(data.get(field))
    if moment is None:
        raise TripayUnavailable(f"Tripay's transaction has no unix time {field!r}")
    return moment


def _instructions(value: object) -> tuple[Instruction, ...]:
    """Read the payment instructions, skipping any item not shaped as documented."""
    if not isinstance(value, Sequence) or isinstance(value, str):
        return ()
    parsed = []
    for item in value:
        if not isinstance(item, Mapping) or not isinstance(item.get("steps"), list):
            continue
        steps = tuple(step for step in item["steps"] if isinstance(step, str) and step)
        title = item.get("title")
        parsed.append(Instruction(title if isinstance(title, str) else "", steps))
    return tuple(parsed)
