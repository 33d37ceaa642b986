"""Texts of the web upgrade flow: plans, period, payment channel, and why a payment was refused.

The words are the chat's `/upgrade` ones (`telegram_bot/texts/billing_*`): the same plans,
prices, channel groups and refusals, said without chat buttons.
"""

from __future__ import annotations

from web_minimal.dashboard.i18n import register

register(
    {
        "upgrade.title": {"id": "Pilih paket", "en": "Choose a plan"},
        "upgrade.step": {"id": "Langkah {step} dari 3", "en": "Step {step} of 3"},
        "upgrade.current": {"id": "Paket Anda sekarang: {plan}", "en": "Your plan now: {plan}"},
        "upgrade.until": {"id": "sampai {date}", "en": "until {date}"},
        "upgrade.yours": {"id": "paket Anda", "en": "your plan"},
        "upgrade.prices": {
            "id": "{monthly} per bulan · {yearly} per tahun",
            "en": "{monthly} a month · {yearly} a year",
        },
        "upgrade.saving": {"id": "Hemat {saving} per tahun", "en": "Save {saving} a year"},
        "upgrade.bots": {
            "id": "{bots} bot, {live} di antaranya live",
            "en": "{bots} bots, {live} of them live",
        },
        "upgrade.generations": {
            "id": "{count} pembuatan strategi AI per bulan",
            "en": "{count} AI strategies a month",
        },
        "upgrade.backtest": {
            "id": "Backtest hingga {days} hari",
            "en": "Backtests up to {days} days",
        },
        "upgrade.epochs": {
            "id": "Optimasi hingga {epochs} epoch",
            "en": "Optimisation up to {epochs} epochs",
        },
        "upgrade.code_yes": {"id": "Kode Python sendiri: ya", "en": "Your own Python code: yes"},
        "upgrade.code_no": {"id": "Kode Python sendiri: tidak", "en": "Your own Python code: no"},
        "upgrade.choose": {"id": "Pilih {plan}", "en": "Choose {plan}"},
        "upgrade.none": {
            "id": "Belum ada paket berbayar yang ditawarkan. Silakan cek lagi nanti.",
            "en": "No paid plan is on offer right now. Please look again later.",
        },
        "upgrade.periods": {
            "id": "{plan}: bayar untuk berapa lama?",
            "en": "{plan}: pay for how long?",
        },
        "upgrade.monthly": {"id": "Bulanan", "en": "Monthly"},
        "upgrade.yearly": {"id": "Tahunan", "en": "Yearly"},
        "upgrade.period_value": {
            "id": "{price} untuk {days} hari",
            "en": "{price} for {days} days",
        },
        "upgrade.stacking": {
            "id": "Sisa waktu yang sudah dibayar tidak hilang: ditambahkan ke periode baru.",
            "en": "Paid time you still have is never lost: it is added to the new period.",
        },
        "upgrade.channels": {
            "id": "{plan} · {period}: {price}",
            "en": "{plan} · {period}: {price}",
        },
        "upgrade.channels_hint": {
            "id": "Pilih cara bayar; tiap metode menambahkan biayanya sendiri.",
            "en": "Choose how to pay; each channel adds its own fee.",
        },
        "upgrade.fee": {"id": "termasuk biaya {fee}", "en": "fee {fee} included"},
        "upgrade.no_fee": {"id": "tanpa biaya", "en": "no fee"},
        "upgrade.no_channels": {
            "id": "Belum ada metode pembayaran yang bisa menerima {price} saat ini. Silakan coba "
            "lagi nanti.",
            "en": "No payment channel can take {price} right now. Please try again later.",
        },
        "upgrade.back": {"id": "← Kembali", "en": "← Back"},
        "group.qris": {"id": "QRIS", "en": "QRIS"},
        "group.va": {"id": "Transfer bank (VA)", "en": "Virtual account"},
        "group.ewallet": {"id": "Dompet digital", "en": "E-wallet"},
        "group.store": {"id": "Gerai ritel", "en": "Convenience store"},
        "flash.billing_plan_unknown": {
            "id": "Paket itu sudah tidak ditawarkan. Silakan pilih dari daftar paket.",
            "en": "That plan is not on offer any more. Please pick one from the list.",
        },
        "flash.billing_plan_free": {
            "id": "Paket gratis tidak perlu dibayar. Pilih paket berbayar.",
            "en": "The Free plan costs nothing, so there is nothing to pay. Pick a paid plan.",
        },
        "flash.billing_channel_unavailable": {
            "id": "Metode pembayaran itu tidak bisa menerima pembayaran ini sekarang. Silakan "
            "pilih metode lain.",
            "en": "That payment channel cannot take this payment right now. Please pick another "
            "one.",
        },
        "flash.billing_payment_in_progress": {
            "id": "Pembayaran Anda masih dibuat. Tunggu beberapa detik, lalu tekan tombol yang "
            "sama lagi.",
            "en": "Your payment is still being created. Wait a few seconds, then press the same "
            "button again.",
        },
        "flash.billing_payment_retry": {
            "id": "Percobaan pertama membuat pembayaran ini gagal, dan tidak ada dana yang "
            "terpotong. Pilih metode lagi untuk mencoba lagi.",
            "en": "The first try to create this payment failed, and nothing was charged. Choose "
            "the channel again for a new try.",
        },
        "flash.billing_unavailable": {
            "id": "Maaf, pembayaran sedang tidak tersedia. Tidak ada dana yang terpotong; silakan "
            "coba lagi nanti.",
            "en": "Sorry, payments are not available right now. Nothing was charged; please try "
            "again later.",
        },
        "flash.billing_create_failed": {
            "id": "Maaf, pembayaran tidak bisa dibuat karena kendala di sisi kami. Tidak ada dana "
            "yang terpotong. Silakan coba lagi beberapa menit lagi.",
            "en": "Sorry, the payment could not be created on our side. Nothing was charged. "
            "Please try again in a few minutes.",
        },
    }
)
