"""Alert rendering: both languages for every kind, escaping, buttons and Telegram's limits."""

from __future__ import annotations

import string

import pytest

from emulators.telegram.errors import ApiError
from emulators.telegram.formatting import parse_text
from orchestrator.alerts import render
from orchestrator.alerts.fields import MISSING, number, rupiah
from orchestrator.alerts.render import CALLBACK_LIMIT, PAUSE_ACTION_CODES
from orchestrator.alerts.texts import GENERIC, LABELS, LANGUAGES, TEMPLATES
from tests.unit.notify.samples import BOT_ID, HOSTILE, KINDS, SAMPLES

BOT_HEX = BOT_ID.replace("-", "")


def placeholders(template: str) -> set[str]:
    """Return the named fields a format string uses."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def telegram_plain_text(html: str) -> str:
    """Parse HTML the way the Bot API does (the emulator's parser); fail on bad markup."""
    plain, _ = parse_text(html, "HTML")
    return plain


def test_the_catalogue_covers_every_producer_kind() -> None:
    assert set(TEMPLATES) == set(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_both_languages_with_the_same_placeholders(kind: str) -> None:
    entry = TEMPLATES[kind]
    assert set(entry) == set(LANGUAGES)
    assert placeholders(entry["id"]) == placeholders(entry["en"])
    assert entry["id"] != entry["en"]


def test_labels_and_generic_template_have_both_languages() -> None:
    assert all(set(entry) == set(LANGUAGES) for entry in LABELS.values())
    assert placeholders(GENERIC["id"]) == placeholders(GENERIC["en"])


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_renders_valid_html_with_every_field_filled(kind: str, language: str) -> None:
    rendered = render(kind, SAMPLES[kind], language)
    plain = telegram_plain_text(rendered.text)
    assert MISSING not in plain
    assert "{" not in plain and "}" not in plain
    assert len(plain) < 1024  # fits even as a photo caption


def test_languages_differ_for_a_trade() -> None:
    english = render("trade_opened", SAMPLES["trade_opened"], "en").text
    bahasa = render("trade_opened", SAMPLES["trade_opened"], "id").text
    assert "Trade opened" in english and "(simulation)" in english
    assert "Posisi dibuka" in bahasa and "(simulasi)" in bahasa
    assert "64250.12 USDT" in english and "0.00123 BTC" in bahasa


def test_trade_closed_shows_pnl_and_exit_reason() -> None:
    text = telegram_plain_text(render("trade_closed", SAMPLES["trade_closed"], "en").text)
    assert "PnL: +0.9354 USDT (+1.18%)" in text
    assert "profit target (ROI)" in text and "RSI Scalper" in text


@pytest.mark.parametrize("kind", [*KINDS, "some_new_kind"])
def test_user_controlled_fields_are_escaped(kind: str) -> None:
    payload = {
        **SAMPLES.get(kind, {}),
        "bot_name": HOSTILE,
        "strategy_name": HOSTILE,
        "plan_name": HOSTILE,
        "reason": HOSTILE,
        "exit_reason": HOSTILE,
        "summary": HOSTILE,
        "label": HOSTILE,
        "pair": "<i>X/Y</i>",
    }
    rendered = render(kind, payload, "en")
    assert "<script>" not in rendered.text and "<b>Evil</b>" not in rendered.text
    plain = telegram_plain_text(rendered.text)  # still valid markup
    assert "Evil" in plain


def test_trade_alerts_link_to_the_bot_with_short_opaque_data() -> None:
    rendered = render("trade_opened", SAMPLES["trade_opened"], "id")
    [[button]] = rendered.buttons
    assert button.text == "Buka bot"
    assert button.callback_data == f"bot:{BOT_HEX}"


def test_supervisor_paused_offers_the_four_actions() -> None:
    rendered = render("supervisor_paused", SAMPLES["supervisor_paused"], "en")
    data = [b.callback_data for row in rendered.buttons for b in row]
    assert sorted(data) == sorted(f"{code}:{BOT_HEX}" for code in PAUSE_ACTION_CODES.values())
    assert all(len(row) <= 2 for row in rendered.buttons)
    assert next(b.text for row in rendered.buttons for b in row) == "▶️ Resume"


def test_sign_hook_is_applied_and_overlong_data_drops_the_button() -> None:
    signed = render("bot_started", SAMPLES["bot_started"], "en", sign=lambda d: d + ".sig")
    assert signed.buttons[0][0].callback_data == f"bot:{BOT_HEX}.sig"
    too_long = render("bot_started", SAMPLES["bot_started"], "en", sign=lambda d: d * 3)
    assert too_long.buttons == ()
    assert too_long.text == signed.text


@pytest.mark.parametrize("kind", KINDS)
def test_callback_data_fits_telegram_with_room_for_a_signature(kind: str) -> None:
    rendered = render(kind, SAMPLES[kind], "en")
    for row in rendered.buttons:
        for button in row:
            assert button.callback_data is not None
            assert len(button.callback_data.encode()) <= CALLBACK_LIMIT - 24


def test_unknown_kind_renders_generically_with_its_payload() -> None:
    rendered = render("margin_call", {"bot_id": BOT_ID, "level": 3, "note": "<&>"}, "id")
    plain = telegram_plain_text(rendered.text)
    assert plain.startswith("🔔 Margin call")
    assert "level: 3" in plain and "note: <&>" in plain
    assert rendered.buttons[0][0].callback_data == f"bot:{BOT_HEX}"


def test_unknown_language_falls_back_to_bahasa_indonesia() -> None:
    assert render("bot_started", SAMPLES["bot_started"], "fr").text.startswith("▶️ <b>Bot berjalan")


def test_long_user_fields_are_capped_below_telegram_limits() -> None:
    payload = {**SAMPLES["bot_failed"], "bot_name": "&" * 5000, "reason": "x" * 9000}
    payload["log_tail"] = ["<" * 5000] * 50
    rendered = render("bot_failed", payload, "en")
    assert len(telegram_plain_text(rendered.text)) < 4096


def test_chart_artifact_is_attached_when_present() -> None:
    artifact = "a4f2d1b0-0000-4000-8000-000000000001"
    payload = {**SAMPLES["strategy_ready"], "chart_artifact_id": artifact}
    assert str(render("strategy_ready", payload, "en").photo_artifact_id) == artifact
    assert (
        render("strategy_ready", {**payload, "chart_artifact_id": "x"}, "en").photo_artifact_id
        is None
    )


def test_number_and_money_formatting() -> None:
    assert number("0.001230000000") == "0.00123"
    assert number("1E+3") == "1000"
    assert number("0.123456789123") == "0.12345679"
    assert number("nan") == "nan" and number(None) == MISSING
    assert rupiah(149000, "id") == "Rp149.000" and rupiah(149000, "en") == "IDR 149,000"


def test_telegram_rejects_what_we_never_produce() -> None:
    with pytest.raises(ApiError):
        telegram_plain_text("<b>unclosed")


def test_a_failing_sign_hook_drops_buttons_not_the_alert() -> None:
    def broken(data: str) -> str:
        raise ValueError(data)

    rendered = render("supervisor_paused", SAMPLES["supervisor_paused"], "en", sign=broken)
    assert rendered.buttons == () and "paused" in rendered.text
