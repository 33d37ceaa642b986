"""/billing rendering: the plan and its end, grace and wind-down, invoices, receipts, buttons."""

from __future__ import annotations

import datetime as dt

import pytest

from billing_tripay.periods import Phase
from emulators.telegram.formatting import parse_text
from kernel.i18n import LANGUAGES
from telegram_bot import keyboards_billing, render_billing
from telegram_bot.callbacks import Action, Callback, Signer, decode, derive_key
from tests.unit.telegram_bot.billing_samples import (
    CREATED,
    FREE,
    HOSTILE,
    PRO,
    invoice,
    overview,
)

KEY = derive_key("123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ")
USER = 4242
SIGN = Signer(KEY, USER)
NAMES = {"pro": "Pro", "elite": "Elite"}
STATUS_WORDS = {
    "UNPAID": ("Unpaid", "Belum dibayar"),
    "PAID": ("Paid", "Lunas"),
    "EXPIRED": ("Expired", "Kedaluwarsa"),
    "FAILED": ("Failed", "Gagal"),
    "REFUND": ("Refunded", "Dikembalikan"),
}
NOW = CREATED + dt.timedelta(minutes=5)


def shown(html: str) -> str:
    plain, _ = parse_text(html, "HTML")
    return plain


def test_a_free_plan_never_ends_and_has_no_payments_yet() -> None:
    text = shown(render_billing.billing_view("id", overview(FREE, ends_at=None), NAMES))
    assert text.startswith(
        "💳 Tagihan dan paket\nPaket: Free · gratis, tanpa batas waktu\nBot: 1 dari"
    )
    assert "Pembuatan AI bulan ini: 2 dari 5" in text
    assert text.endswith("Belum ada pembayaran. /upgrade menampilkan paket.")


def test_a_paid_plan_shows_until_when() -> None:
    text = shown(render_billing.billing_view("en", overview(), NAMES))
    assert text.startswith("💳 Billing\nPlan: Pro · paid until Dec 31, 2026\nBots: 1 of 5 active")


def test_the_grace_period_is_a_banner() -> None:
    ended = dt.datetime(2026, 11, 30, 8, tzinfo=dt.UTC)
    state = overview(ends_at=ended, phase=Phase.GRACE, grace_ends=ended + dt.timedelta(days=3))
    bahasa = shown(render_billing.billing_view("id", state, NAMES))
    assert "Paket: Pro · berakhir 30 Nov 2026\n" in bahasa
    assert (
        "⚠️ Paket Pro berakhir 30 Nov; masa tenggang sampai 3 Des — perpanjang agar bot live "
        "tetap berjalan." in bahasa
    )
    english = shown(render_billing.billing_view("en", state, NAMES))
    assert "⚠️ Your Pro plan ended on Nov 30; grace period until Dec 3: renew" in english


def test_a_wind_down_is_explained() -> None:
    state = overview(FREE, ends_at=None, winding_down=True)
    text = shown(render_billing.billing_view("en", state, NAMES))
    assert "⏬ Your paid plan has ended. Live bots open no new trades;" in text
    assert "exited by their strategy, then they stop." in text


@pytest.mark.parametrize("status", STATUS_WORDS)
def test_invoices_are_listed_with_their_status_in_words(status: str) -> None:
    state = overview(invoices=(invoice(status=status, method_name=HOSTILE),))
    for lang, word in zip(("en", "id"), STATUS_WORDS[status], strict=True):
        html = render_billing.billing_view(lang, state, NAMES)
        assert "<script>" not in html
        text = shown(html)
        period = "1 month" if lang == "en" else "1 bulan"
        money = "Rp 150,802" if lang == "en" else "Rp 150.802"
        day = "Dec 1, 2026" if lang == "en" else "1 Des 2026"
        assert f"• {day} · Pro, {period} · {money} · {HOSTILE} · {word}" in text


