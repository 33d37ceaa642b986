"""A trader with something to look at, written as the system writes it; and the pages to visit.

The trader has three dry-run bots: one running with a month of trades (wins, losses, open
positions, a supervisor decision and bot events), one paused, one failed. Trades are placed
relative to now, so the price chart's last day shows entries and exits. `tour` lists every
dashboard page the app serves, including those added after these tests were written.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Final

from orchestrator.accounts import users
from orchestrator.alerts.produce import audit
from orchestrator.core.runtime import Runtime
from tests.conftest import UserFactory
from tests.e2e.telegram.chat import Chat
from tests.integration.dashboard.seed import add_bot, add_event, add_strategy, add_trade
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
# Pages beside the overview and bot pages, shown once their routes exist.
MORE_PAGES: Final = ("strategies", "keys", "billing")


@dataclass(frozen=True)
class World:
    """A seeded trader: the user, their busy bot first, then the paused and the failed one."""

    user: uuid.UUID
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
    return World(user, (main, paused, failed))


async def add_trades(runtime: Runtime, user: uuid.UUID, bot: uuid.UUID) -> None:
    """Give the bot the trades in TRADES, numbered from 1."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for number, (days, hours, profit, reason, tag) in enumerate(TRADES, start=1):
        opened = now - dt.timedelta(days=days)
        await add_trade(
            runtime, user, bot, number, profit=profit, opened=opened, hours=hours or 0,
            reason=reason, tag=tag,
        )  # fmt: skip


async def add_history(runtime: Runtime, user: uuid.UUID, bot: uuid.UUID) -> None:
    """Record bot events and a supervisor decision, as the worker and supervisor do."""
    await add_event(runtime, user, bot, "started", "info", "Dry-run started on Binance")
    await add_event(runtime, user, bot, "supervisor_warning", "warning", "3 losses in a row")
    async with runtime.db.as_service() as conn:
        data = {"reason": "loss_streak", "streak": 3}
        await audit(conn, "supervisor", "bot.warn", user_id=user, target=str(bot), data=data)


async def user_of(runtime: Runtime, chat: Chat) -> uuid.UUID:
    """Return the user behind a chat (created on its first message, as the bot does)."""
    found = await users.get_or_create(
        runtime.db, chat.user_id, username=None, name=None, language_code=chat.language_code
    )
    return found.id


def served(runtime: Runtime) -> set[str]:
    """Return the paths the web app routes (pages other engineers are adding show up here)."""
    return {resource.canonical for resource in create_app(runtime).router.resources()}


def tour(runtime: Runtime, world: World) -> list[tuple[str, str]]:
    """Return (name, path) of every dashboard page to look at, signed in as the trader."""
    main = world.main
    pages = [
        ("signin", "/dashboard/signin"),
        ("signin-link-used", "/dashboard/signin?why=dashboard_link_used"),
        ("miniapp-refused", "/app"),
        ("overview", "/dashboard"),
        ("bot", f"/dashboard/bots/{main}"),
        ("bot-paused", f"/dashboard/bots/{world.bots[1]}"),
        ("bot-failed", f"/dashboard/bots/{world.bots[2]}"),
        ("confirm-stop", f"/dashboard/bots/{main}/stop"),
        ("not-found", f"/dashboard/bots/{uuid.uuid4()}"),
    ]
    routes = served(runtime)
    more = [(name, f"/dashboard/{name}") for name in MORE_PAGES]
    return pages + [(name, path) for name, path in more if path in routes]
