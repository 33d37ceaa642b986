"""Strategy versions and the AI-generation allowance, on behalf of a user."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Self

import asyncpg

from ai_strategies.spec import SpecError, StrategySpec, parse_spec, render_strategy
from orchestrator.accounts.entitlements import require_custom_code
from orchestrator.core.errors import ServiceFailure, UserFacingError
from orchestrator.db.pool import Database
from orchestrator.strategies.wording import (
    first_name,
    stored_spec,
    strategy_title,
    version_summary,
)


@dataclass(frozen=True)
class NewVersion:
    """A strategy's code and what describes it."""

    class_name: str
    code: str
    summary: str
    explanation: str = ""
    pair: str | None = None
    timeframe: str | None = None
    params: dict[str, Any] | None = None
    validation: dict[str, Any] | None = None
    spec: StrategySpec | None = None  # set: a spec version, rendered by us whenever it runs


async def create_strategy(
    db: Database, user_id: uuid.UUID, version: NewVersion
) -> tuple[uuid.UUID, uuid.UUID]:
    """Create a strategy with its first version; return (strategy_id, version_id)."""
    base = first_name(version.spec, version.summary, version.class_name)
    # Versions are written by the service: users may not set code or validation.
    async with db.as_service() as conn:
        taken = {
            r["name"]
            for r in await conn.fetch("select name from strategies where user_id = $1", user_id)
        }
        name, n = base, 2
        while name in taken:
            name, n = f"{base} ({n})", n + 1
        strategy_id = await conn.fetchval(
            "insert into strategies (user_id, name) values ($1, $2) returning id", user_id, name
        )
        version_id = await insert_version(conn, user_id, strategy_id, 1, version)
    return strategy_id, version_id


async def insert_version(
    conn: asyncpg.Connection,
    user_id: uuid.UUID,
    strategy_id: uuid.UUID,
    number: int,
    version: NewVersion,
) -> uuid.UUID:
    """Insert version `number` of a strategy and make it the strategy's current one."""
    version_id: uuid.UUID = await conn.fetchval(
        "insert into strategy_versions (strategy_id, user_id, version, class_name, code, summary,"
        " explanation, pair, timeframe, params, validation, kind, spec)"
        " values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13) returning id",
        strategy_id,
        user_id,
        number,
        version.class_name,
        version.code,
        version.summary[:200],
        version.explanation,
        version.pair,
        version.timeframe,
        version.params or {},
        version.validation,
        "custom" if version.spec is None else "spec",
        None if version.spec is None else version.spec.model_dump(mode="json"),
    )
    await conn.execute(
        "update strategies set current_version = $2, updated_at = now() where id = $1",
        strategy_id,
        number,
    )
    return version_id


async def add_version(
    db: Database, user_id: uuid.UUID, strategy_id: uuid.UUID, version: NewVersion
) -> tuple[int, uuid.UUID]:
    """Append a new version (an edit, an optimisation, a rollback); return (number, id)."""
    async with db.as_service() as conn:
        # Lock the strategy row so concurrent edits get consecutive version numbers.
        found = await conn.fetchval(
            "select 1 from strategies where id = $1 and user_id = $2 for update",
            strategy_id,
            user_id,
        )
        last = await conn.fetchval(
            "select max(version) from strategy_versions where strategy_id = $1", strategy_id
        )
        if found is None or last is None:
            raise UserFacingError("strategy_not_found")
        if version.spec is None:  # custom code is saved only on a plan that runs it
            await require_custom_code(conn, user_id)
        version_id = await insert_version(conn, user_id, strategy_id, last + 1, version)
    return last + 1, version_id


@dataclass(frozen=True)
class StrategySummary:
    """A user's strategy with its current version."""

    id: uuid.UUID
    name: str
    current_version: int
    version_id: uuid.UUID  # the current version's
    summary: str
    pair: str | None
    timeframe: str | None
    versions: int  # how many it has
    spec: StrategySpec | None = None  # the current version's, None for custom code

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> Self:
        """Build the summary from a row of the strategies query."""
        return cls(
            id=row["id"],
            name=row["name"],
            current_version=row["current_version"],
            version_id=row["version_id"],
            summary=row["summary"],
            pair=row["pair"],
            timeframe=row["timeframe"],
            versions=row["versions"],
            spec=stored_spec(row["spec"]),
        )

    def title(self, language: str) -> str:
        """Return the strategy's title, read from its current version in `language`."""
        return strategy_title(self.spec, self.name, language)


async def list_strategies(db: Database, user_id: uuid.UUID) -> list[StrategySummary]:
    """List the user's strategies with their current version's summary."""
    async with db.as_user(user_id) as conn:
        rows = await conn.fetch(
            "select s.id, s.name, s.current_version, v.id as version_id, v.summary, v.spec,"
            " v.pair, v.timeframe, (select count(*) from strategy_versions x"
            " where x.strategy_id = s.id) as versions from strategies s join strategy_versions v"
            " on v.strategy_id = s.id and v.version = s.current_version order by s.updated_at desc"
        )
    return [StrategySummary.from_row(r) for r in rows]


