"""Billing fixtures: the Tripay emulator, a runtime paying through it, and the web app it calls."""

from __future__ import annotations

import base64
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from pydantic import SecretStr

from emulators.tripay import TripayEmulator
from orchestrator.core.runtime import Runtime
from orchestrator.core.settings import Settings
from orchestrator.db.pool import Database
from tests.conftest import UserFactory
from web_minimal.app import create_app

VAULT_KEYS = "1:" + base64.b64encode(b"billing-tests-vault-key-32bytes!").decode()


@pytest.fixture
async def tripay() -> AsyncIterator[TripayEmulator]:
    """A Tripay emulator whose callbacks retry within a fraction of a second."""
    async with TripayEmulator(callback_interval_s=0.05) as emulator:
        yield emulator


@pytest.fixture
async def runtime(
    tmp_path: Path, database_url: str, redis_url: str, tripay: TripayEmulator
) -> AsyncIterator[Runtime]:
    """A runtime on the session database whose Tripay is the emulator."""
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        data_dir=tmp_path / "state",
        database_url=database_url,
        redis_url=redis_url,
        vault_keys=VAULT_KEYS,
        tripay_base_url=tripay.url,
        tripay_api_key=SecretStr(tripay.api_key),
        tripay_private_key=SecretStr(tripay.private_key),
        tripay_merchant_code=tripay.merchant_code,
    )
    runtime = await Runtime.open(settings, run_migrations=False)
    await runtime.redis.delete(
        *[k async for k in runtime.redis.scan_iter("nofomo:tripay:*")] or ["-"]
    )
    try:
        yield runtime
    finally:
        await runtime.close()


@pytest.fixture
async def web(runtime: Runtime) -> AsyncIterator[TestClient[Any, Any]]:
    """The web app on 127.0.0.1; the runtime's public URL points at it, for Tripay's callbacks."""
    server = TestServer(create_app(runtime), host="127.0.0.1")
    client: TestClient[Any, Any] = TestClient(server)
    await client.start_server()
    runtime.settings = runtime.settings.model_copy(
        update={"public_base_url": str(server.make_url("")).rstrip("/")}
    )
    try:
        yield client
    finally:
        await client.close()


InvoiceFactory = Callable[..., Awaitable[uuid.UUID]]


@pytest.fixture
def make_invoice(db: Database) -> InvoiceFactory:
    """Insert an UNPAID invoice as checkout would once Tripay answered; return its id."""

    async def factory(
        user_id: uuid.UUID, *, plan: str = "pro", total: int = 150_000, days: int = 30
    ) -> uuid.UUID:
        token = uuid.uuid4().hex[:16].upper().replace("0", "A").replace("1", "B")
        for digit in "89":
            token = token.replace(digit, "C")
        async with db.as_service() as conn:
            invoice_id: uuid.UUID = await conn.fetchval(
                "insert into invoices (user_id, plan_code, merchant_ref, tripay_reference,"
                " method, amount_idr, fee_customer_idr, days)"
                " values ($1, $2, $3, $4, 'QRIS', $5, $6, $7) returning id",
                user_id,
                plan,
                f"NF-20261130-{token}",
                f"DEV-T{token}",
                total - 1_000,
                1_000,
                days,
            )
        return invoice_id

    return factory


async def user_plan(db: Database, user_id: uuid.UUID) -> tuple[str, Any, str]:
    """Return the user's plan code, paid-until time and billing state."""
    async with db.as_service() as conn:
        row = await conn.fetchrow(
            "select plan_code, plan_expires_at, billing_state from users where id = $1", user_id
        )
    return row["plan_code"], row["plan_expires_at"], row["billing_state"]


__all__ = ["InvoiceFactory", "UserFactory", "user_plan"]
