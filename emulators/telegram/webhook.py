"""Push pending updates to the webhook in order, retrying failures with backoff."""

from __future__ import annotations

import asyncio
import contextlib
import logging

import aiohttp

from emulators.telegram.models import JSON
from emulators.telegram.state import EmulatorState, WebhookConfig, now

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name


class WebhookDeliverer:
    """A background task posting one update at a time, oldest first, until it is accepted."""

    def __init__(
        self, state: EmulatorState, retry_delay: float = 0.05, max_delay: float = 1.0
    ) -> None:
        self.state = state
        self.retry_delay = retry_delay
        self.max_delay = max_delay
        self._session: aiohttp.ClientSession | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Open the HTTP client and start delivering."""
        timeout = aiohttp.ClientTimeout(total=10)
        self._session = aiohttp.ClientSession(timeout=timeout)
        self._task = asyncio.create_task(self._run(), name="telegram-emulator-webhook")

    async def stop(self) -> None:
        """Stop delivering and close the HTTP client."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._session is not None:
            await self._session.close()
        self._task = self._session = None

    async def _run(self) -> None:
        delay = self.retry_delay
        while True:
            update, hook = await self._next()
            if await self._post(hook, update):
                self._confirm(update)
                delay = self.retry_delay
            else:
                self.state.stats.webhook_failures += 1
                await asyncio.sleep(delay)
                delay = min(delay * 2, self.max_delay)

    async def _next(self) -> tuple[JSON, WebhookConfig]:
        state = self.state
        await state.signal.wait_for(
            lambda: state.webhook is not None and bool(state.updates.pending)
        )
        assert state.webhook is not None
        return state.updates.pending[0], state.webhook

    async def _post(self, hook: WebhookConfig, update: JSON) -> bool:
        assert self._session is not None
        headers = {SECRET_HEADER: hook.secret_token} if hook.secret_token else {}
        try:
            async with self._session.post(hook.url, json=update, headers=headers) as response:
                if 200 <= response.status < 300:
                    return True
                error = f"Wrong response from the webhook: {response.status} {response.reason}"
        except (aiohttp.ClientError, TimeoutError) as exc:
            error = f"Connection failed: {type(exc).__name__}"
        log.debug("webhook delivery of update %s failed: %s", update["update_id"], error)
        hook.last_error_date, hook.last_error_message = now(), error
        return False

    def _confirm(self, update: JSON) -> None:
        pending = self.state.updates.pending
        if pending and pending[0] is update:
            pending.pop(0)
        self.state.stats.webhook_delivered += 1
        self.state.signal.notify()
