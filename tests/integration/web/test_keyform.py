"""The one-time key form: app on 127.0.0.1, exchange emulator, real Postgres and Redis."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientResponse
from aiohttp.test_utils import TestClient, TestServer

from emulators.exchange import TEST_KEYS, ApiKeySpec
from orchestrator.core.errors import UserFacingError
from orchestrator.core.runtime import Runtime
from orchestrator.keys.form_links import LINK_TTL, issue_link, open_link, submit_key
from orchestrator.keys.store import list_keys, load_credentials
from tests.conftest import UserFactory
from tests.integration.web.support import (
    SECRETS,
    csrf_of,
    link_path,
    open_runtime,
    serve,
    snapshot,
)
from tests.support.processes import free_port
from web_minimal.app import create_app
from web_minimal.keyform import CLOCK

Client = TestClient[Any, Any]
HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
}


async def new_link(runtime: Runtime, user: uuid.UUID, **kw: Any) -> str:
    return link_path(await issue_link(runtime, user, **kw))


async def form(client: Client, path: str) -> str:
    """Open the form and return its CSRF token."""
    response = await client.get(path)
    assert response.status == 200, await response.text()
    return csrf_of(await response.text())


async def post(
    client: Client, path: str, csrf: str | None, spec: ApiKeySpec, label: str = ""
) -> tuple[ClientResponse, str]:
    data = {"exchange": spec.exchange, "api_key": spec.api_key, "secret": spec.secret}
    data |= {"label": label} | ({"csrf": csrf} if csrf is not None else {})
    response = await client.post(path, data=data)
    body = await response.text()
    assert not [value for value in SECRETS if value in body]
    return response, body


class FakeClock:
    """Epoch seconds that move only when the test moves them."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def clocked(runtime: Runtime) -> AsyncIterator[tuple[Client, FakeClock]]:
    """The web app on 127.0.0.1 whose key form reads the time from a fake clock."""
    clock, app = FakeClock(), create_app(runtime)
    app[CLOCK] = clock
    async with TestClient(TestServer(app, host="127.0.0.1")) as test_client:
        yield test_client, clock


def assert_secure(response: ClientResponse) -> None:
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, name
    assert "max-age=" in response.headers["Strict-Transport-Security"]


async def test_key_without_withdraw_is_stored_masked_and_confirmed(
    runtime: Runtime, client: Client, make_user: UserFactory
) -> None:
    user, spec = await make_user(language="en"), TEST_KEYS["binance_trade_ip"]
    path = await new_link(runtime, user)
    response, body = await post(client, path, await form(client, path), spec, "Main <b>")
    assert response.status == 200 and "Key saved" in body
    assert "••••" + spec.api_key[-4:] in body and "Main &lt;b&gt;" in body
    assert "any IP address" not in body
    assert_secure(response)

    [key] = await list_keys(runtime.db, user)
    assert (key.exchange, key.key_hint, key.ip_restricted) == (
        "binance",
        "••••" + spec.api_key[-4:],
        True,
    )
    state = await snapshot(runtime.db, user)
    assert not [s for s in SECRETS if any(s in row for row in state["keys"])]
    assert state["alerts"] == [
        (
            "key_added",
            {
                "exchange": "binance",
                "key_hint": key.key_hint,
                "label": "Main <b>",
                "ip_restricted": True,
            },
        )
    ]
    assert state["audit"] == ["exchange_key.added"]
    creds = await load_credentials(runtime.db, runtime.vault, key.id, owner=user)
    assert (creds.api_key, creds.secret) == (spec.api_key, spec.secret)


@pytest.mark.parametrize(
    ("name", "fix"), [("binance_withdraw", "Enable Withdrawals"), ("bybit_withdraw", "Withdrawal")]
)
async def test_key_that_can_withdraw_is_refused_and_the_link_stays_usable(
    runtime: Runtime, client: Client, make_user: UserFactory, name: str, fix: str
) -> None:
    user = await make_user(language="en")
    path = await new_link(runtime, user)
    csrf = await form(client, path)
    response, body = await post(client, path, csrf, TEST_KEYS[name])
    assert response.status == 422 and "Key refused" in body and fix in body
    assert f'href="{path}"' in body
    assert_secure(response)
    assert await snapshot(runtime.db, user) == {"keys": [], "alerts": [], "audit": []}

    good = TEST_KEYS[name.replace("withdraw", "trade_ip")]
    response, body = await post(client, path, await form(client, path), good)
    assert response.status == 200 and len(await list_keys(runtime.db, user)) == 1


