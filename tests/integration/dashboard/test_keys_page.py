"""The keys page: masked keys with their checked permissions, and the one-time form button."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest
from aiohttp.test_utils import TestClient

from orchestrator.core.runtime import Runtime
from orchestrator.keys.form_links import open_link
from tests.conftest import UserFactory
from tests.integration.dashboard.seed import sign_in
from tests.integration.dashboard.seed_account import add_key
from tests.integration.dashboard.test_strategy_pages import main_text

Client = TestClient[Any, Any]


async def csrf_of(client: Client, path: str) -> str:
    """Return the CSRF token a page puts in its forms."""
    body = await (await client.get(path)).text()
    return body.split('name="csrf" value="', 1)[1].split('"', 1)[0]


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "en",
            ["Exchange API keys", "Binance ••••WXYZ", "Can trade", "Cannot withdraw",
             "Limited to our server's IP address.",
             "⚠️ Not limited to an IP address: consider restricting it on the exchange."],
        ),
        (
            "id",
            ["Kunci API exchange", "Binance ••••WXYZ", "Bisa trading", "Tidak bisa menarik dana",
             "Dibatasi ke alamat IP server kami.",
             "⚠️ Tidak dibatasi ke alamat IP: sebaiknya batasi di exchange."],
        ),
    ],
)  # fmt: skip
async def test_keys_are_masked_with_their_checked_permissions(
    client: Client, runtime: Runtime, make_user: UserFactory, language: str, words: list[str]
) -> None:
    user = await make_user(language=language)
    await add_key(runtime, user, ip_restricted=True, label="Main <b>")
    await add_key(runtime, user, ip_restricted=False, label="Spare")
    await sign_in(client, runtime, user)

    response = await client.get("/dashboard/keys")
    body = await response.text()

    assert response.status == 200, body
    text = main_text(body)
    for word in words:
        assert word in text, word
    assert "Main <b>" in text and "<b>" not in body.split("<main", 1)[1]
    assert "A" * 20 not in body and "S" * 20 not in body  # never the key or the secret


async def test_the_key_form_button_needs_csrf_and_goes_to_a_one_time_link(
    client: Client, runtime: Runtime, make_user: UserFactory
) -> None:
    user = await make_user()
    await sign_in(client, runtime, user)

    refused = await client.post(
        "/dashboard/keys/form", data={"csrf": "forged"}, allow_redirects=False
    )
    assert refused.status == 403
    token = await csrf_of(client, "/dashboard/keys")
    response = await client.post(
        "/dashboard/keys/form", data={"csrf": token}, allow_redirects=False
    )

    assert response.status == 303
    link = urlsplit(response.headers["Location"])
    assert link.path.startswith("/keys/")
    opened = await open_link(runtime, link.path.removeprefix("/keys/"))
    assert opened.user_id == user
