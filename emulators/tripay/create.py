"""`transaction/create`: read the request (form-encoded or JSON), check it as Tripay does, store it.

The form layout is the one Tripay's examples send (`http_build_query`): `order_items[0][name]`,
`order_items[0][price]`, ... The checks follow the documented contract; the exact wording of
each refusal is the emulator's (Laravel-style for missing fields, as Tripay's API answers).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from emulators.tripay import paycodes
from emulators.tripay.channels import BY_CODE, JSON, Channel
from emulators.tripay.instructions import instructions
from emulators.tripay.signing import signature_matches, transaction_signature
from emulators.tripay.state import Transaction, TripayError, TripayState

DEFAULT_EXPIRY_S = 24 * 60 * 60  # Tripay's default when `expired_time` is not given
MAX_MERCHANT_REF = 50
_ITEM_KEY = re.compile(r"order_items\[(\d+)\]\[(\w+)\]")
_REQUIRED = ("method", "merchant_ref", "amount", "customer_name", "customer_email", "signature")


@dataclass(frozen=True)
class Order:
    """A create request's fields, read and typed."""

    method: str
    merchant_ref: str
    amount: int
    customer_name: str
    customer_email: str
    customer_phone: str | None
    order_items: list[JSON]
    callback_url: str | None
    return_url: str | None
    expired_time: int | None
    signature: str


async def read_fields(request: web.Request) -> JSON:
    """Return the request's fields from a JSON body or a (url-encoded or multipart) form."""
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise TripayError("Invalid JSON body") from None
        if not isinstance(body, dict):
            raise TripayError("Invalid JSON body")
        return body
    form = await request.post()
    fields: JSON = {}
    items: dict[int, JSON] = {}
    for key, value in form.items():
        if not isinstance(value, str):
            continue  # an uploaded file: nothing Tripay reads
        match = _ITEM_KEY.fullmatch(key)
        if match is None:
            fields[key] = value
        else:
            items.setdefault(int(match[1]), {})[match[2]] = value
    if items:
        fields["order_items"] = [items[index] for index in sorted(items)]
    return fields


def _required(name: str) -> TripayError:
    return TripayError(f"The {name.replace('_', ' ')} field is required.")


def _text(fields: Mapping[str, Any], name: str, *, required: bool = True) -> str | None:
    value = fields.get(name)
    if value is None or value == "":
        if required:
            raise _required(name)
        return None
    if not isinstance(value, str):
        raise TripayError(f"The {name.replace('_', ' ')} must be a string.")
    return value


def _whole(value: Any, name: str) -> int:
    """Read an integer given as a JSON number or as decimal digits (a form field)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value)
    raise TripayError(f"The {name.replace('_', ' ')} must be an integer.")


def _items(value: Any) -> list[JSON]:
    """Read `order_items`: each needs a name, a price and a quantity of at least one."""
    if not isinstance(value, list) or not value:
        raise _required("order_items")
    read: list[JSON] = []
    for index, item in enumerate(value):
        where = f"order_items.{index}"
        if not isinstance(item, Mapping):
            raise TripayError(f"The {where} must be an array.")
        name = _text(item, "name")
        price = _whole(item.get("price"), f"{where}.price")
        quantity = _whole(item.get("quantity"), f"{where}.quantity")
        if price < 0 or quantity < 1:
            raise TripayError(f"The {where} price or quantity is invalid.")
        read.append(
            {
                "sku": item.get("sku"),
                "name": name,
                "price": price,
                "quantity": quantity,
                "subtotal": price * quantity,
                "product_url": item.get("product_url"),
                "image_url": item.get("image_url"),
            }
        )
    return read


def parse_order(fields: Mapping[str, Any]) -> Order:
    """Read and type the fields of a create request, refusing missing or malformed ones."""
    texts = {name: _text(fields, name) or "" for name in _REQUIRED if name != "amount"}
    if fields.get("amount") in (None, ""):
        raise _required("amount")
    email = texts["customer_email"]
    if "@" not in email.strip("@"):
        raise TripayError("The customer email must be a valid email address.")
    if len(texts["merchant_ref"]) > MAX_MERCHANT_REF:
        raise TripayError("The merchant ref may not be greater than 50 characters.")
    expiry = fields.get("expired_time")
    return Order(
        method=texts["method"],
        merchant_ref=texts["merchant_ref"],
        amount=_whole(fields["amount"], "amount"),
        customer_name=texts["customer_name"],
        customer_email=email,
        customer_phone=_text(fields, "customer_phone", required=False),
        order_items=_items(fields.get("order_items")),
        callback_url=_text(fields, "callback_url", required=False),
        return_url=_text(fields, "return_url", required=False),
        expired_time=None if expiry in (None, "") else _whole(expiry, "expired_time"),
        signature=texts["signature"],
    )


def _checked_channel(order: Order) -> Channel:
    """Return the order's channel once it is known, enabled, and takes the amount."""
    channel = BY_CODE.get(order.method)
    if channel is None:
        raise TripayError("Invalid payment method")
    if not channel.active:
        raise TripayError("Payment channel is not enabled")
    if order.amount < channel.minimum_amount:
        raise TripayError(f"Minimum amount for {channel.code} is {channel.minimum_amount}")
    if order.amount > channel.maximum_amount:
        raise TripayError(f"Maximum amount for {channel.code} is {channel.maximum_amount}")
    return channel


def check_order(order: Order, state: TripayState, private_key: str) -> Channel:
    """Refuse what Tripay refuses: a bad signature, channel, amount, total or duplicate."""
    expected = transaction_signature(
        private_key, state.merchant_code, order.merchant_ref, order.amount
    )
    if not signature_matches(expected, order.signature):
        raise TripayError("Invalid signature")
    channel = _checked_channel(order)
    items_total = sum(item["subtotal"] for item in order.order_items)
    if items_total != order.amount:
        raise TripayError(
            f"Total price of order items ({items_total}) does not match amount ({order.amount})"
        )
    # The emulator's choice: a merchant_ref is used once. Tripay's docs do not promise it,
    # but the app relies on merchant_ref as its idempotency key, so a reuse is a bug to see.
    if order.merchant_ref in state.merchant_refs:
        raise TripayError("Duplicate merchant_ref")
    if order.expired_time is not None and order.expired_time <= state.now():
        raise TripayError("The expired time must be a time in the future.")
    return channel


def create_transaction(
    fields: Mapping[str, Any], state: TripayState, private_key: str, root: str
) -> Transaction:
    """Check a create request and store the UNPAID transaction it makes."""
    order = parse_order(fields)
    channel = check_order(order, state, private_key)
    reference, now, fees = state.new_reference(), state.now(), channel.fees(order.amount)
    code = paycodes.pay_code(channel)
    total = order.amount + fees.customer
    made = Transaction(
        reference=reference,
        merchant_ref=order.merchant_ref,
        channel=channel,
        customer_name=order.customer_name,
        customer_email=order.customer_email,
        customer_phone=order.customer_phone,
        callback_url=order.callback_url,
        return_url=order.return_url,
        amount=order.amount,
        fees=fees,
        order_items=order.order_items,
        expired_time=order.expired_time or now + DEFAULT_EXPIRY_S,
        created_at=now,
        pay_code=code,
        qr_string=paycodes.qris_payload(reference, total) if channel.kind == "qris" else None,
        instructions=instructions(channel, code, total),
        root=root,
    )
    state.add(made)
    return made
