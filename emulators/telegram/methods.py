"""Bot API methods about the bot itself: identity, updates, webhook, commands and chats."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from emulators.telegram.errors import ApiError, bad_request
from emulators.telegram.messaging import read_chat_id
from emulators.telegram.models import JSON
from emulators.telegram.params import Params
from emulators.telegram.state import EmulatorState, WebhookConfig

Handler = Callable[[EmulatorState, Params], Awaitable[Any]]

_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


@dataclass(frozen=True)
class Described:
    """A result that Telegram sends with a `description`, such as setWebhook's."""

    result: Any
    description: str


async def get_me(state: EmulatorState, params: Params) -> JSON:
    """Describe the bot."""
    me = state.bot.to_api()
    me.update(can_join_groups=True, can_read_all_group_messages=False)
    me.update(supports_inline_queries=False, can_connect_to_business=False, has_main_web_app=False)
    return me


async def get_updates(state: EmulatorState, params: Params) -> list[JSON]:
    """Return pending updates, long-polling up to `timeout` seconds for the first one."""
    if state.webhook is not None:
        raise _webhook_conflict()
    queue = state.updates
    generation = queue.begin_poll()
    queue.confirm(params.integer("offset") or 0)
    allowed = params.json("allowed_updates", "can't parse allowed_updates JSON object")
    if isinstance(allowed, list):
        queue.allowed = allowed
    limit = min(max(params.integer("limit") or 100, 1), 100)

    def settled() -> bool:
        """Return whether the poll can answer now."""
        stale = queue.poll_generation != generation
        return bool(queue.pending) or stale or state.webhook is not None or state.closing

    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(max(params.integer("timeout") or 0, 0)):
            await state.signal.wait_for(settled)
    if queue.poll_generation != generation:
        raise ApiError(
            409,
            "Conflict: terminated by other getUpdates request; "
            "make sure that only one bot instance is running",
        )
    if state.webhook is not None:
        raise _webhook_conflict()
    return queue.pending[:limit]


async def set_webhook(state: EmulatorState, params: Params) -> Described:
    """Start pushing updates to `url`; an empty url removes the webhook."""
    url = params.text("url") or ""
    if not url:
        return await delete_webhook(state, params)
    if not url.startswith(("http://", "https://")):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    secret = params.text("secret_token")
    if secret is not None and not _SECRET.fullmatch(secret):
        raise bad_request("bad webhook: secret token contains unallowed characters")
    allowed = params.json("allowed_updates", "can't parse allowed_updates JSON object")
    already = state.webhook is not None and state.webhook.url == url
    state.webhook = WebhookConfig(url, secret, params.integer("max_connections") or 40)
    if isinstance(allowed, list):
        state.webhook.allowed_updates = state.updates.allowed = allowed
    if params.flag("drop_pending_updates"):
        state.updates.clear()
    state.signal.notify()
    return Described(True, "Webhook is already set" if already else "Webhook was set")


async def delete_webhook(state: EmulatorState, params: Params) -> Described:
    """Stop pushing updates, optionally dropping the pending ones."""
    existed = state.webhook is not None
    state.webhook = None
    if params.flag("drop_pending_updates"):
        state.updates.clear()
    state.signal.notify()
    return Described(True, "Webhook was deleted" if existed else "Webhook is already deleted")


async def get_webhook_info(state: EmulatorState, params: Params) -> JSON:
    """Describe the webhook and how many updates wait for it."""
    hook = state.webhook
    info: JSON = {"url": "", "has_custom_certificate": False}
    info["pending_update_count"] = len(state.updates.pending)
    if hook is None:
        return info
    info.update(url=hook.url, max_connections=hook.max_connections, ip_address="127.0.0.1")
    if hook.allowed_updates is not None:
        info["allowed_updates"] = hook.allowed_updates
    if hook.last_error_date is not None:
        info.update(
            last_error_date=hook.last_error_date, last_error_message=hook.last_error_message
        )
    return info


async def set_my_commands(state: EmulatorState, params: Params) -> bool:
    """Store the command list for one scope and language."""
    commands = params.json("commands", "can't parse commands JSON object")
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("can't parse commands JSON object")
    for command in commands:
        _check_command(command)
    stored = [{"command": c["command"], "description": c["description"]} for c in commands]
    state.commands[_commands_key(params)] = stored
    return True


async def get_my_commands(state: EmulatorState, params: Params) -> list[JSON]:
    """Return the commands of exactly this scope and language (no fallback)."""
    return state.commands.get(_commands_key(params), [])


async def delete_my_commands(state: EmulatorState, params: Params) -> bool:
    """Forget the commands of one scope and language."""
    state.commands.pop(_commands_key(params), None)
    return True


async def send_chat_action(state: EmulatorState, params: Params) -> bool:
    """Accept a chat action such as `typing` and count it."""
    state.chat_for_bot(read_chat_id(params))
    action = params.text("action") or ""
    if action not in _ACTIONS:
        raise bad_request("wrong parameter action in request")
    state.stats.chat_actions[action] += 1
    return True


async def get_chat(state: EmulatorState, params: Params) -> JSON:
    """Return the ChatFullInfo of a known chat."""
    chat = state.chats.get(read_chat_id(params) or 0)
    if chat is None:
        raise bad_request("chat not found")
    info = chat.to_api()
    info.update(accent_color_id=0, max_reaction_count=11)
    gifts = ("unlimited_gifts", "limited_gifts", "unique_gifts", "premium_subscription")
    info["accepted_gift_types"] = {name: True for name in gifts} | {"gifts_from_channels": False}
    return info


async def get_file(state: EmulatorState, params: Params) -> JSON:
    """Describe a stored file, with the path to download it from the file base URL."""
    stored = state.files.get(params.text("file_id") or "")
    if stored is None:
        raise bad_request("invalid file_id")
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": stored.size,
        "file_path": stored.file_path,
    }


async def accept(state: EmulatorState, params: Params) -> bool:
    """Answer True and change nothing (logOut, close)."""
    return True


def text_setting(field: str) -> tuple[Handler, Handler]:
    """Build the set/get pair for a per-language bot text such as `description`."""

    async def setter(state: EmulatorState, params: Params) -> bool:
        """Store the text for one language."""
        state.bot_texts[(field, params.text("language_code") or "")] = params.text(field) or ""
        return True

    async def getter(state: EmulatorState, params: Params) -> JSON:
        """Return the text stored for one language."""
        return {field: state.bot_texts.get((field, params.text("language_code") or ""), "")}

    return setter, getter


def _check_command(command: Any) -> None:
    if not isinstance(command, dict) or not isinstance(command.get("command"), str):
        raise bad_request("can't parse commands JSON object")
    if not _COMMAND.fullmatch(command["command"]):
        raise bad_request("BOT_COMMAND_INVALID")
    description = command.get("description")
    if not isinstance(description, str) or not 1 <= len(description) <= 256:
        raise bad_request("command description must be non-empty")


def _commands_key(params: Params) -> tuple[str, str]:
    scope = params.json("scope", "can't parse BotCommandScope JSON object") or {"type": "default"}
    if not isinstance(scope, dict) or "type" not in scope:
        raise bad_request("can't parse BotCommandScope JSON object")
    return json.dumps(scope, sort_keys=True), params.text("language_code") or ""


def _webhook_conflict() -> ApiError:
    return ApiError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; "
        "use deleteWebhook to delete the webhook first",
    )
