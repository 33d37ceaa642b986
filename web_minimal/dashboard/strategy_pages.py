"""The strategy pages: the list, one strategy with its versions and runs, and code downloads.

`GET /dashboard/strategies/{id}?v=N` shows version N's code (the current version's without
`v`); the code is highlighted here, on the server, so the page needs no script for it. A
strategy or version that is not the reader's is `strategy_not_found`: the same 404 as a
malformed or unknown id.
"""

from __future__ import annotations

import re

from aiohttp import web

from kernel.errors import UserFacingError
from orchestrator.dashboard.strategy_page import strategies, strategy_page, version_code
from web_minimal.dashboard import auth, texts_strategies  # noqa: F401  (registers the texts)
from web_minimal.dashboard.highlight import highlight
from web_minimal.dashboard.paths import not_found_on, path_id, whole
from web_minimal.dashboard.view import page, reader
from web_minimal.state import RUNTIME

NOT_FOUND = ("strategy_not_found", "version_not_found")
# A file name a header can carry as it is (class names are identifiers; this makes sure).
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


async def strategies_view(request: web.Request) -> web.Response:
    """List the reader's strategies with their current version in words."""
    session = await auth.require(request)
    who = await reader(request, session)
    items = await strategies(request.app[RUNTIME], session.user_id, who.language)
    return await page(
        request, "strategies.html", {"items": items}, session=session, nav="strategies"
    )


async def strategy_view(request: web.Request) -> web.Response:
    """Show one strategy: versions in words, backtests, optimisations, look-ahead, code."""
    session = await auth.require(request)
    strategy_id, who = path_id(request, "strategy_id"), await reader(request, session)
    wanted = whole(request.query.get("v"))
    try:
        model = await strategy_page(
            request.app[RUNTIME], session.user_id, strategy_id, who.language, wanted
        )
    except UserFacingError as exc:
        not_found_on(exc, *NOT_FOUND)
    context = {"model": model, "code": model.code, "code_html": highlight(model.code.code)}
    return await page(request, "strategy.html", context, session=session, nav="strategies")


async def code_download(request: web.Request) -> web.Response:
    """Send a version's code, as it runs, as a Python file."""
    session = await auth.require(request)
    version_id = path_id(request, "version_id")
    try:
        code = await version_code(request.app[RUNTIME], session.user_id, version_id)
    except UserFacingError as exc:
        not_found_on(exc, *NOT_FOUND)
    return web.Response(
        text=code.code,
        content_type="text/x-python",
        charset="utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{_UNSAFE.sub("_", code.filename)}"',
            "Cache-Control": "private, no-store",
        },
    )


def add_routes(app: web.Application) -> None:
    """Register the strategy list, the strategy page and the code download."""
    app.router.add_get("/dashboard/strategies", strategies_view)
    app.router.add_get("/dashboard/strategies/{strategy_id}", strategy_view)
    app.router.add_get("/dashboard/strategies/versions/{version_id}/code.py", code_download)
