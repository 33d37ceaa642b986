"""Ids in dashboard paths, and refusals that are simply "not found" to the reader.

A malformed id and an id that is not the reader's both answer the same bilingual 404 as a
page that does not exist, so a guess learns nothing about whose a thing is.
"""

from __future__ import annotations

import uuid
from typing import NoReturn

from aiohttp import web

from kernel.errors import UserFacingError


def path_id(request: web.Request, name: str) -> uuid.UUID:
    """Return the id named `name` in the path; a malformed one is a 404 like any unknown id."""
    try:
        return uuid.UUID(request.match_info[name])
    except ValueError:
        raise web.HTTPNotFound() from None


def not_found_on(exc: UserFacingError, *keys: str) -> NoReturn:
    """Turn the service's "not found" refusals (`keys`) into a 404; raise any other one on."""
    if exc.key in keys:
        raise web.HTTPNotFound() from None
    raise exc


def whole(value: str | None) -> int | None:
    """Return a query value as a positive whole number, or None when it is not one."""
    if value and value.isascii() and value.isdigit() and len(value) < 10:
        return int(value)
    return None
