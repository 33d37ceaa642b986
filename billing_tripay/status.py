"""Which invoice status changes a callback or a status poll may make.

Tripay retries callbacks, and a poll can race a callback, so the same news can arrive
several times and in any order. Only four changes are allowed; anything else is returned
as an outcome to record and ignore, never raised, so the caller still answers Tripay.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final, Literal


class InvoiceStatus(StrEnum):
    """An invoice's status, spelled as Tripay and the `invoices.status` column spell it."""

    UNPAID = "UNPAID"
    PAID = "PAID"
    FAILED = "FAILED"
    EXPIRED = "EXPIRED"
    REFUND = "REFUND"


ALLOWED: Final[frozenset[tuple[InvoiceStatus, InvoiceStatus]]] = frozenset(
    {
        (InvoiceStatus.UNPAID, InvoiceStatus.PAID),
        (InvoiceStatus.UNPAID, InvoiceStatus.EXPIRED),
        (InvoiceStatus.UNPAID, InvoiceStatus.FAILED),
        (InvoiceStatus.PAID, InvoiceStatus.REFUND),
    }
)

# applied: store `after`; replay: the status is already what was reported; ignored: an
# illegal change or a status we do not know, to be recorded and left alone.
Outcome = Literal["applied", "replay", "ignored"]


@dataclass(frozen=True)
class Transition:
    """The decision on one reported status: what to store and why."""

    before: InvoiceStatus
    reported: str  # as received, so an unknown status can still be recorded
    outcome: Outcome

    @property
    def applied(self) -> bool:
        """Tell whether the invoice changes status."""
        return self.outcome == "applied"

    @property
    def after(self) -> InvoiceStatus:
        """Return the status to store: the reported one when applied, else the old one."""
        return InvoiceStatus(self.reported) if self.applied else self.before

    @property
    def activates(self) -> bool:
        """Tell whether this change pays an invoice (and so grants its plan time)."""
        return self.applied and self.after is InvoiceStatus.PAID

    @property
    def revokes(self) -> bool:
        """Tell whether this change refunds a paid invoice (and so takes its time back)."""
        return self.applied and self.after is InvoiceStatus.REFUND


def decide(current: str, reported: str) -> Transition:
    """Decide what a reported status does to an invoice whose status is `current`.

    `current` comes from our own table and must be a known status; `reported` comes from
    Tripay and may be anything.
    """
    before = InvoiceStatus(current)
    try:
        after = InvoiceStatus(reported)
    except ValueError:
        return Transition(before, reported, "ignored")
    if after is before:
        return Transition(before, reported, "replay")
    outcome: Outcome = "applied" if (before, after) in ALLOWED else "ignored"
    return Transition(before, reported, outcome)
