"""Every catalogue of user-facing texts: each key in both languages, with the same placeholders."""

from __future__ import annotations

import pytest

from ai_strategies.charts.labels import TEXTS as CHART_TEXTS
from ai_strategies.composer.texts import TEXTS as COMPOSER_TEXTS
from ai_strategies.spec.describe_lines import LINES as EXPLANATION_LINES
from ai_strategies.spec.describe_texts import TEXTS as EXPLANATION_WORDS
from kernel.i18n import LANGUAGES, Catalogue
from telegram_bot.alerts.texts import LABELS as ALERT_LABELS
from telegram_bot.alerts.texts import TEMPLATES as ALERT_TEMPLATES
from telegram_bot.i18n import CATALOGUE as CHAT_TEXTS
from tests.support.indonesian import english_vocabulary, leaks
from web_minimal.texts import CATALOGUE as WEB_TEXTS

CATALOGUES = {
    "chat": CHAT_TEXTS,
    "web key form": WEB_TEXTS,
    "composer": COMPOSER_TEXTS,
    "charts": CHART_TEXTS,
    "alerts": ALERT_TEMPLATES,
    "alert labels": ALERT_LABELS,
    "strategy explanation lines": EXPLANATION_LINES,
    "strategy explanation words": EXPLANATION_WORDS,
}


@pytest.mark.parametrize("name", CATALOGUES)
def test_catalogue_is_complete_in_every_language(name: str) -> None:
    catalogue = CATALOGUES[name]
    keys = [catalogue.keys(language) for language in LANGUAGES]
    assert keys[0], f"{name} lists no keys"
    assert all(found == keys[0] for found in keys), name
    assert catalogue.gaps() == []


def test_gaps_name_every_kind_of_difference() -> None:
    catalogue = Catalogue(
        {
            "en": {"a": "A {x}", "b": "B", "c": "C"},
            "id": {"a": "A {y}", "c": " "},
        }
    )
    assert catalogue.gaps() == [
        "a: placeholders differ between languages",
        "b: no id text",
        "c: empty id text",
    ]


@pytest.mark.parametrize("name", CATALOGUES)
def test_indonesian_texts_leave_no_english_behind(name: str) -> None:
    # Names, trading terms and exchange labels allowed as they are: tests/support/indonesian.py.
    assert leaks(CATALOGUES[name], english_vocabulary(CATALOGUES.values())) == {}
