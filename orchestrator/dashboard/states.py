"""The one state word a dashboard shows for a bot, from what the worker reports and was asked.

A bot's `status` is what its worker last reported; `desired_state` is what the user (or the
supervisor) asked for. The user should see their request at once: a pause asked of a
running bot shows as paused, and a bot asked to run that no worker has picked up yet shows
as starting. A pause the supervisor made is told apart from the user's own.
"""

from __future__ import annotations

from typing import Final, Literal

State = Literal[
    "running", "starting", "paused", "paused_supervisor", "stopping", "stopped", "failed"
]
STATES: Final[tuple[State, ...]] = (
    "running",
    "starting",
    "paused",
    "paused_supervisor",
    "stopping",
    "stopped",
    "failed",
)
# The bot's process runs in these (the worker holds it): Pause and Resume can reach it.
ALIVE: Final = frozenset({"running", "starting", "paused", "paused_supervisor"})


def state_of(status: str, desired: str, *, supervisor_paused: bool = False) -> State:
    """Return the state a user should see for a bot."""
    if status == "failed":
        return "failed"
    if status == "stopping" or (desired == "stopped" and status != "stopped"):
        return "stopping"
    if desired == "paused":
        return "paused_supervisor" if supervisor_paused else "paused"
    if status == "starting" or (desired == "running" and status == "stopped"):
        return "starting"
    if status == "running":
        return "running"
    if status == "paused":
        return "paused_supervisor" if supervisor_paused else "paused"
    return "stopped"


def can_pause(state: State) -> bool:
    """Tell whether Pause makes sense for a bot in this state."""
    return state in ("running", "starting")


def can_resume(state: State) -> bool:
    """Tell whether Resume makes sense for a bot in this state."""
    return state in ("paused", "paused_supervisor")


def can_stop(state: State) -> bool:
    """Tell whether Stop makes sense for a bot in this state."""
    return state in ALIVE
