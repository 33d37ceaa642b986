"""Flows kept in Postgres: a restart mid-flow, and two instances taking turns, continue it."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import secrets
import signal
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack
from pathlib import Path

import aiohttp
import pytest
from telegram import Update

from emulators.telegram import TelegramEmulator
from nofomo.cli.telegram import Wiring, build_telegram
from orchestrator.core.runtime import Runtime
from orchestrator.db.pool import Database
from telegram_bot.app import App, build_application
from telegram_bot.i18n import label, t
from telegram_bot.ordering import OnePerUser
from telegram_bot.persistence import SharedPersistence, encode_key
from telegram_bot.runner import running
from telegram_bot.state import StartBotDraft, UserData
from tests.e2e.telegram.chat import Chat, Message, plain
from tests.e2e.telegram.conftest import TOKEN, SeedStrategy
from tests.support.waiting import eventually

AppFactory = Callable[..., App]
STARTED = t(
    "en", "sb_started", name="AlwaysIn", pair="BTC/USDT", exchange="Binance", stake="25.00",
    mode="dry-run",
)  # fmt: skip
PICK_STAKE = t("en", "sb_pair_preset", pair="BTC/USDT") + "\n" + t("en", "sb_pick_stake")


@pytest.fixture
def make_app(runtime: Runtime, tg_emulator: TelegramEmulator) -> AppFactory:
    """Build another instance of the bot on the same runtime and emulator."""

    def factory(*, webhook: bool = False) -> App:
        return build_application(
            runtime,
            token=TOKEN,
            base_url=tg_emulator.bot_base_url,
            base_file_url=tg_emulator.file_base_url,
            webhook=webhook,
        )

    return factory


@pytest.fixture
def chat(tg_emulator: TelegramEmulator, tg_users: list[int]) -> Chat:
    """A fresh user's private chat (its user is deleted afterwards)."""
    user_id = secrets.randbelow(10**9) + 10**9
    tg_users.append(user_id)
    return Chat(tg_emulator, user_id, "en")


async def stored(db: Database, chat: Chat) -> tuple[object, object] | None:
    """Return the /startbot state and the user's data as kept in Postgres; None for neither."""
    key = encode_key((chat.user_id, chat.user_id))
    async with db.as_service() as conn:
        state = await conn.fetchval(
            "select state from telegram_conversations where name = 'start_bot' and key = $1", key
        )
        data = await conn.fetchval(
            "select data from telegram_data where scope = 'user' and telegram_id = $1",
            chat.user_id,
        )
    return None if state is None and data is None else (state, data)


async def press_and_edit(chat: Chat, message: Message, button: str, text: str) -> Message:
    chat.press(message, button)
    return await chat.edited_to(message, text)


async def test_a_restart_in_the_middle_of_startbot_keeps_the_flow(
    make_app: AppFactory, chat: Chat, seed_strategy: SeedStrategy, runtime: Runtime
) -> None:
    await seed_strategy(chat)
    async with running(make_app()):
        (picker,) = await chat.say("/startbot")
        step = await press_and_edit(chat, picker, "AlwaysIn test", t("en", "sb_pick_exchange"))

        # Written when the step ended, not when the instance stops: a killed one loses nothing.
        async def exchange_step() -> object:
            found = await stored(runtime.db, chat)
            return found is not None and found[0] == 2 and found[1]  # StartBotState.EXCHANGE

        data = await eventually(exchange_step, within=5, every=0.05, what="the step stored")
        assert isinstance(data, dict) and data["start_bot"]["pair"] == "BTC/USDT"

    async with running(make_app()):  # a fresh process: nothing in memory
        step = await press_and_edit(chat, step, "Binance", PICK_STAKE)
        (mode,) = await chat.say("25")  # typed: read as the stake, not as small talk
        assert mode["text"] == plain(t("en", "sb_pick_mode"))
        await press_and_edit(chat, mode, label("en", "btn_dry_run"), STARTED)
    assert await stored(runtime.db, chat) is None  # a finished flow leaves no rows


class Turns:
    """Fetch the emulator's updates by hand and give each to the instance whose turn it is."""

    def __init__(self) -> None:
        self.offset = 0

    async def deliver(self, app: App) -> None:
        """Let `app` handle the one update the user just caused, to the end of its write."""
        (update,) = await app.bot.get_updates(
            offset=self.offset, timeout=5, allowed_updates=Update.ALL_TYPES
        )
        self.offset = update.update_id + 1
        await app.process_update(update)