async def test_open_key_is_stored_with_an_ip_warning(
    runtime: Runtime, client: Client, make_user: UserFactory
) -> None:
    user, spec = await make_user(language="id"), TEST_KEYS["bybit_trade_open"]
    path = await new_link(runtime, user)
    response, body = await post(client, path, await form(client, path), spec)
    assert response.status == 200 and "Key tersimpan" in body
    assert "bisa dipakai dari alamat IP mana pun" in body
    [key] = await list_keys(runtime.db, user)
    assert key.ip_restricted is False
    [(_, payload)] = (await snapshot(runtime.db, user))["alerts"]
    assert payload["ip_restricted"] is False and payload["key_hint"] == "••••yxIX"


async def test_used_link_changes_nothing(
    runtime: Runtime, client: Client, make_user: UserFactory
) -> None:
    user = await make_user(language="en")
    path = await new_link(runtime, user)
    csrf = await form(client, path)
    assert (await post(client, path, csrf, TEST_KEYS["binance_trade_ip"]))[0].status == 200
    before = await snapshot(runtime.db, user)
    response, body = await post(client, path, csrf, TEST_KEYS["binance_trade_open"])
    assert response.status == 410 and "already used" in body
    assert_secure(response)
    assert (await client.get(path)).status == 410
    assert await snapshot(runtime.db, user) == before


async def test_expired_link_changes_nothing(
    runtime: Runtime, clocked: tuple[Client, FakeClock], make_user: UserFactory
) -> None:
    client, clock = clocked
    user = await make_user(language="en")
    path = await new_link(runtime, user, clock=clock)
    csrf = await form(client, path)
    clock.now += LINK_TTL.total_seconds() - 5 * 60
    still_open = await client.get(path)
    assert still_open.status == 200 and "expires in 5 min." in await still_open.text()
    clock.now += 5 * 60
    response = await client.get(path)
    assert response.status == 410 and "expired" in await response.text()
    assert_secure(response)
    response, _ = await post(client, path, csrf, TEST_KEYS["binance_trade_ip"])
    assert response.status == 410
    assert await snapshot(runtime.db, user) == {"keys": [], "alerts": [], "audit": []}


@pytest.mark.parametrize("forge", ["flip", "garbage", "empty_mac"])
async def test_forged_link_changes_nothing(
    runtime: Runtime, client: Client, make_user: UserFactory, forge: str
) -> None:
    user = await make_user(language="en")
    path = await new_link(runtime, user)
    csrf = await form(client, path)
    token = path.removeprefix("/keys/")
    forged = {
        "flip": token[:30] + ("A" if token[30] != "A" else "B") + token[31:],
        "garbage": "not-a-token",
        "empty_mac": token[:56],
    }[forge]
    response = await client.get(f"/keys/{forged}")
    assert response.status == 403 and "not valid" in await response.text()
    assert_secure(response)
    response, _ = await post(client, f"/keys/{forged}", csrf, TEST_KEYS["binance_trade_ip"])
    assert response.status == 403
    assert await snapshot(runtime.db, user) == {"keys": [], "alerts": [], "audit": []}


async def test_newer_link_replaces_older(
    runtime: Runtime, client: Client, make_user: UserFactory
) -> None:
    user = await make_user(language="en")
    old = await new_link(runtime, user)
    csrf = await form(client, old)
    new = await new_link(runtime, user)
    response, body = await post(client, old, csrf, TEST_KEYS["binance_trade_ip"])
    assert response.status == 410 and "newer link" in body
    assert (await client.get(new)).status == 200
    assert await snapshot(runtime.db, user) == {"keys": [], "alerts": [], "audit": []}


@pytest.mark.parametrize("csrf", [None, "", "wrong", "other-link"])
async def test_missing_or_wrong_csrf_is_403(
    runtime: Runtime, client: Client, make_user: UserFactory, csrf: str | None
) -> None:
    user, other = await make_user(language="en"), await make_user(language="en")
    path = await new_link(runtime, user)
    if csrf == "other-link":
        csrf = await form(client, await new_link(runtime, other))
    response, body = await post(client, path, csrf, TEST_KEYS["binance_trade_ip"])
    assert response.status == 403 and "not sent from this page" in body
    assert_secure(response)
    assert await snapshot(runtime.db, user) == {"keys": [], "alerts": [], "audit": []}
    assert (await client.get(path)).status == 200


