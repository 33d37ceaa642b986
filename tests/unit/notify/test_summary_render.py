"""The summary alert in both languages: bots, totals, plurals, locale numbers, the zone."""

from __future__ import annotations

from typing import Any

from emulators.telegram.formatting import parse_text
from telegram_bot.alerts import alert_text
from tests.unit.notify.samples import BOT_ID, HOSTILE, SAMPLES


def shown(payload: dict[str, Any], language: str) -> str:
    """Return the summary as Telegram shows it (fails on bad HTML)."""
    plain, _ = parse_text(alert_text("summary", payload, language), "HTML")
    return plain


def bot(**changes: Any) -> dict[str, Any]:
    return {**SAMPLES["summary"]["bots"][0], **changes}


TWO_BOTS = {
    **SAMPLES["summary"],
    "bots": [
        bot(),
        bot(
            bot_name="Grid ETH",
            pair="ETH/USDT",
            dry_run=False,
            state="paused",
            closed=1,
            wins=0,
            profit_abs="-1234.5",
            open_trades=0,
        ),
    ],
    "more_bots": 1,
    "totals": [
        {
            "stake_currency": "USDT",
            "dry_run": False,
            "closed": 1,
            "wins": 0,
            "profit_abs": "-1234.5",
        },
        {"stake_currency": "USDT", "dry_run": True, "closed": 3, "wins": 2, "profit_abs": "1.2534"},
    ],
}


def test_english_lists_each_bot_and_keeps_live_and_simulated_totals_apart() -> None:
    text = shown(TWO_BOTS, "en")
    assert text.splitlines()[:2] == ["📬 Your daily summary", "Nov 29 20:00 – Nov 30 20:00 (WIB)"]
    assert "🟢 RSI Scalper · BTC/USDT · simulation · running" in text
    assert "3 trades closed, 2 won · +1.25 USDT · 1 open" in text
    assert "⏸ Grid ETH · ETH/USDT · live · paused" in text
    assert "1 trade closed, 0 won · -1,234.50 USDT · 0 open" in text
    assert "…and 1 more bot" in text
    assert "Total, live: 1 trade closed, 0 won · -1,234.50 USDT" in text
    assert "Total, simulation: 3 trades closed, 2 won · +1.25 USDT" in text
    assert text.endswith("Open trades now: 1")


def test_indonesian_writes_its_own_numbers_times_and_words() -> None:
    text = shown(TWO_BOTS, "id")
    assert text.splitlines()[:2] == [
        "📬 Ringkasan harian Anda",
        "29 Nov 20.00 – 30 Nov 20.00 (WIB)",
    ]
    assert "🟢 RSI Scalper · BTC/USDT · simulasi · berjalan" in text
    assert "3 transaksi ditutup, 2 untung · +1,25 USDT · 1 terbuka" in text
    assert "1 transaksi ditutup, 0 untung · -1.234,50 USDT · 0 terbuka" in text
    assert "…dan 1 bot lainnya" in text
    assert "Total, live: 1 transaksi ditutup, 0 untung · -1.234,50 USDT" in text
    assert text.endswith("Posisi terbuka sekarang: 1")


def test_weekly_and_another_zone() -> None:
    payload = {**SAMPLES["summary"], "frequency": "weekly", "timezone": "Asia/Makassar"}
    text = shown(payload, "en")
    assert text.splitlines()[:2] == ["📬 Your weekly summary", "Nov 29 21:00 – Nov 30 21:00 (WITA)"]
    assert shown(payload, "id").startswith("📬 Ringkasan mingguan Anda")


def test_no_bots_and_idle_bots_get_a_short_summary() -> None:
    none = shown({**SAMPLES["summary"], "has_bots": False, "bots": [], "totals": []}, "en")
    assert "You have no bots yet" in none and "/new" in none and "/settings" in none
    assert "Total" not in none
    idle = shown({**SAMPLES["summary"], "bots": [], "totals": []}, "id")
    assert "Tidak ada bot Anda yang berjalan atau bertransaksi" in idle


def test_bot_names_are_escaped() -> None:
    payload = {**SAMPLES["summary"], "bots": [bot(bot_name=HOSTILE, bot_id=BOT_ID)]}
    raw = alert_text("summary", payload, "en")
    assert "<script>" not in raw
    assert HOSTILE in shown(payload, "en")
