"""The catalogue: both languages complete and alike, every error key and used key present."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from emulators.telegram.formatting import parse_text
from kernel.i18n import LANGUAGES, Catalogue, Language, placeholders
from telegram_bot.commands import COMMANDS
from telegram_bot.i18n import CATALOGUE, Html, label, t
from telegram_bot.keyboards import ALERT_LEVELS, EXCHANGES
from tests.support.indonesian import english_vocabulary, leaks, words
from tests.unit.test_catalogues import CATALOGUES as ALL_CATALOGUES

# Errors whose key a user may see: the services' and the strategy domain's.
USER_ERRORS = {"UserFacingError", "ServiceFailure"}

ROOT = Path(__file__).resolve().parents[3]
ERROR_PACKAGES = (
    "kernel",
    "orchestrator",
    "ai_strategies",
    "billing_tripay",
    "telegram_bot",
    "web_minimal",
)
# Calls whose string arguments name catalogue keys.
KEY_TAKERS = {"t", "label", "button", "confirm", "_pick_strategy", "_request", "has"}
BOT_STATES = ("stopped", "starting", "running", "paused", "stopping", "failed")
# Packages whose lookups go to a catalogue of their own, not the chat's.
OWN_CATALOGUES = (ROOT / "telegram_bot" / "alerts",)


def sources(*packages: str, skip: tuple[Path, ...] = ()) -> Iterator[ast.AST]:
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            if not set(skip) & set(path.parents):
                yield ast.parse(path.read_text(encoding="utf-8"))


def call_name(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def string_args(node: ast.Call) -> list[str]:
    return [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]


def user_facing_error_keys() -> set[str]:
    keys: set[str] = set()
    for tree in sources(*ERROR_PACKAGES):
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and call_name(node) in USER_ERRORS:
                keys.update(string_args(node)[:1])
    return keys


def used_keys() -> set[str]:
    keys: set[str] = set()
    for tree in sources("telegram_bot", skip=OWN_CATALOGUES):
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and call_name(node) in KEY_TAKERS:
                keys.update(k for k in string_args(node) if k not in LANGUAGES)
    return keys


def test_both_languages_have_the_same_keys_and_placeholders() -> None:
    assert CATALOGUE.keys("en") == CATALOGUE.keys("id")
    assert CATALOGUE.gaps() == []


def test_every_user_facing_error_key_is_translated() -> None:
    keys = user_facing_error_keys()
    assert {"bot_not_found", "llm_timeout", "keyform.link_expired"} <= keys  # the scan works
    missing = {lang: sorted(keys - CATALOGUE.keys(lang)) for lang in LANGUAGES}
    assert missing == {"id": [], "en": []}


def test_generation_error_keys_are_translated() -> None:
    extra = {"prompt_not_understood", "generation_limit", "strategy_invalid", "llm_refused"}
    for lang in LANGUAGES:
        assert extra <= CATALOGUE.keys(lang)


def test_every_key_the_code_uses_exists() -> None:
    keys = used_keys()
    assert {"welcome", "btn_cancel", "sb_live_confirm"} <= keys  # the scan works
    assert sorted(keys - CATALOGUE.keys("en")) == []


def test_keys_built_at_run_time_exist() -> None:
    built = [f"cmd_{name}" for name in COMMANDS]
    built += [f"state_{state}" for state in BOT_STATES]
    built += [f"alert_{level}" for level in ALERT_LEVELS]
    built += [f"exchange_{name}" for name in EXCHANGES]
    built += [f"lang_name_{code}" for code in LANGUAGES]
    for lang in LANGUAGES:
        assert [key for key in built if key not in CATALOGUE.keys(lang)] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_template_is_valid_telegram_html(lang: Language) -> None:
    for key in CATALOGUE.keys(lang):
        text = CATALOGUE.template(key, lang)
        filled = t(lang, key, **{name: "<x & y>" for name in placeholders(text)})
        plain, _ = parse_text(filled, "HTML")
        assert "<x & y>" in plain or not placeholders(text), key


def test_parameters_are_escaped_but_safe_html_is_not() -> None:
    assert t("en", "bot_resumed", name="<b>x</b>") == "▶ <b>&lt;b&gt;x&lt;/b&gt;</b> resumed."
    assert t("en", "explanation", text=Html("<i>ok</i>")) == "🔎 <i>ok</i>"
    assert label("en", "btn_stake", amount=25) == "25 USDT"
    assert t("en", "invalid_pair") == "“” is not a valid pair. Use a form like BTC/USDT."
    assert t("en", "strategy_invalid", reasons=["a", "b"]).startswith("I could not")
    assert t("xx", "apology") == t("en", "apology")


def test_indonesian_texts_leave_no_english_behind() -> None:
    # Every English template of every catalogue teaches the check its words; see
    # tests/support/indonesian.py for the names and trading terms Indonesian keeps as they are.
    vocabulary = english_vocabulary(ALL_CATALOGUES.values())
    assert {"trade", "error", "withdraw", "file", "chart"} <= vocabulary  # the check can see
    assert leaks(CATALOGUE, vocabulary) == {}


def test_the_leak_check_catches_english_and_untranslated_copies() -> None:
    vocabulary = english_vocabulary(ALL_CATALOGUES.values())
    sample = Catalogue(
        {
            "en": {"a": "Open trades: {n}", "b": "Strategy ready", "c": "RSI(14)", "d": "x"},
            "id": {"a": "Trade terbuka: {n}", "b": "Strategy ready", "c": "RSI(14)", "d": "DD"},
        }
    )
    assert leaks(sample, vocabulary) == {
        "a": ["trade"],
        "b": ["strategy", "ready", "(the English text, untranslated)"],
    }
    assert words('Sinyal beli "rsi_ema": /new <b>{x}</b> &amp; dry-run') == [
        "sinyal",
        "beli",
        "dry-run",
    ]
