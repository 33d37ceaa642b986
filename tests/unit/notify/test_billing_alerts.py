"""Billing alerts in both languages: receipts, refunds, reminders, grace, the drop to free."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from emulators.telegram.formatting import parse_text
from orchestrator.alerts import RenderedAlert
from telegram_bot.alerts import render
from telegram_bot.callbacks import Action, Callback, Signer, decode, derive_key
from tests.unit.notify.samples import BOT_ID, HOSTILE, SAMPLES

KEY = derive_key("123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ")
CHAT = 1001
BILLING_KINDS = (
    "payment_paid",
    "payment_expired",
    "payment_failed",
    "payment_refunded",
    "plan_reminder",
    "plan_grace",
    "plan_downgraded",
    "bot_stopped_flat",
)


def draw(kind: str, language: str, **changes: Any) -> RenderedAlert:
    return render(kind, {**SAMPLES[kind], **changes}, language, Signer(KEY, CHAT))


def plain(kind: str, language: str, **changes: Any) -> str:
    text, _ = parse_text(draw(kind, language, **changes).text, "HTML")
    return text


def presses(rendered: RenderedAlert) -> list[Callback | None]:
    return [decode(KEY, CHAT, b.callback_data or "") for row in rendered.buttons for b in row]


def test_a_payment_reads_like_a_receipt() -> None:
    assert plain("payment_paid", "id") == (
        "✅ Pembayaran diterima\nPaket Pro aktif sampai 24 Des 2026.\nJumlah: Rp 149.000\n"
        "Tagihan: INV-1\nTanda terima ada di /billing."
    )
    assert "Your Pro plan is active until Dec 24, 2026.\nAmount: Rp 149,000" in plain(
        "payment_paid", "en"
    )
    assert presses(draw("payment_paid", "en")) == [Callback(Action.BILLING)]


def test_a_refund_says_when_paid_time_now_ends() -> None:
    assert plain("payment_refunded", "id").endswith(
        "ditarik kembali.\nWaktu berbayar Anda kini berakhir 1 Des 2026."
    )
    ended = plain("payment_refunded", "en", ends_at=None)
    assert "Invoice INV-1 for the Pro plan (Rp 149,000) was refunded" in ended
    assert ended.endswith("Your paid plan has already ended.")


def test_a_reminder_counts_the_days_and_renews_in_one_tap() -> None:
    assert plain("plan_reminder", "en").startswith(
        "⏰ Your Pro plan ends in 3 days\nIt is paid until Nov 30, 2026, 15:30 WIB."
    )
    assert "ends in 1 day\n" in plain("plan_reminder", "en", days_left=1)
    assert plain("plan_reminder", "id").startswith(
        "⏰ Paket Pro Anda berakhir dalam 3 hari\nSudah dibayar sampai 30 Nov 2026 15.30 WIB."
    )
    rendered = draw("plan_reminder", "id")
    assert [b.text for row in rendered.buttons for b in row] == ["⭐ Perpanjang"]
    assert presses(rendered) == [Callback(Action.UPGRADE_RENEW, None, "pro:m")]


def test_grace_says_until_when_and_what_follows() -> None:
    text = plain("plan_grace", "id")
    assert "Berakhir 30 Nov 2026 15.30 WIB." in text
    assert "masa tenggang sampai 3 Des 2026 15.30 WIB" in text
    assert "posisi terbuka tetap ditutup oleh strateginya" in text
    assert presses(draw("plan_grace", "en")) == [Callback(Action.UPGRADE_RENEW, None, "pro:m")]


def test_the_downgrade_says_exactly_what_happened_to_each_bot() -> None:
    english = plain("plan_downgraded", "en")
    assert "⏹ Stopped (live, nothing open): Grid ETH" in english
    assert "⏳ Winding down: RSI Scalper. They open no new trades;" in english
    assert "⏸ Paused (beyond the free plan's limit): Dip buyer, Breakout" in english
    assert "No position was force-closed." in english
    bahasa = plain("plan_downgraded", "id")
    assert "⏸ Dijeda (melebihi batas paket gratis): Dip buyer, Breakout" in bahasa
    quiet = plain("plan_downgraded", "id", stopped=[], winding=[], paused=[])
    assert "Yang berubah:\nTidak ada bot Anda yang perlu diubah." in quiet
    assert presses(draw("plan_downgraded", "id")) == [Callback(Action.UPGRADE_RENEW, None, "pro:m")]


def test_bot_names_in_the_downgrade_are_escaped_and_capped() -> None:
    many = [f"bot {i}" for i in range(14)]
    rendered = draw("plan_downgraded", "en", paused=[HOSTILE, *many])
    assert "<script>" not in rendered.text and "<b>Evil</b>" not in rendered.text
    text, _ = parse_text(rendered.text, "HTML")
    assert f"{HOSTILE}, bot 0, " in text and "bot 8 and 5 more" in text


def test_a_bot_stopped_once_flat_links_the_bot_and_the_plans() -> None:
    assert plain("bot_stopped_flat", "en").startswith(
        "⏹ Bot stopped\nRSI Scalper · BTC/USDT\nIt exited its last position and stopped,"
    )
    assert "keluar dari posisi terakhirnya lalu berhenti" in plain("bot_stopped_flat", "id")
    assert presses(draw("bot_stopped_flat", "en")) == [
        Callback(Action.BOT_DETAIL, uuid.UUID(BOT_ID)),
        Callback(Action.UPGRADE),
    ]


@pytest.mark.parametrize("kind", ["payment_expired", "payment_failed"])
def test_an_unpaid_invoice_offers_the_plans_again(kind: str) -> None:
    assert presses(draw(kind, "id")) == [Callback(Action.UPGRADE)]


def test_a_plan_code_too_long_for_a_button_opens_the_plans() -> None:
    rendered = draw("plan_reminder", "en", plan_code="a-very-long-plan-code-x")
    assert presses(rendered) == [Callback(Action.UPGRADE)]


@pytest.mark.parametrize("kind", BILLING_KINDS)
def test_every_billing_kind_is_said_in_both_languages(kind: str) -> None:
    english, bahasa = plain(kind, "en"), plain(kind, "id")
    assert english != bahasa and "—" not in english + bahasa
    assert len(english) < 1024 and len(bahasa) < 1024
