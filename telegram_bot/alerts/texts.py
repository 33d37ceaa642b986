"""The alert message catalogue, in Bahasa Indonesia and English.

Templates are HTML for Telegram's parse mode and use `str.format` placeholders; the
renderer fills them with values that are already escaped and written the way the
reader's language writes numbers, money and dates. Labels are trusted text.
"""

from __future__ import annotations

from kernel.i18n import Catalogue, Language
from telegram_bot.alerts import billing_texts

_TEMPLATES: dict[str, dict[Language, str]] = {
    "trade_opened": {
        "en": "🟢 <b>Trade opened</b>{mode}\n<b>{pair}</b> · {side}\n"
        "Price: <code>{price}</code>\nAmount: <code>{amount}</code>\nBot: {bot_name}",
        "id": "🟢 <b>Posisi dibuka</b>{mode}\n<b>{pair}</b> · {side}\n"
        "Harga: <code>{price}</code>\nJumlah: <code>{amount}</code>\nBot: {bot_name}",
    },
    "trade_closed": {
        "en": "{pnl_icon} <b>Trade closed</b>{mode}\n<b>{pair}</b> · {side}\n"
        "Price: <code>{price}</code>\nAmount: <code>{amount}</code>\n"
        "PnL: <b>{pnl}</b> ({pnl_pct})\nReason: {exit_reason}\nBot: {bot_name}",
        "id": "{pnl_icon} <b>Posisi ditutup</b>{mode}\n<b>{pair}</b> · {side}\n"
        "Harga: <code>{price}</code>\nJumlah: <code>{amount}</code>\n"
        "Laba/rugi: <b>{pnl}</b> ({pnl_pct})\nAlasan: {exit_reason}\nBot: {bot_name}",
    },
    "bot_started": {
        "en": "▶️ <b>Bot started</b>{mode}\n{bot_name} · {pair}",
        "id": "▶️ <b>Bot berjalan</b>{mode}\n{bot_name} · {pair}",
    },
    "bot_restarted": {
        "en": "🔄 <b>Bot restarted</b>{mode}\n{bot_name} · {pair}\n"
        "It stopped unexpectedly and was started again automatically.",
        "id": "🔄 <b>Bot dijalankan ulang</b>{mode}\n{bot_name} · {pair}\n"
        "Bot berhenti tiba-tiba dan sudah dijalankan lagi secara otomatis.",
    },
    "bot_failed": {
        "en": "⛔ <b>Bot stopped: it failed</b>\n{bot_name}\n"
        "Cause: <code>{reason}</code>{log_tail}",
        "id": "⛔ <b>Bot berhenti karena gagal</b>\n{bot_name}\n"
        "Penyebab: <code>{reason}</code>{log_tail}",
    },
    "supervisor_warning": {
        "en": "⚠️ <b>Losing streak</b>\n{bot_name} · {pair}\n"
        "{streak} losing trades in a row, drawdown {drawdown_pct}.\n"
        "The bot keeps running; it will be paused if this goes on.",
        "id": "⚠️ <b>Rugi beruntun</b>\n{bot_name} · {pair}\n"
        "{streak} transaksi rugi berturut-turut, drawdown {drawdown_pct}.\n"
        "Bot tetap berjalan; bot akan dijeda jika ini berlanjut.",
    },
    "supervisor_paused": {
        "en": "⏸ <b>Bot paused by the supervisor</b>\n{bot_name} · {pair}\n"
        "{streak} losing trades in a row, drawdown {drawdown_pct}.\n"
        "No new trades will be opened. What should happen next?",
        "id": "⏸ <b>Bot dijeda oleh pengawas</b>\n{bot_name} · {pair}\n"
        "{streak} transaksi rugi berturut-turut, drawdown {drawdown_pct}.\n"
        "Tidak ada posisi baru yang dibuka. Apa langkah selanjutnya?",
    },
    # The explanation that follows the chart and its caption (`strategy_ready_caption`).
    "strategy_ready": {
        "en": "<b>{strategy_name}</b>\n{summary}\n\n{explanation}\n\n"
        "🗓 Judged on {days} days of {timeframe} candles.\n"
        "📈 In-sample (first 70%): {in_sample}\n🧪 Out-of-sample (last 30%): {out_of_sample}"
        "\n<i>Backtests are not a promise of future results.</i>",
        "id": "<b>{strategy_name}</b>\n{summary}\n\n{explanation}\n\n"
        "🗓 Dinilai pada {days} hari candle {timeframe}.\n"
        "📈 Data latih (70% awal): {in_sample}\n🧪 Data uji (30% akhir): {out_of_sample}"
        "\n<i>Hasil backtest bukan jaminan hasil di masa depan.</i>",
    },
    "backtest_ready": {
        "en": "📊 <b>Backtest over {days} days</b>\n<b>{strategy_name}</b>\n"
        "📈 In-sample: {in_sample}\n🧪 Out-of-sample: {out_of_sample}{flags}",
        "id": "📊 <b>Backtest {days} hari</b>\n<b>{strategy_name}</b>\n"
        "📈 Data latih: {in_sample}\n🧪 Data uji: {out_of_sample}{flags}",
    },
    "optimise_ready": {
        "en": "⚙️ <b>Optimisation finished</b>\n{strategy_line}{tries}\n\n{changes}{results}\n"
        "<i>Backtests are not a promise of future results.</i>",
        "id": "⚙️ <b>Optimasi selesai</b>\n{strategy_line}{tries}\n\n{changes}{results}\n"
        "<i>Hasil backtest bukan jaminan hasil di masa depan.</i>",
    },
    "job_failed": {
        "en": "😓 <b>Sorry, your {job} failed on our side</b>\n{strategy_line}"
        "It was not your idea or strategy: our servers could not finish it. You were not"
        " charged. Please try again in a few minutes.",
        "id": "😓 <b>Maaf, {job} Anda gagal karena kendala di sisi kami</b>\n{strategy_line}"
        "Ini bukan karena ide atau strategi Anda: server kami tidak bisa menyelesaikannya."
        " Kuota Anda tidak terpakai. Silakan coba lagi beberapa menit lagi.",
    },
    "strategy_migrated": {
        "en": "🔁 <b>Strategy upgraded</b>\n<b>{strategy_name}</b> has a new version {version}: the"
        " same idea, rebuilt by our strategy engine so it runs on every server. Version"
        " {old_version} stays as it was.{moved_note}{kept_note}",
        "id": "🔁 <b>Strategi diperbarui</b>\n<b>{strategy_name}</b> punya versi baru {version}:"
        " ide yang sama, disusun ulang oleh mesin strategi kami agar bisa berjalan di semua server."
        " Versi {old_version} tetap seperti semula.{moved_note}{kept_note}",
    },
    "key_added": {
        "en": "🔑 <b>Exchange key added</b>\n{exchange} · <code>{key_hint}</code> {label}\n"
        "{ip_note}",
        "id": "🔑 <b>Kunci exchange ditambahkan</b>\n{exchange} · <code>{key_hint}</code> {label}\n"
        "{ip_note}",
    },
    # The opt-in daily or weekly summary; its body is built from the `summary_*` labels.
    "summary": {
        "en": "📬 <b>Your {period} summary</b>\n<i>{window}</i>\n\n{body}",
        "id": "📬 <b>Ringkasan {period} Anda</b>\n<i>{window}</i>\n\n{body}",
    },
}
TEMPLATES = Catalogue.by_key({**_TEMPLATES, **billing_texts.TEMPLATES})

