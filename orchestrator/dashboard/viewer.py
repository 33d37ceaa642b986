"""Who is looking at the dashboard: the signed-in user's language and time zone."""

from __future__ import annotations

import uuid
import zoneinfo
from dataclasses import dataclass

from kernel.formatting import JAKARTA
from kernel.i18n import Language, supported
from orchestrator.core.runtime import Runtime


@dataclass(frozen=True)
class Viewer:
    """The reader of a page: texts in `language`, times in `timezone`."""

    user_id: uuid.UUID
    language: Language
    timezone: str


def valid_zone(name: str | None) -> str:
    """Return `name` if it is a time zone we can show times in, else Asia/Jakarta."""
    if not name:
        return JAKARTA
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return JAKARTA
    return name


async def viewer(runtime: Runtime, user_id: uuid.UUID) -> Viewer:
    """Return the user's language and time zone (read under their row-level security)."""
    async with runtime.db.as_user(user_id) as conn:
        row = await conn.fetchrow("select language, timezone from users where id = $1", user_id)
    if row is None:
        return Viewer(user_id, supported(None), JAKARTA)
    return Viewer(user_id, supported(row["language"]), valid_zone(row["timezone"]))
