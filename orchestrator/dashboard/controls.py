"""Pause, Resume and Stop from the dashboard, through the chat's own bot services.

The services set the bot's desired state first and then tell its worker. When no worker
runs the bot (`bot_not_running` after the state was set), the request still stands: the
bot's desired state says what reconcile does next, so the outcome is "pending", not an
error. `bot_not_running` before anything changed (Pause on a stopped bot) is refused.
"""

from __future__ import annotations

import uuid
from typing import Final, Literal

from orchestrator.bots.service import pause_bot, resume_bot, stop_bot
from orchestrator.core.errors import UserFacingError
from orchestrator.core.runtime import Runtime

Action = Literal["pause", "resume", "stop"]
ACTIONS: Final[tuple[Action, ...]] = ("pause", "resume", "stop")
# What each action leaves the bot's desired state as.
TARGET: Final[dict[Action, str]] = {"pause": "paused", "resume": "running", "stop": "stopped"}
# How long Stop waits for the worker's report before answering "stopping".
STOP_WAIT_S: Final = 8.0

Outcome = Literal["paused", "paused_pending", "resumed", "resumed_pending", "stopped", "stopping"]


async def control(
    runtime: Runtime, user_id: uuid.UUID, bot_id: uuid.UUID, action: Action
) -> Outcome:
    """Apply `action` to the user's bot; say whether it took effect or is on its way."""
    if action == "stop":
        result = await stop_bot(runtime, user_id, bot_id, wait=STOP_WAIT_S)
        return "stopped" if result.stopped else "stopping"
    service = pause_bot if action == "pause" else resume_bot
    done: Outcome = "paused" if action == "pause" else "resumed"
    try:
        await service(runtime, user_id, bot_id)
    except UserFacingError as exc:
        if (
            exc.key == "bot_not_running"
            and await _desired(runtime, user_id, bot_id) == TARGET[action]
        ):
            return "paused_pending" if action == "pause" else "resumed_pending"
        raise
    except TimeoutError:  # the worker got the command but has not answered yet
        return done
    return done


async def _desired(runtime: Runtime, user_id: uuid.UUID, bot_id: uuid.UUID) -> str | None:
    async with runtime.db.as_user(user_id) as conn:
        value: str | None = await conn.fetchval(
            "select desired_state from bots where id = $1", bot_id
        )
    return value
