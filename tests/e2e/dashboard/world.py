"""A trader with something to look at, written as the system writes it; and the pages to visit.

The trader has three dry-run bots: one running with a month of trades (wins, losses, open
positions, a supervisor decision and bot events), one paused, one failed. Trades are placed
relative to now, at the exchange emulator's prices then, so the price chart's last day
shows entries and exits where the candles are. `tour` lists every
dashboard page the app serves, including those added after these tests were written.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

import aiohttp

from orchestrator.accounts import users
from orchestrator.alerts.produce import audit, record_event
from orchestrator.core.runtime import Runtime
from orchestrator.keys.store import Credentials, store_key
from tests.conftest import UserFactory
from tests.e2e.dashboard.shots import Stop
from tests.e2e.telegram.chat import Chat
from tests.integration.dashboard.seed import add_bot, add_strategy
from web_minimal.app import create_app

# (days ago it opened, hours held, profit in USDT or None while open, exit reason, entry tag)
TRADES: Final = (
    (19.5, 5, "4.20", "roi", "rsi_dip"),
    (17.2, 9, "-2.75", "stop_loss", "rsi_dip"),
    (14.1, 3, "6.10", "roi", "ema_cross"),
    (11.8, 12, "1.35", "exit_signal", "ema_cross"),
    (9.3, 2, "-1.90", "stop_loss", None),
    (6.6, 7, "3.05", "roi", "rsi_dip"),
    (4.2, 4, "-0.85", "trailing_stop_loss", "ema_cross"),
    (2.4, 6, "2.40", "roi", "rsi_dip"),
    (0.8, 3, "1.15", "roi", "ema_cross"),
    (0.5, 2, "-0.60", "stop_loss", "rsi_dip"),
    (0.2, None, None, None, "ema_cross"),
    (0.1, None, None, None, "rsi_dip"),
)
# Pages beside the overview and bot pages, visited once their routes exist: (name, route).
MORE_PAGES: Final = (
    ("strategies", "/dashboard/strategies"),
    ("strategy", "/dashboard/strategies/{strategy_id}"),
    ("keys", "/dashboard/keys"),
    ("billing", "/dashboard/billing"),
    ("upgrade", "/dashboard/billing/upgrade"),
)
AMOUNT: Final = Decimal("0.002")
_TRADE: Final = (
    "insert into trades (user_id, bot_id, ft_trade_id, pair, is_open, amount, stake_amount,"
    " open_rate, close_rate, open_date, close_date, profit_abs, profit_ratio, exit_reason,"
    " enter_tag) values ($1, $2, $3, 'BTC/USDT', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
)
KEY: Final = Credentials(api_key="k" * 60 + "Q7rT", secret="s" * 64)


@dataclass(frozen=True)
class World:
    """A seeded trader: the user, their strategy, their busy bot first, then the paused and
    the failed one."""

    user: uuid.UUID
    strategy: uuid.UUID
    bots: tuple[uuid.UUID, ...]

    @property
    def main(self) -> uuid.UUID:
        """Return the bot with the trades."""
        return self.bots[0]


async def trader(runtime: Runtime, make_user: UserFactory, language: str = "en") -> World:
    """Create the trader and their bots; return them."""
    user = await make_user(language=language)
    version = await add_strategy(runtime, user, "RSI dip + EMA cross")
    main = await add_bot(runtime, user, "BTC scalper", version=version)
    await add_trades(runtime, user, main)
    await add_history(runtime, user, main)
    paused = await add_bot(
        runtime, user, "ETH swing", desired="paused", version=version, pair="ETH/USDT"
    )
    failed = await add_bot(runtime, user, "SOL breakout", status="failed", pair="SOL/USDT")
    async with runtime.db.as_service() as conn:
        await conn.execute(
            "update bots set failure_reason = 'Exchange rejected the order' where id = $1", failed
        )
        strategy = await conn.fetchval(
            "select strategy_id from strategy_versions where id = $1", version
        )
    permissions = {"can_trade": True, "can_withdraw": False, "raw": {}}
    await store_key(runtime.db, runtime.vault, user, "binance", KEY, label="Main account",
                    permissions=permissions)  # fmt: skip
    return World(user, strategy, (main, paused, failed))


async def add_trades(runtime: Runtime, user: uuid.UUID, bot: uuid.UUID) -> None:
    """Give the bot the trades in TRADES, numbered from 1, entered at the market's price."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    prices = await hourly_closes(runtime.settings.exchange_emulator_base)
    async with runtime.db.as_service() as conn:
        for number, (days, hours, profit, reason, tag) in enumerate(TRADES, start=1):
            opened = now - dt.timedelta(days=days)
            rate = price_at(prices, opened)
            exit_ = None  # (close time, close rate, profit, profit ratio) once closed
            if profit is not None and hours is not None:
                gain = Decimal(profit)
                exit_ = (opened + dt.timedelta(hours=hours), rate + gain / AMOUNT, gain,
                         gain / (AMOUNT * rate))  # fmt: skip
            closed, close_rate, gain_abs, ratio = exit_ or (None, None, None, None)
            await conn.execute(
                _TRADE, user, bot, number, exit_ is None, AMOUNT, AMOUNT * rate, rate,
                close_rate, opened, closed, gain_abs, ratio, reason, tag,
            )  # fmt: skip


