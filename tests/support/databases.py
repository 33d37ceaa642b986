"""Create and drop throwaway databases on a Postgres server for tests."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit, urlunsplit

import asyncpg


def with_database(url: str, name: str) -> str:
    """Return `url` pointing at database `name` instead of its own."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


async def create_database(server_url: str, prefix: str = "nofomo_test") -> str:
    """Create a fresh, uniquely named database and return its URL."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    conn = await asyncpg.connect(server_url)
    try:
        await conn.execute(f'create database "{name}"')
    finally:
        await conn.close()
    return with_database(server_url, name)


async def drop_database(server_url: str, database_url: str) -> None:
    """Drop a database created by `create_database`, disconnecting its clients."""
    name = urlsplit(database_url).path.lstrip("/")
    conn = await asyncpg.connect(server_url)
    try:
        await conn.execute(f'drop database if exists "{name}" with (force)')
    finally:
        await conn.close()
