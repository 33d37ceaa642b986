"""The overview page, `GET /dashboard`: every bot as a card, totals, and the plan."""

from __future__ import annotations

from aiohttp import web

from orchestrator.dashboard.overview import overview
from web_minimal.dashboard import auth
from web_minimal.dashboard.view import now, page, reader
from web_minimal.state import RUNTIME


async def overview_page(request: web.Request) -> web.Response:
    """Show the user's bots, their totals and their plan."""
    session = await auth.require(request)
    who = await reader(request, session)
    model = await overview(request.app[RUNTIME], session.user_id, now(), who.timezone)
    return await page(
        request, "overview.html", {"model": model}, session=session, nav="overview", live=True
    )


def add_routes(app: web.Application) -> None:
    """Register the overview page."""
    app.router.add_get("/dashboard", overview_page)
    app.router.add_get("/dashboard/", overview_page)
