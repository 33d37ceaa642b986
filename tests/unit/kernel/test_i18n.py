"""The language picker and the catalogue mechanism: lookup, fallback, filling."""

from __future__ import annotations

import pytest

from kernel.i18n import (
    DEFAULT_LANGUAGE,
    Catalogue,
    pick_language,
    placeholders,
    plural,
    supported,
)

CATALOGUE = Catalogue.by_key(
    {
        "hello": {"en": "Hello {name}", "id": "Halo {name}"},
        "only_en": {"en": "English only"},
    }
)


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        ("id", "id"),
        ("in", "id"),
        ("ID_id", "id"),
        ("jv", "id"),
        ("en", "en"),
        ("en-GB", "en"),
        ("id-ID,id;q=0.9,en-US;q=0.8", "id"),
        ("fr-FR,fr;q=0.9,en;q=0.8", "en"),
        ("fr-FR, id;q=0.5", "id"),
        ("de", DEFAULT_LANGUAGE),
        ("", DEFAULT_LANGUAGE),
        (None, DEFAULT_LANGUAGE),
    ],
)
def test_pick_language(tags: str | None, expected: str) -> None:
    assert pick_language(tags) == expected


def test_unknown_languages_get_english() -> None:
    assert DEFAULT_LANGUAGE == "en"
    assert supported("fr") == supported(None) == "en"
    assert supported("id") == "id"


def test_lookup_fills_and_falls_back() -> None:
    assert CATALOGUE.text("hello", "id", name="Budi") == "Halo Budi"
    assert CATALOGUE.text("hello", "fr", name="Ann") == "Hello Ann"
    assert CATALOGUE.text("only_en", "id") == "English only"
    assert CATALOGUE.text("hello", "en") == "Hello "  # absent parameters are left empty
    assert "hello" in CATALOGUE and "nope" not in CATALOGUE
    with pytest.raises(KeyError):
        CATALOGUE.text("nope", "en")


def test_keys_and_placeholders() -> None:
    assert CATALOGUE.keys("en") == {"hello", "only_en"}
    assert CATALOGUE.keys("id") == {"hello"}
    assert CATALOGUE.gaps() == ["only_en: no id text"]
    assert placeholders("{a} and {b:>3} but not {{c}}") == {"a", "b"}


def test_plural_picks_the_english_form_by_count_and_indonesian_has_one() -> None:
    english = "{count} open trade|{count} open trades"
    assert plural(english, 1) == "{count} open trade"
    assert [plural(english, n) for n in (0, 2, 1.5)] == ["{count} open trades"] * 3
    assert plural(english, -1) == "{count} open trade"
    assert {plural("{count} transaksi terbuka", n) for n in (0, 1, 2)} == {
        "{count} transaksi terbuka"
    }
