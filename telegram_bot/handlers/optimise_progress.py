"""Edit one chat message with an optimisation's progress until it finishes."""

from __future__ import annotations

import asyncio
import uuid

from telegram import Bot
from telegram.error import BadRequest

from orchestrator.optimise import optimise_status
from orchestrator.runtime import Runtime
from orchestrator.users import User
from telegram_bot.i18n import t

POLL_SECONDS = 2.0
GIVE_UP_SECONDS = 30 * 60


class OptimiseTracker:
    """Follow one hyperopt run and keep its chat message current."""

    def __init__(self, bot: Bot, runtime: Runtime, user: User, chat: int, message_id: int) -> None:
        self.bot, self.runtime, self.user = bot, runtime, user
        self.chat, self.message_id = chat, message_id
        self.shown = ""

    async def follow(self, run_id: uuid.UUID) -> None:
        """Poll the run and edit the message: epochs done, best profit, then the outcome."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + GIVE_UP_SECONDS
        lang = self.user.language
        while loop.time() < deadline:
            status, progress = await optimise_status(self.runtime, self.user.id, run_id)
            if status in ("done", "failed"):
                await self.edit(t(lang, "optimise_done" if status == "done" else "optimise_failed"))
                return
            if progress and progress.get("stage") == "hyperopt":
                best = progress.get("best_profit_pct")
                await self.edit(
                    t(
                        lang,
                        "optimise_progress",
                        epoch=progress.get("epoch", 0),
                        total=progress.get("total", 0),
                        best="—" if best is None else f"{float(best):+.2f}%",
                    )
                )
            await asyncio.sleep(POLL_SECONDS)

    async def edit(self, text: str) -> None:
        """Show `text` unless it is already shown."""
        if text == self.shown:
            return
        try:
            await self.bot.edit_message_text(text, chat_id=self.chat, message_id=self.message_id)
        except BadRequest as exc:
            if "not modified" not in exc.message:
                raise
        self.shown = text
