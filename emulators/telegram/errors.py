"""Bot API error replies, raised by method handlers and rendered by the dispatcher."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """A Bot API failure carrying the status code and the real API's description."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def payload(self) -> dict[str, Any]:
        """Return the JSON body Telegram would send for this error."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


class ControlError(Exception):
    """A control-API request that cannot be honoured; rendered as HTTP 400 or 404."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def bad_request(detail: str) -> ApiError:
    """Build a 400 error with the `Bad Request: ` prefix Telegram uses."""
    return ApiError(400, f"Bad Request: {detail}")


def forbidden(detail: str) -> ApiError:
    """Build a 403 error with the `Forbidden: ` prefix Telegram uses."""
    return ApiError(403, f"Forbidden: {detail}")


def too_many_requests(retry_after: int) -> ApiError:
    """Build the 429 flood-control error with its `retry_after` parameter."""
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)


UNAUTHORIZED = ApiError(401, "Unauthorized")
METHOD_NOT_FOUND = ApiError(404, "Not Found: method not found")
