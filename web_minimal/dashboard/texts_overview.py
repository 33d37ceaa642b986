"""Texts of the overview page and of bot cards (states, modes, figures)."""

from __future__ import annotations

from web_minimal.dashboard.i18n import register

register(
    {
        "state.running": {"id": "berjalan", "en": "running"},
        "state.starting": {"id": "sedang dimulai", "en": "starting"},
        "state.paused": {"id": "dijeda", "en": "paused"},
        "state.paused_supervisor": {"id": "dijeda pengawas", "en": "paused by supervisor"},
        "state.stopping": {"id": "sedang berhenti", "en": "stopping"},
        "state.stopped": {"id": "berhenti", "en": "stopped"},
        "state.failed": {"id": "gagal", "en": "failed"},
        "mode.dry": {"id": "simulasi", "en": "dry run"},
        "mode.live": {"id": "dana nyata", "en": "live"},
        "card.strategy": {"id": "{name} v{version}", "en": "{name} v{version}"},
        "card.no_strategy": {"id": "strategi dihapus", "en": "strategy deleted"},
        "card.heartbeat": {"id": "Sinyal terakhir", "en": "Last heartbeat"},
        "card.no_heartbeat": {"id": "tidak aktif", "en": "not running"},
        "card.open": {"id": "Posisi terbuka", "en": "Open trades"},
        "card.today": {"id": "Laba hari ini", "en": "Today's profit"},
        "card.total": {"id": "Total laba", "en": "Total profit"},
        "card.failure": {"id": "Penyebab: {reason}", "en": "Cause: {reason}"},
        "card.details": {"id": "Detail {name}", "en": "Details of {name}"},
        "overview.title": {"id": "Ringkasan", "en": "Overview"},
        "overview.totals": {"id": "Semua bot", "en": "All bots"},
        "overview.in_positions": {"id": "Modal di posisi", "en": "Stake in open trades"},
        "overview.open_positions": {"id": "Posisi terbuka", "en": "Open positions"},
        "overview.alerts": {"id": "Peringatan / galat (24 jam)", "en": "Warnings / errors (24 h)"},
        "overview.alerts_value": {"id": "{warnings} / {errors}", "en": "{warnings} / {errors}"},
        "overview.bots": {"id": "Bot Anda", "en": "Your bots"},
        "overview.no_bots": {
            "id": "Anda belum punya bot. Buat strategi dengan /new di percakapan, lalu jalankan "
            "dengan /startbot.",
            "en": "You have no bots yet. Create a strategy with /new in the chat, then run it "
            "with /startbot.",
        },
        "overview.no_profit": {"id": "Belum ada transaksi", "en": "No trades yet"},
        "plan.title": {"id": "Paket {name}", "en": "{name} plan"},
        "plan.bots": {"id": "Bot aktif", "en": "Active bots"},
        "plan.live": {"id": "Bot dana nyata", "en": "Live bots"},
        "plan.generations": {"id": "Strategi AI bulan ini", "en": "AI strategies this month"},
        "plan.used": {"id": "{used} dari {limit}", "en": "{used} of {limit}"},
        "plan.backtest": {"id": "Backtest hingga", "en": "Backtests up to"},
        "plan.backtest_days": {"id": "{days} hari", "en": "{days} days"},
        "plan.renews": {"id": "Berlaku sampai {date}", "en": "Paid until {date}"},
        "plan.free": {"id": "Gratis, tanpa batas waktu", "en": "Free, no end date"},
        "plan.manage": {"id": "Kelola langganan", "en": "Manage billing"},
        "banner.ending": {
            "id": "Paket Anda berakhir {date}. Perpanjang di halaman Langganan atau dengan "
            "/upgrade.",
            "en": "Your plan ends on {date}. Renew it on the Billing page or with /upgrade.",
        },
        "banner.grace": {
            "id": "Paket Anda sudah berakhir. Fiturnya tetap aktif sampai {date}; perpanjang "
            "sebelum itu agar bot tetap berjalan.",
            "en": "Your plan has ended. It keeps working until {date}; renew before then to "
            "keep your bots running.",
        },
        "banner.lapsed": {
            "id": "Paket Anda sudah berakhir dan kini kembali ke paket Gratis.",
            "en": "Your plan has ended and you are back on the Free plan.",
        },
        "banner.winding_down": {
            "id": "Bot dana nyata yang melebihi paket Gratis menutup posisinya, lalu berhenti. "
            "Bot itu tidak membuka posisi baru.",
            "en": "Live bots beyond the Free plan close their positions and then stop. They "
            "open no new trades.",
        },
    }
)
