"""Teks Bahasa Indonesia: templat HTML dengan placeholder `{name}` (parameter di-escape)."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    # Umum
    "apology": "Maaf, ada masalah di sisi kami. Silakan coba lagi sebentar lagi.",
    "not_for_you": "Tombol ini tidak untuk Anda.",
    "button_expired": "Tombol ini sudah kedaluwarsa. Silakan mulai lagi.",
    "cancelled": "Dibatalkan. /help menampilkan semua yang bisa saya lakukan.",
    "nothing_to_cancel": "Tidak ada yang perlu dibatalkan.",
    "btn_cancel": "✖ Batal",
    "btn_back": "« Kembali",
    # Perkenalan
    "lang_name_id": "Bahasa Indonesia",
    "lang_name_en": "English",
    "choose_language": "👋 Selamat datang di <b>NoFOMO</b>!\nPilih bahasa Anda:",
    "language_set": "Bahasa diatur ke Bahasa Indonesia.",
    "welcome": "<b>NoFOMO</b> mengubah ide trading Anda menjadi strategi kripto otomatis.\n"
    "• Jelaskan ide Anda dengan kata-kata biasa; saya buat dan backtest strateginya.\n"
    "• Jalankan sebagai bot di Binance atau Bybit, mulai dengan uang mainan (dry-run).\n"
    "• Supervisor memantau kerugian dan menjeda bot yang bermasalah.\n"
    "Apa yang ingin Anda lakukan?",
    "btn_new_strategy": "✨ Strategi baru",
    "btn_connect_keys": "🔑 Hubungkan API key exchange",
    "btn_my_bots": "🤖 Bot saya",
    # Bantuan dan perintah
    "help_title": "<b>Perintah</b>",
    "help_group_strategies": "Strategi",
    "help_group_bots": "Bot",
    "help_group_results": "Hasil",
    "help_group_account": "Akun",
    "help_footer": "Tips: Anda juga bisa langsung menulis ide strategi dalam pesan.",
    "cmd_start": "Mulai dan pilih bahasa",
    "cmd_help": "Daftar semua perintah",
    "cmd_new": "Buat strategi dari ide Anda",
    "cmd_strategies": "Strategi Anda dan versinya",
    "cmd_backtest": "Backtest strategi untuk periode lebih panjang",
    "cmd_optimize": "Optimasi parameter strategi",
    "cmd_startbot": "Jalankan bot trading (dry-run atau live)",
    "cmd_stopbot": "Hentikan bot",
    "cmd_bots": "Bot Anda beserta status dan profitnya",
    "cmd_status": "Posisi terbuka bot Anda",
    "cmd_profit": "Profit bot Anda",
    "cmd_trades": "Transaksi terakhir sebuah bot",
    "cmd_forceexit": "Tutup posisi terbuka bot sekarang",
    "cmd_chart": "Grafik hasil sebuah bot",
    "cmd_keys": "Hubungkan atau hapus API key exchange",
    "cmd_settings": "Bahasa, notifikasi, dan batas supervisor",
    "cmd_cancel": "Keluar dari langkah saat ini",
    # Pengaturan
    "settings_view": "<b>Pengaturan</b>\nBahasa: {language}\nNotifikasi: {alerts}\nPaket: {plan}",
    "usage_live": "live: {live} dari {max_live}",
    "usage_live_none": "hanya uang simulasi (trading live perlu paket berbayar)",
    "settings_usage": "Bot: {bots} dari {max_bots} aktif · {live_part}\n"
    "Pembuatan AI bulan ini: {used} dari {limit}\n"
    "Backtest hingga {days} hari · optimasi hingga {epochs} epoch",
    "btn_settings_language": "🌐 Bahasa",
    "btn_settings_alerts": "🔔 Notifikasi",
    "btn_settings_supervisor": "🛡 Batas supervisor",
    "settings_choose_language": "Pilih bahasa Anda:",
    "alerts_choose": "Notifikasi apa yang Anda inginkan?\n"
    "• Semua: setiap transaksi dan peringatan\n• Penting: peringatan, jeda, dan kesalahan\n"
    "• Tidak ada: tanpa notifikasi (tidak disarankan)",
    "alert_all": "Semua",
    "alert_important": "Hanya yang penting",
    "alert_none": "Tidak ada",
    "alerts_set": "Notifikasi: {level}.",
    "supervisor_pick_bot": "Pilih bot untuk mengatur batas supervisornya:",
    "supervisor_pick_warn": "<b>{bot}</b> saat ini memberi peringatan setelah {warn} kali rugi "
    "berturut-turut dan menjeda bot setelah {pause}, atau pada drawdown {drawdown}%.\n"
    "Beri peringatan setelah berapa kali rugi berturut-turut?",
    "supervisor_pick_pause": "Jeda bot setelah berapa kali rugi berturut-turut?",
    "supervisor_pick_drawdown": "Jeda bot saat kerugiannya mencapai berapa persen dari modal?",
    "supervisor_saved": "Tersimpan untuk <b>{bot}</b>: peringatan setelah {warn} kali rugi "
    "berturut-turut, jeda setelah {pause}, atau pada drawdown {drawdown}%.",
    # Strategi
    "strategies_empty": "Anda belum punya strategi. Kirim /new dan jelaskan ide Anda.",
    "strategies_title": "<b>Strategi Anda</b>",
    "strategy_line": "• <b>{name}</b>: v{version} dari {count}, {market}",
    "versions_title": "<b>{name}</b>: versi, terbaru di atas",
    "version_line": "{marker} v{version} · {date} · {summary}",
    "btn_rollback": "↩ Kembali ke v{version}",
    "btn_show_code": "📄 Kode",
    "btn_backtest": "📊 Backtest lebih panjang",
    "btn_optimise": "⚙ Optimasi",
    "btn_start_bot": "▶ Jalankan bot",
    "rolled_back": "Dikembalikan: v{old} aktif lagi, disimpan sebagai v{new}.",
    "rollback_stale": "Daftar ini sudah usang (sekarang v{current} yang aktif), jadi tidak ada "
    "yang diubah.",
    "code_caption": "{name} v{version}: kode strategi Freqtrade.",
    "pick_strategy_backtest": "Strategi mana yang ingin di-backtest?",
    "pick_strategy_optimise": "Strategi mana yang ingin dioptimasi?",
    "pick_backtest_days": "Backtest untuk berapa hari?",
    "btn_days": "{days} hari",
    "pick_optimise_epochs": "Berapa putaran optimasi (epoch)? Makin banyak, makin lama.",
    "btn_epochs": "{epochs} epoch",
    "btn_needs_plan": "{choice} · {plan}",
    "backtest_queued": "Backtest masuk antrean. Hasilnya akan saya kirim ke sini.",
    "optimise_queued": "Optimasi masuk antrean. Hasilnya akan saya kirim ke sini.",
    "optimise_waiting": "⚙️ Optimasi: menunggu server yang kosong…",
    "optimise_progress": "⚙️ Optimasi: epoch {epoch} dari {total}, terbaik sejauh ini {best}",
    "optimise_done": "✅ Optimasi selesai. Hasil dan grafiknya menyusul.",
    "optimise_failed": "❌ Optimasi gagal. Coba lagi nanti atau dengan epoch lebih sedikit.",
    "optimise_applied": "Diterapkan: parameter hasil optimasi disimpan sebagai v{version}.",
    "optimise_already_applied": "Sudah diterapkan sebagai v{version}; tidak ada yang disimpan "
    "lagi.",
    # Strategi baru
    "new_ask": "Jelaskan ide strategi Anda dalam satu pesan, misalnya: <i>Beli BTC saat RSI "
    "di bawah 30 di grafik 1 jam, jual saat profit 3%, stop loss 2%</i>.\n"
    "Kirim /cancel untuk berhenti.",
    "new_working": "⏳ Sedang membuat strategi Anda…",
    "new_progress": "⏳ {stage}: {pct}%",
    "stage_queued": "Menunggu antrean",
    "stage_charging": "Memeriksa kuota Anda",
    "stage_writing": "Menulis strategi",
    "stage_backtesting": "Backtest",
    "stage_charts": "Membuat grafik",
    "stage_saving": "Menyimpan",
    "stage_done": "Selesai",
    "stage_working": "Sedang bekerja",
    "new_done": "✅ Strategi Anda sudah siap; hasilnya segera menyusul.",
    "new_failed": "❌ Saya tidak bisa membuat strategi ini.\n{reason}",
    "new_failed_ours": "😓 Maaf, pembuatan strategi gagal karena kendala di sisi kami.\n"
    "{reason}\nIni bukan karena ide Anda. Kuota Anda tidak terpakai; silakan coba lagi "
    "beberapa menit lagi.",
    "new_still_working": "Masih diproses; hasilnya akan saya kirim ke sini setelah selesai.",
    "understood_part": "Yang saya pahami: {items}. ",
    "missing_part": "Yang kurang: {items}. ",
    "idea_offer": "Sepertinya ini ide strategi. Mau saya buatkan?",
    "btn_generate_idea": "✨ Buat strategi dari ini",
    # Ide yang hanya short: alasannya dulu, lalu versi long-nya (issue 15)
    "new_refused": "❌ {reason}",
    "long_offer": "Versi long dari ide Anda: <i>{prompt}</i>. Ketuk tombol di bawah untuk "
    "membuatnya.",
    "long_example": "Sebutkan kapan bot sebaiknya membeli, misalnya “beli saat RSI di bawah 30”.",
    "btn_long_version": "🔁 Buat versi long: {prompt}",
    # Strategi yang judulnya sudah menyebut pasarnya (issue 15)
    "strategy_line_titled": "• <b>{name}</b>: v{version} dari {count}",
    # API key
    "keys_intro": "<b>API key exchange</b>\nBuka formulir aman di bawah untuk menghubungkan "
    "key Binance atau Bybit. Tautan hanya bisa dipakai sekali dan segera kedaluwarsa.\n"
    "Buat key yang bisa <b>trading tetapi tidak bisa menarik dana</b>; key yang bisa menarik "
    "dana akan ditolak. Jangan pernah menempelkan key di percakapan ini.",
    "btn_open_key_form": "🔐 Buka formulir key yang aman",
    "keys_none": "Belum ada key yang terhubung.",
    "keys_title": "<b>Key yang terhubung</b>",
    "key_line": "• {exchange} {hint} {label}",
    "key_ip_warning": "  ⚠ tanpa pembatasan IP",
    "btn_delete_key": "🗑 Hapus {exchange} {hint}",
    "key_delete_confirm": "Hapus key {exchange} {hint}? Bot live yang memakainya tidak bisa "
    "trading lagi.",
    "btn_confirm_delete": "Ya, hapus",
    "key_deleted": "Key dihapus.",
    "key_already_gone": "Key itu sudah dihapus.",
    "secret_deleted": "🔒 Pesan Anda saya hapus karena terlihat seperti API key atau secret "
    "exchange. Jangan pernah mengirim key lewat percakapan: pakai formulir aman dari /keys. "
    "Jika itu key asli, hapus key tersebut di exchange dan buat yang baru.",
    # Menjalankan bot
    "sb_pick_strategy": "Strategi mana yang dijalankan bot?",
    "sb_no_strategies": "Anda perlu strategi dulu. Kirim /new dan jelaskan ide Anda.",
    "sb_live_none": "Paket Anda menjalankan bot dalam dry-run (uang main-main); trading live "
    "perlu paket {plan}.",
    "sb_live_full": "Semua {limit} dari paket Anda sedang dipakai, jadi bot ini bisa "
    "berjalan dalam dry-run (uang main-main).",
    "sb_pick_exchange": "Exchange mana?",
    "exchange_binance": "Binance",
    "exchange_bybit": "Bybit",
    "sb_pick_pair": "Pair apa? Pilih atau ketik sendiri (misalnya BTC/USDT).",
    "sb_pair_preset": "Pair: <b>{pair}</b> (dari strategi).",
    "btn_other_pair": "🔁 Pair lain",
    "sb_pick_stake": "Berapa USDT per transaksi? Pilih atau ketik jumlahnya (10 sampai 100.000).",
    "btn_stake": "{amount} USDT",
    "sb_pick_mode": "<b>Dry-run</b> trading dengan uang mainan pada harga asli: uji coba aman.\n"
    "<b>Live</b> trading dengan uang sungguhan dari akun exchange Anda.",
    "btn_dry_run": "🧪 Dry-run (uang mainan)",
    "btn_live": "💰 Live (uang sungguhan)",
    "sb_live_needs_keys": "Trading live di {exchange} membutuhkan API key yang terhubung. "
    "Hubungkan lewat /keys lalu coba lagi, atau pilih dry-run.",
    "sb_live_confirm": "⚠️ <b>Trading live memakai uang sungguhan.</b>\n• Bot membeli dan "
    "menjual {pair} di {exchange} dengan hingga {stake} USDT per transaksi.\n• Anda bisa "
    "kehilangan seluruh modal tersebut; hasil masa lalu tidak menjamin profit.\n• Key ini bisa "
    "trading tetapi tidak bisa menarik dana.\nJalankan bot live?",
    "sb_live_flagged": "🚩 <b>Backtest strategi ini memberi peringatan: {problems}.</b> "
    "Secara live, uang sungguhan bisa hilang dengan cara yang sama. Sebaiknya perbaiki "
    "dulu atau coba dry-run lebih dulu.\n\n",
    "btn_confirm_live": "Ya, trading dengan uang sungguhan",
    "sb_started": "✅ <b>{name}</b> sedang dimulai: {pair} di {exchange}, {stake} USDT per "
    "transaksi, {mode}.\n/bots menampilkannya, /status posisi terbukanya, /stopbot "
    "menghentikannya.",
    # Bot
    "bots_empty": "Anda belum punya bot. Jalankan satu dengan /startbot.",
    "bots_title": "<b>Bot Anda</b>",
    "bot_line": "{icon} <b>{name}</b> · {pair} · {exchange} · {mode} · {state} · "
    "PnL {pnl} {currency}",
    "state_running": "berjalan",
    "state_starting": "sedang dimulai",
    "state_paused": "dijeda",
    "state_stopping": "sedang berhenti",
    "state_stopped": "berhenti",
    "state_failed": "gagal",
    "mode_dry": "dry-run",
    "mode_live": "live",
    "bot_detail": "<b>{name}</b>\nStatus: {state}\nPasar: {pair} di {exchange} ({mode})\n"
    "Modal: {stake} {currency} per transaksi\nPnL terealisasi: {pnl} {currency}\n"
    "Transaksi: {open} terbuka, {closed} selesai",
    "btn_status": "📋 Status",
    "btn_profit": "💰 Profit",
    "btn_trades": "📜 Riwayat",
    "btn_forceexit": "⏏ Tutup paksa",
    "btn_chart": "📈 Grafik",
    "btn_pause": "⏸ Jeda",
    "btn_resume": "▶ Lanjutkan",
    "btn_stop": "⏹ Hentikan",
    "pick_bot": "Bot yang mana?",
    "status_title": "<b>{name}</b>: posisi terbuka",
    "status_none": "<b>{name}</b> tidak punya posisi terbuka.",
    "status_trade": "#{id} {pair} · {amount} di {open_rate} · kini {current_rate} · {profit}%",
    "not_running": "<b>{name}</b> tidak sedang berjalan ({state}).",
    "status_all_title": "<b>Bot Anda</b>: {running} berjalan, {open_trades}",
    "status_all_line": "{icon} {name}: {state}, {open_trades}",
    "profit_view": "<b>{name}</b>: profit\nTransaksi selesai: {closed} ({wins} untung, {losses} "
    "rugi)\nTerealisasi: {closed_profit} {currency}\nTermasuk posisi terbuka: {all_profit} "
    "{currency}",
    "profit_stored": "<b>{name}</b>: profit terealisasi {pnl} {currency} dari {closed_trades}.",
    "profit_all_title": "<b>Total profit terealisasi: {total} {currency}</b>",
    "profit_all_line": "• {name}: {pnl} {currency} ({closed_trades})",
    "trades_title": "<b>{name}</b>: transaksi terakhir",
    "trades_none": "<b>{name}</b> belum punya transaksi.",
    "trades_none_running": "Tidak ada bot Anda yang berjalan, jadi tidak ada transaksi langsung. "
    "/profit menampilkan hasilnya.",
    "trade_open": "#{id} {pair} · terbuka sejak {date}",
    "trades_open_title": "{count} posisi terbuka",
    "trades_closed_title": "Transaksi selesai terakhir",
    "trades_closed_count": "{count} transaksi selesai",
    "trade_open_stake": " · modal {stake} {currency}",
    "trade_open_profit": " · kini {profit} {currency} ({pct})",
    "trade_open_stop": " · stop-loss {price}",
    # Keterangan grafik bot (/chart).
    "chart_caption_head": "📈 <b>{name}</b>\n{pair} · candle {timeframe} · {mode}",
    "chart_caption_realised": "Profit terealisasi: {profit} dari {closed_trades}",
    "chart_caption_open": "{open_trades}: {profit} belum terealisasi pada harga {price}",
    "chart_caption_open_unpriced": "{open_trades}; harga terkini belum diketahui",
    "chart_caption_trade": "• Beli {amount} di {price} pada {date}: {profit}",
    "chart_caption_trade_short": "• Jual short {amount} di {price} pada {date}: {profit}",
    "chart_caption_more": "• dan {count} lainnya",
    "chart_caption_earlier": "Sebelum grafik ini: {closed_trades}, {profit}",
    "exit.roi": "target profit (ROI)",
    "exit.stop_loss": "stop-loss",
    "exit.stoploss_on_exchange": "stop-loss di exchange",
    "exit.trailing_stop_loss": "trailing stop-loss",
    "exit.exit_signal": "sinyal keluar",
    "exit.force_exit": "ditutup manual",
    "exit.emergency_exit": "keluar darurat",
    "exit.liquidation": "terlikuidasi",
    "trade_closed": "#{id} {pair} · {profit} {currency} ({pct}%) · {reason}",
    "forceexit_confirm": "Tutup semua posisi terbuka <b>{name}</b> dengan harga pasar sekarang?",
    "btn_confirm_forceexit": "Ya, tutup sekarang",
    "forceexit_done": "Menutup semua posisi terbuka <b>{name}</b>.",
    "forceexit_none_running": "Tidak ada bot berjalan yang punya posisi untuk ditutup.",
    "bot_paused": "⏸ <b>{name}</b> dijeda: tidak ada transaksi baru; posisi terbuka tetap "
    "dikelola.",
    "bot_resumed": "▶ <b>{name}</b> dilanjutkan.",
    "bot_stopping": "Menghentikan <b>{name}</b>…",
    "bot_stopped": "⏹ <b>{name}</b> berhenti. Posisi yang masih terbuka: {open}.",
    "bot_stopped_idle": "⏹ <b>{name}</b> berhenti (sebelumnya tidak berjalan).",
    "bot_stop_pending": "<b>{name}</b> masih dalam proses berhenti; cek /bots sebentar lagi.",
    "stop_pick_bot": "Bot mana yang ingin dihentikan?",
    "stop_none_active": "Tidak ada bot Anda yang aktif.",
    # Laporan semua bot: /daily /weekly /monthly /performance /balance /count /logs /stopentry
    "cmd_daily": "Profit per hari dari semua bot Anda",
    "cmd_weekly": "Profit per minggu dari semua bot Anda",
    "cmd_monthly": "Profit per bulan dari semua bot Anda",
    "cmd_performance": "Profit per pair dari semua bot Anda",
    "cmd_balance": "Saldo bot Anda yang berjalan",
    "cmd_count": "Posisi terbuka tiap bot dan batasnya",
    "cmd_logs": "Baris terakhir log bot yang berjalan",
    "cmd_stopentry": "Berhenti membeli; posisi terbuka tetap dikelola (Jeda)",
    "count_days": "{count} hari",
    "count_weeks": "{count} minggu",
    "count_months": "{count} bulan",
    "report_day_title": "<b>Profit per hari</b> · {periods} terakhir · semua bot Anda (WIB)",
    "report_week_title": "<b>Profit per minggu</b> (mulai Senin) · {periods} terakhir · semua "
    "bot Anda",
    "report_month_title": "<b>Profit per bulan</b> · {periods} terakhir · semua bot Anda",
    "report_line": "{period}: {profit} · {trades}",
    "report_total": "<b>Total</b>: {profit} · {trades}",
    "performance_title": "<b>Profit per pair</b> · semua transaksi selesai dari semua bot Anda",
    "performance_line": "{pair}: {profit} · {trades}, {wins} untung",
    "performance_none": "Belum ada transaksi selesai, jadi belum ada profit per pair. /status "
    "menampilkan posisi terbuka.",
    "live_none_running": "Saat ini tidak ada bot Anda yang berjalan. /bots menampilkan "
    "daftarnya; /profit menampilkan hasilnya.",
    "live_idle_line": "{icon} <b>{name}</b>: tidak berjalan ({state})",
    "live_unreachable_line": "{icon} <b>{name}</b>: tidak menjawab; coba lagi sebentar lagi",
    "balance_title": "<b>Saldo bot Anda</b>",
    "balance_bot": "{icon} <b>{name}</b> ({kind}): total ≈ {total}",
    "balance_simulated": "dry-run: uang mainan, bukan dana sungguhan",
    "balance_real": "live: dana sungguhan di exchange",
    "balance_holding": "   • {amount}",
    "balance_free": ", {free} tersedia",
    "balance_value": " ≈ {value}",
    "count_title": "<b>Posisi terbuka bot Anda</b>",
    "count_line": "{icon} <b>{name}</b>: {current} dari {limit} terbuka · {stake} di posisi "
    "terbuka",
    "count_line_unlimited": "{icon} <b>{name}</b>: {current} terbuka, tanpa batas · {stake} di "
    "posisi terbuka",
    "logs_view": "<b>{name}</b>: baris terakhir lognya\n<pre>{lines}</pre>",
    "logs_empty": "<b>{name}</b> belum menulis apa pun di lognya.",
    "logs_none_running": "Tidak ada bot Anda yang berjalan, jadi tidak ada log untuk ditampilkan.",
    "stopentry_done": "⏸ <b>{name}</b> berhenti membeli: tidak ada transaksi baru; posisi "
    "terbukanya tetap dikelola sampai ditutup. Ini sama dengan Jeda; lanjutkan dari /bots.",
    "stopentry_already": "<b>{name}</b> sudah dijeda: tidak membeli apa pun lagi. Lanjutkan "
    "dari /bots.",
    "stopentry_none_running": "Tidak ada bot Anda yang berjalan, jadi tidak ada yang membeli.",
    # Tombol peringatan supervisor
    "sv_resumed": "▶ <b>{name}</b> dilanjutkan; hitungan rugi beruntun dimulai dari nol.",
    "sv_closing": "Menutup semua posisi terbuka <b>{name}</b>; bot tetap dijeda.",
    "explanation": "🔎 {text}",
    "sv_kept_paused": "Baik, <b>{name}</b> tetap dijeda. Lanjutkan dari /bots kapan pun Anda siap.",
    # Ringkasan dan /plan (issue 15)
    "cmd_plan": "Paket Anda, batasnya, dan pemakaiannya",
    "btn_settings_summary": "📬 Ringkasan",
    "summary_choose": "<b>📬 Ringkasan</b>\nPesan berisi transaksi, laba, dan posisi terbuka "
    "setiap bot.\nSaat ini: {current}\nSeberapa sering Anda ingin menerimanya?",
    "summary_choose_hour": "📬 {frequency}: jam berapa ringkasan dikirim? ({zone})",
    "summary_off": "Mati",
    "summary_daily": "Setiap hari",
    "summary_weekly": "Setiap minggu (Senin)",
    "summary_state_off": "mati",
    "summary_state_daily": "setiap hari pukul {time} {zone}",
    "summary_state_weekly": "setiap Senin pukul {time} {zone}",
    "summary_set": "Ringkasan: {summary}.",
    "invalid_summary": "Pilihan ringkasan itu tidak tersedia. Buka /settings dan pilih lagi.",
    "plan_view": "<b>Paket Anda: {plan}</b>\n{expiry}",
    "plan_expires": "Berlaku sampai {date}",
    "plan_no_expiry": "Tanpa batas waktu",
    "plan_unavailable": "Paket Anda belum bisa dibaca saat ini. Silakan coba lagi sebentar lagi.",
    # Cadangan
    "fallback_command": "Saya tidak kenal perintah itu. /help menampilkan yang bisa saya lakukan.",
    "fallback_text": "Saya kurang paham maksud Anda. /help menampilkan yang bisa saya lakukan, "
    "atau tulis ide strategi dan saya buatkan.",
}

ERRORS: dict[str, str] = {
    "plan_bot_limit": "Paket Anda hanya bisa menjalankan {limit} sekaligus. Hentikan "
    "salah satu dulu, atau tingkatkan paket Anda.",
    "plan_live_limit": "Paket Anda mengizinkan {limit} sekaligus. Gunakan dry-run, "
    "atau tingkatkan paket untuk trading live.",
    # {limit} pada error paket di atas dan sb_live_full, dihitung.
    "count_bots": "{count} bot",
    "count_live_bots": "{count} bot live",
    "plan_backtest_days": "Paket Anda bisa backtest paling lama {limit} hari; {days} hari perlu "
    "paket {plan}. Tidak ada yang dijalankan: pilih paling lama {limit} hari.",
    "plan_backtest_days_top": "Backtest di paket Anda paling lama {limit} hari. Tidak ada yang "
    "dijalankan: pilih paling lama {limit} hari.",
    "plan_epochs": "Paket Anda bisa optimasi paling banyak {limit} epoch; {epochs} epoch perlu "
    "paket {plan}. Tidak ada yang dijalankan: pilih paling banyak {limit} epoch.",
    "plan_epochs_top": "Optimasi di paket Anda paling banyak {limit} epoch. Tidak ada yang "
    "dijalankan: pilih paling banyak {limit} epoch.",
    "plan_custom_code": "Strategi Python buatan sendiri hanya berjalan di paket {plan}. "
    "Jelaskan strategi Anda dengan kata-kata lewat /new, atau tingkatkan ke paket {plan}.",
    "plan_custom_code_none": "Strategi Python buatan sendiri sedang tidak tersedia di paket "
    "mana pun. Jelaskan strategi Anda dengan kata-kata lewat /new.",
    "bot_already_active": "Anda sudah punya bot aktif di exchange dan pair itu. Hentikan dulu "
    "(/stopbot) atau pilih pair lain.",
    "bot_not_found": "Bot itu sudah tidak ada.",
    "bot_not_running": "Bot itu sedang tidak berjalan.",
    "bot_unreachable": "Bot tidak menjawab. Silakan coba lagi sebentar lagi.",
    # Jumlah periode untuk /daily, /weekly dan /monthly.
    "report_days_range": "Kirim /daily saja untuk {default} hari terakhir, atau dengan jumlah "
    "hari dari 1 sampai {limit}, misalnya /daily 14.",
    "report_weeks_range": "Kirim /weekly saja untuk {default} minggu terakhir, atau dengan "
    "jumlah minggu dari 1 sampai {limit}, misalnya /weekly 8.",
    "report_months_range": "Kirim /monthly saja untuk {default} bulan terakhir, atau dengan "
    "jumlah bulan dari 1 sampai {limit}, misalnya /monthly 6.",
    "invalid_pair": "“{pair}” bukan pair yang valid. Gunakan format seperti BTC/USDT.",
    "invalid_stake": "Modal harus berupa angka dari 10 sampai 100.000 USDT.",
    "live_needs_keys": "Trading live membutuhkan API key exchange. Pakai /keys dulu.",
    "invalid_language": "Bahasa itu tidak didukung.",
    "invalid_alert_level": "Tingkat notifikasi itu tidak didukung.",
    "supervisor_bad_streaks": "Peringatan harus datang sebelum jeda (1 ≤ peringatan < jeda ≤ 50).",
    "supervisor_bad_drawdown": "Batas drawdown harus antara 0,5% dan 100%.",
    "strategy_not_found": "Strategi itu sudah tidak ada.",
    "version_not_found": "Versi strategi itu sudah tidak ada.",
    "request_not_found": "Permintaan itu sudah tidak ada.",
    "artifact_not_found": "Berkas itu sudah tidak tersedia.",
    "try_again": "Sedang sibuk. Silakan coba lagi beberapa detik lagi.",
    "unknown_command": "Perintah bot itu tidak tersedia: {command}.",
    "generation_limit": "Anda sudah memakai semua {limit} pembuatan AI dari paket Anda bulan ini.",
    "strategy_prompt_empty": "Silakan jelaskan ide strategi Anda dengan kata-kata.",
    "strategy_prompt_too_long": "Tulis ide Anda kurang dari {max_chars} karakter.",
    "strategy_invalid": "Saya tidak berhasil membuat strategi yang valid dari ide itu, "
    "meskipun sudah beberapa kali diperbaiki. Coba jelaskan dengan cara lain.",
    "optimise_not_ready": "Optimasi belum selesai, atau tidak menemukan hasil yang lebih baik.",
    "prompt_long_only": "Hanya strategi long di pasar spot yang bisa dibuat: bot membeli, lalu "
    "menjual yang dibelinya; tidak bisa short (jual dulu) atau memakai leverage. {offer}",
    "prompt_not_understood": "Saya belum bisa mengubahnya menjadi strategi. {understood}"
    "{missing}Sebutkan minimal satu sinyal beli, misalnya “RSI di bawah 30”, “EMA 9/21 "
    "crossover” atau “MACD cross”.",
    "llm_refused": "AI menolak permintaan ini. Silakan tulis ulang ide Anda.",
    "llm_truncated": "Jawaban AI terpotong. Coba ide yang lebih singkat atau sederhana.",
    "llm_timeout": "AI terlalu lama menjawab. Silakan coba lagi.",
    "llm_unavailable": "Layanan AI sedang tidak tersedia. Silakan coba lagi nanti.",
    "custom_code_unavailable": "Strategi Python buatan sendiri hanya dijalankan di sandbox yang "
    "aman, dan server ini tidak memilikinya. Jelaskan strategi Anda dengan kata-kata lewat /new.",
    "spec_unrenderable": "Versi strategi ini tidak bisa lagi dibangun di sisi kami.",
    "market_data_unavailable": "Data pasar untuk backtest tidak bisa dimuat.",
    "backtest_failed": "Mesin backtest gagal berjalan.",
    "hyperopt_failed": "Mesin optimasi gagal berjalan.",
    "job_timed_out": "Proses ini terlalu lama di server kami.",
    "key_in_use": "Ada bot live yang sedang trading dengan key ini. Hentikan bot itu dulu, lalu "
    "hapus key-nya.",
    "internal_error": "Ada kerusakan tak terduga di sisi kami.",
    "llm_misconfigured": "Pembuatan strategi sementara tidak tersedia. Kami sedang menanganinya.",
    "keyform.link_invalid": "Tautan formulir key ini tidak valid. Kirim /keys untuk tautan baru.",
    "dashboard_link_invalid": "Tautan dasbor ini tidak sah atau sudah kedaluwarsa (berlaku 10"
    " menit). Kirim /dashboard untuk tautan baru.",
    "dashboard_link_used": "Tautan dasbor ini sudah dipakai; setiap tautan hanya membuka dasbor"
    " sekali. Kirim /dashboard untuk tautan baru.",
    "dashboard_miniapp_refused": "Telegram tidak dapat memastikan pembukaan dasbor ini. Buka lagi"
    " dari tombol 📊 Dasbor.",
    "dashboard_no_account": "Mulai obrolan dengan bot dulu (/start), lalu buka dasbor.",
    "keyform.link_expired": "Tautan formulir key ini sudah kedaluwarsa (berlaku 15 menit). "
    "Kirim /keys untuk tautan baru.",
    "keyform.link_used": "Tautan formulir key ini sudah dipakai. Kirim /keys untuk tautan baru.",
    "keyform.link_replaced": "Tautan formulir key yang lebih baru sudah dibuat, jadi tautan ini "
    "tidak berlaku lagi.",
    "keyform.too_many_attempts": "Terlalu banyak percobaan dengan tautan ini. Kirim /keys untuk "
    "tautan baru.",
    "keyform.csrf": "Formulir key sudah tidak berlaku. Buka lagi tautannya.",
    "keyform.busy": "Key ini masih diperiksa. Tunggu sebentar, lalu coba lagi.",
    "keyform.exchange_unknown": "Pilih Binance atau Bybit.",
    "keyform.api_key_format": "Itu bukan format API key {exchange}. Salin ulang: hanya huruf "
    "dan angka.",
    "keyform.secret_format": "Itu bukan format secret key {exchange}. Salin ulang: hanya huruf "
    "dan angka.",
    "keyform.label_invalid": "Nama key maksimal {limit} karakter, dalam satu baris.",
    "keyform.key_rejected": "{exchange} tidak menerima key ini. Pastikan kedua bagian tersalin "
    "benar dan pembatasan IP key mengizinkan NoFOMO.",
    "keyform.exchange_unreachable": "{exchange} tidak merespons, jadi tidak ada yang disimpan. "
    "Silakan coba lagi sebentar lagi.",
    "keyform.withdraw_enabled": "Key {exchange} ini bisa menarik dana, jadi ditolak "
    "dan tidak ada yang disimpan. Buat key yang hanya punya izin trading.",
    "keyform.cannot_trade": "Key {exchange} ini tidak bisa trading. Aktifkan spot trading lalu "
    "coba lagi.",
    "keyform.no_ip_restriction": "Key {exchange} ini bisa dipakai dari alamat IP mana pun. "
    "Batasi ke IP tepercaya di pengaturan API exchange.",
}
