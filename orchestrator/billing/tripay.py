"""Our own small async client for Tripay's payment API (closed payments).

Tripay answers every call with an envelope `{"success": bool, "message": str, "data": ...}`.
`success: false` (with a 4xx, or rarely a 200) is Tripay refusing the request and raises
`TripayRejected`; anything else that goes wrong (no connection, a timeout, a 5xx, an answer
that is not that envelope or lacks what we need) is our side failing: `TripayUnavailable`.

Secrets: the API key travels only in the `Authorization` header and the signature only in
the POST body, so neither is ever logged: log lines carry the method, path, HTTP status and
time taken, and error messages name fields, never values.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from types import TracebackType
from typing import Any, Final, Self
from urllib.parse import urlencode

import aiohttp
from pydantic import SecretStr

from billing_tripay.channels import ChannelFormatError, PaymentChannel, parse_channels
from billing_tripay.signatures import transaction_signature
from orchestrator.core.errors import NoFomoError
from orchestrator.core.settings import Settings

log = logging.getLogger(__name__)

_TIMEOUT: Final = aiohttp.ClientTimeout(total=15, connect=5)
_GET_RETRIES: Final = 1  # idempotent reads only; a create is never repeated behind the caller
_RETRY_PAUSE_S: Final = 0.2
_MAX_MESSAGE: Final = 200  # Tripay's messages are one line; cap what we carry into logs
_STATUSES: Final = ("UNPAID", "PAID", "EXPIRED", "FAILED", "REFUND")
_STATUS_WORD: Final = re.compile(r"\b(" + "|".join(_STATUSES) + r")\b")


@dataclass(frozen=True)
class TripayConfig:
    """Where Tripay is and the merchant's credentials (secrets stay `SecretStr`)."""

    base_url: str
    api_key: SecretStr
    private_key: SecretStr
    merchant_code: str

    @classmethod
    def from_settings(cls, settings: Settings) -> TripayConfig | None:
        """Read the config from settings; None when a credential is not set."""
        api_key, private_key = settings.tripay_api_key, settings.tripay_private_key
        merchant_code = settings.tripay_merchant_code.strip()
        if api_key is None or private_key is None or not merchant_code:
            return None
        return cls(settings.tripay_base_url, api_key, private_key, merchant_code)


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


class TripayClient:
    """Call Tripay's merchant API over one aiohttp session (ours, unless one is given)."""

    def __init__(
        self, config: TripayConfig, *, session: aiohttp.ClientSession | None = None
    ) -> None:
        self._config = config
        self._session = session
        self._owns_session = session is None
        self._closed = False

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the session if this client opened it; a given session stays open."""
        self._closed = True
        if self._owns_session and self._session is not None:
            await self._session.close()
        self._session = None

    async def channels(self) -> tuple[PaymentChannel, ...]:
        """Return the merchant's payment channels, active or not, in Tripay's order."""
        body = await self._get("merchant/payment-channel")
        data = body.get("data")
        if not isinstance(data, list):
            raise TripayUnavailable("Tripay's channel list is not a list")
        try:
            return parse_channels(data)
        except ChannelFormatError as exc:
            raise TripayUnavailable(f"Tripay's channel list is malformed: {exc}") from None

    async def create_transaction(self, tx: NewTransaction) -> Transaction:
        """Create a closed-payment transaction; sent once, never retried here."""
        config = self._config
        signature = transaction_signature(
            config.private_key.get_secret_value(), config.merchant_code, tx.merchant_ref, tx.amount
        )
        form = urlencode(transaction_form(tx, signature)).encode()
        body = await self._request("POST", "transaction/create", form=form, retries=0)
        return parse_transaction(body.get("data"))

    async def transaction_detail(self, reference: str) -> Transaction:
        """Return Tripay's current view of the transaction `reference`."""
        body = await self._get("transaction/detail", reference=reference)
        return parse_transaction(body.get("data"))

    async def check_status(self, reference: str) -> str:
        """Return the status word of the transaction `reference` (e.g. "PAID")."""
        body = await self._get("transaction/check-status", reference=reference)
        return parse_status_message(body.get("message"))

    async def _get(self, path: str, **params: str) -> Mapping[str, Any]:
        return await self._request("GET", path, params=params, retries=_GET_RETRIES)

    async def _request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str] | None = None,
        form: bytes | None = None,
        retries: int,
    ) -> Mapping[str, Any]:
        """Send one call, again on a connection error while `retries` last; read the answer."""
        try:
            status, raw = await self._send(method, path, params, form)
        except aiohttp.ClientConnectionError as exc:
            if retries <= 0:
                reason = type(exc).__name__
                raise TripayUnavailable(f"Tripay {method} {path} failed: {reason}") from None
            await asyncio.sleep(_RETRY_PAUSE_S)
            return await self._request(method, path, params=params, form=form, retries=retries - 1)
        return read_envelope(status, _decode(raw))

    async def _send(
        self, method: str, path: str, params: Mapping[str, str] | None, form: bytes | None
    ) -> tuple[int, bytes]:
        """Send one HTTP request and return its status and raw body; log no secrets."""
        headers = {
            "Authorization": f"Bearer {self._config.api_key.get_secret_value()}",
            "Accept": "application/json",
        }
        if form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        url = join_url(self._config.base_url, path)
        started = time.monotonic()
        try:
            async with self._ready_session().request(
                method, url, params=params, data=form, headers=headers, timeout=_TIMEOUT
            ) as resp:
                status, raw = resp.status, await resp.read()
        except aiohttp.ClientConnectionError as exc:
            _log_call(method, path, type(exc).__name__, started)
            raise
        except (TimeoutError, aiohttp.ClientError) as exc:
            _log_call(method, path, type(exc).__name__, started)
            raise TripayUnavailable(
                f"Tripay {method} {path} failed: {type(exc).__name__}"
            ) from None
        _log_call(method, path, f"HTTP {status}", started)
        return status, raw

    def _ready_session(self) -> aiohttp.ClientSession:
        if self._closed:
            raise RuntimeError("the Tripay client is closed")
        if self._session is None:
            # Made here, inside a running loop, rather than in __init__.
            self._session = aiohttp.ClientSession(timeout=_TIMEOUT)
        return self._session


def _decode(raw: bytes) -> object:
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None


def _log_call(method: str, path: str, outcome: str, started: float) -> None:
    elapsed_ms = (time.monotonic() - started) * 1000
    log.info("tripay %s %s: %s in %.0f ms", method, path, outcome, elapsed_ms)
