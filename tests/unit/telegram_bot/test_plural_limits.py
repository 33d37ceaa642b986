"""Plan limits counted in bots: the count picks the noun's form (Indonesian has one form)."""

from __future__ import annotations

import pytest

from telegram_bot import render


@pytest.mark.parametrize(
    ("lang", "key", "limit", "expected"),
    [
        ("en", "plan_bot_limit", 1, "Your plan runs at most 1 bot at a time."),
        ("en", "plan_bot_limit", 3, "Your plan runs at most 3 bots at a time."),
        ("en", "plan_live_limit", 1, "Your plan allows 1 live bot at a time."),
        ("en", "plan_live_limit", 2, "Your plan allows 2 live bots at a time."),
        ("en", "sb_live_full", 1, "No live bot is free on your plan (1 live bot in use)"),
        ("en", "sb_live_full", 5, "No live bot is free on your plan (5 live bots in use)"),
        ("id", "plan_bot_limit", 1, "Paket Anda hanya bisa menjalankan 1 bot sekaligus."),
        ("id", "plan_bot_limit", 3, "Paket Anda hanya bisa menjalankan 3 bot sekaligus."),
        ("id", "plan_live_limit", 2, "Paket Anda mengizinkan 2 bot live sekaligus."),
        ("id", "sb_live_full", 2, "Semua 2 bot live dari paket Anda sedang dipakai"),
    ],
)
def test_the_count_picks_the_form(lang: str, key: str, limit: int, expected: str) -> None:
    text = render.error(lang, key, {"limit": limit})
    assert text.startswith(expected)
    assert "(s)" not in text and "|" not in text


def test_large_counts_are_written_in_the_readers_locale() -> None:
    assert "1,000 bots" in render.error("en", "plan_bot_limit", {"limit": 1000})
    assert "1.000 bot " in render.error("id", "plan_bot_limit", {"limit": 1000})
