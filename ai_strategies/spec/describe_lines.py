"""Sentence templates of the describer's explanation lines, in English and Bahasa Indonesia."""

from __future__ import annotations

from kernel.i18n import Catalogue, Language

_LINES: dict[Language, dict[str, str]] = {
    "en": {
        "intro": "This strategy trades {pair} on the {timeframe} timeframe, spot and long "
        "only: it buys, then sells what it bought.",
        "indicator": "Indicator {label}: {params}.",
        "no_params": "no parameters",
        "entry": 'Buy signal "{tag}": buy when {condition}.',
        "exit": 'Sell signal "{tag}": sell when {condition}.',
        "no_exit": "No sell signal: trades close by take profit, stop loss or trailing stop.",
        "roi": "Take profit: {steps}.",
        "roi_now": "{pct} right away",
        "roi_step": "{pct} after {time}",
        "no_roi": "No take profit target: trades close by the sell signals and the stops.",
        "stoploss": "Stop loss: sell if the price falls {pct} below the buy price.",
        "trailing_offset": "Trailing stop: once profit passes {offset}, the stop follows the "
        "price {positive} below its highest point.",
        "trailing_start": "Trailing stop: the stop loss follows the price up from the start; "
        "once profit passes {offset}, it stays {positive} below the highest price.",
        "trailing_plain": "Trailing stop: the stop loss follows the price up; once the trade "
        "is in profit, it stays {positive} below the highest price.",
        "no_trailing": "Trailing stop: off",
        "atr_entry": "ATR stop: the stop sits {multiplier} × ATR({period}) below the buy "
        "price and only ever moves up",
        "atr_price": "ATR stop: the stop trails {multiplier} × ATR({period}) below the price "
        "and only ever moves up",
        "dca": "DCA: when the trade is {drop} below its average buy price, buy {stake} of the "
        "first stake again, at most {adds} times",
        "cooldown": "Cooldown: after a trade closes, wait {duration} before buying this pair again",
        "stoploss_guard": "Stop loss guard: after {limit} stop losses within {lookback}, "
        "pause {scope} for {duration}",
        "scope_pair": "this pair",
        "scope_all": "all trading",
        "max_drawdown": "Drawdown guard: when the drawdown over the last {lookback} exceeds "
        "{drawdown} (after at least {limit} trades), pause all trading for {duration}",
        "low_profit": "Low profit guard: when this pair's profit over the last {lookback} is "
        "below {profit} (after at least {limit} trades), pause it for {duration}",
        "unsupported": 'Not possible: "{phrase}" ({reason}).',
        "tune": "Every number above is a parameter hyperopt can tune.",
        "default": " (default)",
        "summary": "{pair} {timeframe}: buy when {entries}{exits}; SL {sl}{tp}",
        "summary_exits": "; sell when {exits}",
    },
    "id": {
        "intro": "Strategi ini trading {pair} di timeframe {timeframe}, pasar spot, hanya "
        "posisi beli: beli dulu, lalu jual kembali.",
        "indicator": "Indikator {label}: {params}.",
        "no_params": "tanpa parameter",
        "entry": 'Sinyal beli "{tag}": beli saat {condition}.',
        "exit": 'Sinyal jual "{tag}": jual saat {condition}.',
        "no_exit": "Tanpa sinyal jual: posisi ditutup lewat take profit, stop loss, atau "
        "trailing stop.",
        "roi": "Take profit: {steps}.",
        "roi_now": "{pct} langsung",
        "roi_step": "{pct} setelah {time}",
        "no_roi": "Tanpa target take profit: posisi ditutup lewat sinyal jual dan stop.",
        "stoploss": "Stop loss: jual jika harga turun {pct} di bawah harga beli.",
        "trailing_offset": "Trailing stop: setelah profit melewati {offset}, stop mengikuti "
        "harga {positive} di bawah titik tertingginya.",
        "trailing_start": "Trailing stop: stop loss ikut naik bersama harga sejak awal; "
        "setelah profit melewati {offset}, stop berada {positive} di bawah harga tertinggi.",
        "trailing_plain": "Trailing stop: stop loss ikut naik bersama harga; saat posisi sudah "
        "untung, stop berada {positive} di bawah harga tertinggi.",
        "no_trailing": "Trailing stop: tidak aktif",
        "atr_entry": "Stop ATR: stop dipasang {multiplier} × ATR({period}) di bawah harga beli "
        "dan hanya bergerak naik",
        "atr_price": "Stop ATR: stop mengikuti harga {multiplier} × ATR({period}) di bawahnya "
        "dan hanya bergerak naik",
        "dca": "DCA: saat posisi turun {drop} dari harga beli rata-rata, beli lagi sebesar "
        "{stake} dari modal awal, paling banyak {adds} kali",
        "cooldown": "Jeda: setelah posisi ditutup, tunggu {duration} sebelum membeli pair ini lagi",
        "stoploss_guard": "Pengaman stop loss: setelah {limit} kali stop loss dalam "
        "{lookback}, hentikan {scope} selama {duration}",
        "scope_pair": "pair ini",
        "scope_all": "semua trading",
        "max_drawdown": "Pengaman drawdown: jika drawdown dalam {lookback} terakhir melebihi "
        "{drawdown} (setelah minimal {limit} transaksi), hentikan semua trading selama "
        "{duration}",
        "low_profit": "Pengaman profit rendah: jika profit pair ini dalam {lookback} terakhir "
        "di bawah {profit} (setelah minimal {limit} transaksi), hentikan pair ini selama "
        "{duration}",
        "unsupported": 'Tidak bisa: "{phrase}" ({reason}).',
        "tune": "Semua angka di atas adalah parameter yang bisa dioptimasi dengan hyperopt.",
        "default": " (bawaan)",
        "summary": "{pair} {timeframe}: beli saat {entries}{exits}; SL {sl}{tp}",
        "summary_exits": "; jual saat {exits}",
    },
}
LINES = Catalogue(_LINES)


def line(key: str, language: Language, /, **params: object) -> str:
    """Return the explanation sentence `key` in the language, filled with `params`."""
    return LINES.text(key, language, **params)
