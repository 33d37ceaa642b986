"""Texts of the strategy pages: the list, versions, backtests, optimisations, look-ahead, code."""

from __future__ import annotations

from web_minimal.dashboard.i18n import register

register(
    {
        "strategies.title": {"id": "Strategi Anda", "en": "Your strategies"},
        "strategies.none": {
            "id": "Anda belum punya strategi. Ceritakan ide Anda dengan /new di percakapan.",
            "en": "You have no strategies yet. Describe an idea with /new in the chat.",
        },
        "strategies.version_of": {
            "id": "v{version} dari {count} versi",
            "en": "v{version} of {count} versions",
        },
        "strategies.custom": {"id": "kode sendiri", "en": "own code"},
        "strategies.open": {"id": "Versi dan hasil", "en": "Versions and results"},
        "strategy.back": {"id": "← Semua strategi", "en": "← All strategies"},
        "strategy.disclaimer": {
            "id": "Hasil backtest bukan jaminan hasil di masa depan.",
            "en": "Backtests are not a promise of future results.",
        },
        "strategy.versions": {"id": "Versi, terbaru dulu", "en": "Versions, newest first"},
        "strategy.current": {"id": "versi aktif", "en": "current"},
        "strategy.made": {"id": "Dibuat {date}", "en": "Made on {date}"},
        "strategy.backtests": {"id": "Hasil backtest", "en": "Backtest results"},
        "strategy.no_backtests": {
            "id": "Belum ada backtest untuk versi ini. Kirim /backtest di percakapan.",
            "en": "No backtest of this version yet. Send /backtest in the chat.",
        },
        "strategy.optimisations": {"id": "Optimasi (hyperopt)", "en": "Optimisations (hyperopt)"},
        "strategy.no_optimisations": {
            "id": "Versi ini belum dioptimasi. Kirim /optimize di percakapan.",
            "en": "This version has not been optimised. Send /optimize in the chat.",
        },
        "strategy.show_code": {"id": "Lihat kode v{version}", "en": "Show the code of v{version}"},
        "strategy.download": {"id": "Unduh {filename}", "en": "Download {filename}"},
        "strategy.code_title": {"id": "Kode v{version}", "en": "Code of v{version}"},
        "strategy.code_label": {
            "id": "Kode Python strategi, versi {version}",
            "en": "The strategy's Python code, version {version}",
        },
        "strategy.code_rendered": {
            "id": "Kode ini dibuat ulang dari aturan versi ini, persis seperti yang dijalankan "
            "bot.",
            "en": "This code is written afresh from this version's rules, exactly as a bot "
            "runs it.",
        },
        "strategy.code_as_saved": {
            "id": "Aturan versi ini tidak bisa dibuat menjadi kode lagi, sehingga versi ini tidak "
            "bisa dijalankan. Kode yang tampil adalah kode yang tersimpan.",
            "en": "This version's rules can no longer be turned into code, so it cannot run. "
            "The code shown is the code that was saved.",
        },
        "run.when": {"id": "Tanggal", "en": "Date"},
        "run.days": {"id": "Periode", "en": "Period"},
        "run.days_value": {"id": "{days} hari", "en": "{days} days"},
        "run.saved": {"id": "saat disimpan", "en": "when saved"},
        "run.in_sample": {"id": "Data latih (70% awal)", "en": "In-sample (first 70%)"},
        "run.out_of_sample": {"id": "Data uji (30% akhir)", "en": "Out-of-sample (last 30%)"},
        "run.sample": {
            "id": "{profit} · {trades} transaksi · menang {win} · drawdown {drawdown}",
            "en": "{profit} · {trades} trades · won {win} · max drawdown {drawdown}",
        },
        "run.flags": {"id": "Catatan", "en": "Warnings"},
        "run.no_flags": {"id": "tidak ada", "en": "none"},
        "run.status.queued": {"id": "dalam antrean", "en": "queued"},
        "run.status.running": {"id": "sedang berjalan", "en": "running"},
        "run.status.failed": {"id": "gagal", "en": "failed"},
        "flag.too_few_trades": {"id": "terlalu sedikit transaksi", "en": "too few trades"},
        "flag.out_of_sample_worse": {
            "id": "data uji jauh lebih buruk",
            "en": "out-of-sample much worse",
        },
        "flag.too_good_to_be_true": {
            "id": "terlalu bagus untuk jadi kenyataan",
            "en": "too good to be true",
        },
        "flag.losing": {"id": "jelas merugi", "en": "clearly losing"},
        "flag.low_win_rate": {"id": "sedikit transaksi yang untung", "en": "few trades won"},
        "flag.high_drawdown": {"id": "drawdown dalam", "en": "deep drawdown"},
        "opt.epochs": {"id": "Epoch", "en": "Epochs"},
        "opt.best": {"id": "Hasil terbaik", "en": "Best result"},
        "opt.best_value": {
            "id": "{profit} · {trades} transaksi",
            "en": "{profit} · {trades} trades",
        },
        "opt.no_best": {"id": "tidak ada yang lebih baik", "en": "nothing better found"},
        "opt.params": {"id": "Parameter", "en": "Parameters"},
        "opt.applied": {"id": "Dipakai sebagai v{version}", "en": "Applied as v{version}"},
        "opt.not_applied": {"id": "belum dipakai", "en": "not applied"},
        "look.title": {"id": "Cek data masa depan", "en": "Look-ahead check"},
        "look.bias": {
            "id": "Ditemukan: hasil ini memakai candle masa depan, jadi tidak bisa dipercaya.",
            "en": "Look-ahead bias found: these results used future candles and cannot be trusted.",
        },
        "look.clean": {
            "id": "Aman: {signals} sinyal yang diperiksa Freqtrade tidak memakai data masa depan.",
            "en": "No look-ahead bias in the {signals} signals Freqtrade checked.",
        },
        "look.inconclusive": {
            "id": "Belum bisa dipastikan: sinyal masuk terlalu sedikit untuk diperiksa.",
            "en": "Inconclusive: there were too few entry signals to check.",
        },
        "look.suspect": {
            "id": "Peringatan: kodenya membaca candle masa depan, jadi hasil backtest bisa tampak "
            "lebih bagus dari kenyataan.",
            "en": "Warning: the code reads future candles, so its backtest results may look "
            "better than they are.",
        },
        "look.too_good": {
            "id": "Hasilnya terlalu bagus untuk jadi kenyataan; periksa apakah strategi memakai "
            "data masa depan.",
            "en": "The results look too good to be true; check for look-ahead bias.",
        },
        "look.code_clean": {
            "id": "Pemeriksaan kode tidak menemukan pembacaan candle masa depan.",
            "en": "The code check found no reads of future candles.",
        },
        "look.unchecked": {
            "id": "Belum diperiksa: versi ini belum pernah di-backtest.",
            "en": "Not checked yet: this version has not been backtested.",
        },
    }
)
