"""/chart in a chat: the bot's candles and trades as a real picture, described in words."""

from __future__ import annotations

import datetime as dt
import io
import uuid

import aiohttp
import pytest
from matplotlib import image
from matplotlib.colors import to_rgb

from ai_strategies.charts.candles import FALLING, RISING
from emulators.telegram import TelegramEmulator
from orchestrator.core.runtime import Runtime
from telegram_bot.render import counted
from tests.e2e.telegram.conftest import ChatFactory, SeedBot
from tests.support.charts import PORTRAIT, artifacts, png_size

CAPTIONS = {
    "en": [
        "📈 AlwaysIn BTC/USDT\nBTC/USDT · 1m candles · dry-run",
        "Realised profit: +0.00 USDT from ",
        "• Bought 0.0005 BTC at 50,000 on ",
    ],
    "id": [
        "📈 AlwaysIn BTC/USDT\nBTC/USDT · candle 1m · dry-run",
        "Profit terealisasi: +0,00 USDT dari ",
        "• Beli 0,0005 BTC di 50.000 pada ",
    ],
}


async def open_trade(runtime: Runtime, bot_id: uuid.UUID, minutes_ago: int) -> None:
    """Store the bot's only trade: 0.0005 BTC bought at 50,000 and still open."""
    async with runtime.db.as_service() as conn:
        await conn.execute(
            "insert into trades (user_id, bot_id, ft_trade_id, pair, is_open, amount,"
            " stake_amount, open_rate, open_date)"
            " select user_id, id, 1, pair, true, 0.0005, 25, 50000, now() - $2::interval"
            " from bots where id = $1",
            bot_id,
            dt.timedelta(minutes=minutes_ago),
        )


async def photo_of(emulator: TelegramEmulator, message: dict[str, object]) -> bytes:
    """Download the photo of a message the way a client would."""
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"{emulator.url}{message['file_url']}") as response,
    ):
        assert response.status == 200
        return await response.read()


@pytest.mark.parametrize("language", ["en", "id"])
async def test_chart_with_only_an_open_trade_shows_it(
    language: str,
    new_chat: ChatFactory,
    seed_bot: SeedBot,
    runtime: Runtime,
    tg_emulator: TelegramEmulator,
) -> None:
    chat = new_chat(language_code=language)
    await open_trade(runtime, await seed_bot(chat), minutes_ago=12)

    (chart,) = await chat.say("/chart", timeout=30)

    assert chart["photo"]
    caption = chart["text"]
    opened = counted(language, "trades_open_title", 1)
    for part in [*CAPTIONS[language], f"\n{opened}: "]:
        assert part in caption
    assert caption.count("\n") == 4 and len(chart["raw_text"] or caption) < 1024
    assert "No trades yet" not in caption and "Belum ada trade" not in caption
    png = await photo_of(tg_emulator, chart)
    assert png_size(png) == PORTRAIT
    (artifacts("charts") / f"chat-open-trade-{language}.png").write_bytes(png)
    # Candles, not a placeholder: both candle colours cover part of the picture.
    pixels = image.imread(io.BytesIO(png), format="png")[..., :3]
    for colour in (RISING, FALLING):
        assert (abs(pixels - to_rgb(colour)).max(axis=-1) < 0.02).sum() > 500
