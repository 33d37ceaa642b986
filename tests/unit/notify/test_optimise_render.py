"""The optimisation result in words: what changed and what it earned, never a JSON dump."""

from __future__ import annotations

import pytest

from emulators.telegram.formatting import parse_text
from telegram_bot.alerts import alert_text
from tests.unit.notify.samples import SAMPLES

PAYLOAD = SAMPLES["optimise_ready"]


def plain(payload: dict[str, object], language: str) -> str:
    text, _ = parse_text(alert_text("optimise_ready", payload, language), "HTML")
    return text


@pytest.mark.parametrize("language", ["en", "id"])
def test_no_ids_or_json_reach_the_reader(language: str) -> None:
    text = plain(PAYLOAD, language)
    assert "{" not in text and "}" not in text
    for raw in ("run_id", "version_id", "chart_artifact_id", "params", "epoch", "ema_fast"):
        assert raw not in text
    assert str(PAYLOAD["run_id"]) not in text and str(PAYLOAD["version_id"]) not in text


def test_english_says_each_change_and_the_profit() -> None:
    text = plain(PAYLOAD, "en")
    assert text.startswith("⚙️ Optimisation finished\nRsiEmaDip · 100 combinations tried")
    assert "What changes\n• EMA fast 9 → 16\n• RSI buy below 30 → 27.5\n" in text
    assert "• buy rule 1: candles 2 → 4" in text
    assert "Best found: profit +1,234.57% over 48 trades" in text
    assert "Before (last check): in-sample +3.10%, out-of-sample -1.20%" in text


def test_indonesian_says_it_with_indonesian_numbers() -> None:
    text = plain(PAYLOAD, "id")
    assert text.startswith("⚙️ Optimasi selesai\nRsiEmaDip · 100 kombinasi dicoba")
    assert "Yang berubah\n• EMA fast 9 → 16\n• RSI beli di bawah 30 → 27,5\n" in text
    assert "Hasil terbaik: laba +1.234,57% dari 48 transaksi" in text
    assert "data latih +3,10%, data uji -1,20%" in text


def test_one_trade_and_one_try_are_singular() -> None:
    best = {**PAYLOAD["best"], "trades": 1}
    text = plain({**PAYLOAD, "epochs": 1, "best": best}, "en")
    assert "1 combination tried" in text and "over 1 trade\n" in text


def test_nothing_changed_or_nothing_found_is_said_so() -> None:
    unchanged = plain({**PAYLOAD, "changes": []}, "en")
    assert "No setting changed" in unchanged and "Best found" in unchanged
    assert "Before (last check)" not in plain(
        {**PAYLOAD, "in_sample_before": None, "out_of_sample_before": None}, "en"
    )
    nothing = plain({**PAYLOAD, "best": None, "changes": []}, "id")
    assert "Tidak ada kombinasi" in nothing and "Hasil terbaik" not in nothing


def test_an_older_payload_without_changes_still_reads_well() -> None:
    older = {k: v for k, v in PAYLOAD.items() if k not in ("changes", "strategy_name")}
    text = plain(older, "en")
    assert text.startswith("⚙️ Optimisation finished\n100 combinations tried\n\n🏆 Best found")
    assert "No setting changed" not in text
