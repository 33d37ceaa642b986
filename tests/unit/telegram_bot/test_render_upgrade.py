"""/upgrade rendering: plans and prices, periods, grouped channels, the payment, the QR image."""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from PIL import Image

from billing_tripay.plans import Period
from emulators.telegram.formatting import parse_text
from orchestrator.billing.checkout import Choice
from orchestrator.billing.tripay import Instruction
from telegram_bot import keyboards_billing, render_upgrade
from telegram_bot.callbacks import Action, Callback, Signer, decode, derive_key
from telegram_bot.render_qr import qr_png
from tests.unit.telegram_bot.billing_samples import (
    ELITE,
    EXPIRES,
    FREE,
    HOSTILE,
    PRO,
    invoice,
    offers,
    usage,
)

KEY = derive_key("123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ")
USER = 4242
SIGN = Signer(KEY, USER)


def shown(html: str) -> str:
    """Return what Telegram shows for the HTML; fail on markup it would refuse."""
    plain, _ = parse_text(html, "HTML")
    return plain


def test_plans_show_limits_and_both_prices_the_indonesian_way() -> None:
    text = shown(render_upgrade.plans_view("id", (PRO, ELITE), usage(FREE), None))
    assert text.startswith("⭐ Paket\nPaket Anda sekarang: Free\n\n⭐ Pro\n")
    assert "💰 Rp 149.000 per bulan · Rp 1.490.000 per tahun (hemat Rp 298.000)" in text
    assert "🤖 5 bot, 2 di antaranya live" in text and "✨ 100 pembuatan strategi AI" in text
    assert "📊 Backtest hingga 180 hari · optimasi hingga 300 epoch" in text
    assert "🐍 Kode Python sendiri: tidak" in text
    assert "optimasi hingga 1.000 epoch\n🐍 Kode Python sendiri: ya" in text
    assert text.endswith("Pilih paket:")


def test_plans_in_english_mark_the_current_plan_and_its_end() -> None:
    ends = EXPIRES
    text = shown(render_upgrade.plans_view("en", (PRO, ELITE), usage(PRO), ends))
    assert "Your plan now: Pro (until Dec 1, 2026)" in text
    assert (
        "✓ Pro · your plan\n💰 Rp 149,000 a month · Rp 1,490,000 a year (save Rp 298,000)" in text
    )
    assert "⭐ Elite\n" in text and "Elite · your plan" not in text
    markup = keyboards_billing.plans("en", SIGN, (PRO, ELITE), "pro")
    labels = [row[0].text for row in markup.inline_keyboard]
    assert labels == ["✓ Pro · Rp 149,000 a month", "⭐ Elite · Rp 399,000 a month"]
    presses = [decode(KEY, USER, row[0].callback_data or "") for row in markup.inline_keyboard]
    assert presses == [
        Callback(Action.UPGRADE_PLAN, None, "pro"),
        Callback(Action.UPGRADE_PLAN, None, "elite"),
    ]


def test_no_plan_on_offer_says_so() -> None:
    assert render_upgrade.plans_view("id", (), usage(), None).startswith("Belum ada paket")


def test_periods_offer_a_month_or_a_year_with_the_saving() -> None:
    text = shown(render_upgrade.periods_view("id", PRO))
    assert "📅 Bulanan: Rp 149.000 untuk 30 hari" in text
    assert "📅 Tahunan: Rp 1.490.000 untuk 365 hari (hemat Rp 298.000)" in text
    rows = keyboards_billing.periods("en", SIGN, PRO).inline_keyboard
    assert [row[0].text for row in rows] == [
        "📅 Monthly · Rp 149,000",
        "📅 Yearly · Rp 1,490,000",
        "« Back",
    ]
    presses = [decode(KEY, USER, row[0].callback_data or "") for row in rows]
    assert presses == [
        Callback(Action.UPGRADE_PERIOD, None, "pro:m"),
        Callback(Action.UPGRADE_PERIOD, None, "pro:y"),
        Callback(Action.UPGRADE, None, keyboards_billing.BACK),
    ]
    assert keyboards_billing.parse_period_arg("pro:y") == ("pro", "yearly")


def test_channels_are_grouped_with_fee_and_total() -> None:
    choice = Choice(PRO, Period.MONTHLY)
    text = shown(render_upgrade.channels_view("id", choice, offers()))
    assert text.startswith("💳 Pro · 1 bulan: Rp 149.000\nPilih cara bayar;")
    groups = ["QRIS", "Transfer bank (VA)", "Dompet digital", "Gerai ritel", "Crypto & more"]
    positions = [text.index(f"\n{group}\n") for group in groups]
    assert positions == sorted(positions)
    assert "• QRIS by ShopeePay · Rp 150.793 (biaya Rp 1.793)" in text
    assert "• BRI Virtual Account · Rp 153.250 (biaya Rp 4.250)" in text
    assert "• OVO · Rp 153.470 (biaya Rp 4.470)" in text
    assert "• New <Pay> · Rp 149.000 (tanpa biaya)" in text
    english = shown(render_upgrade.channels_view("en", choice, offers()))
    assert "• Alfamart · Rp 152,500 (fee Rp 3,500)" in english and "\nE-wallet\n" in english
    assert "New &lt;Pay&gt;" in render_upgrade.channels_view("en", choice, offers())