async def hourly_closes(exchange: str) -> dict[int, Decimal]:
    """Return BTC/USDT's hourly closes on the exchange emulator, by the hour's Unix time."""
    query = {"symbol": "BTCUSDT", "interval": "1h", "limit": "500"}
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"{exchange}/api/v3/klines", params=query) as response,
    ):
        assert response.status == 200, await response.text()
        rows = await response.json()
    return {int(row[0]) // 1000: Decimal(row[4]) for row in rows}


def price_at(closes: dict[int, Decimal], moment: dt.datetime) -> Decimal:
    """Return the close of the hour holding `moment` (the latest one for the hour running)."""
    hour = int(moment.timestamp()) // 3600 * 3600
    return closes.get(hour) or closes[max(closes)]


async def add_history(runtime: Runtime, user: uuid.UUID, bot: uuid.UUID) -> None:
    """Record bot events and a supervisor decision, worded as the worker and supervisor do."""
    verdict = {"bot_id": str(bot), "bot_name": "BTC scalper", "pair": "BTC/USDT", "streak": 3,
               "drawdown_pct": 2.75, "reason": "loss_streak"}  # fmt: skip
    async with runtime.db.as_service() as conn:
        await record_event(conn, user, bot, "started", "on worker-1")
        await record_event(conn, user, bot, "supervisor_warning", "3 losses in a row",
                           level="warning", data=verdict)  # fmt: skip
        await audit(conn, "supervisor", "bot.warn", user_id=user, target=str(bot), data=verdict)


async def user_of(runtime: Runtime, chat: Chat) -> uuid.UUID:
    """Return the user behind a chat (created on its first message, as the bot does)."""
    found = await users.get_or_create(
        runtime.db, chat.user_id, username=None, name=None, language_code=chat.language_code
    )
    return found.id


def served(runtime: Runtime) -> set[str]:
    """Return the paths the web app routes (pages other engineers are adding show up here)."""
    return {resource.canonical for resource in create_app(runtime).router.resources()}


def tour(runtime: Runtime, world: World) -> list[Stop]:
    """Return every dashboard page to look at, signed in as the trader."""
    main = world.main
    stops = [
        Stop("signin", "/dashboard/signin"),
        Stop("signin-link-used", "/dashboard/signin?why=dashboard_link_used"),
        Stop("miniapp-refused", "/app"),
        Stop("overview", "/dashboard"),
        Stop("bot", f"/dashboard/bots/{main}"),
        Stop("bot-stop-dialog", f"/dashboard/bots/{main}", 'a[data-confirm="confirm-stop"]'),
        Stop("bot-paused", f"/dashboard/bots/{world.bots[1]}"),
        Stop("bot-failed", f"/dashboard/bots/{world.bots[2]}"),
        Stop("confirm-stop", f"/dashboard/bots/{main}/stop"),
        Stop("not-found", f"/dashboard/bots/{uuid.uuid4()}"),
    ]
    routes = served(runtime)
    more = [(name, route) for name, route in MORE_PAGES if route in routes]
    return stops + [Stop(name, route.format(strategy_id=world.strategy)) for name, route in more]
