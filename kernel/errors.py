"""One error tree for every package, so that no job can miss a family of errors.

`UserFacingError` carries a message key that interfaces translate for the user. Its
subclass `ServiceFailure` marks failures on our side (a dependency, a crash, a timeout):
the user gets an apology and is never charged, and the operator gets an ERROR line.
Anything else that escapes a job is a bug, handled like a `ServiceFailure`.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

Blame = Literal["user", "ours"]


class NoFomoError(Exception):
    """Base of every error NoFOMO raises on purpose."""


class UserFacingError(NoFomoError):
    """The user's request has a problem; `key` names what to change, in their language."""

    blame: ClassVar[Blame] = "user"

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.key!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        # arq pickles job errors; keep the class and the params across the queue.
        return (_rebuild, (type(self), self.key, self.params))


class ServiceFailure(UserFacingError):
    """Our side failed; `detail` is for the operator's log only, never shown to the user."""

    blame: ClassVar[Blame] = "ours"

    def __init__(self, key: str, detail: str = "", **params: Any) -> None:
        super().__init__(key, **params)
        self.detail = detail

    def __str__(self) -> str:
        return f"{self.key}: {self.detail}" if self.detail else self.key

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_failure, (type(self), self.key, self.detail, self.params))


def _rebuild(cls: type[UserFacingError], key: str, params: dict[str, Any]) -> UserFacingError:
    return cls(key, **params)


def _rebuild_failure(
    cls: type[ServiceFailure], key: str, detail: str, params: dict[str, Any]
) -> ServiceFailure:
    return cls(key, detail, **params)
