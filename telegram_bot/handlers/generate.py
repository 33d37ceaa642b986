"""/new: turn an idea into a strategy, editing one message with the job's progress."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable
from enum import IntEnum

from telegram import Bot, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import ConversationHandler

from orchestrator.accounts.users import User
from orchestrator.core.runtime import Runtime
from orchestrator.strategies.generation import (
    GenerationStatus,
    generation_status,
    request_generation,
)
from telegram_bot import render
from telegram_bot.callbacks import Action, Signer
from telegram_bot.i18n import label, t
from telegram_bot.keyboards import button
from telegram_bot.persistence import idea_keeper
from telegram_bot.session import (
    Ctx,
    acknowledge,
    background_of,
    chat_id,
    current_user,
    press,
    reply,
    runtime_of,
    signer,
    telegram_user_id,
    user_store,
)

log = logging.getLogger(__name__)

POLL_SECONDS = 1.5
GIVE_UP_SECONDS = 15 * 60
# How much of a long version its button shows; pressing it builds the whole prompt.
BUTTON_PROMPT = 40


class NewState(IntEnum):
    """Steps of the /new conversation."""

    PROMPT = 1


async def new(update: Update, context: Ctx) -> int:
    """Starts a generation from the command's text, or asks for the idea."""
    user = await current_user(update, context)
    prompt = " ".join(context.args or [])
    if prompt:
        await start_generation(update, context, user, prompt)
        return ConversationHandler.END
    await acknowledge(update)
    await reply(update, context, t(user.language, "new_ask"))
    return NewState.PROMPT


async def receive_prompt(update: Update, context: Ctx) -> int:
    """Starts a generation from the idea the user typed."""
    user = await current_user(update, context)
    message = update.effective_message
    await start_generation(update, context, user, message.text or "" if message else "")
    return ConversationHandler.END


def remember_idea(context: Ctx, text: str) -> str:
    """Keep a free-text idea for its "generate" button; return the button's token."""
    return user_store(context).remember_idea(text)


async def generate_idea(update: Update, context: Ctx) -> None:
    """Starts a generation from a remembered free-text idea."""
    token = press(update, context).arg
    user = await current_user(update, context)
    prompt = user_store(context).ideas.pop(token, None)
    if prompt is None:
        await acknowledge(update, label(user.language, "button_expired"))
        return
    await acknowledge(update)
    await start_generation(update, context, user, prompt)


async def start_generation(update: Update, context: Ctx, user: User, prompt: str) -> None:
    """Queue the generation and start editing a progress message."""
    runtime = runtime_of(context)
    request_id = await request_generation(runtime, user.id, prompt, user.language)
    message = await reply(update, context, t(user.language, "new_working"))
    tracker = Tracker(context.bot, runtime, user, chat_id(update), message.message_id)
    keep = idea_keeper(runtime.db, telegram_user_id(update))
    tracker.offer_with(signer(update, context), keep)
    background_of(context).spawn(tracker.follow(request_id), name=f"generation {request_id}")


class Tracker:
    """Edit one chat message with a job's progress until it finishes."""

    def __init__(self, bot: Bot, runtime: Runtime, user: User, chat: int, message_id: int) -> None:
        self.bot, self.runtime, self.user = bot, runtime, user
        self.chat, self.message_id = chat, message_id
        self.shown = ""
        self.sign: Signer | None = None
        self.keep: Callable[[str], Awaitable[str]] | None = None

    def offer_with(self, sign: Signer, keep: Callable[[str], Awaitable[str]]) -> None:
        """Let the outcome offer a button that builds another idea (a long version).

        The update has ended by then, so `keep` stores the idea for the button itself.
        """
        self.sign, self.keep = sign, keep

    async def follow(self, request_id: uuid.UUID) -> None:
        """Poll the request every POLL_SECONDS and show its progress, then its outcome."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + GIVE_UP_SECONDS
        lang = self.user.language
        while loop.time() < deadline:
            status = await generation_status(self.runtime, self.user.id, request_id)
            if status.status in ("done", "failed"):
                await self.edit(self.outcome(status), await self.offer(status))
                return
            await self.edit(render.progress(lang, status.progress))
            await asyncio.sleep(POLL_SECONDS)
        await self.edit(t(lang, "new_still_working"))

    def outcome(self, status: GenerationStatus) -> str:
        """Describe a finished request."""
        lang = self.user.language
        if status.status == "done":
            return t(lang, "new_done")
        params = (status.progress or {}).get("params") or {}
        reason = render.error(lang, status.error_key or "internal_error", params)
        if status.error_key == "prompt_long_only":
            return t(lang, "new_refused", reason=reason)  # the reason is the whole answer
        return t(lang, "new_failed_ours" if status.blame == "ours" else "new_failed", reason=reason)

    async def offer(self, status: GenerationStatus) -> InlineKeyboardMarkup | None:
        """Offer to build the long version of an idea that only sells short."""
        params = (status.progress or {}).get("params") or {}
        prompt = str(params.get("long_version") or "")
        if status.error_key != "prompt_long_only" or not prompt:
            return None
        if self.sign is None or self.keep is None:
            return None
        token = await self.keep(prompt)
        shown = prompt if len(prompt) <= BUTTON_PROMPT else prompt[: BUTTON_PROMPT - 1] + "…"
        lang = self.user.language
        long = button(
            lang, "btn_long_version", self.sign, Action.GENERATE_IDEA, arg=token, prompt=shown
        )
        return InlineKeyboardMarkup([[long]])

    async def edit(self, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
        """Show `text` (with `markup`'s buttons) unless it is already shown."""
        if text == self.shown:
            return
        try:
            await self.bot.edit_message_text(
                text, chat_id=self.chat, message_id=self.message_id, reply_markup=markup
            )
        except BadRequest as exc:
            if "not modified" not in exc.message:
                raise
        self.shown = text
