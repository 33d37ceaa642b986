"""API keys the emulator accepts, with their permissions, and the test keys it ships with."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Final, Literal

ExchangeName = Literal["binance", "bybit"]


class KeyKind(StrEnum):
    """What a test key is allowed to do."""

    TRADE_IP = "trade_ip"  # spot trading, locked to 127.0.0.1
    TRADE_OPEN = "trade_open"  # spot trading from any IP
    WITHDRAW = "withdraw"  # trading and withdrawals: a key NoFOMO must refuse
    READ_ONLY = "read_only"  # reading only, no trading


@dataclass(frozen=True)
class ApiKeySpec:
    """One API key: its credentials and what the exchange says it may do."""

    exchange: ExchangeName
    kind: KeyKind
    api_key: str
    secret: str
    can_trade: bool
    can_withdraw: bool
    ips: tuple[str, ...] = ()  # empty means no IP restriction
    created_ms: int = 1_735_689_600_000  # 2025-01-01

    @property
    def name(self) -> str:
        """Return the key's name in TEST_KEYS, e.g. binance_trade_ip."""
        return f"{self.exchange}_{self.kind}"

    def allows_ip(self, address: str | None) -> bool:
        """Tell whether a request from this address may use the key."""
        return not self.ips or address in self.ips


def _key(exchange: ExchangeName, kind: KeyKind, api_key: str, secret: str) -> ApiKeySpec:
    """Build a test key whose permissions follow from its kind."""
    return ApiKeySpec(
        exchange=exchange,
        kind=kind,
        api_key=api_key,
        secret=secret,
        can_trade=kind is not KeyKind.READ_ONLY,
        can_withdraw=kind is KeyKind.WITHDRAW,
        ips=("127.0.0.1",) if kind is KeyKind.TRADE_IP else (),
    )


_B: Final[ExchangeName] = "binance"
_Y: Final[ExchangeName] = "bybit"
TEST_KEYS: Final[dict[str, ApiKeySpec]] = {
    key.name: key
    for key in (
        _key(
            _B,
            KeyKind.TRADE_IP,
            "rx4mazsh1cNNBhZARrIVTPL7Y2JMv8NFnPA8JnLLe9Zznc9BceBr02XaHsXozL7C",
            "ylILlHd8zwR0CGNlKkAK7Pxh2RVqXsjrqCNEjNmztKTEgaWBCENauwFSfMHKTj9I",
        ),
        _key(
            _B,
            KeyKind.TRADE_OPEN,
            "xT9LLMnWkzaAtmSBpuMsmN7xohDu3k6iYJwaMO18H8obSxC178WgtM3kdja90utF",
            "65lVhNsUdqKitr56slzk9fWtDgxqQDah5Nx0yY71D8Q6olMyM1gUN9gXeDFkjBR2",
        ),
        _key(
            _B,
            KeyKind.WITHDRAW,
            "kzvnuR7zCd9mNYxLtjo5ByRQYVG3s1lfG6T0OgKEaEIVuhr9NcxZ6BDureMCiHtH",
            "bm5Tpn8Y66hl7lv30n2nlL0jnQa76tU4mx62wRLLiZ1hqVzt4TiDO3WVMVL9J7X3",
        ),
        _key(
            _B,
            KeyKind.READ_ONLY,
            "c17XQLrMe5bDsKc4F2JzT6kTQyfhXa3O3tISaIlyMnrgjGJXBTnLIv7nE1BNYCGP",
            "mtWshIlVOJghLtvxCAZcsgPqxBLXD8aCAKcBmyBIgfvLo6V2PBcub89DUkgcgwcb",
        ),
        _key(_Y, KeyKind.TRADE_IP, "VBZlBcMCgpprBCmFUT", "4ZfGFMCWQ5AQZOV13bi84KwiLnSdrXmhjMiA"),
        _key(_Y, KeyKind.TRADE_OPEN, "TdyQFfManVYBIxyxIX", "jejJrWQ6OtuMNCLNefJdn6Jv5NIklc1FkXrR"),
        _key(_Y, KeyKind.WITHDRAW, "IhWDwQKcAtkvzGDTpn", "jpXtfwGJ7fk74JN8O7IVnf00LuaglKgD7SYf"),
        _key(_Y, KeyKind.READ_ONLY, "RsExSGKtvgTJEiiyvn", "ZtmvsOmFfSMXID9xRkNS5HoBqr7aKxOQXUVO"),
    )
}
"""Test keys by name (`{exchange}_{kind}`), e.g. TEST_KEYS["binance_trade_open"]."""


class KeyRing:
    """The keys one emulator accepts, looked up by exchange and API key."""

    def __init__(self, keys: Iterable[ApiKeySpec]) -> None:
        self._keys = {(key.exchange, key.api_key): key for key in keys}

    def find(self, exchange: ExchangeName, api_key: str) -> ApiKeySpec | None:
        """Return the key with this API key on this exchange, if known."""
        return self._keys.get((exchange, api_key))
