"""Build the LLM client from settings, or None when no LLM is configured (offline mode)."""

from __future__ import annotations

from ai_strategies.generator.client import LLMClient
from orchestrator.core.settings import Settings


def llm_client(settings: Settings, *, timeout: float | None = None) -> LLMClient | None:
    """Return a client for the configured OpenAI-compatible API, if a key is set."""
    if settings.llm_api_key is None:
        return None
    return LLMClient(
        base_url=settings.llm_base_url,
        api_key=settings.llm_api_key.get_secret_value(),
        model=settings.llm_model,
        timeout=timeout or settings.llm_timeout_s,
        default_headers={"X-Title": "NoFOMO"},
    )
