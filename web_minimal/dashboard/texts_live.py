"""Texts of live updates: the connection status line and the short alert toasts.

Toasts are one plain line each (the chat has the full alert); `live.js` puts them in with
`textContent`. Placeholders: {bot} bot name, {pair}, {streak}, {drawdown}, {profit}.
"""

from __future__ import annotations

from web_minimal.dashboard.i18n import register

register(
    {
        "live.connected": {"id": "Terhubung · pembaruan langsung", "en": "Connected · live"},
        "live.reconnecting": {
            "id": "Menyambung ulang… data mungkin belum terbaru",
            "en": "Reconnecting… figures may be out of date",
        },
        "live.alert.trade_opened": {
            "id": "Posisi dibuka: {pair} · {bot}",
            "en": "Trade opened: {pair} · {bot}",
        },
        "live.alert.trade_closed": {
            "id": "Posisi ditutup: {pair} · {profit} · {bot}",
            "en": "Trade closed: {pair} · {profit} · {bot}",
        },
        "live.alert.bot_started": {"id": "Bot berjalan: {bot}", "en": "Bot started: {bot}"},
        "live.alert.bot_restarted": {
            "id": "Bot dijalankan ulang otomatis: {bot}",
            "en": "Bot restarted automatically: {bot}",
        },
        "live.alert.bot_failed": {
            "id": "Bot berhenti karena gagal: {bot}",
            "en": "Bot stopped, it failed: {bot}",
        },
        "live.alert.bot_stopped_flat": {
            "id": "Bot dihentikan setelah semua posisi ditutup: {bot}",
            "en": "Bot stopped once all its positions closed: {bot}",
        },
        "live.alert.supervisor_warning": {
            "id": "Rugi beruntun: {streak} kali, drawdown {drawdown} · {bot}",
            "en": "Losing streak: {streak} in a row, drawdown {drawdown} · {bot}",
        },
        "live.alert.supervisor_paused": {
            "id": "Dijeda oleh pengawas: {streak} rugi beruntun, drawdown {drawdown} · {bot}",
            "en": "Paused by the supervisor: {streak} losses in a row, drawdown {drawdown} · {bot}",
        },
        "live.alert.strategy_ready": {
            "id": "Strategi baru siap. Lihat di Telegram.",
            "en": "A new strategy is ready. See it in Telegram.",
        },
        "live.alert.backtest_ready": {
            "id": "Hasil backtest siap. Lihat di Telegram.",
            "en": "Backtest results are ready. See them in Telegram.",
        },
        "live.alert.optimise_ready": {
            "id": "Optimasi selesai. Lihat di Telegram.",
            "en": "Optimisation finished. See it in Telegram.",
        },
        "live.alert.payment_paid": {
            "id": "Pembayaran diterima. Terima kasih!",
            "en": "Payment received. Thank you!",
        },
        "live.alert.plan_reminder": {
            "id": "Paket Anda segera berakhir. Perpanjang di halaman Langganan.",
            "en": "Your plan ends soon. Renew it on the Billing page.",
        },
        "live.alert.plan_grace": {
            "id": "Paket Anda berakhir; masa tenggang 3 hari dimulai.",
            "en": "Your plan has ended; a 3-day grace period has started.",
        },
        "live.alert.plan_downgraded": {
            "id": "Paket Anda kembali ke Gratis.",
            "en": "Your plan is back to Free.",
        },
        "live.alert.other": {
            "id": "Ada pesan baru dari NoFOMO di Telegram.",
            "en": "There is a new message from NoFOMO in Telegram.",
        },
    }
)