@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        ({"api_key": "A" * 63}, 422, "does not look like a Binance API key"),
        ({"secret": "s" * 63 + "!"}, 422, "does not look like a Binance secret key"),
        ({"label": "x" * 65}, 422, "at most 64 characters"),
        ({"exchange": "kraken"}, 422, "Choose Binance or Bybit"),
        ({"api_key": "Q" * 64, "secret": "q" * 64}, 422, "Binance did not accept this key"),
        ({"secret": TEST_KEYS["binance_trade_open"].secret}, 422, "did not accept"),
    ],
)
async def test_bad_input_rerenders_the_form_without_echo(
    runtime: Runtime,
    client: Client,
    make_user: UserFactory,
    fields: dict[str, str],
    status: int,
    message: str,
) -> None:
    user, spec = await make_user(language="en"), TEST_KEYS["binance_trade_ip"]
    path = await new_link(runtime, user)
    data = {"csrf": await form(client, path), "exchange": "binance", "label": "mine"}
    data |= {"api_key": spec.api_key, "secret": spec.secret} | fields
    response = await client.post(path, data=data)
    body = await response.text()
    assert response.status == status and message in body, body
    assert 'name="csrf"' in body and f'value="{data["label"]}"' in body
    assert data["api_key"] not in body and data["secret"] not in body
    assert await snapshot(runtime.db, user) == {"keys": [], "alerts": [], "audit": []}


async def test_read_only_key_is_refused(
    runtime: Runtime, client: Client, make_user: UserFactory
) -> None:
    user = await make_user(language="en")
    path = await new_link(runtime, user)
    response, body = await post(
        client, path, await form(client, path), TEST_KEYS["bybit_read_only"]
    )
    assert response.status == 422 and "cannot trade" in body
    assert await snapshot(runtime.db, user) == {"keys": [], "alerts": [], "audit": []}


async def test_exchange_down_is_retryable_and_changes_nothing(
    tmp_path: Path, database_url: str, redis_url: str, make_user: UserFactory
) -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    async with open_runtime(tmp_path, database_url, redis_url, dead) as runtime:
        async with serve(runtime) as client:
            user = await make_user(language="en")
            path = await new_link(runtime, user)
            response, body = await post(
                client, path, await form(client, path), TEST_KEYS["binance_trade_ip"]
            )
            assert response.status == 503 and "did not answer" in body
            assert (await client.get(path)).status == 200
        assert await snapshot(runtime.db, user) == {"keys": [], "alerts": [], "audit": []}


async def test_concurrent_submissions_store_one_key(
    runtime: Runtime, client: Client, make_user: UserFactory
) -> None:
    user = await make_user(language="en")
    path = await new_link(runtime, user)
    csrf = await form(client, path)
    spec = TEST_KEYS["binance_trade_ip"]
    results = await asyncio.gather(*(post(client, path, csrf, spec) for _ in range(3)))
    statuses = sorted(response.status for response, _ in results)
    assert statuses.count(200) == 1 and set(statuses) <= {200, 409, 410}
    assert len(await list_keys(runtime.db, user)) == 1


async def test_service_errors_carry_no_secret(runtime: Runtime, make_user: UserFactory) -> None:
    user = await make_user()
    token = link_path(await issue_link(runtime, user)).rsplit("/", 1)[1]
    session = await open_link(runtime, token)
    for name in ("binance_withdraw", "binance_read_only", "bybit_withdraw"):
        spec = TEST_KEYS[name]
        with pytest.raises(UserFacingError) as caught:
            await submit_key(
                runtime, token, session.csrf, spec.exchange, spec.api_key, spec.secret, ""
            )
        error = caught.value
        shown = f"{error} {error!r} {error.params} {error.__cause__!r} {error.__context__!r}"
        assert spec.api_key not in shown and spec.secret not in shown


async def test_stylesheet_is_served_with_the_same_headers(client: Client) -> None:
    response = await client.get("/static/keyform.css")
    assert response.status == 200 and response.content_type == "text/css"
    assert ".card" in await response.text()
    assert_secure(response)


async def test_unusable_link_pages_speak_the_owners_language(
    runtime: Runtime, client: Client, make_user: UserFactory
) -> None:
    user = await make_user(language="id")
    old = await new_link(runtime, user)
    await new_link(runtime, user)
    response = await client.get(old)  # the client asks for English
    assert response.status == 410 and "Tautan yang lebih baru" in await response.text()
    response = await client.get("/keys/forged")
    assert response.status == 403 and "This link is not valid" in await response.text()
