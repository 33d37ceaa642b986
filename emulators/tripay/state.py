"""What the Tripay emulator holds: the merchant's transactions, in memory."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from emulators.tripay.channels import JSON, Channel, Fees

UNPAID: Final = "UNPAID"
PAID: Final = "PAID"
EXPIRED: Final = "EXPIRED"
FAILED: Final = "FAILED"
REFUND: Final = "REFUND"
SETTLED = frozenset({PAID, EXPIRED, FAILED, REFUND})  # what a callback may report


class TripayError(Exception):
    """A refusal answered as Tripay does: `{"success": false, "message": ...}`."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status

    def body(self) -> JSON:
        """Return the JSON body of the refusal."""
        return {"success": False, "message": self.message}


@dataclass
class Transaction:
    """One closed-payment transaction, as created and as settled since."""

    reference: str
    merchant_ref: str
    channel: Channel
    customer_name: str
    customer_email: str
    customer_phone: str | None
    callback_url: str | None
    return_url: str | None
    amount: int  # the order's amount, as signed; the customer pays it plus fee_customer
    fees: Fees
    order_items: list[JSON]
    expired_time: int
    created_at: int
    pay_code: str | None
    qr_string: str | None
    instructions: list[JSON]
    root: str  # the emulator's address the transaction was made through
    status: str = UNPAID
    paid_at: int | None = None

    @property
    def total_amount(self) -> int:
        """Return what the customer pays: the amount plus the customer's fee."""
        return self.amount + self.fees.customer

    @property
    def amount_received(self) -> int:
        """Return what the merchant is credited: the amount less the merchant's fee."""
        return self.amount - self.fees.merchant

    @property
    def checkout_url(self) -> str:
        """Return the emulator's checkout page for this transaction."""
        return f"{self.root}/checkout/{self.reference}"

    def status_at(self, now: float) -> str:
        """Return the status as of `now`: an UNPAID transaction past its expiry is EXPIRED."""
        if self.status == UNPAID and now >= self.expired_time:
            return EXPIRED
        return self.status

    def to_api(self, now: float) -> JSON:
        """Describe the transaction as `transaction/create` and `transaction/detail` do."""
        redirect = self.channel.type == "redirect"
        return {
            "reference": self.reference,
            "merchant_ref": self.merchant_ref,
            "payment_selection_type": "static",
            "payment_method": self.channel.code,
            "payment_name": self.channel.name,
            "customer_name": self.customer_name,
            "customer_email": self.customer_email,
            "customer_phone": self.customer_phone,
            "callback_url": self.callback_url,
            "return_url": self.return_url,
            "amount": self.total_amount,
            "fee_merchant": self.fees.merchant,
            "fee_customer": self.fees.customer,
            "total_fee": self.fees.total,
            "amount_received": self.amount_received,
            "pay_code": self.pay_code,
            "pay_url": self.checkout_url if redirect else None,
            "checkout_url": self.checkout_url,
            "status": self.status_at(now),
            "paid_at": self.paid_at,
            "expired_time": self.expired_time,
            "order_items": self.order_items,
            "instructions": self.instructions,
            "qr_string": self.qr_string,
            "qr_url": f"{self.root}/qr/{self.reference}" if self.qr_string else None,
        }


class TripayState:
    """Every transaction of the emulated merchant, by reference and by merchant ref."""

    def __init__(self, merchant_code: str, clock: Callable[[], float]) -> None:
        self.merchant_code = merchant_code
        self.clock = clock
        self.transactions: dict[str, Transaction] = {}
        self.merchant_refs: set[str] = set()
        self._serial = 0

    def now(self) -> int:
        """Return the clock's time in whole Unix seconds."""
        return int(self.clock())

    def new_reference(self) -> str:
        """Return a fresh sandbox-style reference, e.g. DEV-T000010000183920.

        A serial keeps it unique here; the random tail keeps it apart from references an
        earlier run of the emulator handed out, which the app may still have stored.
        """
        self._serial += 1
        return f"DEV-{self.merchant_code}{self._serial:05d}{secrets.randbelow(100_000):05d}"

    def add(self, transaction: Transaction) -> None:
        """Store a new transaction."""
        self.transactions[transaction.reference] = transaction
        self.merchant_refs.add(transaction.merchant_ref)

    def get(self, reference: str) -> Transaction:
        """Return a transaction or raise Tripay's not-found refusal."""
        found = self.transactions.get(reference)
        if found is None:
            raise TripayError("Transaction not found", 404)
        return found

    def settle(self, reference: str, status: str) -> Transaction:
        """Set a transaction's status (PAID stamps paid_at once), whatever it was before."""
        if status not in SETTLED:
            raise TripayError(f"status must be one of {sorted(SETTLED)}")
        transaction = self.get(reference)
        transaction.status = status
        if status == PAID and transaction.paid_at is None:
            transaction.paid_at = self.now()
        return transaction
