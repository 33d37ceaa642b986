"""Billing alert templates and labels, in Bahasa Indonesia and English (merged into `texts`).

Payments (received, expired, failed, refunded) and the paid plan's life (a reminder before
it ends, the grace period, the drop to the free plan, a live bot stopped once flat).
"""

from __future__ import annotations

from kernel.i18n import Language

TEMPLATES: dict[str, dict[Language, str]] = {
    "payment_paid": {
        "en": "✅ <b>Payment received</b>\nYour {plan_name} plan is active until {ends_at}.\n"
        "Amount: {amount}\nInvoice: <code>{merchant_ref}</code>\nThe receipt is in /billing.",
        "id": "✅ <b>Pembayaran diterima</b>\nPaket {plan_name} aktif sampai {ends_at}.\n"
        "Jumlah: {amount}\nTagihan: <code>{merchant_ref}</code>\nTanda terima ada di /billing.",
    },
    "payment_expired": {
        "en": "⌛ <b>Payment expired</b>\nInvoice <code>{merchant_ref}</code> for the {plan_name}"
        " plan ({amount}) expired unpaid. You can create a new one at any time.",
        "id": "⌛ <b>Pembayaran kedaluwarsa</b>\nTagihan <code>{merchant_ref}</code> untuk paket"
        " {plan_name} ({amount}) kedaluwarsa sebelum dibayar. Anda bisa membuat tagihan baru"
        " kapan saja.",
    },
    "payment_failed": {
        "en": "❌ <b>Payment failed</b>\nInvoice <code>{merchant_ref}</code> for the {plan_name}"
        " plan ({amount}) failed. No money was taken.",
        "id": "❌ <b>Pembayaran gagal</b>\nTagihan <code>{merchant_ref}</code> untuk paket"
        " {plan_name} ({amount}) gagal. Tidak ada dana yang terpotong.",
    },
    "payment_refunded": {
        "en": "↩️ <b>Payment refunded</b>\nInvoice <code>{merchant_ref}</code> for the {plan_name}"
        " plan ({amount}) was refunded, so the plan time it bought was taken back.\n{ends_note}",
        "id": "↩️ <b>Pembayaran dikembalikan</b>\nTagihan <code>{merchant_ref}</code> untuk paket"
        " {plan_name} ({amount}) sudah dikembalikan, jadi waktu paket yang dibelinya ditarik"
        " kembali.\n{ends_note}",
    },
    "plan_reminder": {
        "en": "⏰ <b>Your {plan_name} plan ends in {days_left}</b>\nIt is paid until {ends_at}."
        " Renew now to keep its limits and your live bots; the new time is added to what is"
        " left.",
        "id": "⏰ <b>Paket {plan_name} Anda berakhir dalam {days_left}</b>\nSudah dibayar sampai"
        " {ends_at}. Perpanjang sekarang agar batas paket dan bot live Anda tetap berjalan;"
        " waktu baru ditambahkan ke sisa waktu.",
    },
    "plan_grace": {
        "en": "⚠️ <b>Your {plan_name} plan has ended</b>\nIt ended on {ends_at}. Everything keeps"
        " working during a grace period until {grace_ends}. After that it drops to the free"
        " plan: live bots stop opening trades (their open positions are still exited by their"
        " strategy) and bots beyond the free plan's limit are paused. Renew to keep everything"
        " running.",
        "id": "⚠️ <b>Paket {plan_name} Anda sudah berakhir</b>\nBerakhir {ends_at}. Semuanya tetap"
        " berjalan selama masa tenggang sampai {grace_ends}. Setelah itu paket turun ke paket"
        " gratis: bot live berhenti membuka posisi (posisi terbuka tetap ditutup oleh"
        " strateginya) dan bot di atas batas paket gratis dijeda. Perpanjang agar semuanya tetap"
        " berjalan.",
    },
    "plan_downgraded": {
        "en": "⏬ <b>You are now on the free plan</b>\nYour {plan_name} plan ended on {ends_at}"
        " and its grace period is over. What changed:{changes}\nNo position was force-closed."
        " Renew to get your plan back; paused bots can then be resumed from /bots.",
        "id": "⏬ <b>Anda kini memakai paket gratis</b>\nPaket {plan_name} berakhir {ends_at} dan"
        " masa tenggangnya sudah habis. Yang berubah:{changes}\nTidak ada posisi yang ditutup"
        " paksa. Perpanjang untuk mendapatkan paket Anda kembali; bot yang dijeda lalu bisa"
        " dilanjutkan dari /bots.",
    },
    "bot_stopped_flat": {
        "en": "⏹ <b>Bot stopped</b>\n{bot_name} · {pair}\nIt exited its last position and"
        " stopped, because your plan dropped to the free plan, which has no live trading."
        " Renew to run it live again.",
        "id": "⏹ <b>Bot dihentikan</b>\n{bot_name} · {pair}\nBot sudah keluar dari posisi"
        " terakhirnya lalu berhenti, karena paket Anda turun ke paket gratis yang tidak"
        " mendukung trading live. Perpanjang untuk menjalankannya live lagi.",
    },
}

LABELS: dict[str, dict[Language, str]] = {
    "refund_ends": {
        "en": "Your paid time now ends on {date}.",
        "id": "Waktu berbayar Anda kini berakhir {date}.",
    },
    "refund_ended": {
        "en": "Your paid plan has already ended.",
        "id": "Paket berbayar Anda sudah berakhir.",
    },
    "days_left": {"en": "{count} day|{count} days", "id": "{count} hari"},
    "downgrade_stopped": {
        "en": "\n⏹ Stopped (live, nothing open): {bots}",
        "id": "\n⏹ Dihentikan (live, tanpa posisi terbuka): {bots}",
    },
    "downgrade_winding": {
        "en": "\n⏳ Winding down: {bots}. They open no new trades; their open positions are"
        " still managed and exited by their strategy, then they stop.",
        "id": "\n⏳ Berhenti bertahap: {bots}. Bot ini tidak membuka posisi baru; posisi"
        " terbuka tetap dikelola dan ditutup oleh strateginya, lalu bot berhenti.",
    },
    "downgrade_paused": {
        "en": "\n⏸ Paused (beyond the free plan's limit): {bots}",
        "id": "\n⏸ Dijeda (melebihi batas paket gratis): {bots}",
    },
    "downgrade_nothing": {
        "en": "\nNone of your bots needed a change.",
        "id": "\nTidak ada bot Anda yang perlu diubah.",
    },
    "more_names": {"en": " and {count} more", "id": " dan {count} lainnya"},
    "zone_wib": {"en": "{moment} WIB", "id": "{moment} WIB"},
    "button_renew": {"en": "⭐ Renew", "id": "⭐ Perpanjang"},
    "button_upgrade": {"en": "⭐ Upgrade", "id": "⭐ Tingkatkan paket"},
    "button_billing": {"en": "📄 Billing", "id": "📄 Tagihan"},
}
