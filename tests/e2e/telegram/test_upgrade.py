"""Paying from chat: /upgrade → plan → period → channel → the payment, then /billing.

The bot talks to the Telegram emulator and, for channels and transactions, to the Tripay
emulator over HTTP: this module's `runtime` points the Tripay settings at it.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from PIL import Image

from emulators.exchange import ExchangeEmulator
from emulators.tripay import TripayEmulator
from kernel import formatting
from orchestrator.billing.poll import poll_overdue
from orchestrator.core.runtime import Runtime
from orchestrator.core.settings import Settings
from telegram_bot.callbacks import Action, Signer, derive_key
from telegram_bot.i18n import label, t
from tests.e2e.telegram.chat import Chat, Message, button_labels, plain
from tests.e2e.telegram.conftest import TOKEN, ChatFactory
from tests.e2e.telegram.test_bot_chart import photo_of
from tests.integration.runner.conftest import runner_env
from tests.support.processes import free_port


@pytest.fixture
async def tripay() -> AsyncIterator[TripayEmulator]:
    """The Tripay emulator; nothing receives its callbacks here, so it tries once."""
    async with TripayEmulator(port=0, callback_interval_s=0.05, callback_tries=1) as emulator:
        yield emulator


@pytest.fixture
async def runtime(
    tmp_path: Path,
    database_url: str,
    redis_url: str,
    exchange: ExchangeEmulator,
    tripay: TripayEmulator,
) -> AsyncIterator[Runtime]:
    """The e2e runtime, with Tripay's base URL and credentials pointed at the emulator."""
    env = runner_env(
        tmp_path / "state",
        database_url,
        redis_url,
        exchange.url,
        PORT=str(free_port()),
        TRIPAY_BASE_URL=tripay.url,
        TRIPAY_API_KEY=tripay.api_key,
        TRIPAY_PRIVATE_KEY=tripay.private_key,
        TRIPAY_MERCHANT_CODE=tripay.merchant_code,
    )
    settings = Settings(_env_file=None, **{k.lower(): v for k, v in env.items()})  # type: ignore[arg-type]
    rt = await Runtime.open(settings, run_migrations=False)
    yield rt
    await rt.close()


async def press_for(chat: Chat, message: Message, button: str, count: int = 1) -> list[Message]:
    """Press a button and return the `count` new messages it brings."""
    before = len(chat.messages())
    chat.press(message, button)
    found = await chat.emulator.wait_for_messages(chat.user_id, before + count, 20)
    return found[before:]


async def press_to_redraw(chat: Chat, message: Message, button: str, starts: str) -> Message:
    """Press a button and return its message once redrawn to start with `starts`."""
    chat.press(message, button)

    def redrawn() -> Message | None:
        current = chat.message(message["message_id"])
        return current if current["text"].startswith(starts) else None

    found: Message = await chat.until(redrawn, 15, f"a message starting {starts!r}")
    return found


def button_starting(message: Message, prefix: str) -> str:
    return next(text for text in button_labels(message) if text.startswith(prefix))


async def invoices_of(runtime: Runtime, chat: Chat) -> list[str]:
    async with runtime.db.as_service() as conn:
        rows = await conn.fetch(
            "select i.merchant_ref from invoices i join users u on u.id = i.user_id"
            " where u.telegram_id = $1",
            chat.user_id,
        )
    return [row["merchant_ref"] for row in rows]


async def settle_at_emulator(tripay: TripayEmulator, reference: str) -> None:
    """Pay a transaction through the emulator's control API, as the payer's bank would."""
    async with (
        aiohttp.ClientSession() as http,
        http.post(
            f"{tripay.root_url}/_emu/pay", json={"reference": reference, "status": "PAID"}
        ) as response,
    ):
        assert response.status == 200