async def test_two_instances_taking_turns_complete_startbot(
    make_app: AppFactory, chat: Chat, seed_strategy: SeedStrategy, runtime: Runtime
) -> None:
    await seed_strategy(chat)
    turns = Turns()
    async with AsyncExitStack() as stack:
        a = await stack.enter_async_context(running(make_app(webhook=True)))
        b = await stack.enter_async_context(running(make_app(webhook=True)))

        chat.send("/startbot")
        await turns.deliver(a)
        (picker,) = chat.messages()
        chat.press(picker, "AlwaysIn test")
        await turns.deliver(b)
        step = await chat.edited_to(picker, t("en", "sb_pick_exchange"))
        chat.press(step, "Binance")
        await turns.deliver(a)
        step = await chat.edited_to(picker, PICK_STAKE)
        chat.press(step, "25 USDT")
        await turns.deliver(b)
        step = await chat.edited_to(picker, t("en", "sb_pick_mode"))
        chat.press(step, label("en", "btn_dry_run"))
        await turns.deliver(a)
        await chat.edited_to(picker, STARTED)
    async with runtime.db.as_service() as conn:
        bots = await conn.fetch(
            "select b.pair, b.dry_run from bots b join users u on u.id = b.user_id"
            " where u.telegram_id = $1",
            chat.user_id,
        )
    assert [(row["pair"], row["dry_run"]) for row in bots] == [("BTC/USDT", True)]


async def test_new_asked_on_one_instance_reads_the_idea_on_the_other(
    make_app: AppFactory, chat: Chat, runtime: Runtime
) -> None:
    turns = Turns()
    async with AsyncExitStack() as stack:
        a = await stack.enter_async_context(running(make_app(webhook=True)))
        b = await stack.enter_async_context(running(make_app(webhook=True)))
        chat.send("/new")
        await turns.deliver(a)
        chat.send("buy BTC/USDT when RSI(14) < 30")
        await turns.deliver(b)
        asked, working = chat.messages()
        assert (asked["text"], working["text"]) == (
            plain(t("en", "new_ask")),
            plain(t("en", "new_working")),
        )
    async with runtime.db.as_service() as conn:
        prompts = await conn.fetch(
            "select g.prompt from generation_requests g join users u on u.id = g.user_id"
            " where u.telegram_id = $1",
            chat.user_id,
        )
    assert [row["prompt"] for row in prompts] == ["buy BTC/USDT when RSI(14) < 30"]


async def test_a_stale_copy_never_overwrites_a_newer_one(db: Database) -> None:
    """Instance A read a draft, B changed it; A's next periodic write must not undo B's."""
    user_id = secrets.randbelow(10**9) + 10**9
    a, b = SharedPersistence(db), SharedPersistence(db)
    seen_by_a, seen_by_b = UserData(), UserData()

    await a.refresh_user_data(user_id, seen_by_a)
    seen_by_a.start_bot = StartBotDraft(pair="BTC/USDT")
    await a.update_user_data(user_id, seen_by_a)

    await b.refresh_user_data(user_id, seen_by_b)
    assert seen_by_b.start_bot == StartBotDraft(pair="BTC/USDT")
    seen_by_b.start_bot.pair = "ETH/USDT"
    await b.update_user_data(user_id, seen_by_b)

    await a.update_user_data(user_id, seen_by_a)  # PTB's backstop run, A's copy unchanged
    await a.refresh_user_data(user_id, seen_by_a)
    assert seen_by_a.start_bot == StartBotDraft(pair="ETH/USDT")

    seen_by_a.start_bot = None
    await a.update_user_data(user_id, seen_by_a)
    await b.refresh_user_data(user_id, seen_by_b)
    assert seen_by_b == UserData()
    async with db.as_service() as conn:  # an emptied draft leaves no row
        assert (
            await conn.fetchval(
                "select count(*) from telegram_data where telegram_id = $1", user_id
            )
            == 0
        )


async def test_ideas_keep_their_order_through_postgres(db: Database) -> None:
    """The oldest idea loses its button first, however jsonb orders an object's keys."""
    user_id = secrets.randbelow(10**9) + 10**9
    persistence, data = SharedPersistence(db), UserData()
    await persistence.refresh_user_data(user_id, data)
    tokens = [data.remember_idea(f"idea {n}", token) for n, token in enumerate("zyxwv")]
    await persistence.update_user_data(user_id, data)

    await persistence.refresh_user_data(user_id, data)
    assert list(data.ideas) == tokens
    data.remember_idea("one more", "u")
    assert list(data.ideas) == [*tokens[1:], "u"]
    await persistence.drop_user_data(user_id)


