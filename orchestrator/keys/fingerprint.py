"""Refuse to start with vault keys that differ from the ones this deployment already uses.

Web and worker read `VAULT_KEYS` separately. A mismatch used to stay silent until a live bot
could not decrypt its exchange key; now the first process records each key version's
fingerprint and every later one must hold the same keys. A rotation adds a version: a process
that holds every recorded version, unchanged, plus new ones is accepted and records them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from orchestrator.core.errors import ConfigError
from orchestrator.db.pool import Database
from orchestrator.keys.vault import Vault

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class KeyComparison:
    """How this process's key versions compare with the recorded ones."""

    differ: tuple[int, ...]  # recorded with another key
    missing: tuple[int, ...]  # recorded, but not in this process's VAULT_KEYS
    new: tuple[int, ...]  # not recorded yet: a rotation

    @property
    def ok(self) -> bool:
        """Tell whether this process may start."""
        return not self.differ and not self.missing

    def refusal(self) -> str:
        """Say in one line which versions disagree, never a key."""
        parts = []
        if self.differ:
            parts.append(f"version(s) {_listed(self.differ)} differ from the recorded keys")
        if self.missing:
            parts.append(f"version(s) {_listed(self.missing)} are recorded but missing here")
        return (
            f"VAULT_KEYS does not match the keys this database was encrypted with: "
            f"{'; '.join(parts)}. Give web and worker the same VAULT_KEYS "
            "(the Render environment group)"
        )


def compare(recorded: dict[int, str], mine: dict[int, str]) -> KeyComparison:
    """Compare fingerprints by version."""
    differ = sorted(v for v in recorded.keys() & mine.keys() if recorded[v] != mine[v])
    return KeyComparison(
        differ=tuple(differ),
        missing=tuple(sorted(recorded.keys() - mine.keys())),
        new=tuple(sorted(mine.keys() - recorded.keys())),
    )


async def check_vault_keys(db: Database, vault: Vault) -> KeyComparison:
    """Record new key versions, or raise ConfigError when the keys disagree with the record."""
    mine = vault.fingerprints()
    versions = sorted(mine)
    async with db.as_service() as conn:
        # Two processes starting at once on an empty table: the first insert wins and
        # the other one compares against it.
        inserted = await conn.fetch(
            "insert into internal.vault_key_fingerprints (version, fingerprint)"
            " select * from unnest($1::integer[], $2::text[])"
            " on conflict (version) do nothing returning version",
            versions,
            [mine[v] for v in versions],
        )
        rows = await conn.fetch("select version, fingerprint from internal.vault_key_fingerprints")
        comparison = replace(
            compare({row["version"]: row["fingerprint"] for row in rows}, mine),
            new=tuple(sorted(row["version"] for row in inserted)),
        )
        if not comparison.ok:
            raise ConfigError(comparison.refusal())  # rolls back: a refused process records nothing
    if comparison.new:
        log.info("vault key version(s) %s recorded", _listed(comparison.new))
    return comparison


def _listed(versions: tuple[int, ...]) -> str:
    return ", ".join(str(v) for v in versions)
