"""Give a new embedded Postgres cluster the shape of hosted Supabase.

On Supabase the superuser `supabase_admin` owns the cluster and we connect as `postgres`,
which is *not* a superuser; `anon`, `authenticated` and `service_role` exist, and default
privileges grant ALL on new `public` objects to all three. Running dev and the test suite
on that shape is what makes a superuser-only assumption fail here instead of in production.
"""

from __future__ import annotations

import logging
import subprocess
from pathlib import Path

log = logging.getLogger(__name__)

ADMIN = "supabase_admin"
# A superuser that lives only while the bootstrap role is renamed: a session cannot rename
# its own role, and the bootstrap superuser cannot give up SUPERUSER.
SHAPER = "nofomo_shaper"

_ROLES = f"""
create role {SHAPER} superuser login;
"""

_DEMOTE = f"""
alter role postgres rename to {ADMIN};
create role postgres nosuperuser createdb createrole login replication bypassrls;
create role anon nologin noinherit;
create role authenticated nologin noinherit;
create role service_role nologin noinherit bypassrls;
grant anon, authenticated, service_role to postgres with admin option;
grant all on database postgres to postgres;
"""

# Per database; applied to template1 too, so every database created later inherits it.
_DATABASE = f"""
create schema if not exists auth authorization {ADMIN};
create or replace function auth.uid() returns uuid language sql stable as $fn$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$fn$;
create or replace function auth.jwt() returns jsonb language sql stable as $fn$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$fn$;
grant usage on schema auth to postgres, anon, authenticated, service_role;
grant execute on all functions in schema auth to postgres, anon, authenticated, service_role;
grant all on schema public to postgres;
grant usage on schema public to anon, authenticated, service_role;
alter default privileges for role postgres in schema public
  grant all on tables to anon, authenticated, service_role;
alter default privileges for role postgres in schema public
  grant all on functions to anon, authenticated, service_role;
alter default privileges for role postgres in schema public
  grant all on sequences to anon, authenticated, service_role;
alter default privileges for role {ADMIN} in schema public
  grant all on tables to anon, authenticated, service_role;
alter default privileges for role {ADMIN} in schema public
  grant all on functions to anon, authenticated, service_role;
alter default privileges for role {ADMIN} in schema public
  grant all on sequences to anon, authenticated, service_role;
"""


def is_shaped(psql: Path, socket_dir: str, port: str) -> bool:
    """Tell whether the cluster already has Supabase's superuser."""
    found = _run(
        psql,
        socket_dir,
        port,
        "postgres",
        "postgres",
        "select 1 from pg_roles where rolname = 'supabase_admin'",
    )
    return found.strip() == "1"


def shape(psql: Path, socket_dir: str, port: str) -> None:
    """Demote `postgres` and add Supabase's roles, schema and default privileges."""
    _run(psql, socket_dir, port, "postgres", "postgres", _ROLES)
    _run(psql, socket_dir, port, SHAPER, "postgres", _DEMOTE)
    for database in ("template1", "postgres"):
        _run(psql, socket_dir, port, ADMIN, database, _DATABASE)
    _run(psql, socket_dir, port, ADMIN, "postgres", f"drop role {SHAPER};")
    log.info("embedded postgres shaped like Supabase (postgres is not a superuser)")


def _run(psql: Path, socket_dir: str, port: str, user: str, database: str, sql: str) -> str:
    """Run SQL through psql on the local socket, stopping at the first error."""
    command = [
        str(psql),
        "-X",
        "-q",
        "-At",
        "-v",
        "ON_ERROR_STOP=1",
        "-h",
        socket_dir,
        "-p",
        port,
        "-U",
        user,
        "-d",
        database,
    ]
    done = subprocess.run(command, input=sql, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"shaping the embedded postgres failed: {done.stderr.strip()}")
    return done.stdout
