"""Client-side flood control: global rate, pauses, per-chat and per-group spacing (virtual time)."""

from __future__ import annotations

import pytest

from orchestrator.alerts.limits import ChatPacer, FloodMonitor, GlobalBucket
from tests.unit.notify.clock import VirtualClock


async def test_global_bucket_spaces_concurrent_callers_at_the_rate() -> None:
    clock = VirtualClock()
    bucket = GlobalBucket(rate=50, clock=clock)
    stamps: list[float] = []

    async def take() -> None:
        await bucket.acquire()
        stamps.append(clock.now())

    await clock.run(*(take() for _ in range(11)))
    assert stamps == pytest.approx([i * 0.02 for i in range(11)])  # one per 20 ms


async def test_a_burst_goes_out_at_once_then_the_rate_applies() -> None:
    clock = VirtualClock()
    bucket = GlobalBucket(rate=10, burst=3, clock=clock)
    stamps: list[float] = []

    async def take() -> None:
        await bucket.acquire()
        stamps.append(clock.now())

    await clock.run(*(take() for _ in range(5)))
    assert stamps == pytest.approx([0.0, 0.0, 0.0, 0.1, 0.2])


async def test_a_global_pause_holds_every_waiter() -> None:
    clock = VirtualClock()
    bucket = GlobalBucket(rate=1000, clock=clock)
    bucket.pause(0.2)
    assert bucket.paused
    stamps: list[float] = []

    async def take() -> None:
        await bucket.acquire()
        stamps.append(clock.now())

    await clock.run(*(take() for _ in range(3)))
    assert min(stamps) == pytest.approx(0.2)
    assert not bucket.paused


async def test_a_pause_during_a_wait_requeues_the_waiter() -> None:
    clock = VirtualClock()
    bucket = GlobalBucket(rate=1, clock=clock)
    await clock.run(bucket.acquire())  # the next slot is a second away

    async def pause_soon() -> None:
        await clock.sleep(0.5)
        bucket.pause(3.0)

    async def take() -> float:
        await bucket.acquire()
        return clock.now()

    _, taken = await clock.run(pause_soon(), take())
    assert taken == pytest.approx(3.5)


async def test_pacer_spaces_one_chat_and_groups_more() -> None:
    clock = VirtualClock()
    pacer = ChatPacer(interval=0.1, group_per_minute=300, clock=clock)  # groups: one per 0.2 s
    assert pacer.interval(5) == 0.1 and pacer.interval(-100) == 0.2
    pacer.sent(5)
    pacer.sent(-100)
    await clock.run(pacer.wait(7))  # another chat is not held back
    assert clock.now() == 0.0
    await clock.run(pacer.wait(5))
    assert clock.now() == pytest.approx(0.1)
    await clock.run(pacer.wait(-100))
    assert clock.now() == pytest.approx(0.2)


async def test_pacer_honours_a_delivery_made_by_another_sender() -> None:
    clock = VirtualClock()
    pacer = ChatPacer(interval=0.2, group_per_minute=20, clock=clock)
    await clock.run(pacer.wait(9, since_last_sent=0.1))
    assert clock.now() == pytest.approx(0.1)


async def test_a_flood_wait_extends_the_chat_spacing() -> None:
    clock = VirtualClock()
    pacer = ChatPacer(interval=1.0, group_per_minute=20, clock=clock)
    pacer.sent(3, extra=4.0)
    await clock.run(pacer.wait(3))
    assert clock.now() == pytest.approx(5.0)


async def test_pacer_forgets_idle_chats() -> None:
    clock = VirtualClock()
    pacer = ChatPacer(interval=1.0, group_per_minute=20, clock=clock)
    pacer.sent(1)
    pacer.forget_idle()
    assert list(pacer._ready) == [1]
    await clock.run(clock.sleep(1.0))
    pacer.forget_idle()
    assert pacer._ready == {}


async def test_flood_on_several_chats_within_the_window_reads_as_global() -> None:
    clock = VirtualClock()
    monitor = FloodMonitor(window=1.0, chats=2, clock=clock)
    assert not monitor.is_global(1)
    assert not monitor.is_global(1)
    assert monitor.is_global(2)
    await clock.run(clock.sleep(1.5))
    assert not monitor.is_global(3)  # the earlier 429s left the window