@dataclass(frozen=True)
class VersionSummary:
    """One version in a strategy's history."""

    id: uuid.UUID
    version: int
    summary: str
    created_at: dt.datetime
    validation: dict[str, Any] | None  # the validation report's figures, as stored
    spec: StrategySpec | None = None  # None for custom code

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> Self:
        """Build the entry from a strategy_versions row."""
        return cls(
            id=row["id"],
            version=row["version"],
            summary=row["summary"],
            created_at=row["created_at"],
            validation=row["validation"],
            spec=stored_spec(row["spec"]),
        )

    def summary_in(self, language: str) -> str:
        """Return the version's one-line summary in `language`, read from its spec."""
        return version_summary(self.spec, self.summary, language)


async def list_versions(
    db: Database, user_id: uuid.UUID, strategy_id: uuid.UUID
) -> list[VersionSummary]:
    """List a strategy's versions, newest first."""
    async with db.as_user(user_id) as conn:
        rows = await conn.fetch(
            "select id, version, summary, spec, created_at, validation from strategy_versions"
            " where strategy_id = $1 order by version desc",
            strategy_id,
        )
    if not rows:
        raise UserFacingError("strategy_not_found")
    return [VersionSummary.from_row(r) for r in rows]


@dataclass(frozen=True)
class VersionView:
    """One strategy version with its code."""

    id: uuid.UUID
    strategy_id: uuid.UUID
    version: int
    kind: str  # 'spec': rendered by us; 'custom': code as stored
    class_name: str
    code: str
    summary: str
    explanation: str
    pair: str | None
    timeframe: str | None
    params: dict[str, Any]
    created_at: dt.datetime

    @classmethod
    def from_row(cls, row: asyncpg.Record) -> Self:
        """Build the view from a strategy_versions row."""
        return cls(
            id=row["id"],
            strategy_id=row["strategy_id"],
            version=row["version"],
            kind=row["kind"],
            class_name=row["class_name"],
            code=row["code"],
            summary=row["summary"],
            explanation=row["explanation"],
            pair=row["pair"],
            timeframe=row["timeframe"],
            params=row["params"],
            created_at=row["created_at"],
        )


async def get_version(db: Database, user_id: uuid.UUID, version_id: uuid.UUID) -> VersionView:
    """Return one of the user's strategy versions."""
    async with db.as_user(user_id) as conn:
        row = await conn.fetchrow(
            "select id, strategy_id, version, kind, class_name, code, summary, explanation,"
            " pair, timeframe, params, created_at from strategy_versions where id = $1",
            version_id,
        )
    if row is None:
        raise UserFacingError("strategy_not_found")
    return VersionView.from_row(row)


async def rollback(
    db: Database, user_id: uuid.UUID, strategy_id: uuid.UUID, number: int
) -> tuple[int, uuid.UUID]:
    """Make an old version current again, as a new version (history is never rewritten)."""
    async with db.as_user(user_id) as conn:
        old = await conn.fetchrow(
            "select * from strategy_versions where strategy_id = $1 and version = $2",
            strategy_id,
            number,
        )
    if old is None:
        raise UserFacingError("version_not_found")
    copy = NewVersion(
        old["class_name"],
        old["code"],
        old["summary"],  # the same strategy again; a spec version's summary is read anew
        old["explanation"],
        old["pair"],
        old["timeframe"],
        old["params"],
        old["validation"],
        None if old["spec"] is None else parse_spec(old["spec"]),
    )
    return await add_version(db, user_id, strategy_id, copy)


@dataclass(frozen=True)
class Runnable:
    """The code to run for a version, and whether our renderer wrote it."""

    code: str
    trusted: bool


def runnable(class_name: str, code: str, spec: Mapping[str, Any] | None) -> Runnable:
    """Return what runs for a version: a spec rendered again now, or custom code as stored."""
    if spec is None:
        return Runnable(code, trusted=False)
    try:
        rendered = render_strategy(parse_spec(spec), class_name)
    except SpecError as exc:
        # Stored specs were valid when saved; one that no longer is must not run at all.
        raise ServiceFailure("spec_unrenderable", "; ".join(exc.problems)[:300]) from exc
    return Runnable(rendered.code, trusted=True)


async def quality_flags(db: Database, user_id: uuid.UUID, version_id: uuid.UUID) -> list[str]:
    """Return the quality flag codes of the version's latest backtest (its validation if none)."""
    async with db.as_user(user_id) as conn:
        flags = await conn.fetchval(
            "select coalesce((select b.results->'flags' from backtests b"
            " where b.strategy_version_id = v.id and b.kind = 'backtest' and b.status = 'done'"
            " and b.results ? 'flags' order by b.finished_at desc limit 1),"
            " v.validation->'flags') from strategy_versions v where v.id = $1",
            version_id,
        )
    return [str(flag) for flag in flags] if isinstance(flags, list) else []
