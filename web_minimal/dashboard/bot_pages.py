"""The bot page and what hangs off it: controls, the CSV export, chart and live-figure JSON.

Every handler signs the reader in, parses the bot id (a malformed one is simply not found),
calls one service in `orchestrator/dashboard/`, and renders. A bot that is not the reader's
is `bot_not_found` from the service, which becomes the same 404 as an unknown id.
"""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any, Final, NoReturn

from aiohttp import web

from kernel.errors import UserFacingError
from orchestrator.dashboard.bot_page import bot_card, bot_page
from orchestrator.dashboard.controls import ACTIONS, Action, control
from orchestrator.dashboard.live import live_trades
from orchestrator.dashboard.market import price_chart
from orchestrator.dashboard.states import can_pause, can_resume, can_stop
from orchestrator.dashboard.trades import export_batches
from web_minimal.dashboard import auth
from web_minimal.dashboard.charts import chart_data, live_json
from web_minimal.dashboard.csv_export import csv_stream
from web_minimal.dashboard.i18n import has
from web_minimal.dashboard.view import WARNING_FLASHES, checked_form, now, page, reader
from web_minimal.state import RUNTIME


def bot_id_of(request: web.Request) -> uuid.UUID:
    """Return the bot id in the path; a malformed one is a 404 like any unknown id."""
    try:
        return uuid.UUID(request.match_info["bot_id"])
    except ValueError:
        raise web.HTTPNotFound() from None


def action_of(request: web.Request) -> Action:
    """Return the control named in the path (pause, resume or stop), else 404."""
    name = request.match_info["action"]
    if name not in ACTIONS:
        raise web.HTTPNotFound()
    return name


async def bot_view(request: web.Request) -> web.Response:
    """Show one of the reader's bots: charts, trades, statistics, history, controls."""
    session = await auth.require(request)
    bot_id, who = bot_id_of(request), await reader(request, session)
    number = request.query.get("page", "1")
    wanted = int(number) if number.isascii() and number.isdigit() else 1
    try:
        model = await bot_page(
            request.app[RUNTIME], session.user_id, bot_id, wanted, now(), who.timezone
        )
    except UserFacingError as exc:
        _not_found_on(exc)
    context = {
        "model": model,
        "bot": model.card,
        "charts": chart_data(model, who.language, who.timezone),
        "can": {"pause": can_pause(model.card.state), "resume": can_resume(model.card.state),
                "stop": can_stop(model.card.state)},
    }  # fmt: skip
    return await page(request, "bot.html", context, session=session, nav="overview", live=True)


async def confirm(request: web.Request) -> web.Response:
    """Ask the reader to confirm Pause, Resume or Stop (the page without script uses this)."""
    session = await auth.require(request)
    bot_id, action = bot_id_of(request), action_of(request)
    who = await reader(request, session)
    try:
        card = await bot_card(request.app[RUNTIME], session.user_id, bot_id, now(), who.timezone)
    except UserFacingError as exc:
        _not_found_on(exc)
    context = {"bot": card, "action": action}
    return await page(request, "confirm.html", context, session=session, nav="overview")


async def act(request: web.Request) -> NoReturn:
    """Pause, resume or stop the bot (CSRF-checked), then go back to its page with the outcome."""
    session = await auth.require(request)
    bot_id, action = bot_id_of(request), action_of(request)
    await checked_form(request, session)
    try:
        outcome: str = await control(request.app[RUNTIME], session.user_id, bot_id, action)
    except UserFacingError as exc:
        if exc.key == "bot_not_found":
            raise web.HTTPNotFound() from None
        outcome = refusal(exc.key)
    raise web.HTTPSeeOther(f"/dashboard/bots/{bot_id}?done={outcome}")


async def trades_csv(request: web.Request) -> web.Response:
    """Send every trade of the bot as a CSV file, streamed a batch of trades at a time."""
    session = await auth.require(request)
    bot_id = bot_id_of(request)
    try:
        chunks = await csv_stream(export_batches(request.app[RUNTIME], session.user_id, bot_id))
    except UserFacingError as exc:
        _not_found_on(exc)
    return web.Response(
        body=chunks,
        content_type="text/csv",
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="trades-{bot_id}.csv"'},
    )


async def candles_api(request: web.Request) -> web.Response:
    """Answer the bot's price chart as JSON (candles with entries and exits)."""
    session = await auth.require(request)
    bot_id = bot_id_of(request)
    try:
        chart = await price_chart(request.app[RUNTIME], session.user_id, bot_id)
    except UserFacingError as exc:
        _not_found_on(exc)
    return web.json_response(_plain(dataclasses.asdict(chart)))


async def live_api(request: web.Request) -> web.Response:
    """Answer the running bot's open-trade figures as JSON ({"running": false} when it is not)."""
    session = await auth.require(request)
    bot_id, who = bot_id_of(request), await reader(request, session)
    try:
        trades = await live_trades(request.app[RUNTIME], session.user_id, bot_id)
    except UserFacingError as exc:
        _not_found_on(exc)
    return web.json_response(live_json(trades, who.language))


# Outcomes of a control that changed nothing: their flash is a warning.
REFUSALS: Final = frozenset(
    {
        "not_running", "refused", "plan_bot_limit", "plan_live_limit", "plan_custom_code",
        "custom_code_unavailable", "live_needs_keys", "bot_already_active",
    }
)  # fmt: skip
WARNING_FLASHES.update(REFUSALS)


def refusal(key: str) -> str:
    """Name the flash message for a refused control: the service's reason when we word it."""
    if key == "bot_not_running":
        return "not_running"
    return key if key in REFUSALS and has(f"flash.{key}") else "refused"


def _not_found_on(exc: UserFacingError) -> NoReturn:
    """Turn a bot that is not the reader's into a 404; raise any other refusal on."""
    if exc.key == "bot_not_found":
        raise web.HTTPNotFound() from None
    raise exc


def _plain(value: Any) -> Any:
    """Make a dataclass dump JSON-ready (tuples as lists)."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def add_routes(app: web.Application) -> None:
    """Register the bot page, its controls, its CSV export and its JSON."""
    app.router.add_get("/dashboard/bots/{bot_id}", bot_view)
    app.router.add_get("/dashboard/bots/{bot_id}/trades.csv", trades_csv)
    app.router.add_get("/dashboard/bots/{bot_id}/{action}", confirm)
    app.router.add_post("/dashboard/bots/{bot_id}/{action}", act)
    app.router.add_get("/dashboard/api/bots/{bot_id}/candles", candles_api)
    app.router.add_get("/dashboard/api/bots/{bot_id}/live", live_api)