def test_channel_buttons_carry_a_fresh_checkout_key_each() -> None:
    choice = Choice(ELITE, Period.YEARLY)
    rows = keyboards_billing.channels("id", SIGN, choice, offers(3_990_000)).inline_keyboard
    presses = [decode(KEY, USER, row[0].callback_data or "") for row in rows]
    assert [row[0].text for row in rows][:2] == [
        "QRIS by ShopeePay · Rp 4.018.680",
        "BRI Virtual Account · Rp 3.994.250",
    ]
    pays = [p for p in presses if p is not None and p.action is Action.UPGRADE_PAY]
    assert [p.arg for p in pays] == [
        "elite:y:QRIS",
        "elite:y:BRIVA",
        "elite:y:OVO",
        "elite:y:ALFAMART",
        "elite:y:NEWPAY",
    ]
    keys = {p.object_id() for p in pays}
    assert len(keys) == 5 and all(k.version == 4 for k in keys)
    assert presses[-1] == Callback(Action.UPGRADE_PLAN, None, "elite")
    again = keyboards_billing.channels("id", SIGN, choice, offers(3_990_000)).inline_keyboard
    assert not keys & {decode(KEY, USER, r[0].callback_data or "").obj for r in again}  # type: ignore[union-attr]
    assert keyboards_billing.parse_pay_arg("elite:y:QRIS") == ("elite", "yearly", "QRIS")


def test_a_channel_whose_button_cannot_hold_it_is_left_out() -> None:
    long_plan = replace(PRO, code="professional")  # 20 bytes hold QRIS, BRIVA, OVO only
    rows = keyboards_billing.channels("en", SIGN, Choice(long_plan, Period.MONTHLY), offers())
    args = [decode(KEY, USER, r[0].callback_data or "") for r in rows.inline_keyboard]
    assert [a.arg for a in args if a is not None] == [
        "professional:m:QRIS",
        "professional:m:BRIVA",
        "professional:m:OVO",
        "professional",
    ]


def test_no_channel_for_the_amount_says_so() -> None:
    text = render_upgrade.channels_view("en", Choice(PRO, Period.MONTHLY), [])
    assert text == "No payment channel can take Rp 149,000 right now. Please try again later."


def test_the_payment_says_what_to_pay_and_until_when_in_wib() -> None:
    bahasa = shown(render_upgrade.payment_view("id", invoice(), "Pro"))
    assert bahasa.startswith("🧾 Bayar Rp 150.802\nPro, 1 bulan · QRIS by ShopeePay\n")
    assert "Harga Rp 149.000 + biaya Rp 1.802" in bahasa
    assert "Tagihan: NF-20261201-ABCDEFGHIJKLMNOP" in bahasa
    assert "⏳ Berlaku sampai 1 Des 2026 15.30 WIB" in bahasa
    assert "Pindai kode QR" in bahasa
    english = shown(render_upgrade.payment_view("en", invoice(period="yearly"), "Pro"))
    assert "Pro, 1 year" in english and "⏳ Valid until Dec 1, 2026, 15:30 WIB" in english


def test_a_virtual_account_shows_its_pay_code_as_code() -> None:
    va = invoice(
        method="BRIVA", method_name="BRI Virtual Account", qr_string=None, pay_code="<26215>"
    )
    text = render_upgrade.payment_view("en", va, "Pro")
    assert "🔢 Pay code: <code>&lt;26215&gt;</code>" in text
    assert "QR" not in shown(text)


def test_tripay_steps_are_numbered_and_only_bold_survives() -> None:
    steps = (
        Instruction(
            "<i>ATM</i> BRI", ("Ketik <b>12345</b>", f"Nama {HOSTILE}", "<b>buka", "x</b>")
        ),
        Instruction("Mobile", ("Buka &amp; bayar",)),
    )
    text = render_upgrade.instructions_view("id", invoice(instructions=steps))
    assert text == (
        "<b>ATM BRI</b>\n1. Ketik <b>12345</b>\n"
        '2. Nama <b>Evil</b> &amp; "x" \n3. <b>buka</b>\n4. x\n\n'
        "<b>Mobile</b>\n1. Buka &amp; bayar"
    )
    assert "<script>" not in text
    shown(text)  # valid markup for Telegram


def test_instructions_are_capped() -> None:
    many = tuple(Instruction(f"T{i}", tuple("s" * 500 for _ in range(30))) for i in range(9))
    text = render_upgrade.instructions_view("en", invoice(instructions=many))
    assert text.startswith("<b>T0</b>\n1. ") and text.count("<b>T") < 9
    assert len(shown(text)) <= render_upgrade.MAX_INSTRUCTIONS


def test_the_qris_string_becomes_a_scannable_png() -> None:
    png = qr_png(invoice().qr_string or "")
    assert png is not None
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    width, height = image.size
    assert width == height and 500 <= width <= 1300
    gray = image.convert("L")
    assert (
        gray.getpixel((0, 0)) == 255 and gray.getpixel((width - 1, height - 1)) == 255
    )  # quiet zone
    assert gray.getextrema() == (0, 255)  # dark modules on white


@pytest.mark.parametrize("data", ["", "x" * 8000])
def test_what_cannot_be_a_qr_code_gives_none(data: str) -> None:
    assert qr_png(data) is None


def test_the_payment_links_its_page_and_billing() -> None:
    rows = keyboards_billing.payment("id", SIGN, invoice()).inline_keyboard
    assert [b.text for row in rows for b in row] == ["🌐 Buka halaman pembayaran", "📄 /billing"]
    assert rows[0][0].url == invoice().checkout_url
    assert decode(KEY, USER, rows[1][0].callback_data or "") == Callback(Action.BILLING)
    bare = keyboards_billing.payment("en", SIGN, invoice(checkout_url=None)).inline_keyboard
    assert [b.text for row in bare for b in row] == ["📄 /billing"]