def test_billing_buttons_offer_receipts_open_payments_and_renewal() -> None:
    found = (
        invoice(status="UNPAID"),
        invoice(status="PAID"),
        invoice(status="REFUND"),
        invoice(status="EXPIRED"),
        invoice(status="FAILED"),
        invoice(status="UNPAID", expires_at=NOW - dt.timedelta(seconds=1)),
        invoice(status="UNPAID", reference=None),
    )
    rows = keyboards_billing.billing("id", SIGN, overview(invoices=found), NOW).inline_keyboard
    assert [row[0].text for row in rows] == [
        "💳 Bayar · 1 Des · Rp 150.802",
        "🧾 Tanda terima · 1 Des · Rp 150.802",
        "🧾 Tanda terima · 1 Des · Rp 150.802",
        "⭐ Perpanjang atau ganti paket",
    ]
    presses = [decode(KEY, USER, row[0].callback_data or "") for row in rows]
    invoice_id = found[0].id
    assert presses == [
        Callback(Action.BILLING_PAY, invoice_id),
        Callback(Action.BILLING_RECEIPT, invoice_id),
        Callback(Action.BILLING_RECEIPT, invoice_id),
        Callback(Action.UPGRADE),
    ]
    free = keyboards_billing.billing("en", SIGN, overview(FREE), NOW).inline_keyboard
    assert [row[0].text for row in free] == ["⭐ Upgrade"]


def test_a_receipt_names_everything_paid() -> None:
    paid = invoice(status="PAID", paid_at=dt.datetime(2026, 12, 1, 8, 30, tzinfo=dt.UTC))
    assert shown(render_billing.receipt_view("id", paid, NAMES)) == (
        "🧾 Tanda terima\nTagihan: NF-20261201-ABCDEFGHIJKLMNOP\n"
        "Referensi Tripay: T0001234567890ABCD\nPaket: Pro, 1 bulan (30 hari)\n"
        "Dibayar: 1 Des 2026 15.30 WIB\nHarga: Rp 149.000\nBiaya: Rp 1.802\n"
        "Total: Rp 150.802\nMetode: QRIS by ShopeePay"
    )
    yearly = invoice(status="REFUND", period="yearly", days=365, paid_at=paid.paid_at)
    english = shown(render_billing.receipt_view("en", yearly, {}))
    assert "Plan: Pro, 1 year (365 days)\nPaid on: Dec 1, 2026, 15:30 WIB" in english
    assert english.endswith("↩️ Refunded: the time this payment bought was taken back.")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_user_and_tripay_values_are_escaped(lang: str) -> None:
    hostile = invoice(
        status="PAID", merchant_ref=HOSTILE, reference=HOSTILE, method_name=HOSTILE, plan_code="x"
    )
    for html in (
        render_billing.receipt_view(lang, hostile, {"x": HOSTILE}),
        render_billing.not_open_view(lang, hostile),
    ):
        assert "<script>" not in html and "<b>Evil" not in html
        assert HOSTILE in shown(html)


def test_an_invoice_no_longer_open_says_why() -> None:
    text = shown(render_billing.not_open_view("id", invoice(status="EXPIRED")))
    assert text.startswith("Tagihan NF-20261201-ABCDEFGHIJKLMNOP berstatus Kedaluwarsa:")


def test_money_and_moments_follow_the_language() -> None:
    assert render_billing.rupiah(1_490_000, "id") == "Rp 1.490.000"
    assert render_billing.rupiah(1_490_000, "en") == "Rp 1,490,000"
    when = dt.datetime(2026, 12, 1, 8, 30, tzinfo=dt.UTC)
    assert render_billing.wib(when, "id") == "1 Des 2026 15.30 WIB"
    assert render_billing.wib(None, "id") == "—"
    assert render_billing.plan_name({}, "retired") == "Retired"
    assert render_billing.status_label("en", "WEIRD") == "WEIRD"
    assert PRO.yearly_saving_idr() == 298_000
