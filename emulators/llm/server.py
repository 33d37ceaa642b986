"""A scriptable OpenAI-compatible chat-completions server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
from collections import deque
from collections.abc import Iterable, Mapping
from typing import Any

from aiohttp import web

from emulators.llm import canned
from emulators.llm.replies import (
    ScriptedReply,
    error_body,
    reply_body,
    validate_script,
)

_MODELS = ("openai/gpt-4o-mini", "emulator/strategy-writer")
_RESPONSE_FORMATS = {"text", "json_object", "json_schema"}


class BadRequestError(ValueError):
    """The request breaks the OpenAI contract; answered with HTTP 400."""


def _openai_error(
    status: int, message: str, headers: Mapping[str, str] | None = None
) -> web.Response:
    return web.json_response(error_body(status, message), status=status, headers=headers)


def _check_response_format(response_format: Any) -> None:
    """Reject response formats that OpenAI would reject."""
    kind = response_format.get("type") if isinstance(response_format, dict) else None
    if kind not in _RESPONSE_FORMATS:
        raise BadRequestError(f"response_format.type must be one of {sorted(_RESPONSE_FORMATS)}")
    schema = response_format.get("json_schema")
    if kind == "json_schema" and not (isinstance(schema, dict) and schema.get("name")):
        raise BadRequestError("response_format.json_schema needs a 'name'")


def _check_body(body: Any) -> dict[str, Any]:
    """Validate the parts of a chat request that real providers reject."""
    if not isinstance(body, dict):
        raise BadRequestError("request body must be a JSON object")
    if not isinstance(body.get("model"), str) or not body["model"]:
        raise BadRequestError("you must provide a model parameter")
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise BadRequestError("'messages' must be a non-empty array")
    for message in messages:
        if not isinstance(message, dict) or "role" not in message or "content" not in message:
            raise BadRequestError("each message needs 'role' and 'content'")
    if body.get("response_format") is not None:
        _check_response_format(body["response_format"])
    return body


class LLMEmulator:
    """Serve scripted chat completions and record every request for assertions."""

    def __init__(self, port: int = 0, *, api_key: str | None = None) -> None:
        # With `api_key` set, only that key is accepted; otherwise any non-empty key is.
        self._port = port
        self._api_key = api_key
        self._script: deque[ScriptedReply] = deque()
        self.requests: list[dict[str, Any]] = []
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        """Root URL of the running server."""
        return f"http://127.0.0.1:{self._port}"

    @property
    def base_url(self) -> str:
        """URL to give an OpenAI client as `base_url`."""
        return f"{self.url}/v1"

    def script(self, replies: Iterable[Mapping[str, Any]]) -> None:
        """Queue replies, answered one per chat request in order."""
        self._script.extend(validate_script(replies))

    def reset(self) -> None:
        """Forget queued replies and recorded requests."""
        self._script.clear()
        self.requests.clear()

    def app(self) -> web.Application:
        """Build the aiohttp application with its route table."""
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._chat)
        app.router.add_get("/v1/models", self._models)
        app.router.add_post("/_emu/script", self._post_script)
        app.router.add_get("/_emu/requests", self._get_requests)
        app.router.add_post("/_emu/reset", self._post_reset)
        return app

    async def start(self) -> None:
        """Start listening; with port 0 the OS picks a free port."""
        # Cancel stalled handlers when the client gives up, so a timeout reply frees at once.
        self._runner = web.AppRunner(
            self.app(), handler_cancellation=True, shutdown_timeout=0.5, access_log=None
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", self._port)
        await site.start()
        self._port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        """Stop listening and drop open connections."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> LLMEmulator:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    def _authorized(self, request: web.Request) -> str | None:
        """Return an error message when the bearer key is missing or wrong."""
        scheme, _, key = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            return "You didn't provide an API key."
        if self._api_key is not None and key.strip() != self._api_key:
            # Stricter than OpenAI, which masks the middle: tests prove clients never echo it.
            return f"Incorrect API key provided: {key.strip()}."
        return None

    async def _chat(self, request: web.Request) -> web.Response:
        problem = self._authorized(request)
        if problem:
            return _openai_error(401, problem)
        try:
            body = _check_body(await request.json())
        except (json.JSONDecodeError, BadRequestError) as exc:
            return _openai_error(400, str(exc))
        self.requests.append(
            {
                "model": body["model"],
                "messages": body["messages"],
                "response_format": body.get("response_format"),
                "max_tokens": body.get("max_tokens", body.get("max_completion_tokens")),
            }
        )
        return await self._answer(body)

    async def _answer(self, body: dict[str, Any]) -> web.Response:
        reply = self._script.popleft() if self._script else canned.GOOD_SPEC_REPLY
        if reply["kind"] == "error":
            status = reply["status"]
            headers = {}
            if "retry_after" in reply:
                headers["retry-after-ms"] = str(int(reply["retry_after"] * 1000))
            return _openai_error(status, f"emulated HTTP {status}", headers)
        if reply["kind"] == "timeout":
            # A client that outlasts the stall still gets a usable answer.
            await asyncio.sleep(reply["delay"])
            reply = canned.GOOD_SPEC_REPLY
        prompt = json.dumps(body["messages"])
        return web.json_response(reply_body(reply, model=body["model"], prompt=prompt))

    async def _models(self, request: web.Request) -> web.Response:
        if problem := self._authorized(request):
            return _openai_error(401, problem)
        data = [
            {"id": name, "object": "model", "created": 1_700_000_000, "owned_by": "emulator"}
            for name in _MODELS
        ]
        return web.json_response({"object": "list", "data": data})

    async def _post_script(self, request: web.Request) -> web.Response:
        try:
            payload = await request.json()
            items = payload.get("replies") if isinstance(payload, dict) else payload
            if not isinstance(items, list):
                raise ValueError("post a list of replies, or {'replies': [...]}")
            self.script(items)
        except (json.JSONDecodeError, ValueError, AttributeError) as exc:
            return web.json_response({"error": str(exc)}, status=400)
        return web.json_response({"queued": len(self._script)})

    async def _get_requests(self, request: web.Request) -> web.Response:
        return web.json_response(self.requests)

    async def _post_reset(self, request: web.Request) -> web.Response:
        self.reset()
        return web.json_response({"ok": True})