async def test_upgrade_to_pro_monthly_with_qris(
    new_chat: ChatFactory,
    runtime: Runtime,
    tripay: TripayEmulator,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    chat = new_chat(language_code="id")
    (plans,) = await chat.say("/upgrade")
    assert "💰 Rp 149.000 per bulan · Rp 1.490.000 per tahun (hemat Rp 298.000)" in plans["text"]
    assert "Paket Anda sekarang: Free" in plans["text"]
    periods = await press_to_redraw(
        chat, plans, "⭐ Pro · Rp 149.000 per bulan", "⭐ Pro: bayar untuk berapa lama?"
    )
    channels = await press_to_redraw(
        chat, periods, "📅 Bulanan · Rp 149.000", "💳 Pro · 1 bulan: Rp 149.000"
    )
    assert "\nQRIS\n• QRIS by ShopeePay · " in channels["text"]
    assert "(biaya Rp " in channels["text"] and "Inactive" not in channels["text"]
    qris = button_starting(channels, "QRIS")

    (paid,) = await press_for(chat, channels, qris)
    assert paid["photo"], "the QRIS payment comes as a QR image"
    [transaction] = tripay.transactions
    total = formatting.money(transaction.total_amount, "IDR", "id")
    assert paid["text"].startswith(f"🧾 Bayar {total}\nPro, 1 bulan · QRIS by ShopeePay\n")
    assert f"Tagihan: {transaction.merchant_ref}" in paid["text"]
    assert "⏳ Berlaku sampai " in paid["text"] and " WIB" in paid["text"]
    assert "1. " in paid["text"]  # the channel's numbered steps
    assert button_labels(paid) == ["🌐 Buka halaman pembayaran", "📄 /billing"]
    image = Image.open(io.BytesIO(await photo_of(chat.emulator, paid)))
    assert image.format == "PNG" and min(image.size) >= 400

    # The same button again: the same payment, never a second one.
    (again,) = await press_for(chat, channels, qris)
    assert f"Tagihan: {transaction.merchant_ref}" in again["text"] and again["photo"]
    assert len(tripay.transactions) == 1
    assert await invoices_of(runtime, chat) == [transaction.merchant_ref]

    (billing,) = await press_for(chat, paid, "📄 /billing")
    assert billing["text"].startswith("💳 Tagihan dan paket\nPaket: Free · gratis, tanpa batas")
    assert f"Pro, 1 bulan · {total} · QRIS by ShopeePay · Belum dibayar" in billing["text"]
    pay = button_starting(billing, "💳 Bayar · ")
    (shown_again,) = await press_for(chat, billing, pay)
    assert f"Tagihan: {transaction.merchant_ref}" in shown_again["text"]
    assert len(tripay.transactions) == 1
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert tripay.private_key not in logged and tripay.api_key not in logged


async def test_a_virtual_account_paid_then_its_receipt_in_english(
    new_chat: ChatFactory, runtime: Runtime, tripay: TripayEmulator
) -> None:
    chat = new_chat(language_code="en")
    (settings,) = await chat.say("/settings")
    (plans,) = await press_for(chat, settings, label("en", "btn_upgrade"))
    assert "✓" not in "".join(button_labels(plans))
    periods = await press_to_redraw(
        chat, plans, "⭐ Elite · Rp 399,000 a month", "⭐ Elite: pay for how long?"
    )
    channels = await press_to_redraw(
        chat, periods, "📅 Yearly · Rp 3,990,000", "💳 Elite · 1 year: Rp 3,990,000"
    )
    briva = button_starting(channels, "BRI Virtual Account")
    (paid,) = await press_for(chat, channels, briva)
    [transaction] = tripay.transactions
    assert not paid["photo"]
    assert f"🔢 Pay code: {transaction.pay_code}" in paid["text"]
    assert "Price Rp 3,990,000 + fee Rp " in paid["text"]
    (listed,) = await chat.say("/help")
    assert "/upgrade — " in listed["text"] and "/billing — " in listed["text"]

    # Tripay says it is paid (the callback is lost: nothing listens), the poll finds it.
    await settle_at_emulator(tripay, transaction.reference)
    await poll_overdue(runtime, dt.datetime.now(dt.UTC) + dt.timedelta(hours=1))
    (billing,) = await chat.say("/billing")
    assert billing["text"].startswith("💳 Billing\nPlan: Elite · paid until ")
    assert "Elite, 1 year · Rp 3,994,250 · BRI Virtual Account · Paid" in billing["text"]
    assert button_labels(billing)[-1] == "⭐ Renew or change plan"
    (receipt,) = await press_for(chat, billing, button_starting(billing, "🧾 Receipt · "))
    assert receipt["text"].startswith(f"🧾 Receipt\nInvoice: {transaction.merchant_ref}\n")
    assert (
        f"Tripay reference: {transaction.reference}\nPlan: Elite, 1 year (365 days)"
        in (receipt["text"])
    )
    assert "Total: Rp 3,994,250\nPaid with: BRI Virtual Account" in receipt["text"]
    # The channel's button once more, now that it is paid: its receipt, not a new payment.
    (again,) = await press_for(chat, channels, briva)
    assert again["text"] == receipt["text"] and len(tripay.transactions) == 1


async def test_refusals_come_in_the_users_language(new_chat: ChatFactory) -> None:
    chat = new_chat(language_code="id")
    (plans,) = await chat.say("/upgrade")
    sign = Signer(derive_key(TOKEN), chat.user_id)
    # Buttons the bot could have drawn: a channel Tripay no longer offers, the free plan.
    gone = sign(Action.UPGRADE_PAY, uuid.uuid4(), "pro:m:GONEVA")
    free = sign(Action.UPGRADE_PERIOD, None, "free:m")
    for data, key in ((gone, "billing_channel_unavailable"), (free, "billing_plan_free")):
        before = len(chat.messages())
        chat.press(plans, data=data)
        found = await chat.emulator.wait_for_messages(chat.user_id, before + 1, 15)
        assert found[-1]["text"] == plain(t("id", key))
