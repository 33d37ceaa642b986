"""The strategy pages: versions in words, results, look-ahead, optimisations and the code."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from ai_strategies.spec import describe, title
from orchestrator.core.runtime import Runtime
from tests.conftest import UserFactory
from tests.integration.dashboard.seed import add_strategy, sign_in
from tests.integration.dashboard.seed_account import (
    FIGURES,
    RENDERED,
    SPEC,
    add_custom_version,
    add_run,
    add_spec_strategy,
)

Client = TestClient[Any, Any]
EVIL = 'import os\nos.system("rm -rf /")  # <script>alert(1)</script>\n'


def main_text(body: str) -> str:
    """Return the words of the page's <main>, as a reader sees them."""
    inner = body.split("<main", 1)[1].split("</main>", 1)[0]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", inner)))


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ["Your strategies", "v1 of 1 versions", "BTC/USDT · 5m"]),
        ("id", ["Strategi Anda", "v1 dari 1 versi", "BTC/USDT · 5m"]),
    ],
)
async def test_the_list_shows_each_strategy_in_words(
    client: Client, runtime: Runtime, make_user: UserFactory, language: str, words: list[str]
) -> None:
    user = await make_user(language=language)
    strategy, _ = await add_spec_strategy(runtime, user)
    await sign_in(client, runtime, user)

    response = await client.get("/dashboard/strategies")
    body = await response.text()

    assert response.status == 200, body
    text = main_text(body)
    assert title(SPEC, language) in text
    assert describe(SPEC, language).summary in text
    assert "stored words" not in text  # a spec version is read from its spec, never stored words
    for word in words:
        assert word in text
    assert f'href="/dashboard/strategies/{strategy}"' in body


@pytest.mark.parametrize(
    ("language", "words"),
    [
        (
            "en",
            ["In-sample (first 70%)", "+5.25% · 33 trades · won 58%", "-1.50%",
             "out-of-sample much worse", "Look-ahead bias found", "Applied as v2",
             "rsi_period", "nothing better found", "Code of v1", "Download BtcRsi5m_v1.py"],
        ),
        (
            "id",
            ["Data latih (70% awal)", "+5,25% · 33 transaksi · menang 58%", "-1,50%",
             "data uji jauh lebih buruk", "Ditemukan: hasil ini memakai candle masa depan",
             "Dipakai sebagai v2", "tidak ada yang lebih baik", "Kode v1", "Unduh BtcRsi5m_v1.py"],
        ),
    ],
)  # fmt: skip
async def test_a_strategy_shows_versions_results_verdict_optimisations_and_code(
    client: Client, runtime: Runtime, make_user: UserFactory, language: str, words: list[str]
) -> None:
    user = await make_user(language=language)
    strategy, first = await add_spec_strategy(runtime, user)
    await add_run(runtime, user, first, "backtest", FIGURES)
    await add_run(runtime, user, first, "lookahead", {"has_bias": True, "total_signals": 40})
    second = await add_custom_version(runtime, user, strategy, EVIL)
    best = {"epoch": 7, "profit_pct": 3.3, "trades": 21, "params": {"rsi_period": 18}}
    await add_run(runtime, user, first, "hyperopt", {"epochs": 50, "best": best}, applied=second)
    await add_run(runtime, user, first, "hyperopt", {"epochs": 20, "best": None})
    await sign_in(client, runtime, user)

    response = await client.get(f"/dashboard/strategies/{strategy}", params={"v": "1"})
    body = await response.text()

    assert response.status == 200, body
    text = main_text(body)
    for word in words:
        assert word in text, word
    # Version 1's code is the spec rendered again, highlighted, and its summary is in words.
    assert describe(SPEC, language).summary in text
    assert '<span class="tok-keyword">class</span> <span class="tok-def">BtcRsi5m</span>' in body
    assert f'href="/dashboard/strategies/versions/{first}/code.py"' in body
    # The custom version is described by its stored words, escaped like everything else.
    assert "Handmade <b>idea</b>" in text and "<b>idea</b>" not in body


async def test_a_custom_versions_code_is_escaped_on_the_page(
    client: Client, runtime: Runtime, make_user: UserFactory
) -> None:
    user = await make_user()
    strategy, _ = await add_spec_strategy(runtime, user)
    await add_custom_version(runtime, user, strategy, EVIL)
    await sign_in(client, runtime, user)

    body = await (await client.get(f"/dashboard/strategies/{strategy}")).text()

    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    # v1 carries the validation it was saved with; v2 (custom, new) was never backtested.
    assert "The code check found no reads of future candles" in body
    assert "Not checked yet: this version has not been backtested" in body


async def test_the_code_download_is_the_code_that_runs(
    client: Client, runtime: Runtime, make_user: UserFactory
) -> None:
    user = await make_user()
    _, version = await add_spec_strategy(runtime, user)
    async with runtime.db.as_service() as conn:  # stored code is never what a spec version runs
        await conn.execute("update strategy_versions set code = 'tampered' where id = $1", version)
    await sign_in(client, runtime, user)

    response = await client.get(f"/dashboard/strategies/versions/{version}/code.py")

    assert response.status == 200
    assert await response.text() == RENDERED.code
    assert response.headers["Content-Disposition"] == 'attachment; filename="BtcRsi5m_v1.py"'
    assert response.content_type == "text/x-python"


async def test_a_version_whose_spec_no_longer_renders_shows_its_saved_code(
    client: Client, runtime: Runtime, make_user: UserFactory
) -> None:
    user = await make_user()
    version = await add_strategy(runtime, user)  # spec '{}': not a valid spec any more
    async with runtime.db.as_service() as conn:
        strategy = await conn.fetchval(
            "select strategy_id from strategy_versions where id = $1", version
        )
    await sign_in(client, runtime, user)

    body = await (await client.get(f"/dashboard/strategies/{strategy}")).text()

    assert "can no longer be turned into code" in body
    assert '<span class="tok-keyword">pass</span>' in body


async def test_another_users_strategy_and_code_are_not_found(
    client: Client, runtime: Runtime, make_user: UserFactory
) -> None:
    owner, other = await make_user(), await make_user(language="id")
    strategy, version = await add_spec_strategy(runtime, owner)
    await sign_in(client, runtime, other)

    for path in (
        f"/dashboard/strategies/{strategy}",
        f"/dashboard/strategies/versions/{version}/code.py",
        "/dashboard/strategies/not-a-uuid",
        "/dashboard/strategies/versions/not-a-uuid/code.py",
    ):
        response = await client.get(path)
        body = await response.text()
        assert response.status == 404, path
        assert "Halaman tidak ditemukan" in body and "BtcRsi5m" not in body
