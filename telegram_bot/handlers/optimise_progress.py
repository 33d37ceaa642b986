"""Edit one chat message with an optimisation's progress until it finishes."""

from __future__ import annotations

import asyncio
import uuid

from kernel.formatting import percent
from orchestrator.strategies.optimisation import optimise_status
from telegram_bot.handlers.generate import Tracker
from telegram_bot.i18n import t

POLL_SECONDS = 2.0
GIVE_UP_SECONDS = 30 * 60


class OptimiseTracker(Tracker):
    """Follow one hyperopt run and keep its chat message current."""

    async def follow(self, request_id: uuid.UUID) -> None:
        """Poll the run and edit the message: epochs done, best profit, then the outcome."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + GIVE_UP_SECONDS
        lang = self.user.language
        while loop.time() < deadline:
            status, progress = await optimise_status(self.runtime, self.user.id, request_id)
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
                        best="—" if best is None else percent(best, lang, decimals=2, signed=True),
                    )
                )
            await asyncio.sleep(POLL_SECONDS)
