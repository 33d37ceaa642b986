"""Turn a chat prompt into a validated strategy version, as a charged, idempotent job."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Any

from orchestrator.core.errors import UserFacingError
from orchestrator.core.progress import Progress, read_progress
from orchestrator.core.runtime import Runtime
from orchestrator.runner.dispatch import SHARED_QUEUE

log = logging.getLogger(__name__)

MAX_PROMPT = 2000


@dataclass(frozen=True)
class GenerationStatus:
    """Where a generation request stands, for the chat's progress message."""

    status: str
    progress: dict[str, Any] | None
    error_key: str | None
    version_id: uuid.UUID | None
    blame: str | None = None  # 'user' or 'ours' once failed


async def request_generation(
    runtime: Runtime, user_id: uuid.UUID, prompt: str, language: str
) -> uuid.UUID:
    """Record a generation request and queue its job; return the request id."""
    text = prompt.strip()
    if not text:
        raise UserFacingError("strategy_prompt_empty")
    if len(text) > MAX_PROMPT:
        raise UserFacingError("strategy_prompt_too_long", max_chars=MAX_PROMPT)
    request_id = uuid.uuid4()
    async with runtime.db.as_service() as conn:
        await conn.execute(
            "insert into generation_requests (id, user_id, prompt, language) values ($1,$2,$3,$4)",
            request_id,
            user_id,
            text,
            language,
        )
    # The request id is the job id: a retried enqueue or job never runs twice.
    await runtime.redis.enqueue_job(
        "generate_strategy",
        str(request_id),
        _job_id=f"gen:{request_id}",
        _queue_name=SHARED_QUEUE,
    )
    return request_id


async def generation_status(
    runtime: Runtime, user_id: uuid.UUID, request_id: uuid.UUID
) -> GenerationStatus:
    """Return a request's state and latest progress (the user's own requests only)."""
    async with runtime.db.as_user(user_id) as conn:
        row = await conn.fetchrow(
            "select status, error_key, blame, strategy_version_id from generation_requests"
            " where id = $1",
            request_id,
        )
    if row is None:
        raise UserFacingError("request_not_found")
    progress = await read_progress(runtime.redis, f"gen:{request_id}")
    return GenerationStatus(
        row["status"], progress, row["error_key"], row["strategy_version_id"], row["blame"]
    )


def progress_for(runtime: Runtime, request_id: uuid.UUID) -> Progress:
    """Return the progress reporter of one generation request."""
    return Progress(runtime.redis, f"gen:{request_id}")
