"""The sender's deliveries in virtual time: near the limit-bound minimum, never over a limit.

Real deliveries run against a recording transport and an outbox that accepts every
outcome, the way the sender drives them: every chat's alerts one after another, all
chats at once. The clock is virtual, so the bounds are exact rather than wall-time.
"""

from __future__ import annotations

import bisect
import contextlib
import itertools
import uuid
from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any, cast

import pytest

from orchestrator.alerts import AlertSender, Button, RenderedAlert, TransientSendError
from orchestrator.alerts.delivery import Delivery
from orchestrator.alerts.outbox import Claim
from orchestrator.db.pool import Database
from tests.unit.notify.clock import VirtualClock

CHATS = 100
PER_CHAT = 10
LATENCY = 0.05  # Telegram's answer, in virtual seconds


class Outbox:
    """Stand in for the database: accept every outcome write and keep it."""

    def __init__(self) -> None:
        self.writes: list[tuple[str, tuple[Any, ...]]] = []

    async def execute(self, query: str, *args: Any) -> str:
        """Record an update as done to exactly one row."""
        self.writes.append((query, args))
        return "UPDATE 1"

    def retries(self) -> list[tuple[int, str]]:
        """Return (attempts, error) of every alert put back to pending."""
        return [(args[2], args[3]) for query, args in self.writes if "next_attempt_at" in query]

    @contextlib.asynccontextmanager
    async def as_service(self) -> AsyncIterator[Outbox]:
        """Hand out this outbox as the connection."""
        yield self


class Telegram:
    """Record each send's virtual time; fail the first `failures` sends of chat 0."""

    def __init__(self, clock: VirtualClock, failures: int = 0) -> None:
        self.clock = clock
        self.failures = failures
        self.sent: dict[int, list[tuple[float, str]]] = {}

    async def send(
        self,
        chat_id: int,
        text: str,
        *,
        buttons: Sequence[Sequence[Button]] = (),
        photo: bytes | None = None,
        caption: str | None = None,
    ) -> int:
        """Answer after LATENCY with a message id."""
        started = self.clock.now()
        await self.clock.sleep(LATENCY)
        if chat_id == 0 and self.failures > 0:
            self.failures -= 1
            raise TransientSendError("502 Bad Gateway")
        self.sent.setdefault(chat_id, []).append((started, text))
        return len(self.sent[chat_id])


def outbox_of(sender: AlertSender) -> Outbox:
    """Return the fake outbox a sender writes to."""
    return cast(Outbox, sender.context.db)


def note(kind: str, payload: Mapping[str, Any], language: str, chat_id: int) -> RenderedAlert:
    """Render an alert as its kind and sequence number."""
    return RenderedAlert(f"{kind} {payload['seq']}")


def make_sender(clock: VirtualClock, telegram: Telegram, **options: Any) -> AlertSender:
    """Build a sender over the fake outbox and transport, on the virtual clock."""
    return AlertSender(cast(Database, Outbox()), telegram, note, clock=clock, **options)


async def deliver_chat(sender: AlertSender, chat_id: int, clock: VirtualClock) -> None:
    """Deliver one chat's alerts in order, each claimed once the one before has finished."""
    ids = itertools.count(chat_id * PER_CHAT)
    for seq in range(PER_CHAT):
        claim = Claim(
            next(ids), uuid.UUID(int=chat_id), chat_id, "note", {"seq": seq}, 0, "en", None,
            claimed_mono=clock.now(),
        )  # fmt: skip
        await Delivery(sender.context, claim).run()


def most_in_any_second(stamps: list[float]) -> int:
    """Return the largest number of sends started within one second."""
    ordered = sorted(stamps)
    return max(bisect.bisect_left(ordered, t + 1.0 - 1e-9) - i for i, t in enumerate(ordered))


async def test_thousand_alerts_to_hundred_chats_go_out_at_the_limit_bound_minimum() -> None:
    clock = VirtualClock()
    telegram = Telegram(clock)
    sender = make_sender(clock, telegram)
    await clock.run(*(deliver_chat(sender, chat, clock) for chat in range(CHATS)))

    minimum = max(CHATS * PER_CHAT / 30, PER_CHAT * 1.0)  # 30 a second, one a second per chat
    assert minimum * 0.95 <= clock.now() <= minimum * 1.1
    assert sender.stats.sent == CHATS * PER_CHAT and sender.stats.dead == 0
    for chat in range(CHATS):
        sends = telegram.sent[chat]
        assert [text for _, text in sends] == [f"note {seq}" for seq in range(PER_CHAT)]
        assert min(b - a for (a, _), (b, _) in itertools.pairwise(sends)) >= 1.0
    stamps = [t for sends in telegram.sent.values() for t, _ in sends]
    assert most_in_any_second(stamps) <= 30 + 10  # the rate plus the burst


async def test_a_failed_send_goes_back_to_the_outbox_with_one_attempt_spent() -> None:
    clock = VirtualClock()
    telegram = Telegram(clock, failures=2)
    sender = make_sender(clock, telegram, outage_after=99)
    await clock.run(deliver_chat(sender, 0, clock), deliver_chat(sender, 1, clock))
    assert sender.stats.retried == 2 and sender.stats.sent == 2 * PER_CHAT - 2
    assert outbox_of(sender).retries() == [(1, "502 Bad Gateway")] * 2
    assert [text for _, text in telegram.sent[0]] == [f"note {seq}" for seq in range(2, PER_CHAT)]


@pytest.mark.parametrize("failures", [4, 5])
async def test_an_outage_pauses_every_send_and_spends_no_attempt(failures: int) -> None:
    clock = VirtualClock()
    telegram = Telegram(clock, failures=failures)
    sender = make_sender(clock, telegram, outage_after=5, backoff_base=10.0)
    await clock.run(deliver_chat(sender, 0, clock))
    retries = outbox_of(sender).retries()
    assert retries[:4] == [(1, "502 Bad Gateway")] * 4
    first_sent_at = telegram.sent[0][0][0]
    if failures < 5:  # four failures: still one chat's trouble, spaced a second apart
        assert first_sent_at == pytest.approx(4 * (1 + LATENCY))
    else:  # the fifth in a row: Telegram is down, so everything waits 5-10 s
        assert retries[4] == (0, "outage: 502 Bad Gateway")
        # The fifth send starts 4 (1 + LATENCY) in and fails LATENCY later; the pause is a
        # jittered 5-10 s from then.
        fifth_failed_at = 4 * (1 + LATENCY) + LATENCY
        assert fifth_failed_at + 5 <= first_sent_at <= fifth_failed_at + 10 + 1 + LATENCY
