"""Scripted replies: their shape, their validation, and the OpenAI bodies built from them."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterable, Mapping
from typing import Any, Literal, Required, TypedDict

ReplyKind = Literal["content", "refusal", "timeout", "truncated", "error"]


class ScriptedReply(TypedDict, total=False):
    """One queued answer; which keys matter depends on `kind`."""

    kind: Required[ReplyKind]
    content: str
    finish_reason: str
    refusal: str
    delay: float
    status: int
    retry_after: float


# Keys each kind needs, with the Python type they must have.
_REQUIRED: dict[str, dict[str, type | tuple[type, ...]]] = {
    "content": {"content": str},
    "refusal": {"refusal": str},
    "timeout": {"delay": (int, float)},
    "truncated": {"content": str},
    "error": {"status": int},
}
_FINISH_REASONS = {"stop", "length", "content_filter", "tool_calls"}
_ERROR_TYPES = {429: ("requests", "rate_limit_exceeded"), 401: ("invalid_request_error", None)}
_ids = itertools.count(1)


def validate_reply(raw: Mapping[str, Any]) -> ScriptedReply:
    """Check one scripted reply, raising ValueError that names what is wrong."""
    if not isinstance(raw, Mapping):
        raise ValueError("each reply must be a JSON object")
    kind = raw.get("kind")
    if kind not in _REQUIRED:
        raise ValueError(f"unknown reply kind {kind!r}; expected one of {sorted(_REQUIRED)}")
    for key, expected in _REQUIRED[kind].items():
        if not isinstance(raw.get(key), expected):
            raise ValueError(f"a {kind!r} reply needs {key!r}")
    if raw.get("finish_reason", "stop") not in _FINISH_REASONS:
        raise ValueError(f"finish_reason must be one of {sorted(_FINISH_REASONS)}")
    if kind == "error" and not 400 <= raw["status"] <= 599:
        raise ValueError("an error reply needs a 4xx or 5xx status")
    reply: ScriptedReply = dict(raw)  # type: ignore[assignment]
    return reply


def validate_script(items: Iterable[Mapping[str, Any]]) -> list[ScriptedReply]:
    """Check a whole script before any of it is queued."""
    return [validate_reply(item) for item in items]


def completion_body(
    *, model: str, content: str | None, refusal: str | None, finish_reason: str, prompt: str
) -> dict[str, Any]:
    """Build a `chat.completion` object the way OpenAI shapes it."""
    completion_tokens = len(content or refusal or "") // 4 + 1
    prompt_tokens = len(prompt) // 4 + 1
    return {
        "id": f"chatcmpl-emu{next(_ids):06d}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "system_fingerprint": "fp_emulator",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": refusal},
                "logprobs": None,
                "finish_reason": finish_reason,
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def reply_body(reply: ScriptedReply, *, model: str, prompt: str) -> dict[str, Any]:
    """Turn a content, refusal or truncated reply into a completion."""
    kind = reply["kind"]
    if kind == "refusal":
        return completion_body(
            model=model, content=None, refusal=reply["refusal"], finish_reason="stop", prompt=prompt
        )
    finish = "length" if kind == "truncated" else reply.get("finish_reason", "stop")
    return completion_body(
        model=model, content=reply.get("content"), refusal=None, finish_reason=finish, prompt=prompt
    )


def error_body(status: int, message: str) -> dict[str, Any]:
    """Build an OpenAI error object for an HTTP status."""
    error_type, code = _ERROR_TYPES.get(
        status, ("server_error" if status >= 500 else "invalid_request_error", None)
    )
    if status == 401:
        code = "invalid_api_key"
    return {"error": {"message": message, "type": error_type, "param": None, "code": code}}