_LABELS: dict[str, dict[Language, str]] = {
    # Any kind without a template (new producers, tests) renders through this one.
    "generic": {"en": "🔔 <b>{title}</b>\n{details}", "id": "🔔 <b>{title}</b>\n{details}"},
    # One backtest period: trades, win rate, profit and drawdown.
    "period": {
        "en": "{trades} trades, won {win}, profit {profit}, max drawdown {drawdown}",
        "id": "{trades} transaksi, menang {win}, laba {profit}, drawdown maksimum {drawdown}",
    },
    # The chart's caption for a new strategy: what it is, how it did overall, its warnings.
    "strategy_ready_caption": {
        "en": "✨ <b>Strategy ready</b>\n<b>{strategy_name}</b>{market}{headline}{flags}",
        "id": "✨ <b>Strategi siap</b>\n<b>{strategy_name}</b>{market}{headline}{flags}",
    },
    # The whole judged period, as the chart draws it (its maximum drawdown included).
    "headline": {
        "en": "📊 {days} days: profit {profit}, {trades}, max drawdown {drawdown}",
        "id": "📊 {days} hari: laba {profit}, {trades}, drawdown maksimum {drawdown}",
    },
    "mode_dry_run": {"en": " (simulation)", "id": " (simulasi)"},
    "side_buy": {"en": "Buy", "id": "Beli"},
    "side_sell": {"en": "Sell", "id": "Jual"},
    "side_short": {"en": "Short", "id": "Short"},
    "log_tail": {"en": "Last log lines", "id": "Baris log terakhir"},
    "unknown": {"en": "unknown", "id": "tidak diketahui"},
    # Exit reasons are the chat catalogue's (`exit.*`), shared with /trades.
    # The optimisation result: what changed and what it earned (`one|other` plural forms).
    "optimise_tries": {
        "en": "{count} combination tried|{count} combinations tried",
        "id": "{count} kombinasi dicoba",
    },
    "optimise_changes": {"en": "<b>What changes</b>", "id": "<b>Yang berubah</b>"},
    "optimise_unchanged": {
        "en": "No setting changed: the current values were already the best found.",
        "id": "Tidak ada pengaturan yang berubah: nilai sekarang sudah yang terbaik.",
    },
    "optimise_no_best": {
        "en": "No combination made a trade, so there is nothing to apply.",
        "id": "Tidak ada kombinasi yang menghasilkan transaksi, jadi tidak ada yang bisa dipakai.",
    },
    "optimise_after": {
        "en": "🏆 Best found: profit {profit} over {trades}",
        "id": "🏆 Hasil terbaik: laba {profit} dari {trades}",
    },
    "optimise_before": {
        "en": "Before (last check): in-sample {in_sample}, out-of-sample {out_of_sample}",
        "id": "Sebelumnya (pengujian terakhir): data latih {in_sample}, data uji {out_of_sample}",
    },
    "trades_count": {"en": "{count} trade|{count} trades", "id": "{count} transaksi"},
    # What a tuned number is, after its subject: "EMA fast 9 → 16", "RSI buy below 30 → 27".
    "tune_period": {"en": "{subject}", "id": "{subject}"},
    "tune_entry_below": {"en": "{subject} buy below", "id": "{subject} beli di bawah"},
    "tune_entry_above": {"en": "{subject} buy above", "id": "{subject} beli di atas"},
    "tune_entry_crosses_above": {
        "en": "{subject} buy on crossing above",
        "id": "{subject} beli saat menembus ke atas",
    },
    "tune_entry_crosses_below": {
        "en": "{subject} buy on crossing below",
        "id": "{subject} beli saat menembus ke bawah",
    },
    "tune_exit_below": {"en": "{subject} sell below", "id": "{subject} jual di bawah"},
    "tune_exit_above": {"en": "{subject} sell above", "id": "{subject} jual di atas"},
    "tune_exit_crosses_above": {
        "en": "{subject} sell on crossing above",
        "id": "{subject} jual saat menembus ke atas",
    },
    "tune_exit_crosses_below": {
        "en": "{subject} sell on crossing below",
        "id": "{subject} jual saat menembus ke bawah",
    },
    "tune_entry_candles": {
        "en": "buy rule {subject}: candles",
        "id": "aturan beli {subject}: jumlah candle",
    },
    "tune_exit_candles": {
        "en": "sell rule {subject}: candles",
        "id": "aturan jual {subject}: jumlah candle",
    },
    "tune_entry_distance": {
        "en": "buy rule {subject}: distance %",
        "id": "aturan beli {subject}: jarak %",
    },
    "tune_exit_distance": {
        "en": "sell rule {subject}: distance %",
        "id": "aturan jual {subject}: jarak %",
    },
    "tune_entry_threshold": {
        "en": "buy rule {subject}: threshold",
        "id": "aturan beli {subject}: ambang",
    },
    "tune_exit_threshold": {
        "en": "sell rule {subject}: threshold",
        "id": "aturan jual {subject}: ambang",
    },
    "tune_atr_stop_period": {"en": "ATR stop period", "id": "periode stop ATR"},
    "tune_atr_stop_multiplier": {"en": "ATR stop multiplier", "id": "pengali stop ATR"},
    "tune_dca_stake_pct": {"en": "DCA add size %", "id": "ukuran tambahan DCA %"},
    "tune_dca_drop_pct": {"en": "DCA after a drop of %", "id": "DCA setelah turun %"},
    "tune_dca_max_adds": {"en": "DCA adds at most", "id": "tambahan DCA maksimal"},
    "ip_restricted": {
        "en": "Limited to our server's IP address.",
        "id": "Dibatasi ke alamat IP server kami.",
    },
    "ip_open": {
        "en": "⚠️ Not limited to an IP address: consider restricting it on the exchange.",
        "id": "⚠️ Tidak dibatasi ke alamat IP: sebaiknya batasi di exchange.",
    },
    "button_bot": {"en": "Open bot", "id": "Buka bot"},
    "button_strategy": {"en": "Open strategy", "id": "Buka strategi"},
    "button_backtest_longer": {"en": "📊 Backtest longer", "id": "📊 Uji lebih lama"},
    "button_optimise": {"en": "⚙️ Optimise", "id": "⚙️ Optimalkan"},
    "button_start_bot": {"en": "🚀 Start bot", "id": "🚀 Jalankan bot"},
    "button_show_code": {"en": "📄 Show code", "id": "📄 Lihat kode"},
    "button_apply": {"en": "✅ Apply best parameters", "id": "✅ Pakai parameter terbaik"},
    "flag_too_few_trades": {"en": "too few trades", "id": "terlalu sedikit transaksi"},
    "flag_out_of_sample_worse": {
        "en": "out-of-sample much worse",
        "id": "data uji jauh lebih buruk",
    },
    "flag_too_good_to_be_true": {
        "en": "too good to be true",
        "id": "terlalu bagus untuk jadi kenyataan",
    },
    "flag_losing": {"en": "clearly losing", "id": "jelas merugi"},
    "flag_low_win_rate": {"en": "few trades won", "id": "sedikit transaksi yang untung"},
    "flag_high_drawdown": {"en": "deep drawdown", "id": "drawdown dalam"},
    "job_generation": {"en": "new strategy", "id": "pembuatan strategi"},
    "job_backtest": {"en": "backtest", "id": "backtest"},
    "job_hyperopt": {"en": "optimisation", "id": "optimasi"},
    "migrated_moved": {
        "en": "\nYour stopped bots now use version {version}.",
        "id": "\nBot Anda yang berhenti kini memakai versi {version}.",
    },
    "migrated_kept": {
        "en": "\n▶️ Still on version {old_version}: {bots}. They keep it until you restart them"
        " with version {version} (/startbot).",
        "id": "\n▶️ Masih memakai versi {old_version}: {bots}. Bot tersebut tetap memakainya"
        " sampai Anda menjalankannya ulang dengan versi {version} (/startbot).",
    },
    "button_resume": {"en": "▶️ Resume", "id": "▶️ Lanjutkan"},
    "button_close_all": {"en": "🛑 Close all trades", "id": "🛑 Tutup semua posisi"},
    "button_keep_paused": {"en": "⏸ Keep paused", "id": "⏸ Tetap dijeda"},
    "button_explain": {"en": "❓ Explain", "id": "❓ Jelaskan"},
    "button_dashboard": {"en": "📊 Dashboard", "id": "📊 Dasbor"},
    # The summary (`one|other` plural forms; Indonesian has one form).
    "summary_daily": {"en": "daily", "id": "harian"},
    "summary_weekly": {"en": "weekly", "id": "mingguan"},
    "summary_window": {"en": "{start} – {end} ({zone})", "id": "{start} – {end} ({zone})"},
    "summary_bot": {
        "en": "{icon} <b>{bot_name}</b> · {pair} · {mode} · {state}\n"
        "    {closed}, {wins} · {pnl} · {open}",
        "id": "{icon} <b>{bot_name}</b> · {pair} · {mode} · {state}\n"
        "    {closed}, {wins} · {pnl} · {open}",
    },
    "summary_closed": {
        "en": "{count} trade closed|{count} trades closed",
        "id": "{count} transaksi ditutup",
    },
    "summary_wins": {"en": "{count} won", "id": "{count} untung"},
    "summary_open": {"en": "{count} open", "id": "{count} terbuka"},
    "summary_mode_dry": {"en": "simulation", "id": "simulasi"},
    "summary_mode_live": {"en": "live", "id": "live"},
    "summary_total": {
        "en": "<b>Total, {mode}:</b> {closed}, {wins} · <b>{pnl}</b>",
        "id": "<b>Total, {mode}:</b> {closed}, {wins} · <b>{pnl}</b>",
    },
    "summary_open_total": {
        "en": "Open trades now: {count}",
        "id": "Posisi terbuka sekarang: {count}",
    },
    "summary_more": {
        "en": "…and {count} more bot|…and {count} more bots",
        "id": "…dan {count} bot lainnya",
    },
    "summary_idle": {
        "en": "None of your bots ran or traded in this period. /startbot starts one.",
        "id": "Tidak ada bot Anda yang berjalan atau bertransaksi pada periode ini."
        " /startbot menjalankan bot.",
    },
    "summary_no_bots": {
        "en": "You have no bots yet. Describe a strategy idea with /new, then run it as a bot"
        " with /startbot. You can switch these summaries off in /settings.",
        "id": "Anda belum punya bot. Jelaskan ide strategi dengan /new, lalu jalankan sebagai"
        " bot dengan /startbot. Ringkasan ini bisa dimatikan di /settings.",
    },
}
LABELS = Catalogue.by_key({**_LABELS, **billing_texts.LABELS})


def label(key: str, language: str) -> str:
    """Return a trusted label (its placeholders unfilled) in the language."""
    return LABELS.template(key, language)


def template(kind: str, language: str) -> str | None:
    """Return the kind's template in the language, or None for an unknown kind."""
    return TEMPLATES.template(kind, language) if kind in TEMPLATES else None
