"""The Bot API endpoint: token check, fault injection, method dispatch and replies."""

from __future__ import annotations

import logging
import re
from typing import Any

from aiohttp import web

from emulators.telegram import editing, messaging, methods
from emulators.telegram.errors import METHOD_NOT_FOUND, UNAUTHORIZED, ApiError
from emulators.telegram.methods import Described, Handler
from emulators.telegram.params import read_params
from emulators.telegram.state import EmulatorState

log = logging.getLogger(__name__)

STATE = web.AppKey("state", EmulatorState)
TOKEN = re.compile(r"(\d+):[A-Za-z0-9_-]{35,}")

_NGINX_PAGE = (
    "<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n"
    "<center><h1>{status} {reason}</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n"
    "</body>\r\n</html>\r\n"
)
_REASONS = {
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Time-out",
}


def _method_table() -> dict[str, tuple[str, Handler]]:
    handlers: dict[str, Handler] = {
        "getMe": methods.get_me,
        "getUpdates": methods.get_updates,
        "setWebhook": methods.set_webhook,
        "deleteWebhook": methods.delete_webhook,
        "getWebhookInfo": methods.get_webhook_info,
        "setMyCommands": methods.set_my_commands,
        "getMyCommands": methods.get_my_commands,
        "deleteMyCommands": methods.delete_my_commands,
        "sendChatAction": methods.send_chat_action,
        "getChat": methods.get_chat,
        "getFile": methods.get_file,
        "logOut": methods.accept,
        "close": methods.accept,
        "sendMessage": messaging.send_message,
        "sendPhoto": messaging.send_photo,
        "sendDocument": messaging.send_document,
        "editMessageText": editing.edit_message_text,
        "editMessageCaption": editing.edit_message_caption,
        "editMessageReplyMarkup": editing.edit_message_reply_markup,
        "deleteMessage": editing.delete_message,
        "deleteMessages": editing.delete_messages,
        "answerCallbackQuery": editing.answer_callback_query,
    }
    for field, suffix in (
        ("description", "Description"),
        ("short_description", "ShortDescription"),
        ("name", "Name"),
    ):
        handlers[f"setMy{suffix}"], handlers[f"getMy{suffix}"] = methods.text_setting(field)
    return {name.lower(): (name, handler) for name, handler in handlers.items()}


METHODS = _method_table()


async def bot_api(request: web.Request) -> web.Response:
    """Answer one Bot API call at /bot{token}/{method}."""
    state = request.app[STATE]
    match = TOKEN.fullmatch(request.match_info["token"])
    if match is None:
        return _reply(state, UNAUTHORIZED.payload(), 401)
    entry = METHODS.get(request.match_info["method"].lower())
    if entry is None:
        return _reply(state, METHOD_NOT_FOUND.payload(), 404)
    name, handler = entry
    state.bot.id = int(match.group(1))
    state.bot_token = match.group(0)
    state.stats.record_call(name)
    fault = state.faults.next_fault(name.lower())
    if fault is not None and not fault.after:
        return _fault_reply(state, fault.status)
    try:
        result = await handler(state, await read_params(request))
    except ApiError as error:
        return _reply(state, error.payload(), error.code)
    if fault is not None:
        return _fault_reply(state, fault.status)
    return _reply(state, _success(result), 200)


def _success(result: Any) -> dict[str, Any]:
    if isinstance(result, Described):
        return {"ok": True, "result": result.result, "description": result.description}
    return {"ok": True, "result": result}


def _reply(state: EmulatorState, body: dict[str, Any], status: int) -> web.Response:
    state.stats.record_status(status)
    return web.json_response(body, status=status)


def _fault_reply(state: EmulatorState, status: int) -> web.Response:
    """Answer an injected 5xx: JSON for 500 as Telegram does, nginx HTML for gateway errors."""
    state.stats.record_status(status)
    reason = _REASONS.get(status, "Internal Server Error")
    if status == 500:
        body = {"ok": False, "error_code": 500, "description": reason}
        return web.json_response(body, status=status)
    page = _NGINX_PAGE.format(status=status, reason=reason)
    return web.Response(text=page, status=status, content_type="text/html")
