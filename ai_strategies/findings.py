"""The one shape every validation outcome line takes: a stable code and an English message."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    """A stable machine `code` (the chat layer translates by it) and an operator `message`."""

    code: str
    message: str