def update_from(user_id: int, update_id: int) -> Update:
    """A user's text message, as Telegram would deliver it."""
    person = {"id": user_id, "is_bot": False, "first_name": "Siti"}
    message = {"message_id": update_id, "date": 0, "chat": {"id": user_id, "type": "private"}}
    return Update.de_json({"update_id": update_id, "message": {**message, "from": person}}, None)


async def test_one_users_updates_take_turns_across_instances(runtime: Runtime) -> None:
    """Instances A and B never run one user's updates at once; other users do not wait."""
    siti, budi = (secrets.randbelow(10**9) + 10**9 for _ in range(2))
    a, b = OnePerUser(runtime.redis), OnePerUser(runtime.redis)
    log: list[tuple[int, str]] = []

    async def handle(n: int) -> None:
        log.append((n, "in"))
        await asyncio.sleep(0.2)
        log.append((n, "out"))

    async with asyncio.timeout(10):
        await asyncio.gather(
            a.do_process_update(update_from(siti, 1), handle(1)),
            b.do_process_update(update_from(siti, 2), handle(2)),
            b.do_process_update(update_from(budi, 3), handle(3)),
        )
    siti_only = [event for event in log if event[0] != 3]
    assert siti_only in ([(1, "in"), (1, "out"), (2, "in"), (2, "out")],
                         [(2, "in"), (2, "out"), (1, "in"), (1, "out")])  # fmt: skip
    assert log.index((3, "in")) < log.index((1, "out"))  # budi did not wait for siti


@dataclasses.dataclass
class LoneEmulator:
    """`python -m emulators.telegram` running in its own process."""

    url: str
    process: asyncio.subprocess.Process

    async def stop(self) -> None:
        """Interrupt it as a user would (it saves its chats on the way out)."""
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGINT)
            await asyncio.wait_for(self.process.communicate(), 30)


@pytest.fixture
async def lone_emulator(tmp_path: Path) -> AsyncIterator[LoneEmulator]:
    """The emulator on its own, keeping chats in a data dir, stopped after the test."""
    process = await asyncio.create_subprocess_exec(
        *(sys.executable, "-m", "emulators.telegram", "--port", "0"),
        *("--no-flood-limits", "--data-dir", str(tmp_path / "data")),
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    line = (await asyncio.wait_for(process.stdout.readline(), 60)).decode()
    emulator = LoneEmulator(line.split(": ", 1)[1].strip().rstrip("/"), process)
    yield emulator
    await emulator.stop()


async def say(http: aiohttp.ClientSession, url: str, user_id: int, text: str) -> str:
    """Send `text` as the user through the emulator's control API; return the bot's answer."""
    async with http.get(f"{url}/_emu/messages", params={"chat_id": user_id}) as response:
        before = len((await response.json())["messages"])
    await http.post(f"{url}/_emu/send", json={"user_id": user_id, "text": text})
    # Generous: a freshly built bot answers its first update slowly on a loaded CI machine.
    query = {"chat_id": user_id, "count": before + 1, "timeout": 60}
    async with http.get(f"{url}/_emu/wait", params=query) as response:
        return str((await response.json())["messages"][-1]["text"])


async def test_the_bot_uses_the_api_server_it_is_given_and_the_chat_outlives_it(
    runtime: Runtime, lone_emulator: LoneEmulator, tg_users: list[int], tmp_path: Path
) -> None:
    url = lone_emulator.url
    settings = runtime.settings.model_copy(update={"telegram_api_base_url": url + "/"})
    configured = dataclasses.replace(runtime, settings=settings)
    user_id = secrets.randbelow(10**9) + 10**9
    tg_users.append(user_id)
    answers = []
    async with aiohttp.ClientSession() as http:
        for command in ("/start", "/help"):  # each answered by a freshly built bot
            async with AsyncExitStack() as stack:
                wiring = Wiring()
                await build_telegram(configured, stack, wiring)
                assert wiring.application is not None
                assert wiring.application.bot.base_url == f"{url}/bot{wiring.token}"
                async with running(wiring.application):
                    answers.append(await say(http, url, user_id, command))
    assert answers[-1].startswith("Commands")

    await lone_emulator.stop()
    kept = json.loads((tmp_path / "data" / "telegram-emulator" / "state.json").read_text())
    (chat,) = [c for c in kept["chats"] if c["id"] == user_id]
    assert [m["text"] for m in chat["messages"] if m["text"] in answers] == answers
