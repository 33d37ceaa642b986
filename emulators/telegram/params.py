"""Read Bot API parameters from query strings, JSON, form and multipart bodies."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from emulators.telegram.errors import bad_request


@dataclass(frozen=True)
class Upload:
    """A file sent as a multipart part."""

    data: bytes
    filename: str | None
    content_type: str | None


class Params:
    """Typed access to one request's parameters, with Telegram's parameter errors."""

    def __init__(self, values: dict[str, Any], files: dict[str, Upload] | None = None) -> None:
        self.values = values
        self.files = files or {}

    def raw(self, name: str) -> Any:
        """Return the value as sent, or None when absent."""
        return self.values.get(name)

    def text(self, name: str) -> str | None:
        """Return a string parameter; numbers are accepted and converted."""
        value = self.values.get(name)
        if value is None or isinstance(value, str):
            return value
        return json.dumps(value) if isinstance(value, dict | list) else str(value)

    def integer(self, name: str) -> int | None:
        """Return an integer parameter, failing with a 400 when it is not a number."""
        value = self.values.get(name)
        if value is None or value == "":
            return None
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request(f"invalid {name} specified") from None

    def flag(self, name: str) -> bool:
        """Return a boolean parameter (absent means False)."""
        value = self.values.get(name)
        if isinstance(value, str):
            return value.lower() in ("true", "1", "yes")
        return bool(value)

    def json(self, name: str, error: str) -> Any:
        """Return a JSON-serialized parameter decoded, failing with `error` when malformed."""
        value = self.values.get(name)
        if not isinstance(value, str):
            return value
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(error) from None

    def upload(self, name: str) -> Upload | str | None:
        """Return an uploaded file, following `attach://` references, or the string sent."""
        if name in self.files:
            return self.files[name]
        value = self.text(name)
        if value is not None and value.startswith("attach://"):
            return self.files.get(value.removeprefix("attach://"))
        return value


async def read_params(request: web.Request) -> Params:
    """Collect the parameters of a Bot API request whatever its encoding."""
    values: dict[str, Any] = dict(request.query)
    files: dict[str, Upload] = {}
    if request.content_type == "application/json":
        body = await _json_body(request)
        values.update(body)
    elif request.can_read_body:
        form = await request.post()
        for name, value in form.items():
            if isinstance(value, web.FileField):
                files[name] = Upload(value.file.read(), value.filename, value.content_type)
            else:
                values[name] = value if isinstance(value, str) else value.decode()
    return Params(values, files)


async def _json_body(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        raise bad_request("can't parse JSON request body") from None
    return body if isinstance(body, dict) else {}
