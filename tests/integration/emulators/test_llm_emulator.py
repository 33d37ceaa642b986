"""The LLM emulator over plain HTTP: auth, OpenAI shapes, scripting and recording."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import numpy as np
import pandas as pd
import pytest

from emulators.llm import LLMEmulator, canned

AUTH = {"Authorization": "Bearer sk-test"}
CHAT = {"model": "emulator/strategy-writer", "messages": [{"role": "user", "content": "hi"}]}


@pytest.fixture
async def emulator() -> AsyncIterator[LLMEmulator]:
    async with LLMEmulator() as emu:
        yield emu


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def post_chat(
    http: aiohttp.ClientSession, emulator: LLMEmulator, body: dict[str, Any], **headers: str
) -> tuple[int, dict[str, Any]]:
    url = f"{emulator.base_url}/chat/completions"
    async with http.post(url, json=body, headers=headers or AUTH) as response:
        return response.status, await response.json()


@pytest.mark.parametrize("header", ["", "Bearer ", "Basic abc", "Bearer    "])
async def test_rejects_missing_keys_with_an_openai_error(
    http: aiohttp.ClientSession, emulator: LLMEmulator, header: str
) -> None:
    status, body = await post_chat(http, emulator, CHAT, Authorization=header)
    assert status == 401
    assert body["error"]["code"] == "invalid_api_key"
    assert set(body["error"]) == {"message", "type", "param", "code"}
    assert emulator.requests == []


async def test_default_reply_is_a_good_spec(
    http: aiohttp.ClientSession, emulator: LLMEmulator
) -> None:
    status, body = await post_chat(http, emulator, CHAT)
    assert status == 200
    assert body["object"] == "chat.completion"
    assert set(body) >= {"id", "created", "model", "choices", "usage"}
    choice = body["choices"][0]
    assert (choice["index"], choice["finish_reason"]) == (0, "stop")
    assert choice["message"]["refusal"] is None
    assert json.loads(choice["message"]["content"]) == canned.spec_reply()


async def test_scripts_over_http_and_records_requests(
    http: aiohttp.ClientSession, emulator: LLMEmulator
) -> None:
    replies = [canned.REFUSAL, canned.TRUNCATED_JSON]
    async with http.post(f"{emulator.url}/_emu/script", json={"replies": replies}) as response:
        assert (await response.json()) == {"queued": 2}
    schema_format = {"type": "json_schema", "json_schema": {"name": "s", "schema": {}}}
    _, refused = await post_chat(http, emulator, {**CHAT, "response_format": schema_format})
    _, truncated = await post_chat(http, emulator, CHAT)
    assert refused["choices"][0]["message"] == {
        "role": "assistant",
        "content": None,
        "refusal": "I can't help with that",
    }
    assert truncated["choices"][0]["finish_reason"] == "length"
    async with http.get(f"{emulator.url}/_emu/requests") as response:
        recorded = await response.json()
    assert [r["response_format"] for r in recorded] == [schema_format, None]
    assert recorded[0]["messages"] == CHAT["messages"]


async def test_scripted_errors_carry_status_and_retry_hint(
    http: aiohttp.ClientSession, emulator: LLMEmulator
) -> None:
    emulator.script([canned.RATE_LIMITED])
    async with http.post(f"{emulator.base_url}/chat/completions", json=CHAT, headers=AUTH) as r:
        assert r.status == 429
        assert r.headers["retry-after-ms"] == "10"
        assert (await r.json())["error"]["code"] == "rate_limit_exceeded"


@pytest.mark.parametrize(
    "body",
    [
        {"messages": CHAT["messages"]},
        {**CHAT, "messages": []},
        {**CHAT, "response_format": {"type": "yaml"}},
        {**CHAT, "response_format": {"type": "json_schema"}},
    ],
)
async def test_rejects_malformed_requests(
    http: aiohttp.ClientSession, emulator: LLMEmulator, body: dict[str, Any]
) -> None:
    status, answer = await post_chat(http, emulator, body)
    assert status == 400
    assert answer["error"]["type"] == "invalid_request_error"


@pytest.mark.parametrize(
    "script",
    [[{"kind": "poem"}], [{"kind": "error", "status": 200}], [{"kind": "content"}], {"a": 1}],
)
async def test_rejects_bad_scripts(
    http: aiohttp.ClientSession, emulator: LLMEmulator, script: Any
) -> None:
    async with http.post(f"{emulator.url}/_emu/script", json=script) as response:
        assert response.status == 400
    with pytest.raises(ValueError):
        emulator.script(script if isinstance(script, list) else [script])


async def test_lists_models_and_resets(http: aiohttp.ClientSession, emulator: LLMEmulator) -> None:
    async with http.get(f"{emulator.base_url}/models", headers=AUTH) as response:
        models = await response.json()
    assert models["object"] == "list" and models["data"][0]["object"] == "model"
    emulator.script([canned.REFUSAL])
    await post_chat(http, emulator, CHAT)
    async with http.post(f"{emulator.url}/_emu/reset") as response:
        assert response.status == 200
    assert emulator.requests == []


async def test_only_the_configured_key_passes(http: aiohttp.ClientSession) -> None:
    async with LLMEmulator(api_key="sk-right") as emulator:
        wrong, _ = await post_chat(http, emulator, CHAT, Authorization="Bearer sk-wrong")
        right, _ = await post_chat(http, emulator, CHAT, Authorization="Bearer sk-right")
    assert (wrong, right) == (401, 200)


async def test_runs_standalone_and_stops_on_sigterm(http: aiohttp.ClientSession) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "emulators.llm", "--port", "0", stderr=asyncio.subprocess.PIPE
    )
    try:
        assert process.stderr is not None
        line = await asyncio.wait_for(process.stderr.readline(), timeout=10)
        base_url = line.decode().rsplit("LLM_BASE_URL=", 1)[1].strip()
        async with http.get(f"{base_url}/models", headers=AUTH) as response:
            assert response.status == 200
    finally:
        process.terminate()
        assert await asyncio.wait_for(process.wait(), timeout=10) == 0


def test_good_strategy_loads_in_freqtrade(tmp_path: Path) -> None:
    from freqtrade.resolvers import StrategyResolver

    (tmp_path / "strategies").mkdir()
    (tmp_path / "strategies" / "rsi_dip.py").write_text(canned.GOOD_CODE)
    config = {
        "strategy": "RsiDipStrategy",
        "strategy_path": str(tmp_path / "strategies"),
        "user_data_dir": tmp_path,
        "stake_currency": "USDT",
        "stake_amount": 10,
        "max_open_trades": 1,
        "dry_run": True,
        "trading_mode": "spot",
        "margin_mode": "",
        "candle_type_def": "spot",
    }
    strategy = StrategyResolver.load_strategy(config)
    close = 100 + 10 * np.sin(np.linspace(0, 12 * np.pi, 400))
    candles = pd.DataFrame(
        {
            "date": pd.date_range("2026-01-01", periods=400, freq="5min", tz="UTC"),
            **{"open": close, "high": close + 0.5, "low": close - 0.5, "close": close},
            "volume": np.full(400, 5.0),
        }
    )
    metadata = {"pair": "BTC/USDT"}
    frame = strategy.advise_indicators(candles, metadata)
    frame = strategy.advise_exit(strategy.advise_entry(frame, metadata), metadata)
    assert frame["enter_long"].sum() > 0 and frame["exit_long"].sum() > 0
