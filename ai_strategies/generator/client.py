"""Ask an OpenAI-compatible chat API for one JSON object, mapping failures to message keys."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

import openai
from openai.types.chat import ChatCompletion, ChatCompletionMessageParam

from ai_strategies.errors import ServiceFailure, UserFacingError
from ai_strategies.generator.parsing import extract_json_object, looks_like_refusal

log = logging.getLogger(__name__)

# Statuses that mean our configuration (key, model, request shape) is wrong, not the provider.
_MISCONFIGURED = (
    openai.AuthenticationError,
    openai.PermissionDeniedError,
    openai.BadRequestError,
    openai.NotFoundError,
    openai.UnprocessableEntityError,
)


class LLMClient:
    """A chat client that returns parsed JSON objects, or raises why not.

    A refusal is the user's to rephrase (`UserFacingError`); everything else is the
    provider or our configuration failing (`ServiceFailure`).
    """

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str,
        model: str,
        timeout: float = 90.0,
        max_retries: int = 1,
        max_tokens: int = 4096,
        temperature: float = 0.2,
        default_headers: Mapping[str, str] | None = None,
    ) -> None:
        # The SDK retries 429, 5xx, connection errors and timeouts alike, so the worst-case
        # wait is timeout * (max_retries + 1); keep max_retries small. `default_headers` can
        # carry OpenRouter's optional HTTP-Referer / X-Title attribution.
        self.model = model
        self.base_url = base_url
        self._max_tokens = max_tokens
        self._temperature = temperature
        self._openai: openai.AsyncOpenAI | None = None
        if api_key.strip():
            self._openai = openai.AsyncOpenAI(
                base_url=base_url,
                api_key=api_key.strip(),
                timeout=timeout,
                max_retries=max_retries,
                default_headers=default_headers,
            )

    def __repr__(self) -> str:
        return f"LLMClient(model={self.model!r}, base_url={self.base_url!r})"

    async def close(self) -> None:
        """Close the underlying HTTP connections."""
        if self._openai is not None:
            await self._openai.close()

    async def __aenter__(self) -> LLMClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def complete_json(self, messages: Sequence[ChatCompletionMessageParam]) -> dict[str, Any]:
        """Send `messages` and return the reply's JSON object."""
        completion = await self._create(messages)
        if completion.usage is not None:
            log.info(
                "LLM reply id=%s tokens=%s+%s",
                completion.id,
                completion.usage.prompt_tokens,
                completion.usage.completion_tokens,
            )
        return self._read(completion)

    async def _create(self, messages: Sequence[ChatCompletionMessageParam]) -> ChatCompletion:
        if self._openai is None:
            log.error("LLM_API_KEY is not set; strategy generation is disabled")
            raise ServiceFailure("llm_misconfigured", "LLM_API_KEY is not set")
        try:
            return await self._openai.chat.completions.create(
                model=self.model,
                messages=messages,
                response_format={"type": "json_object"},
                max_tokens=self._max_tokens,
                temperature=self._temperature,
            )
        except openai.APIError as exc:
            failure = self._failure(exc)
        # Raised outside the except block so nothing chains to the provider's message,
        # which may quote the API key back to us.
        raise failure

    def _failure(self, exc: openai.APIError) -> ServiceFailure:
        """Log a provider error for the operator and pick the key the user sees."""
        if isinstance(exc, openai.APITimeoutError):
            log.warning("LLM call timed out (model=%s, base_url=%s)", self.model, self.base_url)
            return ServiceFailure("llm_timeout", f"timed out calling {self.model}")
        if isinstance(exc, _MISCONFIGURED):
            log.error(
                "LLM provider rejected our request: HTTP %s, code=%s, request_id=%s"
                " (model=%s, base_url=%s); check LLM_API_KEY, LLM_MODEL and LLM_BASE_URL",
                exc.status_code,
                exc.code,
                exc.request_id,
                self.model,
                self.base_url,
            )
            return ServiceFailure("llm_misconfigured", f"HTTP {exc.status_code} from the provider")
        # 429, 5xx and connection failures (after the SDK's retries), or a malformed body.
        log.warning(
            "LLM provider unavailable: %s, HTTP %s (model=%s)",
            type(exc).__name__,
            getattr(exc, "status_code", "none"),
            self.model,
        )
        return ServiceFailure(
            "llm_unavailable", f"{type(exc).__name__}, HTTP {getattr(exc, 'status_code', None)}"
        )

    def _read(self, completion: ChatCompletion) -> dict[str, Any]:
        """Turn a completion into a JSON object, or the key that explains why not."""
        if not completion.choices:
            log.warning("LLM returned no choices (id=%s)", completion.id)
            raise ServiceFailure("llm_unavailable", "the reply had no choices")
        choice = completion.choices[0]
        if choice.message.refusal or choice.finish_reason == "content_filter":
            log.info("LLM refused (id=%s, finish=%s)", completion.id, choice.finish_reason)
            raise UserFacingError("llm_refused")
        if choice.finish_reason == "length":
            log.warning("LLM reply hit max_tokens=%s (id=%s)", self._max_tokens, completion.id)
            raise ServiceFailure("llm_truncated", "the reply was cut off or is not JSON")
        text = choice.message.content or ""
        reply = extract_json_object(text)
        if reply is None:
            if looks_like_refusal(text):
                log.info("LLM refused in plain content (id=%s)", completion.id)
                raise UserFacingError("llm_refused")
            log.warning(
                "LLM reply is not a JSON object (id=%s, %d chars)", completion.id, len(text)
            )
            raise ServiceFailure("llm_truncated", "the reply was cut off or is not JSON")
        return reply
