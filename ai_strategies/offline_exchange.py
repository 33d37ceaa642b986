"""Record what Freqtrade fetches when it loads an exchange's markets, for runs without network.

Sandboxed runs (tenant code) get no network, yet Freqtrade loads markets on every
command. The host, which may use the network, records those responses once an hour
with the same ccxt options Freqtrade would use; `replay_server` answers them inside.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ccxt.async_support as ccxt_async

REPLAY_SOURCE = (Path(__file__).parent / "replay_server.py").read_text(encoding="utf-8")


def ccxt_kwargs(exchange_section: Mapping[str, Any]) -> dict[str, Any]:
    """Return the ccxt options Freqtrade builds for a spot exchange from its config section."""
    merged = dict(exchange_section.get("ccxt_config") or {})
    merged.update(exchange_section.get("ccxt_async_config") or {})
    return merged


def api_bases(urls: Any, hostname: str | None) -> dict[str, str]:
    """Flatten ccxt's `urls['api']` into {key: base URL}, hostnames filled in."""
    flat: dict[str, str] = {}
    if isinstance(urls, str):
        return {"api": urls}
    for key, value in (urls or {}).items():
        if isinstance(value, str):
            flat[key] = value.replace("{hostname}", hostname or "")
    return flat


async def record_markets(exchange: str, kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """Load markets once with ccxt, keeping every response by its URL."""
    client = getattr(ccxt_async, exchange)(dict(kwargs))
    responses: dict[str, str] = {}
    fetch = client.fetch

    async def recording(
        url: str, method: str = "GET", headers: Any = None, body: Any = None
    ) -> Any:
        result = await fetch(url, method, headers, body)
        responses[url] = json.dumps(result)
        return result

    client.fetch = recording
    try:
        await client.load_markets(reload=True)
        bases = api_bases(client.urls.get("api"), getattr(client, "hostname", None))
    finally:
        await client.close()
    return {"bases": bases, "responses": _by_replay_path(bases, responses)}


def _by_replay_path(bases: Mapping[str, str], responses: Mapping[str, str]) -> dict[str, str]:
    """Key each response by the path the replay server sees: /<api key><rest of the URL>."""
    keyed = {}
    for url, body in responses.items():
        for key, base in bases.items():
            if url.startswith(base):
                keyed[f"/{key}{url[len(base) :]}"] = body
    return keyed
