"""Texts of the bot page: charts, trades, statistics, history, controls, flash messages."""

from __future__ import annotations

from web_minimal.dashboard.i18n import register

register(
    {
        "bot.back": {"id": "← Ringkasan", "en": "← Overview"},
        "bot.figures": {"id": "Angka utama", "en": "Key figures"},
        "bot.stake": {"id": "Modal per transaksi", "en": "Stake per trade"},
        "bot.running_since": {"id": "Berjalan sejak", "en": "Running since"},
        "chart.profit": {"id": "Laba kumulatif", "en": "Cumulative profit"},
        "chart.bar": {"id": "Laba", "en": "Profit"},
        "chart.bars": {"id": "Laba per periode", "en": "Profit per period"},
        "chart.price": {"id": "Harga, masuk dan keluar", "en": "Price, entries and exits"},
        "chart.range": {"id": "Rentang waktu", "en": "Time range"},
        "chart.period": {"id": "Periode", "en": "Period"},
        "chart.7d": {"id": "7 hari", "en": "7 days"},
        "chart.30d": {"id": "30 hari", "en": "30 days"},
        "chart.all": {"id": "Semua", "en": "All"},
        "chart.day": {"id": "Harian", "en": "Daily"},
        "chart.week": {"id": "Mingguan", "en": "Weekly"},
        "chart.month": {"id": "Bulanan", "en": "Monthly"},
        "chart.empty": {
            "id": "Grafik muncul setelah transaksi pertama ditutup.",
            "en": "The chart appears once the first trade has closed.",
        },
        "chart.loading": {"id": "Memuat grafik harga…", "en": "Loading the price chart…"},
        "chart.no_candles": {
            "id": "Harga pasar belum bisa dimuat. Coba lagi nanti.",
            "en": "Market prices could not be loaded. Try again later.",
        },
        "chart.entry": {"id": "Masuk", "en": "Entry"},
        "chart.exit_win": {"id": "Keluar untung", "en": "Exit in profit"},
        "chart.exit_loss": {"id": "Keluar rugi", "en": "Exit at a loss"},
        "chart.close": {"id": "Harga penutupan", "en": "Close"},
        "chart.time": {"id": "Waktu", "en": "Time"},
        "trades.open": {"id": "Posisi terbuka", "en": "Open trades"},
        "trades.closed": {"id": "Transaksi selesai", "en": "Closed trades"},
        "trades.none_open": {"id": "Tidak ada posisi terbuka.", "en": "No open trades."},
        "trades.none_closed": {"id": "Belum ada transaksi selesai.", "en": "No closed trades yet."},
        "trades.pair": {"id": "Pasangan", "en": "Pair"},
        "trades.age": {"id": "Umur", "en": "Age"},
        "trades.stake": {"id": "Modal", "en": "Stake"},
        "trades.profit_now": {"id": "Laba kini", "en": "Profit now"},
        "trades.stop": {"id": "Stop-loss", "en": "Stop-loss"},
        "trades.entry": {"id": "Masuk", "en": "Entry"},
        "trades.exit": {"id": "Keluar", "en": "Exit"},
        "trades.profit": {"id": "Laba", "en": "Profit"},
        "trades.reason": {"id": "Alasan keluar", "en": "Exit reason"},
        "trades.tag": {"id": "Label", "en": "Tag"},
        "trades.duration": {"id": "Durasi", "en": "Duration"},
        "trades.fees": {"id": "Biaya", "en": "Fees"},
        "trades.live_note": {
            "id": "Laba kini dan stop-loss diperbarui dari bot selama bot berjalan.",
            "en": "Profit now and stop-loss come from the bot while it runs.",
        },
        "trades.export": {"id": "Unduh semua transaksi", "en": "Download all trades (CSV)"},
        "trades.page": {"id": "Halaman {page} dari {pages}", "en": "Page {page} of {pages}"},
        "trades.newer": {"id": "← Lebih baru", "en": "← Newer"},
        "trades.older": {"id": "Lebih lama →", "en": "Older →"},
        "trades.short": {"id": "jual", "en": "short"},
        "stats.title": {"id": "Statistik", "en": "Statistics"},
        "stats.trades": {"id": "Transaksi selesai", "en": "Closed trades"},
        "stats.win_rate": {"id": "Rasio menang", "en": "Win rate"},
        "stats.profit_factor": {"id": "Faktor laba", "en": "Profit factor"},
        "stats.expectancy": {"id": "Rata-rata per transaksi", "en": "Expectancy per trade"},
        "stats.drawdown": {"id": "Penurunan maksimum", "en": "Max drawdown"},
        "stats.wins_losses": {
            "id": "{wins} untung / {losses} rugi",
            "en": "{wins} won / {losses} lost",
        },
        "history.events": {"id": "Kejadian bot", "en": "Bot events"},
        "history.decisions": {"id": "Keputusan pengawas", "en": "Supervisor decisions"},
        "history.none": {"id": "Belum ada catatan.", "en": "Nothing recorded yet."},
        "history.by.supervisor": {"id": "Pengawas", "en": "Supervisor"},
        "history.by.user": {"id": "Anda", "en": "You"},
        "history.by.system": {"id": "Sistem", "en": "System"},
        "history.by.operator": {"id": "Petugas NoFOMO", "en": "NoFOMO staff"},
        "history.kind.supervisor_warning": {
            "id": "Peringatan pengawas",
            "en": "Supervisor warning",
        },
        "history.kind.supervisor_paused": {
            "id": "Dijeda pengawas",
            "en": "Paused by the supervisor",
        },
        "history.kind.stopped": {"id": "Bot berhenti", "en": "Bot stopped"},
        "history.kind.started": {"id": "Bot mulai berjalan", "en": "Bot started"},
        "history.kind.restarted": {"id": "Bot dimulai ulang", "en": "Bot restarted"},
        "history.kind.paused": {
            "id": "Tidak membuka posisi baru",
            "en": "No new entries",
        },
        "history.kind.running": {"id": "Posisi baru diizinkan lagi", "en": "New entries allowed"},
        "history.stop.user": {"id": "atas permintaan Anda", "en": "as you asked"},
        "history.stop.billing": {
            "id": "posisi terakhir sudah ditutup setelah paket berbayar berakhir",
            "en": "its last position closed after the paid plan ended",
        },
        "history.stop.operator": {"id": "oleh petugas NoFOMO", "en": "by NoFOMO staff"},
        "history.stop.reconcile": {
            "id": "karena memang sudah diminta berhenti",
            "en": "because it had been asked to stop",
        },
        "history.kind.failed": {"id": "Bot gagal", "en": "Bot failed"},
        "history.kind.bot.create": {"id": "Bot dibuat", "en": "Bot created"},
        "history.kind.bot.warn": {"id": "Peringatan", "en": "Warning"},
        "history.kind.bot.pause": {"id": "Jeda", "en": "Pause"},
        "history.kind.bot.stop_flat": {
            "id": "Berhenti setelah posisi ditutup",
            "en": "Stopped once its positions closed",
        },
        "reason.loss_streak": {
            "id": "{streak} kali rugi berturut-turut",
            "en": "{streak} losses in a row",
        },
        "reason.drawdown": {
            "id": "penurunan {pct} dari modal",
            "en": "a drawdown of {pct} of the stake",
        },
        "controls.title": {"id": "Kendali", "en": "Controls"},
        "controls.pause": {"id": "Jeda", "en": "Pause"},
        "controls.resume": {"id": "Lanjutkan", "en": "Resume"},
        "controls.stop": {"id": "Hentikan", "en": "Stop"},
        "controls.cancel": {"id": "Batal", "en": "Cancel"},
        "controls.confirm.pause": {
            "id": "Jeda {name}? Bot tidak membuka posisi baru; posisi terbuka tetap dikelola.",
            "en": "Pause {name}? It opens no new trades; open trades stay managed.",
        },
        "controls.confirm.resume": {
            "id": "Lanjutkan {name}? Bot boleh membuka posisi baru lagi.",
            "en": "Resume {name}? It may open new trades again.",
        },
        "controls.confirm.stop": {
            "id": "Hentikan {name}? Proses bot berhenti; posisi terbuka tidak ditutup otomatis.",
            "en": "Stop {name}? Its process ends; open trades are not closed for you.",
        },
        "flash.paused": {"id": "Bot dijeda.", "en": "The bot is paused."},
        "flash.paused_pending": {
            "id": "Jeda tercatat. Bot sedang tidak berjalan; bot akan mulai dalam keadaan dijeda.",
            "en": "Pause recorded. The bot is not running right now; it will start paused.",
        },
        "flash.resumed": {"id": "Bot dilanjutkan.", "en": "The bot is running again."},
        "flash.resumed_pending": {
            "id": "Tercatat. Bot akan berjalan lagi begitu ada pekerja yang siap.",
            "en": "Recorded. The bot will run again as soon as a worker has room.",
        },
        "flash.stopped": {"id": "Bot dihentikan.", "en": "The bot has stopped."},
        "flash.stopping": {
            "id": "Bot sedang berhenti. Halaman ini akan memperbarui statusnya.",
            "en": "The bot is stopping. This page will update its state.",
        },
        "flash.not_running": {
            "id": "Bot ini tidak berjalan, jadi tidak ada yang diubah.",
            "en": "This bot is not running, so nothing was changed.",
        },
        "flash.refused": {
            "id": "Permintaan ditolak. Coba lagi dari percakapan Telegram untuk melihat alasannya.",
            "en": "The request was refused. Try it in the chat to see why.",
        },
        # Refusals of the bot services (their error keys), told after the redirect.
        "flash.plan_bot_limit": {
            "id": "Paket Anda sudah menjalankan bot sebanyak batasnya. Hentikan satu bot dulu, "
            "atau tingkatkan paket di halaman Langganan.",
            "en": "Your plan already runs as many bots as it allows. Stop one first, or "
            "upgrade on the Billing page.",
        },
        "flash.plan_live_limit": {
            "id": "Paket Anda tidak mengizinkan bot dana nyata lagi. Tingkatkan paket di "
            "halaman Langganan.",
            "en": "Your plan allows no more live bots. Upgrade on the Billing page.",
        },
        "flash.custom_code_unavailable": {
            "id": "Strategi Python buatan sendiri hanya berjalan di sandbox yang aman, dan "
            "server ini tidak memilikinya.",
            "en": "Custom Python strategies run only in a secure sandbox, which this server "
            "does not have.",
        },
        "flash.plan_custom_code": {
            "id": "Paket Anda tidak menjalankan strategi Python buatan sendiri. Tingkatkan paket "
            "di halaman Langganan.",
            "en": "Your plan does not run custom Python strategies. Upgrade on the Billing page.",
        },
        "flash.live_needs_keys": {
            "id": "Trading live membutuhkan API key exchange. Hubungkan dulu di halaman Kunci API.",
            "en": "Live trading needs a connected exchange key. Connect one on the Keys page.",
        },
        "flash.bot_already_active": {
            "id": "Anda sudah punya bot aktif di exchange dan pair itu.",
            "en": "You already have an active bot on that exchange and pair.",
        },
        "exit.roi": {"id": "target profit (ROI)", "en": "profit target (ROI)"},
        "exit.stop_loss": {"id": "stop-loss", "en": "stop-loss"},
        "exit.stoploss_on_exchange": {
            "id": "stop-loss di exchange",
            "en": "stop-loss on the exchange",
        },
        "exit.trailing_stop_loss": {"id": "trailing stop-loss", "en": "trailing stop-loss"},
        "exit.exit_signal": {"id": "sinyal keluar", "en": "exit signal"},
        "exit.force_exit": {"id": "ditutup manual", "en": "closed manually"},
        "exit.emergency_exit": {"id": "keluar darurat", "en": "emergency exit"},
        "exit.liquidation": {"id": "terlikuidasi", "en": "liquidated"},
    }
)
