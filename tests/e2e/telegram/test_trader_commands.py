"""The commands traders know from Freqtrade, across all of a user's bots, in both languages.

/daily, /weekly, /monthly and /performance read the synced trades (stopped bots included);
/balance, /count, /logs and /stopentry ask running bots: here through a real worker and
Freqtrade (slow), or, with no worker, a bot the database calls running that cannot answer.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from decimal import Decimal

import pytest

from kernel import formatting
from nofomo.worker import WorkerNode
from orchestrator.accounts import users
from orchestrator.bots.service import NewBot, create_bot, start_bot
from orchestrator.core.runtime import Runtime
from telegram_bot.i18n import t
from tests.e2e.telegram.chat import Chat, button_labels, plain
from tests.e2e.telegram.conftest import ChatFactory, SeedBot
from tests.support.waiting import eventually

SEEDED = "AlwaysIn BTC/USDT"
SECOND, DAY = dt.timedelta(seconds=1), dt.timedelta(days=1)


async def user_id_of(runtime: Runtime, chat: Chat) -> uuid.UUID:
    user = await users.get_or_create(
        runtime.db, chat.user_id, username=None, name=None, language_code=None
    )
    return user.id


async def another_bot(runtime: Runtime, chat: Chat, seeded: uuid.UUID, pair: str) -> uuid.UUID:
    """Give the chat's user a stopped bot on `pair`, running the seeded bot's strategy."""
    async with runtime.db.as_service() as conn:
        version_id = await conn.fetchval(
            "select strategy_version_id from bots where id = $1", seeded
        )
    new = NewBot(f"{pair[:3]} bot", version_id, "bybit", pair, Decimal(10), "1m")
    return await create_bot(runtime, await user_id_of(runtime, chat), new)


async def set_state(runtime: Runtime, bot_id: uuid.UUID, desired: str, status: str) -> None:
    """Put a bot in a state as its worker would report it (no worker holds it here)."""
    async with runtime.db.as_service() as conn:
        await conn.execute(
            "update bots set desired_state = $2, status = $3 where id = $1", bot_id, desired, status
        )


async def add_trade(
    runtime: Runtime, bot_id: uuid.UUID, trade_id: int, profit: str, closed: dt.timedelta | None
) -> dt.datetime:
    """Store a synced trade of the bot closed `closed` ago (None: still open); return when."""
    async with runtime.db.as_service() as conn:
        when: dt.datetime = await conn.fetchval(
            "insert into trades (user_id, bot_id, ft_trade_id, pair, is_open, amount,"
            " stake_amount, open_rate, open_date, close_date, profit_abs, profit_ratio)"
            " select b.user_id, b.id, $2, b.pair, $4::interval is null, 0.001, 25, 50000,"
            " now() - interval '2 days', now() - $4::interval, $3::numeric, $3::numeric / 25"
            " from bots b where b.id = $1 returning coalesce(close_date, open_date)",
            bot_id,
            trade_id,
            Decimal(profit),
            closed,
        )
    return when


async def test_reports_without_bots(new_chat: ChatFactory) -> None:
    for lang in ("en", "id"):
        chat = new_chat(language_code=lang)
        for command in ("/daily", "/weekly 2", "/monthly", "/balance", "/count", "/logs"):
            (reply,) = await chat.say(command)
            assert reply["text"] == plain(t(lang, "bots_empty")), command
        (reply,) = await chat.say("/stopentry")
        assert reply["text"] == plain(t(lang, "bots_empty"))
        (reply,) = await chat.say("/performance")
        assert reply["text"] == plain(t(lang, "performance_none"))


async def test_profit_per_period_and_pair_across_bots(
    new_chat: ChatFactory, seed_bot: SeedBot, runtime: Runtime
) -> None:
    chat = new_chat(language_code="en")
    btc = await seed_bot(chat)
    eth = await another_bot(runtime, chat, btc, "ETH/USDT")
    today = await add_trade(runtime, btc, 1, "2.5", SECOND)
    await add_trade(runtime, eth, 1, "0.5", SECOND)
    yesterday = await add_trade(runtime, btc, 2, "-1.25", DAY)
    await add_trade(runtime, eth, 2, "9", None)  # open: no realised profit yet
    # Another user's trades are theirs alone.
    other = new_chat(language_code="en")
    await add_trade(runtime, await seed_bot(other), 1, "100", SECOND)

    (daily,) = await chat.say("/daily")
    rows = daily["text"].splitlines()
    assert rows[0] == "Profit per day · last 7 days · all your bots (WIB)"
    assert rows[1] == f"{formatting.date(today, 'en')}: +3.00 USDT · 2 closed trades"
    assert rows[2] == f"{formatting.date(yesterday, 'en')}: -1.25 USDT · 1 closed trade"
    assert all(row.endswith(": +0.00 USDT · 0 closed trades") for row in rows[3:8])
    assert len(rows) == 9 and rows[8] == "Total: +1.75 USDT · 3 closed trades"

    (two,) = await chat.say("/daily 2")
    assert len(two["text"].splitlines()) == 4
    (weekly,) = await chat.say("/weekly")
    assert weekly["text"].splitlines()[-1] == "Total: +1.75 USDT · 3 closed trades"
    assert len(weekly["text"].splitlines()) == 6
    (monthly,) = await chat.say("/monthly 1")
    assert monthly["text"].startswith("Profit per month · last 1 month · all your bots")

    (performance,) = await chat.say("/performance")
    assert performance["text"].splitlines() == [
        "Profit per pair · all closed trades of all your bots",
        "BTC/USDT: +1.25 USDT · 2 closed trades, 1 won",
        "ETH/USDT: +0.50 USDT · 1 closed trade, 1 won",
    ]


async def test_period_arguments_out_of_range_are_explained(
    new_chat: ChatFactory, seed_bot: SeedBot
) -> None:
    chat = new_chat(language_code="id")
    await seed_bot(chat)
    for command, key, default in (
        ("/daily 0", "report_days_range", 7),
        ("/weekly dua", "report_weeks_range", 4),
        ("/monthly 61", "report_months_range", 3),
    ):
        (reply,) = await chat.say(command)
        assert reply["text"] == plain(t("id", key, default=default, limit=60)), command
    (reply,) = await chat.say("/daily 60")
    assert reply["text"].startswith("Profit per hari · 60 hari terakhir · semua bot Anda (WIB)")
    assert reply["text"].splitlines()[-1] == "Total: +0,00 USDT · 0 transaksi selesai"


async def test_live_reports_list_every_bot_and_pick_among_running_ones(
    new_chat: ChatFactory, seed_bot: SeedBot, runtime: Runtime
) -> None:
    chat = new_chat(language_code="id")
    btc = await seed_bot(chat)
    eth = await another_bot(runtime, chat, btc, "ETH/USDT")
    sol = await another_bot(runtime, chat, btc, "SOL/USDT")

    # None runs: said at once, by every command that needs a running bot.
    (reply,) = await chat.say("/balance")
    assert reply["text"] == plain(t("id", "live_none_running"))
    (reply,) = await chat.say("/count")
    assert reply["text"] == plain(t("id", "live_none_running"))
    (reply,) = await chat.say("/logs")
    assert reply["text"] == plain(t("id", "logs_none_running")) and reply["buttons"] == []
    (reply,) = await chat.say("/stopentry")
    assert reply["text"] == plain(t("id", "stopentry_none_running"))

    # Two run as far as the database knows, but no worker holds them: they cannot answer.
    await set_state(runtime, eth, "running", "running")
    await set_state(runtime, sol, "paused", "paused")
    (balance,) = await chat.say("/balance")
    assert balance["text"].splitlines() == [
        "Saldo bot Anda",
        f"⚪ {SEEDED}: tidak berjalan (berhenti)",
        "🟢 ETH bot: tidak menjawab; coba lagi sebentar lagi",
        "⏸ SOL bot: tidak menjawab; coba lagi sebentar lagi",
    ]
    (count,) = await chat.say("/count")
    assert count["text"].splitlines()[0] == "Posisi terbuka bot Anda"
    assert count["text"].splitlines()[1:] == balance["text"].splitlines()[1:]

    (picker,) = await chat.say("/logs")
    assert picker["text"] == plain(t("id", "pick_bot"))
    assert button_labels(picker) == ["ETH bot · ETH/USDT", "SOL bot · SOL/USDT"]
    before = len(chat.messages())
    chat.press(picker, "ETH bot · ETH/USDT")
    (gone,) = (await chat.emulator.wait_for_messages(chat.user_id, before + 1, 15))[before:]
    assert gone["text"] == plain(t("id", "bot_not_running"))

    (picker,) = await chat.say("/stopentry")
    assert button_labels(picker) == ["ETH bot · ETH/USDT", "SOL bot · SOL/USDT"]
    before = len(chat.messages())
    chat.press(picker, "SOL bot · SOL/USDT")
    (paused,) = (await chat.emulator.wait_for_messages(chat.user_id, before + 1, 15))[before:]
    assert paused["text"] == plain(t("id", "stopentry_already", name="SOL bot"))


@pytest.mark.slow
@pytest.mark.timeout(300)
async def test_a_running_bot_answers_balance_count_logs_and_stopentry(
    new_chat: ChatFactory, seed_bot: SeedBot, worker: WorkerNode, runtime: Runtime
) -> None:
    chat = new_chat(language_code="en")
    bot_id = await seed_bot(chat)
    await start_bot(runtime, await user_id_of(runtime, chat), bot_id)

    async def status_is(wanted: str) -> bool:
        async with runtime.db.as_service() as conn:
            found = await conn.fetchval("select status from bots where id = $1", bot_id)
        return bool(found == wanted)

    await eventually(lambda: status_is("running"), within=90, what="the bot running")

    (count,) = await chat.say("/count", timeout=30)
    assert count["text"].splitlines()[0] == "Open trades of your bots"
    assert re.fullmatch(
        rf"🟢 {SEEDED}: [01] of 1 open · [\d,.]+ USDT in open trades", count["text"].splitlines()[1]
    )
    (balance,) = await chat.say("/balance", timeout=30)
    head = balance["text"].splitlines()[1]
    assert head.startswith(f"🟢 {SEEDED} (dry-run: play money, not real funds): ≈ ")
    assert head.endswith(" USDT in total")

    (logs,) = await chat.say("/logs", timeout=30)
    assert logs["text"].startswith(f"{SEEDED}: last lines of its log\n")
    assert "freqtrade" in logs["text"]
    async with runtime.db.as_service() as conn:
        secret = await conn.fetchval("select webhook_secret from bots where id = $1", bot_id)
    assert secret and secret not in logs["text"]

    (stopped,) = await chat.say("/stopentry", timeout=30)
    assert stopped["text"] == plain(t("en", "stopentry_done", name=SEEDED))
    await eventually(lambda: status_is("paused"), within=30, what="the bot paused")
    (again,) = await chat.say("/stopentry")
    assert again["text"] == plain(t("en", "stopentry_already", name=SEEDED))
    (count,) = await chat.say("/count", timeout=30)
    assert count["text"].splitlines()[1].startswith(f"⏸ {SEEDED}: ")
