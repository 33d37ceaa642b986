"""Fixtures and helpers shared by the Tripay emulator tests."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from billing_tripay.signatures import callback_is_authentic, transaction_signature
from emulators.tripay import TripayEmulator

INTERVAL = 0.05  # seconds between callback tries (Tripay: 120)
START = 1_800_000_000
JSON = dict[str, Any]


class Clock:
    """A settable Unix clock for expiry and paid_at."""

    def __init__(self) -> None:
        self.now = float(START)

    def __call__(self) -> float:
        return self.now


@dataclass(frozen=True)
class Received:
    """One callback as the merchant got it: headers and the exact body bytes."""

    headers: dict[str, str]
    body: bytes

    def fields(self) -> JSON:
        decoded: JSON = json.loads(self.body)
        return decoded


class Receiver:
    """A merchant's callback endpoint: answers from a script, then `{"success": true}`.

    Given the private key it also checks signatures as the app must, answering 403 to a
    forged callback.
    """

    def __init__(self) -> None:
        self.answers: list[tuple[int, str]] = []
        self.private_key: str | None = None
        self.received: list[Received] = []
        self.url = ""
        self._arrived = asyncio.Condition()

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        self.received.append(Received(dict(request.headers), body))
        async with self._arrived:
            self._arrived.notify_all()
        signature = request.headers.get("X-Callback-Signature")
        if self.private_key and not callback_is_authentic(self.private_key, body, signature):
            return web.json_response({"success": False, "message": "Invalid signature"}, status=403)
        status, text = self.answers.pop(0) if self.answers else (200, '{"success": true}')
        return web.Response(status=status, text=text, content_type="application/json")

    async def wait_for(self, count: int) -> list[Received]:
        """Wait until `count` callbacks arrived; return them."""
        async with asyncio.timeout(10), self._arrived:
            await self._arrived.wait_for(lambda: len(self.received) >= count)
        return self.received


async def eventually(check: Callable[[], bool]) -> None:
    """Poll until `check()` holds: a delivery is recorded only after the merchant answered."""
    for _ in range(1_000):
        if check():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the condition never held")


async def settle_down() -> None:
    """Give background retries several intervals to (wrongly) send more."""
    await asyncio.sleep(INTERVAL * 6)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def emulator(clock: Clock) -> AsyncIterator[TripayEmulator]:
    async with TripayEmulator(callback_interval_s=INTERVAL, clock=clock) as running:
        yield running


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    made = Receiver()
    app = web.Application()
    app.router.add_post("/billing/tripay/callback", made.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    made.url = f"http://127.0.0.1:{runner.addresses[0][1]}/billing/tripay/callback"
    yield made
    await runner.cleanup()


@pytest.fixture
async def http(emulator: TripayEmulator) -> AsyncIterator[aiohttp.ClientSession]:
    """A client sending the merchant's API key, as the app's client does."""
    headers = {"Authorization": f"Bearer {emulator.api_key}"}
    async with aiohttp.ClientSession(headers=headers) as session:
        yield session


def order(emulator: TripayEmulator, **changes: Any) -> JSON:
    """Return a correctly signed JSON create request; `changes` override its fields."""
    fields: JSON = {
        "method": "QRIS",
        "merchant_ref": "NF-20261130-AAAAAAAAAAAAAAAA",
        "amount": 149_000,
        "customer_name": "Budi",
        "customer_email": "budi@example.com",
        "return_url": "https://t.me/nofomo_bot",
    }
    fields.update(changes)
    amount = fields["amount"]
    fields.setdefault("order_items", [{"name": "Pro 1 bulan", "price": amount, "quantity": 1}])
    if "signature" not in fields:
        ref = fields["merchant_ref"]
        key, code = emulator.private_key, emulator.merchant_code
        fields["signature"] = transaction_signature(key, code, ref, int(amount))
    return fields


def as_form(fields: JSON) -> dict[str, str]:
    """Flatten a request the way Tripay's PHP and Python examples send it."""
    form = {k: str(v) for k, v in fields.items() if k != "order_items"}
    for index, item in enumerate(fields["order_items"]):
        form |= {f"order_items[{index}][{k}]": str(v) for k, v in item.items()}
    return form


async def create(http: aiohttp.ClientSession, emulator: TripayEmulator, **changes: Any) -> JSON:
    """Create a transaction (JSON body) and return its `data`."""
    async with http.post(f"{emulator.url}transaction/create", json=order(emulator, **changes)) as r:
        answer: JSON = await r.json()
    assert r.status == 200, answer
    data: JSON = answer["data"]
    return data


async def get(http: aiohttp.ClientSession, url: str) -> tuple[int, JSON]:
    async with http.get(url) as response:
        return response.status, await response.json()


async def control(http: aiohttp.ClientSession, url: str, body: Any) -> tuple[int, JSON]:
    async with http.post(url, json=body) as response:
        return response.status, await response.json()
