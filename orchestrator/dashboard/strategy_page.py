"""The strategy pages' read models: the list, one strategy's versions and runs, and its code.

Read as the user under row-level security through the chat's own services
(`strategies/versions.py`): a strategy or version that is not the reader's is
`strategy_not_found`, exactly like an unknown id. A spec version's words (title, summary,
explanation) are read from its spec in the reader's language, and its code is rendered again
from that spec (`versions.runnable`), so the page shows and offers what would really run.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

import asyncpg

from ai_strategies.spec import describe
from kernel.i18n import supported
from orchestrator.core.errors import ServiceFailure, UserFacingError
from orchestrator.core.runtime import Runtime
from orchestrator.dashboard.strategy_runs import VersionRuns, version_runs
from orchestrator.strategies.versions import (
    VersionSummary,
    get_version,
    list_strategies,
    list_versions,
    runnable,
)
from orchestrator.strategies.wording import strategy_title, version_summary


@dataclass(frozen=True)
class StrategyItem:
    """A strategy in the list: its title, market, current version and summary in words."""

    id: uuid.UUID
    title: str
    summary: str
    pair: str | None
    timeframe: str | None
    current_version: int
    versions: int
    custom: bool  # custom code, not a spec


@dataclass(frozen=True)
class VersionEntry:
    """One version: its words, when it was made, and what was run on it."""

    id: uuid.UUID
    version: int
    created_at: dt.datetime
    summary: str
    explanation: tuple[str, ...]  # one idea per line
    custom: bool
    current: bool
    runs: VersionRuns


@dataclass(frozen=True)
class VersionCode:
    """A version's code as it runs, and what to call the file."""

    version_id: uuid.UUID
    version: int
    filename: str
    code: str
    rendered: bool  # a spec version's code, written again now from its spec
    as_saved: bool  # a spec that no longer renders: the stored code, which will not run


@dataclass(frozen=True)
class StrategyPage:
    """Everything the strategy page shows."""

    id: uuid.UUID
    title: str
    pair: str | None
    timeframe: str | None
    current_version: int
    versions: tuple[VersionEntry, ...]  # newest first
    code: VersionCode  # of the version picked (the current one unless asked)


async def strategies(runtime: Runtime, user_id: uuid.UUID, lang: str) -> tuple[StrategyItem, ...]:
    """List the user's strategies with their current version in words."""
    found = await list_strategies(runtime.db, user_id)
    return tuple(
        StrategyItem(
            s.id, s.title(lang), version_summary(s.spec, s.summary, lang), s.pair, s.timeframe,
            s.current_version, s.versions, s.spec is None,
        )
        for s in found
    )  # fmt: skip


async def strategy_page(
    runtime: Runtime, user_id: uuid.UUID, strategy_id: uuid.UUID, lang: str, wanted: int | None
) -> StrategyPage:
    """Read one of the user's strategies: versions, runs, and the code of version `wanted`."""
    versions = await list_versions(runtime.db, user_id, strategy_id)
    async with runtime.db.as_user(user_id) as conn:
        head = await conn.fetchrow(_HEAD, strategy_id)
        extra = {r["id"]: r for r in await conn.fetch(_VERSIONS, strategy_id)}
        runs = await conn.fetch(_RUNS, [v.id for v in versions])
    if head is None:
        raise UserFacingError("strategy_not_found")
    current = next((v for v in versions if v.version == head["current_version"]), versions[0])
    picked = next((v for v in versions if v.version == wanted), current)
    entries = tuple(
        _entry(v, extra[v.id], [r for r in runs if r["version_id"] == v.id], lang, current)
        for v in versions
    )
    return StrategyPage(
        id=strategy_id,
        title=strategy_title(current.spec, head["name"], lang),
        pair=extra[current.id]["pair"],
        timeframe=extra[current.id]["timeframe"],
        current_version=current.version,
        versions=entries,
        code=await version_code(runtime, user_id, picked.id),
    )


async def version_code(runtime: Runtime, user_id: uuid.UUID, version_id: uuid.UUID) -> VersionCode:
    """Return one of the user's versions' code as it runs (a spec rendered again now)."""
    version = await get_version(runtime.db, user_id, version_id)
    async with runtime.db.as_user(user_id) as conn:
        spec = await conn.fetchval("select spec from strategy_versions where id = $1", version_id)
    filename = f"{version.class_name}_v{version.version}.py"
    try:
        run = runnable(version.class_name, version.code, spec)
    except ServiceFailure:  # the spec no longer renders: show what was saved, say it won't run
        return VersionCode(version.id, version.version, filename, version.code, False, True)
    return VersionCode(version.id, version.version, filename, run.code, run.trusted, False)


def _entry(
    version: VersionSummary,
    extra: asyncpg.Record,
    rows: list[asyncpg.Record],
    lang: str,
    current: VersionSummary,
) -> VersionEntry:
    """Describe one version in the reader's language, with its runs."""
    if version.spec is not None:
        words = describe(version.spec, supported(lang))
        summary, lines = words.summary, words.lines
    else:
        summary = version.summary
        lines = tuple(line for line in extra["explanation"].splitlines() if line.strip())
    return VersionEntry(
        id=version.id,
        version=version.version,
        created_at=version.created_at,
        summary=summary,
        explanation=lines,
        custom=extra["kind"] == "custom",
        current=version.version == current.version,
        runs=version_runs(rows, version.validation, version.created_at),
    )


_HEAD = "select name, current_version from strategies where id = $1"
_VERSIONS = (
    "select id, kind, explanation, pair, timeframe from strategy_versions where strategy_id = $1"
)
# Newest first; the applied version's number comes along for "became v4".
_RUNS = (
    "select b.id, b.strategy_version_id as version_id, b.kind, b.status, b.days, b.results,"
    " b.error_key, b.created_at, b.finished_at, a.version as applied_version from backtests b"
    " left join strategy_versions a on a.id = b.applied_version_id"
    " where b.strategy_version_id = any($1::uuid[])"
    " order by coalesce(b.finished_at, b.created_at) desc, b.created_at desc limit 400"
)
