"""Check configuration and connectivity, saying what is wrong and how to fix it."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass

from ai_strategies.sandbox import status as sandbox_status
from orchestrator.core.embedded import EmbeddedServices
from orchestrator.core.errors import NoFomoError
from orchestrator.core.runtime import open_redis, resolve_urls
from orchestrator.core.settings import Settings
from orchestrator.core.sizing import read_machine, worker_sizing
from orchestrator.db.migrate import applied_versions, discover
from orchestrator.db.pool import Database
from orchestrator.keys.vault import vault_from_settings
from orchestrator.runner import botdb


@dataclass(frozen=True)
class Check:
    """One diagnosis: what was checked, whether it passed, and the fix if not."""

    name: str
    ok: bool
    detail: str
    fix: str = ""

    def render(self) -> str:
        """Format the check as one or two lines for a terminal."""
        mark = "ok  " if self.ok else "FAIL"
        line = f"[{mark}] {self.name}: {self.detail}"
        return line + (f"\n       fix: {self.fix}" if self.fix and not self.ok else "")


async def run_checks(settings: Settings) -> list[Check]:
    """Run every check, continuing past failures so all problems show at once."""
    mode = "local (embedded services allowed)" if settings.is_local else "production"
    checks = [Check("environment", True, mode), _check_vault(settings), _check_freqtrade()]
    embedded = EmbeddedServices(settings.data_dir)
    try:
        try:
            database_url, redis_url = resolve_urls(settings, embedded)
        except NoFomoError as exc:
            return [*checks, Check("services", False, str(exc), "set DATABASE_URL and REDIS_URL")]
        checks.append(await _check_database(database_url))
        checks.append(await _check_bot_database(database_url, settings))
        checks.append(await _check_redis(redis_url))
    finally:
        embedded.stop()
    checks.append(_check_telegram(settings))
    checks.append(_check_sandbox())
    checks.append(_check_sizing(settings))
    return checks


def _check_sizing(settings: Settings) -> Check:
    sizing = worker_sizing(settings, read_machine(), sandbox=sandbox_status().ok)
    return Check("worker sizing", True, sizing.describe().removeprefix("worker sizing: "))


def _check_sandbox() -> Check:
    state = sandbox_status()
    if state.ok:
        return Check("sandbox", True, "bubblewrap works: custom Python strategies can run")
    return Check(
        "sandbox",
        False,
        f"{state.reason}; custom Python strategies are refused, spec strategies still run",
        "install Debian's `bubblewrap` and allow unprivileged user namespaces"
        " (sysctl kernel.unprivileged_userns_clone=1, user.max_user_namespaces > 0)",
    )


def _check_vault(settings: Settings) -> Check:
    try:
        vault = vault_from_settings(settings)
    except NoFomoError as exc:
        return Check("vault", False, str(exc), "run `nofomo vault new-key` and set VAULT_KEYS")
    source = "VAULT_KEYS" if settings.vault_keys else "generated local key"
    return Check("vault", True, f"{source}, newest version {vault.current_version}")


def _check_freqtrade() -> Check:
    if importlib.util.find_spec("freqtrade") is None:
        return Check("freqtrade", False, "not installed", "run `make run` or pip install -e .")
    return Check("freqtrade", True, "installed")


async def _check_database(url: str) -> Check:
    try:
        db = await Database.connect(url, max_size=1)
    except NoFomoError as exc:
        return Check("database", False, str(exc), "check DATABASE_URL (Supabase: session pooler)")
    try:
        async with db.pool.acquire() as conn:
            version = await conn.fetchval("show server_version")
            pending = len({m.version for m in discover()} - await applied_versions(conn))
    finally:
        await db.close()
    if pending:
        return Check(
            "database",
            False,
            f"Postgres {version}, {pending} pending migration(s)",
            "run `nofomo db migrate`",
        )
    return Check("database", True, f"Postgres {version}, migrations up to date")


async def _check_bot_database(url: str, settings: Settings) -> Check:
    """Rehearse a bot's schema and role in a transaction that is rolled back."""
    try:
        vault = vault_from_settings(settings)
        db = await Database.connect(url, max_size=1)
    except NoFomoError as exc:
        return Check("bot databases", False, str(exc), "fix the vault and database first")
    try:
        async with db.pool.acquire() as conn:
            problem = await botdb.rehearse(conn, vault)
    finally:
        await db.close()
    if problem:
        return Check(
            "bot databases",
            False,
            f"a bot's schema and role cannot be made: {problem}",
            "connect as a role with CREATEROLE and CREATE on the database"
            " (Supabase: the `postgres` role)",
        )
    route = "BOT_DATABASE_URL" if settings.bot_database_url else "DATABASE_URL"
    return Check("bot databases", True, f"schema and role rehearsed; bots connect via {route}")


async def _check_redis(url: str) -> Check:
    try:
        redis = await open_redis(url)
    except NoFomoError as exc:
        return Check("redis", False, str(exc), "check REDIS_URL")
    try:
        info = await redis.info("server")
    finally:
        await redis.aclose()
    version = info.get("redis_version") or info.get("valkey_version") or "?"
    return Check("redis", True, f"server {version}")


def _check_telegram(settings: Settings) -> Check:
    token = settings.telegram_bot_token
    if token is None:
        return Check("telegram", True, "no token: the local Telegram emulator is used")
    if ":" not in token.get_secret_value():
        return Check(
            "telegram",
            False,
            "TELEGRAM_BOT_TOKEN looks malformed",
            "copy the token from @BotFather (digits:letters)",
        )
    return Check("telegram", True, "token configured")
