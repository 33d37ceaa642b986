"""Indonesian texts of the web dashboard in chat: /dashboard, /logout_all and its buttons."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "cmd_dashboard": "Tautan sekali pakai ke dasbor Anda",
    "cmd_logout_all": "Keluar dari dasbor di semua perangkat",
    "btn_dashboard": "📊 Dasbor",
    "btn_open_dashboard": "📊 Buka dasbor",
    "dashboard_link": "📊 <b>Tautan dasbor Anda</b>\nHanya bisa dibuka sekali dan berlaku "
    "{minutes} menit. Tautan ini hanya untuk Anda: jangan teruskan ke orang lain.",
    "count_dashboard_sessions": "{count} sesi dasbor",
    "logout_all_done": "🔒 Sudah keluar: {sessions} diakhiri. Tautan dasbor yang belum dibuka "
    "tidak berlaku lagi.",
    "logout_all_none": "🔒 Tidak ada sesi dasbor yang terbuka. Tautan dasbor yang belum dibuka "
    "tidak berlaku lagi.",
}
