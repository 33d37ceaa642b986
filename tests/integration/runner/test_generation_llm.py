"""Generations through the LLM emulator: a spec becomes a strategy; a failure ends at once."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from ai_strategies.spec import parse_spec, read_spec
from emulators.exchange import ExchangeEmulator
from emulators.llm import LLMEmulator, canned
from orchestrator.accounts.users import User
from orchestrator.core.runtime import Runtime
from orchestrator.core.settings import Settings
from orchestrator.strategies.generation import (
    GenerationStatus,
    generation_status,
    request_generation,
)
from orchestrator.strategies.generation_job import generate_strategy_job
from telegram_bot.handlers.generate import Tracker
from telegram_bot.i18n import t
from tests.conftest import UserFactory
from tests.integration.runner.conftest import runner_env
from tests.support.processes import free_port

pytestmark = [pytest.mark.timeout(120)]

NEVER_VALID = canned.MALICIOUS_STRATEGY
NOT_JSON = {"kind": "content", "content": "here you go: {oops"}
FAILURES: list[tuple[str, list[Any], str, str]] = [
    ("refusal", [canned.REFUSAL], "llm_refused", "user"),
    (
        "invalid JSON",
        [{"kind": "content", "content": "here you go: {oops"}],
        "llm_truncated",
        "ours",
    ),
    ("timeout", [canned.timeout(5.0)] * 2, "llm_timeout", "ours"),
    ("401", [{"kind": "error", "status": 401}], "llm_misconfigured", "ours"),
    ("429", [canned.RATE_LIMITED] * 2, "llm_unavailable", "ours"),
    ("5xx", [canned.SERVER_ERROR] * 2, "llm_unavailable", "ours"),
    ("never validates", [NEVER_VALID] * 4, "strategy_invalid", "user"),
]


@pytest.fixture
async def llm() -> AsyncIterator[LLMEmulator]:
    async with LLMEmulator() as emulator:
        yield emulator


async def open_runtime(
    tmp_path: Path, database_url: str, redis_url: str, exchange: ExchangeEmulator, llm_url: str
) -> Runtime:
    env = runner_env(
        tmp_path / "state",
        database_url,
        redis_url,
        exchange.url,
        PORT=str(free_port()),
        LLM_API_KEY="sk-test-generation-failures",
        LLM_BASE_URL=llm_url,
        LLM_TIMEOUT_S="1",
    )
    settings = Settings(_env_file=None, **{k.lower(): v for k, v in env.items()})  # type: ignore[arg-type]
    return await Runtime.open(settings, run_migrations=False)


async def run_to_end(
    runtime: Runtime, user: uuid.UUID, prompt: str, language: str = "en"
) -> GenerationStatus:
    """Request a generation and run its job here, as a worker would."""
    request = await request_generation(runtime, user, prompt, language)
    await generate_strategy_job({"runtime": runtime, "job_try": 1}, str(request))
    return await generation_status(runtime, user, request)


async def used(runtime: Runtime, user: uuid.UUID) -> int:
    async with runtime.db.as_service() as conn:
        return int(await conn.fetchval("select ai_generations_used from users where id = $1", user))


def chat_text(status: GenerationStatus, language: str) -> str:
    """Return what the chat's progress message says once the request has ended."""
    user = User(uuid.uuid4(), 1, language, "free", "all")
    tracker = Tracker(None, None, user, 1, 1)  # type: ignore[arg-type]
    return tracker.outcome(status)


@pytest.mark.parametrize(("name", "script", "key", "blame"), FAILURES, ids=[f[0] for f in FAILURES])
async def test_each_llm_failure_ends_failed_refunded_and_explained(
    tmp_path: Path,
    database_url: str,
    redis_url: str,
    exchange: ExchangeEmulator,
    llm: LLMEmulator,
    make_user: UserFactory,
    name: str,
    script: list[Any],
    key: str,
    blame: str,
) -> None:
    runtime = await open_runtime(tmp_path, database_url, redis_url, exchange, llm.base_url)
    try:
        user = await make_user()
        llm.script(script)
        status = await run_to_end(runtime, user, "RSI dip buyer on BTC/USDT 5m")
        assert (status.status, status.error_key, status.blame) == ("failed", key, blame)
        assert await used(runtime, user) == 0
        english, indonesian = chat_text(status, "en"), chat_text(status, "id")
        assert t("en", key) in english and t("id", key) in indonesian
        if blame == "ours":
            assert english.startswith("😓 Sorry") and "not charged" in english
            assert indonesian.startswith("😓 Maaf") and "tidak terpakai" in indonesian
        else:
            assert english.startswith("❌ I could not create the strategy")
            assert indonesian.startswith("❌ Saya tidak bisa membuat strategi")
    finally:
        await runtime.close()


async def test_connection_refused_is_our_failure(
    tmp_path: Path,
    database_url: str,
    redis_url: str,
    exchange: ExchangeEmulator,
    make_user: UserFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    closed = f"http://127.0.0.1:{free_port()}/v1"
    runtime = await open_runtime(tmp_path, database_url, redis_url, exchange, closed)
    try:
        user = await make_user()
        status = await run_to_end(runtime, user, "RSI dip buyer on BTC/USDT 5m")
        outcome = (status.status, status.error_key, status.blame)
        assert outcome == ("failed", "llm_unavailable", "ours")
        assert await used(runtime, user) == 0
        errors = [r for r in caplog.records if r.levelname == "ERROR"]
        assert any("failed on our side" in r.getMessage() and r.exc_info for r in errors)
    finally:
        await runtime.close()


@pytest.mark.slow
async def test_an_llm_spec_becomes_a_validated_strategy_in_words(
    tmp_path: Path,
    database_url: str,
    redis_url: str,
    exchange: ExchangeEmulator,
    llm: LLMEmulator,
    make_user: UserFactory,
) -> None:
    runtime = await open_runtime(tmp_path, database_url, redis_url, exchange, llm.base_url)
    try:
        user = await make_user(language="id")
        llm.script([canned.GOOD_SPEC_REPLY])
        status = await run_to_end(runtime, user, "beli BTC/USDT 5m saat RSI naik dari 30", "id")
        assert status.status == "done", status
        async with runtime.db.as_service() as conn:
            version = await conn.fetchrow(
                "select code, explanation, kind, spec from strategy_versions where id = $1",
                status.version_id,
            )
        assert read_spec(version["code"]) == parse_spec(canned.GOOD_SPEC)
        assert version["kind"] == "spec" and parse_spec(version["spec"]) == read_spec(
            version["code"]
        )
        assert "RSI" in version["explanation"] and "bawaan" in version["explanation"]
        assert await used(runtime, user) == 1
    finally:
        await runtime.close()
