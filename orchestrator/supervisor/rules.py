"""Pure supervisor rules: loss streaks, drawdown against stake, and what to do about them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from orchestrator.core.errors import UserFacingError


@dataclass(frozen=True)
class Thresholds:
    """Per-bot limits: warn at N losses in a row, pause at M or at X % drawdown of stake."""

    warn_streak: int = 3
    pause_streak: int = 5
    max_drawdown_pct: float = 10.0

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Thresholds:
        """Read thresholds stored on a bot row, falling back to defaults."""
        data = data or {}
        defaults = cls()
        return cls(
            int(data.get("warn_streak", defaults.warn_streak)),
            int(data.get("pause_streak", defaults.pause_streak)),
            float(data.get("max_drawdown_pct", defaults.max_drawdown_pct)),
        )

    def validated(self) -> Thresholds:
        """Return self if sensible, else raise a user-facing error."""
        if not 1 <= self.warn_streak < self.pause_streak <= 50:
            raise UserFacingError("supervisor_bad_streaks")
        if not 0.5 <= self.max_drawdown_pct <= 100:
            raise UserFacingError("supervisor_bad_drawdown")
        return self

    def to_json(self) -> dict[str, Any]:
        """Serialise for the bots.supervisor column."""
        return {
            "warn_streak": self.warn_streak,
            "pause_streak": self.pause_streak,
            "max_drawdown_pct": self.max_drawdown_pct,
        }


class Action(StrEnum):
    """What the supervisor decides after a closed trade."""

    NONE = "none"
    WARN = "warn"
    PAUSE = "pause"


@dataclass(frozen=True)
class Decision:
    """A decision with the figures behind it."""

    action: Action
    streak: int
    drawdown_pct: float
    reason: str = ""


def loss_streak(profits: Sequence[Decimal]) -> int:
    """Count consecutive losing trades at the end of a close-ordered sequence."""
    streak = 0
    for profit in reversed(profits):
        if profit >= 0:
            break
        streak += 1
    return streak


def drawdown_pct(profits: Sequence[Decimal], stake: Decimal) -> float:
    """Return the drop from the best cumulative realised PnL, as % of the bot's stake."""
    if stake <= 0:
        return 0.0
    peak = running = Decimal(0)
    for profit in profits:
        running += profit
        peak = max(peak, running)
    current = peak - running
    # Only the drawdown still in force matters for pausing now.
    return float(current / stake * 100) if current > 0 else 0.0


def decide(profits: Sequence[Decimal], stake: Decimal, limits: Thresholds) -> Decision:
    """Decide after the newest closed trade (the last element of `profits`)."""
    streak = loss_streak(profits)
    drawdown = drawdown_pct(profits, stake)
    if streak >= limits.pause_streak:
        return Decision(Action.PAUSE, streak, drawdown, "loss_streak")
    if drawdown >= limits.max_drawdown_pct:
        return Decision(Action.PAUSE, streak, drawdown, "drawdown")
    if streak >= limits.warn_streak:
        return Decision(Action.WARN, streak, drawdown, "loss_streak")
    return Decision(Action.NONE, streak, drawdown)
