"""HTTP routes of the control API (/_emu/...), file downloads and the chat page."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler

from emulators.telegram.control import Controller
from emulators.telegram.errors import ControlError
from emulators.telegram.models import StoredFile
from emulators.telegram.page import chat_page

CONTROLLER = web.AppKey("controller", Controller)
routes = web.RouteTableDef()


@web.middleware
async def control_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Render control-API mistakes as JSON errors instead of 500s."""
    try:
        return await handler(request)
    except ControlError as error:
        return web.json_response({"ok": False, "error": str(error)}, status=error.status)
    except (KeyError, ValueError, TypeError) as error:
        if not request.path.startswith("/_emu/"):
            raise
        detail = f"missing or invalid field: {error}"
        return web.json_response({"ok": False, "error": detail}, status=400)


async def _body(request: web.Request) -> dict[str, Any]:
    if not request.can_read_body:
        return {}
    body = await request.json()
    if not isinstance(body, dict):
        raise ControlError("the body must be a JSON object")
    return body


def _optional_int(value: Any) -> int | None:
    return None if value is None or value == "" else int(value)


@routes.post("/_emu/send")
async def send(request: web.Request) -> web.Response:
    """Inject a user's message."""
    body = await _body(request)
    message = request.app[CONTROLLER].send_user_message(
        int(body["user_id"]),
        str(body.get("text") or ""),
        chat_id=_optional_int(body.get("chat_id")),
        language_code=body.get("language_code"),
        first_name=body.get("first_name"),
        username=body.get("username"),
        chat_title=body.get("chat_title"),
    )
    return web.json_response(message)


@routes.post("/_emu/click")
async def click(request: web.Request) -> web.Response:
    """Press an inline button."""
    body = await _body(request)
    query_id = request.app[CONTROLLER].click(
        int(body["chat_id"]),
        int(body["message_id"]),
        str(body["data"]),
        user_id=_optional_int(body.get("user_id")),
        force=bool(body.get("force", False)),
    )
    return web.json_response({"ok": True, "callback_query_id": query_id})


@routes.post("/_emu/webapp/init_data")
async def web_app_init_data(request: web.Request) -> web.Response:
    """Open a Mini App from a web_app button: signed initData and the launch URL."""
    body = await _body(request)
    launch = request.app[CONTROLLER].open_web_app(
        int(body["chat_id"]), str(body["url"]), force=bool(body.get("force", False))
    )
    return web.json_response({"ok": True, **dataclasses.asdict(launch)})


@routes.get("/_emu/messages")
async def messages(request: web.Request) -> web.Response:
    """List a chat's messages."""
    include_user = request.query.get("include_user", "") in ("1", "true")
    chat_id = int(request.query["chat_id"])
    found = request.app[CONTROLLER].messages(chat_id, include_user=include_user)
    return web.json_response({"messages": found})


@routes.get("/_emu/wait")
async def wait(request: web.Request) -> web.Response:
    """Long-poll until a chat has `count` bot messages; 408 on timeout."""
    controller = request.app[CONTROLLER]
    chat_id, count = int(request.query["chat_id"]), int(request.query.get("count", "1"))
    timeout = min(float(request.query.get("timeout", "5")), 120.0)
    try:
        found = await controller.wait_for_messages(chat_id, count, timeout)
    except TimeoutError:
        found = controller.messages(chat_id)
        return web.json_response({"ok": False, "messages": found}, status=408)
    return web.json_response({"ok": True, "messages": found})


@routes.get("/_emu/callback_answers")
async def callback_answers(request: web.Request) -> web.Response:
    """List answerCallbackQuery calls."""
    chat_id = _optional_int(request.query.get("chat_id"))
    return web.json_response({"answers": request.app[CONTROLLER].callback_answers(chat_id)})


@routes.post("/_emu/fault")
async def fault(request: web.Request) -> web.Response:
    """Configure 5xx injection."""
    body = await _body(request)
    plan = request.app[CONTROLLER].set_fault(
        status=int(body.get("status", 502)),
        count=int(body.get("count", 0)),
        error_rate=float(body.get("error_rate", 0.0)),
        seed=_optional_int(body.get("seed")),
        methods=body.get("methods"),
        after=bool(body.get("after", False)),
    )
    return web.json_response({"ok": True, "fault": plan})


@routes.post("/_emu/block")
async def block(request: web.Request) -> web.Response:
    """Make a user block or unblock the bot."""
    body = await _body(request)
    request.app[CONTROLLER].block_user(int(body["user_id"]), bool(body.get("blocked", True)))
    return web.json_response({"ok": True})


@routes.post("/_emu/limits")
async def limits(request: web.Request) -> web.Response:
    """Change flood limits."""
    current = request.app[CONTROLLER].set_limits(**await _body(request))
    return web.json_response({"ok": True, "limits": current})


@routes.get("/_emu/stats")
async def stats(request: web.Request) -> web.Response:
    """Report counters and delivery timestamps."""
    return web.json_response(request.app[CONTROLLER].stats())


@routes.get("/_emu/commands")
async def commands(request: web.Request) -> web.Response:
    """Show the commands set for a language (and optional JSON scope)."""
    scope = request.query.get("scope")
    found = request.app[CONTROLLER].commands(
        request.query.get("language_code", ""), json.loads(scope) if scope else None
    )
    return web.json_response({"commands": found})


@routes.post("/_emu/reset")
async def reset(request: web.Request) -> web.Response:
    """Forget all chats, files, settings and counters."""
    request.app[CONTROLLER].reset()
    return web.json_response({"ok": True})


@routes.get("/_emu/file/{file_id}")
async def emulator_file(request: web.Request) -> web.StreamResponse:
    """Serve a stored file by file_id (used by the chat page)."""
    stored = request.app[CONTROLLER].state.files.get(request.match_info["file_id"])
    return _file_response(stored)


@routes.get("/file/bot{token}/{path:.+}")
async def bot_file(request: web.Request) -> web.StreamResponse:
    """Serve a file by the path getFile reported, as api.telegram.org/file does."""
    files = request.app[CONTROLLER].state.files.values()
    stored = next((f for f in files if f.file_path == request.match_info["path"]), None)
    return _file_response(stored)


def _file_response(stored: StoredFile | None) -> web.StreamResponse:
    if stored is None:
        raise web.HTTPNotFound(text="file not found")
    if stored.data is None and stored.url:
        raise web.HTTPFound(stored.url)
    return web.Response(body=stored.data or b"", content_type=stored.content_type)


@routes.get("/")
@routes.get("/chat")
async def page(request: web.Request) -> web.Response:
    """Serve the chat page."""
    return web.Response(text=chat_page(), content_type="text/html")


@routes.get("/favicon.ico")
async def favicon(request: web.Request) -> web.Response:
    """Answer the browser's icon request with nothing, so the page loads without errors."""
    return web.Response(status=204)
