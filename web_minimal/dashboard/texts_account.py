"""Texts of the keys and billing pages: keys and their permissions, the plan, invoices, receipts.

Where the chat says the same thing, the words are the chat's (`telegram_bot/texts/billing_*`,
the key alerts' IP note), so a user reads one product in both places.
"""

from __future__ import annotations

from web_minimal.dashboard.i18n import register

register(
    {
        "keys.title": {"id": "Kunci API exchange", "en": "Exchange API keys"},
        "keys.intro": {
            "id": "Hubungkan key Binance atau Bybit lewat formulir aman sekali pakai. Buat key "
            "yang bisa trading tetapi tidak bisa menarik dana; key yang bisa menarik dana akan "
            "ditolak.",
            "en": "Connect a Binance or Bybit key through the secure one-time form. Create keys "
            "that can trade but not withdraw; keys that can withdraw are refused.",
        },
        "keys.add": {"id": "Buka formulir key yang aman", "en": "Open the secure key form"},
        "keys.add_note": {
            "id": "Tautan formulir hanya bisa dipakai sekali dan berlaku 15 menit. Jangan pernah "
            "menempelkan key di percakapan.",
            "en": "The form's link works once and for 15 minutes. Never paste keys into the chat.",
        },
        "keys.connected": {"id": "Key yang terhubung", "en": "Connected keys"},
        "keys.none": {"id": "Belum ada key yang terhubung.", "en": "No keys connected yet."},
        "keys.no_label": {"id": "tanpa nama", "en": "unnamed"},
        "keys.added": {"id": "Ditambahkan {date}", "en": "Added on {date}"},
        "keys.bots": {"id": "Dipakai oleh {count} bot", "en": "Used by {count} bot(s)"},
        "keys.no_bots": {"id": "Belum dipakai bot", "en": "Not used by a bot yet"},
        "keys.permissions": {"id": "Izin yang diperiksa", "en": "Checked permissions"},
        "keys.can_trade": {"id": "Bisa trading", "en": "Can trade"},
        "keys.cannot_trade": {"id": "Tidak bisa trading", "en": "Cannot trade"},
        "keys.no_withdraw": {"id": "Tidak bisa menarik dana", "en": "Cannot withdraw"},
        "keys.can_withdraw": {"id": "Bisa menarik dana", "en": "Can withdraw"},
        "keys.unrecorded": {
            "id": "Hasil pemeriksaan tidak tersimpan",
            "en": "The check's answer was not kept",
        },
        "keys.ip_restricted": {
            "id": "Dibatasi ke alamat IP server kami.",
            "en": "Limited to our server's IP address.",
        },
        "keys.ip_open": {
            "id": "⚠️ Tidak dibatasi ke alamat IP: sebaiknya batasi di exchange.",
            "en": "⚠️ Not limited to an IP address: consider restricting it on the exchange.",
        },
        "keys.remove_note": {
            "id": "Untuk menghapus key, kirim /keys di percakapan.",
            "en": "To remove a key, send /keys in the chat.",
        },
        "billing.title": {"id": "Langganan", "en": "Billing"},
        "billing.paid_until": {"id": "Aktif sampai {date}", "en": "Paid until {date}"},
        "billing.ended": {"id": "Berakhir {date}", "en": "Ended on {date}"},
        "billing.stacking": {
            "id": "Perpanjang kapan saja: sisa waktu yang sudah dibayar ditambahkan ke periode "
            "baru.",
            "en": "Renew any time: paid time you still have is added to the new period.",
        },
        "billing.grace": {
            "id": "⚠️ Paket {plan} berakhir {ended}; masa tenggang sampai {grace}. Perpanjang agar "
            "bot live tetap berjalan.",
            "en": "⚠️ Your {plan} plan ended on {ended}; grace period until {grace}. Renew to "
            "keep your live bots running.",
        },
        "billing.winding": {
            "id": "⏬ Paket berbayar Anda sudah berakhir. Bot live tidak membuka posisi baru; "
            "posisi terbuka tetap dikelola dan ditutup oleh strateginya, lalu bot berhenti.",
            "en": "⏬ Your paid plan has ended. Live bots open no new trades; their open "
            "positions are still managed and exited by their strategy, then they stop.",
        },
        "billing.usage": {"id": "Pemakaian paket", "en": "What the plan allows"},
        "billing.epochs": {"id": "Optimasi hingga", "en": "Optimisation up to"},
        "billing.epochs_value": {"id": "{epochs} epoch", "en": "{epochs} epochs"},
        "billing.custom_code": {"id": "Kode Python sendiri", "en": "Your own Python code"},
        "billing.yes": {"id": "ya", "en": "yes"},
        "billing.no": {"id": "tidak", "en": "no"},
        "billing.upgrade": {"id": "⭐ Tingkatkan atau perpanjang", "en": "⭐ Upgrade or renew"},
        "billing.invoices": {"id": "Pembayaran", "en": "Payments"},
        "billing.no_invoices": {"id": "Belum ada pembayaran.", "en": "No payments yet."},
        "billing.col_date": {"id": "Tanggal", "en": "Date"},
        "billing.col_plan": {"id": "Paket", "en": "Plan"},
        "billing.col_total": {"id": "Total", "en": "Total"},
        "billing.col_method": {"id": "Metode", "en": "Method"},
        "billing.col_status": {"id": "Status", "en": "Status"},
        "billing.receipt": {"id": "Tanda terima", "en": "Receipt"},
        "billing.pay": {"id": "Bayar", "en": "Pay"},
        "billing.view": {"id": "Lihat", "en": "View"},
        "billing.back": {"id": "← Langganan", "en": "← Billing"},
        "invoice.status.unpaid": {"id": "Belum dibayar", "en": "Unpaid"},
        "invoice.status.paid": {"id": "Lunas", "en": "Paid"},
        "invoice.status.expired": {"id": "Kedaluwarsa", "en": "Expired"},
        "invoice.status.failed": {"id": "Gagal", "en": "Failed"},
        "invoice.status.refund": {"id": "Dikembalikan", "en": "Refunded"},
        "period.monthly": {"id": "1 bulan", "en": "1 month"},
        "period.yearly": {"id": "1 tahun", "en": "1 year"},
        "pay.title": {"id": "Bayar {total}", "en": "Pay {total}"},
        "pay.what": {"id": "{plan}, {period} · {method}", "en": "{plan}, {period} · {method}"},
        "pay.price": {"id": "Harga", "en": "Price"},
        "pay.fee": {"id": "Biaya", "en": "Fee"},
        "pay.total": {"id": "Total", "en": "Total"},
        "pay.ref": {"id": "Tagihan", "en": "Invoice"},
        "pay.expires": {"id": "Berlaku sampai", "en": "Valid until"},
        "pay.code": {"id": "Kode bayar", "en": "Pay code"},
        "pay.qris": {
            "id": "Pindai kode QR dengan aplikasi bank atau dompet digital apa pun yang "
            "mendukung QRIS.",
            "en": "Scan the QR code with any banking or e-wallet app that supports QRIS.",
        },
        "pay.qr_alt": {"id": "Kode QR QRIS senilai {total}", "en": "QRIS QR code for {total}"},
        "pay.steps": {"id": "Cara membayar", "en": "How to pay"},
        "pay.checkout": {"id": "Buka halaman pembayaran", "en": "Open the payment page"},
        "pay.footer": {
            "id": "Paket berubah begitu Tripay mengonfirmasi pembayaran; tanda terima juga dikirim "
            "ke Telegram. Sudah bayar? Muat ulang halaman ini.",
            "en": "Your plan changes as soon as Tripay confirms the payment; the receipt also "
            "arrives in Telegram. Paid already? Reload this page.",
        },
        "pay.not_open": {
            "id": "Tagihan {ref} berstatus {status}: tidak ada yang perlu dibayar.",
            "en": "Invoice {ref} is {status}: there is nothing to pay.",
        },
        "pay.again": {"id": "Buat pembayaran baru", "en": "Make a new payment"},
        "receipt.title": {"id": "Tanda terima", "en": "Receipt"},
        "receipt.seller": {
            "id": "NoFOMO · pembayaran diproses oleh Tripay",
            "en": "NoFOMO · payment processed by Tripay",
        },
        "receipt.reference": {"id": "Referensi Tripay", "en": "Tripay reference"},
        "receipt.plan": {"id": "Paket", "en": "Plan"},
        "receipt.plan_value": {
            "id": "{plan}, {period} ({days} hari)",
            "en": "{plan}, {period} ({days} days)",
        },
        "receipt.paid_at": {"id": "Dibayar", "en": "Paid on"},
        "receipt.method": {"id": "Metode", "en": "Paid with"},
        "receipt.refunded": {
            "id": "↩️ Dikembalikan: waktu yang dibeli pembayaran ini ditarik kembali.",
            "en": "↩️ Refunded: the time this payment bought was taken back.",
        },
        "receipt.print": {"id": "Cetak", "en": "Print"},
    }
)
