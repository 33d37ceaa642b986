"""Users: Telegram identity, language and preferences."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Self

import asyncpg

from billing_tripay.plans import Entitlements
from kernel.i18n import LANGUAGES, Language, pick_language
from orchestrator.accounts.entitlements import plan_of
from orchestrator.core.errors import UserFacingError
from orchestrator.db.pool import Database
from orchestrator.supervisor.rules import Thresholds

ALERT_LEVELS = ("all", "important", "none")


@dataclass(frozen=True)
class User:
    """The parts of a user the interfaces need on every request."""

    id: uuid.UUID
    telegram_id: int
    language: str
    plan_code: str
    alert_level: str
    is_new: bool = False


def language_for(code: str | None) -> Language:
    """Pick our language for a Telegram client's language_code (see `pick_language`)."""
    return pick_language(code)


async def get_or_create(
    db: Database,
    telegram_id: int,
    *,
    username: str | None,
    name: str | None,
    language_code: str | None,
) -> User:
    """Return the user for a Telegram account, creating it on first contact."""
    async with db.as_service() as conn:
        row = await conn.fetchrow(
            "insert into users (telegram_id, telegram_username, display_name, language)"
            " values ($1, $2, $3, $4) on conflict (telegram_id) do update set"
            " telegram_username = excluded.telegram_username, bot_blocked_at = null"
            " returning id, telegram_id, language, plan_code, alert_level, (xmax = 0) as is_new",
            telegram_id,
            username,
            (name or "")[:64],
            language_for(language_code),
        )
    return User(**dict(row))


async def set_language(db: Database, user_id: uuid.UUID, language: str) -> None:
    """Change the user's language."""
    if language not in LANGUAGES:
        raise UserFacingError("invalid_language")
    async with db.as_user(user_id) as conn:
        await conn.execute(
            "update users set language = $2, updated_at = now() where id = $1", user_id, language
        )


async def set_alert_level(db: Database, user_id: uuid.UUID, level: str) -> None:
    """Choose which alerts the user receives."""
    if level not in ALERT_LEVELS:
        raise UserFacingError("invalid_alert_level")
    async with db.as_user(user_id) as conn:
        await conn.execute(
            "update users set alert_level = $2, updated_at = now() where id = $1", user_id, level
        )


async def set_supervisor(
    db: Database, user_id: uuid.UUID, bot_id: uuid.UUID, limits: Thresholds
) -> None:
    """Change one bot's supervisor thresholds (validated)."""
    limits.validated()
    async with db.as_user(user_id) as conn:
        done = await conn.execute(
            "update bots set supervisor = supervisor || $2::jsonb where id = $1",
            bot_id,
            limits.to_json(),
        )
    if done != "UPDATE 1":
        raise UserFacingError("bot_not_found")


@dataclass(frozen=True)
class Profile:
    """The user's settings, plan and this month's AI-generation allowance."""

    language: str
    alert_level: str
    plan_code: str
    plan_expires_at: dt.datetime | None
    generations_used: int  # this month
    generations_limit: int  # per month
    max_bots: int
    max_live_bots: int

    @classmethod
    def from_row(cls, row: asyncpg.Record, allows: Entitlements) -> Self:
        """Build the profile from a row of the profile query and the plan's entitlements."""
        return cls(
            language=row["language"],
            alert_level=row["alert_level"],
            plan_code=row["plan_code"],
            plan_expires_at=row["plan_expires_at"],
            generations_used=row["generations_used"],
            generations_limit=allows.ai_generations_per_month,
            max_bots=allows.max_bots,
            max_live_bots=allows.max_live_bots,
        )


async def profile(db: Database, user_id: uuid.UUID) -> Profile | None:
    """Return the user's settings and allowance; None when their plan is not readable."""
    async with db.as_user(user_id) as conn:
        plan = await plan_of(conn, user_id)
        row = await conn.fetchrow(
            "select language, alert_level, plan_code, plan_expires_at,"
            " case when ai_generations_period = date_trunc('month', now())::date"
            " then ai_generations_used else 0 end as generations_used"
            " from users where id = $1",
            user_id,
        )
    return Profile.from_row(row, plan.entitlements) if row and plan else None
