"""Binance's signed-request check: API key header, IP, timestamp window and HMAC signature."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

from aiohttp import web

from emulators.exchange.errors import BinanceError, bad_key, missing
from emulators.exchange.keys import ApiKeySpec
from emulators.exchange.signing import (
    DEFAULT_RECV_WINDOW_MS,
    binance_payload,
    signature_matches,
    timestamp_problem,
)
from emulators.exchange.state import STATE


@dataclass(frozen=True)
class SignedRequest:
    """A verified request: whose key it used and its parameters (query and body merged)."""

    key: ApiKeySpec
    params: dict[str, str]

    def get(self, name: str) -> str | None:
        """Return a parameter, treating an empty value as absent."""
        return self.params.get(name) or None

    def require(self, name: str) -> str:
        """Return a mandatory parameter or raise Binance's 'mandatory parameter' error."""
        value = self.get(name)
        if value is None:
            raise missing(name)
        return value

    def integer(self, name: str) -> int | None:
        """Return an optional integer parameter."""
        return integer_param(self.params, name)


def integer_param(params: dict[str, str], name: str) -> int | None:
    """Return an optional integer parameter, refusing anything that is not an integer."""
    value = params.get(name) or None
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise BinanceError(-1100, f"Illegal characters found in parameter '{name}'.") from None


async def authenticate(request: web.Request, *, trade: bool = False) -> SignedRequest:
    """Verify a signed request; `trade` also requires the spot trading permission."""
    state = request.app[STATE]
    api_key = request.headers.get("X-MBX-APIKEY", "")
    if not api_key:
        raise BinanceError(-2014, "API-key format invalid.", status=401)
    key = state.keys.find("binance", api_key)
    if key is None or not key.allows_ip(request.remote) or (trade and not key.can_trade):
        raise bad_key()
    body = await request.text() if request.can_read_body else ""
    payload, signature = binance_payload(request.rel_url.raw_query_string, body)
    params = dict(parse_qsl(request.rel_url.raw_query_string)) | dict(parse_qsl(body))
    params.pop("signature", None)
    if signature is None:
        raise missing("signature")
    _check_timestamp(params, state.faults.wall_ms())
    if not signature_matches(key.secret, payload, signature):
        raise BinanceError(-1022, "Signature for this request is not valid.")
    return SignedRequest(key=key, params=params)


def _check_timestamp(params: dict[str, str], server_ms: int) -> None:
    """Refuse a missing timestamp or one outside recvWindow."""
    timestamp = integer_param(params, "timestamp")
    if timestamp is None:
        raise missing("timestamp")
    window = integer_param(params, "recvWindow") or DEFAULT_RECV_WINDOW_MS
    problem = timestamp_problem(timestamp, window, server_ms)
    if problem is not None:
        raise BinanceError(-1021, problem)
