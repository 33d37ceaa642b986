"""The dashboard's texts: every key in both languages, and no English left in Indonesian."""

from __future__ import annotations

import pytest

from telegram_bot.i18n import CATALOGUE as CHAT_TEXTS
from tests.support.indonesian import english_vocabulary, leaks
from web_minimal.dashboard import i18n, routes  # noqa: F401  (routes imports every page's texts)


def test_every_dashboard_text_exists_in_both_languages() -> None:
    assert i18n.keys("id") == i18n.keys("en") and i18n.keys("en")
    assert i18n.gaps() == []


def test_indonesian_dashboard_texts_leave_no_english_behind() -> None:
    vocabulary = english_vocabulary([i18n.catalogue(), CHAT_TEXTS])
    assert leaks(i18n.catalogue(), vocabulary) == {}


def test_a_key_registered_twice_is_refused() -> None:
    with pytest.raises(ValueError, match=r"nav\.overview"):
        i18n.register({"nav.overview": {"id": "x", "en": "x"}})


def test_texts_are_filled_and_fall_back_to_english_for_unknown_languages() -> None:
    assert i18n.t("trades.page", "id", page=2, pages=5) == "Halaman 2 dari 5"
    assert i18n.t("trades.page", "de", page=2, pages=5) == "Page 2 of 5"
