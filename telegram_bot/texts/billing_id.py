"""Teks Bahasa Indonesia untuk pembayaran dari chat: /upgrade, pembayaran, /billing."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "cmd_upgrade": "Tingkatkan paket dan bayar lewat Telegram",
    "cmd_billing": "Paket Anda, pemakaian, tanggal berakhir, dan pembayaran",
    "btn_upgrade": "⭐ Tingkatkan paket",
    "btn_renew": "⭐ Perpanjang atau ganti paket",
    "btn_billing": "📄 /billing",
    # /upgrade: paket yang ditawarkan, isi dan harganya
    "upgrade_title": "⭐ <b>Paket</b>\nPaket Anda sekarang: <b>{plan}</b>{until}",
    "upgrade_until": " (sampai {date})",
    "upgrade_plan": "{marker} <b>{name}</b>{current}\n💰 {prices}\n🤖 {bots} bot, {live} di "
    "antaranya live\n✨ {generations} pembuatan strategi AI per bulan\n📊 Backtest hingga {days} "
    "hari · optimasi hingga {epochs} epoch\n🐍 Kode Python sendiri: {code}",
    "upgrade_prices": "{monthly} per bulan · {yearly} per tahun{saving}",
    "upgrade_saving": " (hemat {saving})",
    "upgrade_current": " · paket Anda",
    "upgrade_code_yes": "ya",
    "upgrade_code_no": "tidak",
    "upgrade_choose": "Pilih paket:",
    "upgrade_none": "Belum ada paket berbayar yang ditawarkan. Silakan cek lagi nanti.",
    "btn_plan": "⭐ {plan} · {price} per bulan",
    "btn_plan_current": "✓ {plan} · {price} per bulan",
    # Periode
    "upgrade_periods": "⭐ <b>{plan}</b>: bayar untuk berapa lama?\n📅 Bulanan: {monthly} untuk "
    "{days} hari\n📅 Tahunan: {yearly} untuk {year_days} hari{saving}\nSisa waktu yang sudah "
    "dibayar tidak hilang: ditambahkan ke periode baru.",
    "btn_monthly": "📅 Bulanan · {price}",
    "btn_yearly": "📅 Tahunan · {price}",
    "period_monthly": "1 bulan",
    "period_yearly": "1 tahun",
    # Metode pembayaran, diambil dari Tripay
    "upgrade_channels": "💳 <b>{plan} · {period}</b>: {price}\nPilih cara bayar; tiap metode "
    "menambahkan biayanya sendiri:",
    "channel_group_qris": "QRIS",
    "channel_group_va": "Transfer bank (VA)",
    "channel_group_ewallet": "Dompet digital",
    "channel_group_store": "Gerai ritel",
    "channel_line": "• {name} · {total} (biaya {fee})",
    "channel_line_free": "• {name} · {total} (tanpa biaya)",
    "btn_channel": "{name} · {total}",
    "upgrade_no_channels": "Belum ada metode pembayaran yang bisa menerima {price} saat ini. "
    "Silakan coba lagi nanti.",
    # Pembayaran, seperti yang dibuat Tripay
    "invoice_title": "🧾 <b>Bayar {total}</b>\n{plan}, {period} · {method}\nHarga {amount} + "
    "biaya {fee}\nTagihan: <code>{ref}</code>\n⏳ Berlaku sampai {expiry}",
    "invoice_pay_code": "🔢 Kode bayar: <code>{code}</code>",
    "invoice_qris": "📷 Pindai kode QR dengan aplikasi bank atau dompet digital apa pun yang "
    "mendukung QRIS.",
    "invoice_section": "<b>{title}</b>",
    "invoice_step": "{number}. {step}",
    "invoice_footer": "Paket berubah begitu Tripay mengonfirmasi pembayaran; tanda terima "
    "dikirim ke sini.",
    "btn_payment_page": "🌐 Buka halaman pembayaran",
    "invoice_not_open": "Tagihan <code>{ref}</code> berstatus {status}: tidak ada yang perlu "
    "dibayar. /upgrade membuat tagihan baru.",
    # /billing
    "billing_title": "💳 <b>Tagihan dan paket</b>\nPaket: <b>{plan}</b> · {validity}",
    "billing_paid_until": "aktif sampai {date}",
    "billing_ended": "berakhir {date}",
    "billing_free": "gratis, tanpa batas waktu",
    "billing_grace": "⚠️ Paket {plan} berakhir {ended}; masa tenggang sampai {grace} — "
    "perpanjang agar bot live tetap berjalan.",
    "billing_winding": "⏬ Paket berbayar Anda sudah berakhir. Bot live tidak membuka posisi baru; "
    "posisi terbuka tetap dikelola dan ditutup oleh strateginya, lalu bot berhenti.",
    "billing_invoices_title": "<b>Pembayaran terakhir</b>",
    "billing_invoice_line": "• {date} · {plan}, {period} · {total} · {method} · <b>{status}</b>",
    "billing_no_invoices": "Belum ada pembayaran. /upgrade menampilkan paket.",
    "invoice_status_unpaid": "Belum dibayar",
    "invoice_status_paid": "Lunas",
    "invoice_status_expired": "Kedaluwarsa",
    "invoice_status_failed": "Gagal",
    "invoice_status_refund": "Dikembalikan",
    "btn_receipt": "🧾 Tanda terima · {date} · {total}",
    "btn_pay_invoice": "💳 Bayar · {date} · {total}",
    "receipt": "🧾 <b>Tanda terima</b>\nTagihan: <code>{ref}</code>\nReferensi Tripay: "
    "<code>{reference}</code>\nPaket: {plan}, {period} ({days})\nDibayar: {paid_at}\n"
    "Harga: {amount}\nBiaya: {fee}\nTotal: <b>{total}</b>\nMetode: {method}{refunded}",
    "receipt_refunded": "\n↩️ Dikembalikan: waktu yang dibeli pembayaran ini ditarik kembali.",
}

ERRORS: dict[str, str] = {
    "billing_plan_unknown": "Paket itu sudah tidak ditawarkan. Kirim /upgrade untuk melihat "
    "paket yang ada.",
    "billing_plan_free": "Paket gratis tidak perlu dibayar. Kirim /upgrade dan pilih paket "
    "berbayar.",
    "billing_channel_unavailable": "Metode pembayaran itu tidak bisa menerima pembayaran ini "
    "sekarang. Silakan pilih metode lain.",
    "billing_payment_in_progress": "Pembayaran Anda masih dibuat. Tunggu beberapa detik, lalu "
    "ketuk tombol yang sama lagi.",
    "billing_payment_retry": "Percobaan pertama membuat pembayaran ini gagal, dan tidak ada dana "
    "yang terpotong. Pilih metode lagi dari /upgrade untuk mencoba lagi.",
    "billing_invoice_missing": "Tagihan itu tidak ditemukan. Lihat /billing untuk daftar"
    " tagihan Anda.",
    "billing_receipt_missing": "Tagihan itu tidak ditemukan, atau belum punya tanda terima.",
    "billing_unavailable": "Maaf, pembayaran sedang tidak tersedia. Tidak ada dana yang "
    "terpotong; silakan coba lagi nanti.",
    "billing_create_failed": "Maaf, pembayaran tidak bisa dibuat karena kendala di sisi kami. "
    "Tidak ada dana yang terpotong. Silakan coba lagi beberapa menit lagi.",
}
