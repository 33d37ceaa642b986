"""/keys: the one-time key form link, masked keys with delete, and pasted-key removal."""

from __future__ import annotations

import logging
import uuid

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop

from orchestrator.accounts.users import User
from orchestrator.keys import store as exchange_keys
from orchestrator.keys.form_links import issue_link
from orchestrator.keys.store import KeySummary
from telegram_bot import keyboards, render
from telegram_bot.callbacks import Action
from telegram_bot.i18n import t
from telegram_bot.keyguard import looks_like_credentials
from telegram_bot.session import (
    Ctx,
    acknowledge,
    current_user,
    press,
    reply,
    runtime_of,
    show,
    signer,
)

log = logging.getLogger(__name__)


async def keys(update: Update, context: Ctx) -> None:
    """Sends the key form link and the connected keys with delete buttons."""
    user = await current_user(update, context)
    await acknowledge(update)
    link = await issue_link(runtime_of(context), user.id)
    found = await exchange_keys.list_keys(runtime_of(context).db, user.id)
    text = render.keys_view(user.language, found)
    markup = keyboards.key_list(user.language, signer(update, context), link, found)
    await reply(update, context, text, markup)


async def _key(context: Ctx, user: User, key_id: uuid.UUID) -> KeySummary | None:
    found = await exchange_keys.list_keys(runtime_of(context).db, user.id)
    return next((key for key in found if key.id == key_id), None)


async def ask_delete(update: Update, context: Ctx) -> None:
    """Asks to confirm removing one key."""
    key_id = press(update, context).object_id()
    user = await current_user(update, context)
    await acknowledge(update)
    key = await _key(context, user, key_id)
    if key is None:
        await reply(update, context, t(user.language, "key_already_gone"))
        return
    text = t(
        user.language,
        "key_delete_confirm",
        exchange=key.exchange.capitalize(),
        hint=key.key_hint,
    )
    sign = signer(update, context)
    markup = keyboards.confirm(
        user.language, sign, "btn_confirm_delete", Action.KEY_DELETE_CONFIRM, key_id
    )
    await reply(update, context, text, markup)


async def delete(update: Update, context: Ctx) -> None:
    """Removes the confirmed key."""
    key_id = press(update, context).object_id()
    user = await current_user(update, context)
    deleted = await exchange_keys.delete_key(runtime_of(context).db, user.id, key_id)
    await acknowledge(update)
    await show(update, context, t(user.language, "key_deleted" if deleted else "key_already_gone"))


async def guard_secrets(update: Update, context: Ctx) -> None:
    """Deletes a message that looks like an API key or secret and explains why."""
    message = update.effective_message
    if message is None or not looks_like_credentials(message.text or message.caption or ""):
        return
    try:
        await message.delete()
    except TelegramError as exc:  # never log the text itself
        log.warning(
            "could not delete a message with credentials in chat %s: %s", message.chat_id, exc
        )
    user = await current_user(update, context)
    await reply(update, context, t(user.language, "secret_deleted"))
    raise ApplicationHandlerStop
