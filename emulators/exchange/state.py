"""Settings and the shared state of one emulator app."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from aiohttp import web

from emulators.exchange.candles import CandleBook
from emulators.exchange.faults import FaultState
from emulators.exchange.keys import TEST_KEYS, ApiKeySpec, KeyRing
from emulators.exchange.ledger import Ledger
from emulators.exchange.markets import DEFAULT_MARKETS, MarketSpec, MarketTable
from emulators.exchange.stats import RequestLog

DEFAULT_BALANCES: Final[Mapping[str, str]] = {"USDT": "10000", "BTC": "0.1", "ETH": "1"}


@dataclass(frozen=True)
class EmulatorSettings:
    """What one emulator lists, accepts and starts every account with."""

    seed: int = 42
    markets: tuple[MarketSpec, ...] = DEFAULT_MARKETS
    keys: tuple[ApiKeySpec, ...] = tuple(TEST_KEYS.values())
    csv_files: Mapping[str, Path] = field(default_factory=dict)  # exchange id -> CSV to replay
    balances: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_BALANCES))


@dataclass
class EmulatorState:
    """Everything the handlers share; `outage_hook` is set by whoever owns the listening port."""

    settings: EmulatorSettings
    markets: MarketTable
    book: CandleBook
    ledger: Ledger
    keys: KeyRing
    faults: FaultState
    log: RequestLog
    outage_hook: Callable[[float], None] | None = None

    @classmethod
    def build(cls, settings: EmulatorSettings) -> EmulatorState:
        """Wire markets, candles, accounts and keys from settings."""
        markets = MarketTable(settings.markets)
        book = CandleBook.generated(settings.seed, list(markets), settings.csv_files)
        return cls(
            settings=settings,
            markets=markets,
            book=book,
            ledger=Ledger(markets, book, settings.balances),
            keys=KeyRing(settings.keys),
            faults=FaultState(),
            log=RequestLog(),
        )


STATE: Final = web.AppKey("exchange_emulator_state", EmulatorState)
