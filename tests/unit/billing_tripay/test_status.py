"""Invoice status changes: four allowed, replays and everything else recorded and ignored."""

from __future__ import annotations

import itertools

import pytest

from billing_tripay.status import ALLOWED, InvoiceStatus, decide

S = InvoiceStatus
APPLIED = {(S.UNPAID, S.PAID), (S.UNPAID, S.EXPIRED), (S.UNPAID, S.FAILED), (S.PAID, S.REFUND)}


@pytest.mark.parametrize(
    ("before", "reported"), list(itertools.product(InvoiceStatus, InvoiceStatus))
)
def test_every_pair_of_statuses(before: InvoiceStatus, reported: InvoiceStatus) -> None:
    transition = decide(before.value, reported.value)

    if (before, reported) in APPLIED:
        assert (transition.outcome, transition.after) == ("applied", reported)
    elif before is reported:
        assert (transition.outcome, transition.after) == ("replay", before)
    else:
        assert (transition.outcome, transition.after) == ("ignored", before)
    assert transition.applied is ((before, reported) in APPLIED)
    assert transition.before is before and transition.reported == reported.value


def test_the_module_allows_exactly_the_four_changes() -> None:
    assert ALLOWED == APPLIED


def test_only_payment_activates_and_only_refund_revokes() -> None:
    assert decide("UNPAID", "PAID").activates and not decide("UNPAID", "PAID").revokes
    assert decide("PAID", "REFUND").revokes and not decide("PAID", "REFUND").activates
    assert not decide("PAID", "PAID").activates  # a replayed callback pays nothing twice
    assert not decide("REFUND", "PAID").activates  # late PAID after a refund: ignored
    assert not decide("EXPIRED", "PAID").activates


@pytest.mark.parametrize("reported", ["SETTLED", "paid", "", " PAID"])
def test_an_unknown_reported_status_is_ignored_and_kept_for_the_record(reported: str) -> None:
    transition = decide("UNPAID", reported)

    assert transition.outcome == "ignored"
    assert transition.after is S.UNPAID and transition.reported == reported


def test_our_own_status_must_be_a_known_one() -> None:
    with pytest.raises(ValueError, match="BOGUS"):
        decide("BOGUS", "PAID")
