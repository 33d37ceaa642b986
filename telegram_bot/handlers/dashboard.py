"""/dashboard and /logout_all: into the web dashboard from chat, and out of it everywhere."""

from __future__ import annotations

import datetime as dt

from telegram import Update

from orchestrator.dashboard import access
from telegram_bot import dashboard
from telegram_bot.i18n import t
from telegram_bot.session import Ctx, current_user, reply, runtime_of

LINK_MINUTES = int(access.LINK_TTL.total_seconds() // 60)


async def send_link(update: Update, context: Ctx) -> None:
    """Sends a one-time dashboard link, bound to this user, as a button."""
    user = await current_user(update, context)
    now = dt.datetime.now(dt.UTC)
    link = await access.issue_link(runtime_of(context), user.id, now)
    text = t(user.language, "dashboard_link", minutes=LINK_MINUTES)
    await reply(update, context, text, dashboard.link_markup(user.language, link))


async def logout_all(update: Update, context: Ctx) -> None:
    """Ends every dashboard session of the user and spends their unopened links."""
    user = await current_user(update, context)
    ended = await access.revoke_all(runtime_of(context), user.id, dt.datetime.now(dt.UTC))
    await reply(update, context, dashboard.logout_view(user.language, ended))
