"""Client-side flood control: global rate, pauses, per-chat and per-group spacing."""

from __future__ import annotations

import asyncio
import itertools
import time

from orchestrator.alerts.limits import ChatPacer, FloodMonitor, GlobalBucket


async def test_global_bucket_spaces_concurrent_callers_at_the_rate() -> None:
    bucket = GlobalBucket(rate=50)
    stamps: list[float] = []

    async def take() -> None:
        await bucket.acquire()
        stamps.append(time.monotonic())

    start = time.monotonic()
    await asyncio.gather(*(take() for _ in range(11)))
    assert 0.19 <= stamps[-1] - start < 0.6  # 10 intervals of 20 ms after the first
    assert min(b - a for a, b in itertools.pairwise(stamps)) >= 0.015


async def test_a_global_pause_holds_every_waiter() -> None:
    bucket = GlobalBucket(rate=1000)
    bucket.pause(0.2)
    assert bucket.paused
    start = time.monotonic()
    await asyncio.gather(*(bucket.acquire() for _ in range(3)))
    assert time.monotonic() - start >= 0.19


async def test_pacer_spaces_one_chat_and_groups_more() -> None:
    pacer = ChatPacer(interval=0.1, group_per_minute=300)  # groups: one per 0.2 s
    assert pacer.interval(5) == 0.1 and pacer.interval(-100) == 0.2
    pacer.sent(5)
    pacer.sent(-100)
    start = time.monotonic()
    await pacer.wait(7)  # another chat is not held back
    assert time.monotonic() - start < 0.05
    await pacer.wait(5)
    assert 0.08 <= time.monotonic() - start < 0.18
    await pacer.wait(-100)
    assert 0.18 <= time.monotonic() - start < 0.4


async def test_pacer_honours_a_delivery_made_by_another_sender() -> None:
    pacer = ChatPacer(interval=0.2, group_per_minute=20)
    start = time.monotonic()
    await pacer.wait(9, since_last_sent=0.1)
    assert 0.08 <= time.monotonic() - start < 0.3


def test_pacer_forgets_idle_chats() -> None:
    pacer = ChatPacer(interval=0.0, group_per_minute=20)
    pacer.sent(1)
    pacer.forget_idle()
    assert pacer._ready == {}


def test_flood_on_several_chats_reads_as_global() -> None:
    monitor = FloodMonitor(window=1.0, chats=2)
    assert not monitor.is_global(1)
    assert not monitor.is_global(1)
    assert monitor.is_global(2)
