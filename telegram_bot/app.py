"""Build the python-telegram-bot Application around an opened runtime."""

from __future__ import annotations

from typing import Any

from telegram import LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, Defaults, ExtBot

from orchestrator.core.runtime import Runtime
from telegram_bot import routes
from telegram_bot.callbacks import derive_key
from telegram_bot.commands import bot_commands
from telegram_bot.i18n import DEFAULT_LANGUAGE, LANGUAGES
from telegram_bot.ordering import OnePerUser
from telegram_bot.persistence import SharedPersistence
from telegram_bot.ratelimit import SharedRateLimiter, shared_budget
from telegram_bot.session import ChatData, Ctx, context_types
from telegram_bot.state import BotData, UserData

App = Application[ExtBot[Any], Ctx, UserData, ChatData, BotData, Any]


def build_application(
    runtime: Runtime,
    *,
    token: str,
    base_url: str | None = None,
    base_file_url: str | None = None,
    webhook: bool,
) -> App:
    """Build the bot: HTML replies, rate limiting, typed context, every handler, the runtime."""
    defaults = Defaults(
        parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)
    )
    builder = (
        ApplicationBuilder()
        .token(token)
        .defaults(defaults)
        # One flood budget in Redis for every instance and the alert senders; replies first.
        .rate_limiter(SharedRateLimiter(shared_budget(runtime.redis, token)))
        .concurrent_updates(OnePerUser(runtime.redis))  # a user's updates take turns
        .persistence(SharedPersistence(runtime.db))  # flows survive instances and deploys
        .context_types(context_types())
    )
    if base_url:
        builder = builder.base_url(base_url)
    if base_file_url:
        builder = builder.base_file_url(base_file_url)
    if webhook:
        builder = builder.updater(None)
    application: App = builder.build()
    application.bot_data.bind(runtime, derive_key(token))
    routes.register(application)
    return application


async def register_commands(application: App) -> None:
    """Publish the command menu in Indonesian, in English, and as the default."""
    for language in LANGUAGES:
        await application.bot.set_my_commands(bot_commands(language), language_code=language)
    await application.bot.set_my_commands(bot_commands(DEFAULT_LANGUAGE))
