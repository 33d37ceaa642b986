"""Operator commands: migrations, vault maintenance and `doctor`."""

from __future__ import annotations

import argparse
from typing import Any

from orchestrator.core.embedded import EmbeddedServices
from orchestrator.core.runtime import Runtime, resolve_database_url
from orchestrator.core.settings import Settings, parse_vault_keys
from orchestrator.db.migrate import migrate
from orchestrator.db.pool import Database
from orchestrator.keys.fingerprint import check_vault_keys
from orchestrator.keys.store import rotate_all
from orchestrator.keys.vault import generate_key_entry


def register(sub: Any) -> None:
    """Add the admin subcommands to the parser."""
    db = sub.add_parser("db", help="database maintenance").add_subparsers(dest="db", required=True)
    db.add_parser("migrate", help="apply pending migrations").set_defaults(handler=cmd_migrate)
    vault = sub.add_parser("vault", help="key vault maintenance")
    vault_sub = vault.add_subparsers(dest="vault", required=True)
    vault_sub.add_parser(
        "rotate", help="re-encrypt every key to the newest vault key"
    ).set_defaults(handler=cmd_rotate)
    vault_sub.add_parser("new-key", help="print a new VAULT_KEYS entry").set_defaults(
        handler=cmd_new_key
    )
    sub.add_parser("doctor", help="check configuration and connectivity").set_defaults(
        handler=cmd_doctor
    )


async def cmd_migrate(settings: Settings, args: argparse.Namespace) -> int:
    """Apply pending migrations and report what changed."""
    embedded = EmbeddedServices(settings.data_dir)
    try:
        database_url = resolve_database_url(settings, embedded)
        db = await Database.connect(database_url, max_size=1)
        try:
            async with db.pool.acquire() as conn:
                applied = await migrate(conn)
        finally:
            await db.close()
    finally:
        embedded.stop()
    print(f"applied {len(applied)} migration(s)" + (": " + ", ".join(applied) if applied else ""))
    return 0


async def cmd_rotate(settings: Settings, args: argparse.Namespace) -> int:
    """Re-encrypt every exchange key under the newest vault key."""
    runtime = await Runtime.open(settings)
    try:
        await check_vault_keys(runtime.db, runtime.vault)  # never reseal under a stranger's key
        changed = await rotate_all(runtime.db, runtime.vault)
    finally:
        await runtime.close()
    print(f"re-encrypted {changed} key(s) to vault key version {runtime.vault.current_version}")
    return 0


async def cmd_new_key(settings: Settings, args: argparse.Namespace) -> int:
    """Print a fresh VAULT_KEYS entry, numbered after the configured ones."""
    current = settings.vault_keys.get_secret_value() if settings.vault_keys else ""
    version = max(parse_vault_keys(current)) + 1 if current.strip() else 1
    entry = generate_key_entry(version)
    print(f"VAULT_KEYS={current + ',' if current.strip() else ''}{entry}")
    return 0


async def cmd_doctor(settings: Settings, args: argparse.Namespace) -> int:
    """Check every dependency and say how to fix what is wrong."""
    from orchestrator.core.doctor import run_checks

    results = await run_checks(settings)
    for result in results:
        print(result.render())
    failed = [r for r in results if not r.ok]
    print(f"\n{len(results) - len(failed)} ok, {len(failed)} problem(s)")
    return 1 if failed else 0
