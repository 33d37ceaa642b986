"""Security headers and the pages outside the content: sign-in help, Mini App entry, 404."""

from __future__ import annotations

import re
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from orchestrator.core.runtime import Runtime
from tests.conftest import UserFactory
from tests.integration.dashboard.seed import add_bot, sign_in

Client = TestClient[Any, Any]


def nonce_of(csp: str) -> str:
    found = re.search(r"'nonce-([^']+)'", csp)
    assert found, csp
    return found.group(1)


async def test_pages_carry_a_nonce_csp_on_every_script_and_refuse_framing(
    client: Client, runtime: Runtime, make_user: UserFactory
) -> None:
    user = await make_user()
    bot = await add_bot(runtime, user)
    await sign_in(client, runtime, user)

    for path in ("/dashboard", f"/dashboard/bots/{bot}"):
        response = await client.get(path)
        body, csp = await response.text(), response.headers["Content-Security-Policy"]
        nonce = nonce_of(csp)
        scripts = re.findall(r"<script\b[^>]*>", body)
        runnable = [tag for tag in scripts if 'type="application/json"' not in tag]
        assert runnable and all(f'nonce="{nonce}"' in tag for tag in runnable), scripts
        assert "frame-ancestors 'none'" in csp and "style-src 'self'" in csp
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert " style=" not in body  # the CSP forbids style attributes


async def test_the_mini_app_entry_may_be_framed_by_telegram_only(client: Client) -> None:
    response = await client.get("/app")
    body, csp = await response.text(), response.headers["Content-Security-Policy"]

    assert response.status == 200
    assert "frame-ancestors https://web.telegram.org" in csp
    assert "X-Frame-Options" not in response.headers
    assert f'src="/dashboard/static/miniapp.js" nonce="{nonce_of(csp)}"' in body
    # The refusal is written in both languages: we cannot know the reader's yet.
    assert "Telegram did not confirm this launch" in body
    assert "Telegram tidak mengonfirmasi pembukaan ini" in body


@pytest.mark.parametrize(
    ("why", "accept", "text"),
    [
        ("dashboard_link_used", "en-US,en", "This link was already used"),
        ("signed_out", "id-ID,id;q=0.9", "Anda sudah keluar"),
        ("dashboard_miniapp_refused", "en", "Telegram did not confirm"),
        ("<script>", "en", "send /dashboard"),
    ],
)
async def test_the_sign_in_page_explains_why_the_reader_is_there(
    client: Client, why: str, accept: str, text: str
) -> None:
    response = await client.get(
        "/dashboard/signin", params={"why": why}, headers={"Accept-Language": accept}
    )
    body = await response.text()

    assert response.status == 200 and text in body
    assert "<script>" not in body.split("<main", 1)[1].split("</main>", 1)[0]


async def test_unknown_dashboard_pages_are_a_404_in_the_readers_language(
    client: Client, runtime: Runtime, make_user: UserFactory
) -> None:
    anonymous = await client.get("/dashboard/nothing-here", headers={"Accept-Language": "id"})
    assert anonymous.status == 404 and "Halaman tidak ditemukan" in await anonymous.text()
    assert "Content-Security-Policy" in anonymous.headers

    user = await make_user(language="en")
    await sign_in(client, runtime, user)
    signed_in = await client.get("/dashboard/nothing-here", headers={"Accept-Language": "id"})
    assert signed_in.status == 404 and "Page not found" in await signed_in.text()


async def test_static_files_are_served_with_the_vendored_chart_library(client: Client) -> None:
    for path in ("app.css", "app.js", "bot.js", "miniapp.js", "vendor/uPlot.iife.min.js",
                 "vendor/uPlot.min.css", "vendor/uPlot.LICENSE"):  # fmt: skip
        response = await client.get(f"/dashboard/static/{path}")
        assert response.status == 200, path
        assert response.headers["Cache-Control"] == "no-cache"
        again = await client.get(
            f"/dashboard/static/{path}",
            headers={"If-Modified-Since": response.headers["Last-Modified"]},
        )
        assert again.status == 304, path
