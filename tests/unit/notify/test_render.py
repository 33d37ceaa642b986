"""Alert rendering: both languages for every kind, escaping, buttons and Telegram's limits."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import pytest

from emulators.telegram.errors import ApiError
from emulators.telegram.formatting import parse_text
from kernel.i18n import LANGUAGES
from orchestrator.alerts import Button, RenderedAlert
from telegram_bot.alerts import TelegramRenderer, alert_text, render
from telegram_bot.alerts.buttons import PAUSE_ACTIONS, STRATEGY_ACTIONS
from telegram_bot.alerts.fields import MISSING, day, money, number
from telegram_bot.alerts.texts import TEMPLATES
from telegram_bot.callbacks import Action, Callback, Signer, decode, derive_key
from tests.unit.notify.samples import BOT_ID, HOSTILE, KINDS, SAMPLES, STRATEGY_ID

TOKEN = "123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ"
KEY = derive_key(TOKEN)
CHAT, OTHER_CHAT = 1001, 1002
BOT = uuid.UUID(BOT_ID)


def draw(kind: str, payload: Mapping[str, Any], language: str) -> RenderedAlert:
    """Render an alert for CHAT."""
    return render(kind, payload, language, Signer(KEY, CHAT))


def pressed(button: Button, chat: int = CHAT) -> Callback | None:
    """Return what pressing the button in `chat` does (None: the chat layer refuses it)."""
    assert button.callback_data is not None
    return decode(KEY, chat, button.callback_data)


def telegram_plain_text(html: str) -> str:
    """Parse HTML the way the Bot API does (the emulator's parser); fail on bad markup."""
    plain, _ = parse_text(html, "HTML")
    return plain


def test_the_catalogue_covers_every_producer_kind() -> None:
    # Both languages and their placeholders are checked in tests/unit/test_catalogues.py.
    assert all(TEMPLATES.keys(language) == set(KINDS) for language in LANGUAGES)


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_is_translated(kind: str) -> None:
    assert TEMPLATES.template(kind, "id") != TEMPLATES.template(kind, "en")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_renders_valid_html_with_every_field_filled(kind: str, language: str) -> None:
    rendered = draw(kind, SAMPLES[kind], language)
    plain = telegram_plain_text(rendered.text)
    assert MISSING not in plain
    assert "{" not in plain and "}" not in plain
    assert len(plain) < 1024  # fits even as a photo caption


def test_languages_differ_for_a_trade() -> None:
    english = draw("trade_opened", SAMPLES["trade_opened"], "en").text
    bahasa = draw("trade_opened", SAMPLES["trade_opened"], "id").text
    assert "Trade opened" in english and "(simulation)" in english
    assert "Posisi dibuka" in bahasa and "(simulasi)" in bahasa
    assert "Price: <code>64,250.12 USDT</code>" in english and "0.00123 BTC" in english
    assert "Harga: <code>64.250,12 USDT</code>" in bahasa and "0,00123 BTC" in bahasa


def test_trade_closed_shows_pnl_and_exit_reason() -> None:
    text = telegram_plain_text(draw("trade_closed", SAMPLES["trade_closed"], "en").text)
    assert text.startswith("✅ Trade closed")
    assert "PnL: +0.94 USDT (+1.18%)" in text
    assert "profit target (ROI)" in text and "RSI Scalper" in text
    bahasa = telegram_plain_text(draw("trade_closed", SAMPLES["trade_closed"], "id").text)
    assert "Laba/rugi: +0,94 USDT (+1,18%)" in bahasa and "Harga: 65.010,50 USDT" in bahasa


@pytest.mark.parametrize(
    ("profit", "icon", "pnl"),
    [("-1234.5", "🔻", "-1.234,50 USDT"), ("0", "⚪", "+0,00 USDT"), ("x<y", "⚪", "x&lt;y")],
)
def test_trade_closed_icon_follows_the_profit(profit: str, icon: str, pnl: str) -> None:
    payload = {**SAMPLES["trade_closed"], "profit_abs": profit}
    text = draw("trade_closed", payload, "id").text
    assert text.startswith(icon) and f"Laba/rugi: <b>{pnl}</b>" in text


def test_figures_are_written_in_the_readers_language() -> None:
    def plain(kind: str, language: str) -> str:
        return telegram_plain_text(draw(kind, SAMPLES[kind], language).text)

    assert "5 transaksi rugi berturut-turut, drawdown 11,37%." in plain("supervisor_paused", "id")
    assert "5 losing trades in a row, drawdown 11.37%." in plain("supervisor_paused", "en")
    id_period = "12 transaksi, menang 58%, laba +3,20%, drawdown maksimum −2,1%"
    assert id_period in plain("strategy_ready", "id")
    assert "5 trades, won 40%, profit -0.70%, max drawdown −1.5%" in plain("strategy_ready", "en")
    assert "aktif sampai 24 Des 2026.\nJumlah: Rp 149.000" in plain("payment_paid", "id")
    assert "active until Dec 24, 2026.\nAmount: Rp 149,000" in plain("payment_paid", "en")


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
    # A summary names its bots in a list.
    payload["bots"] = [{**bot, "bot_name": HOSTILE} for bot in payload.get("bots") or []]
    rendered = draw(kind, payload, "en")
    assert "<script>" not in rendered.text and "<b>Evil</b>" not in rendered.text
    plain = telegram_plain_text(rendered.text)  # still valid markup
    assert "Evil" in plain


def test_trade_alerts_link_to_the_bot_with_signed_data() -> None:
    rendered = draw("trade_opened", SAMPLES["trade_opened"], "id")
    [[button]] = rendered.buttons
    assert button.text == "Buka bot"
    assert pressed(button) == Callback(Action.BOT_DETAIL, BOT)


def test_supervisor_paused_offers_the_four_actions() -> None:
    rendered = draw("supervisor_paused", SAMPLES["supervisor_paused"], "en")
    presses = [pressed(b) for row in rendered.buttons for b in row]
    assert presses == [Callback(action, BOT) for action in PAUSE_ACTIONS.values()]
    assert all(len(row) <= 2 for row in rendered.buttons)
    assert next(b.text for row in rendered.buttons for b in row) == "▶️ Resume"


def test_supervisor_paused_offers_only_the_allowed_actions() -> None:
    payload = {**SAMPLES["supervisor_paused"], "actions": ["explain", "resume"]}
    rendered = draw("supervisor_paused", payload, "en")
    presses = [pressed(b) for row in rendered.buttons for b in row]
    assert presses == [
        Callback(Action.SUPERVISOR_RESUME, BOT),
        Callback(Action.SUPERVISOR_EXPLAIN, BOT),
    ]


def test_a_fresh_strategy_offers_what_to_do_next_with_its_version() -> None:
    rendered = draw("strategy_ready", SAMPLES["strategy_ready"], "en")
    version = uuid.UUID(SAMPLES["strategy_ready"]["version_id"])
    assert [len(row) for row in rendered.buttons] == [2, 2]
    presses = [pressed(b) for row in rendered.buttons for b in row]
    assert presses == [Callback(action, version) for action in STRATEGY_ACTIONS.values()]
    without_version = {**SAMPLES["strategy_ready"], "version_id": None}
    [[button]] = draw("strategy_ready", without_version, "en").buttons
    assert pressed(button) == Callback(Action.STRATEGY, uuid.UUID(STRATEGY_ID))


def test_an_optimisation_with_a_best_epoch_offers_to_apply_it() -> None:
    run = uuid.uuid4()
    payload = {"run_id": str(run), "version_id": STRATEGY_ID, "epochs": 30, "best": {"epoch": 7}}
    [[button]] = draw("optimise_ready", payload, "en").buttons
    assert button.text == "✅ Apply best parameters"
    assert pressed(button) == Callback(Action.OPTIMISE_APPLY, run)
    assert draw("optimise_ready", {**payload, "best": None}, "en").buttons == ()


def test_buttons_work_only_in_the_chat_they_were_rendered_for() -> None:
    renderer = TelegramRenderer.for_token(TOKEN)
    rendered = renderer("bot_started", SAMPLES["bot_started"], "en", CHAT)
    assert rendered == draw("bot_started", SAMPLES["bot_started"], "en")
    [[button]] = rendered.buttons
    assert pressed(button, OTHER_CHAT) is None


@pytest.mark.parametrize("kind", KINDS)
def test_callback_data_fits_telegram(kind: str) -> None:
    rendered = draw(kind, SAMPLES[kind], "en")
    for row in rendered.buttons:
        for button in row:
            assert button.callback_data is not None
            assert len(button.callback_data.encode()) <= 64


def test_unknown_kind_renders_generically_with_its_payload() -> None:
    rendered = draw("margin_call", {"bot_id": BOT_ID, "level": 3, "note": "<&>"}, "id")
    plain = telegram_plain_text(rendered.text)
    assert plain.startswith("🔔 Margin call")
    assert "level: 3" in plain and "note: <&>" in plain
    assert pressed(rendered.buttons[0][0]) == Callback(Action.BOT_DETAIL, BOT)


def test_unknown_language_falls_back_to_english() -> None:
    assert draw("bot_started", SAMPLES["bot_started"], "fr").text.startswith("▶️ <b>Bot started")
    assert alert_text("trade_opened", SAMPLES["trade_opened"], "fr") == alert_text(
        "trade_opened", SAMPLES["trade_opened"], "en"
    )


def test_long_user_fields_are_capped_below_telegram_limits() -> None:
    payload = {**SAMPLES["bot_failed"], "bot_name": "&" * 5000, "reason": "x" * 9000}
    payload["log_tail"] = ["<" * 5000] * 50
    rendered = draw("bot_failed", payload, "en")
    assert len(telegram_plain_text(rendered.text)) < 4096


def test_chart_artifact_is_attached_when_present() -> None:
    artifact = "a4f2d1b0-0000-4000-8000-000000000001"
    payload = {**SAMPLES["strategy_ready"], "chart_artifact_id": artifact}
    assert str(draw("strategy_ready", payload, "en").photo_artifact_id) == artifact
    assert (
        draw("strategy_ready", {**payload, "chart_artifact_id": "x"}, "en").photo_artifact_id
        is None
    )


def test_number_money_and_date_formatting() -> None:
    assert number("0.001230000000", "en") == "0.00123"
    assert number("1E+3", "en") == "1,000" and number("1E+3", "id") == "1.000"
    assert number("0.123456789123", "id") == "0,12345679"
    assert number(None, "id") == MISSING and number("", "en") == MISSING
    assert number("<n/a>", "id") == "&lt;n/a&gt;"
    assert money(149000, "IDR", "id") == "Rp 149.000" and money(149000, "IDR", "en") == "Rp 149,000"
    assert money("2.5", "", "id", signed=True) == "+2,5"
    assert money("0.00012345", "BTC", "en", signed=True) == "+0.00012345 BTC"
    # Days are Jakarta's: 18:00 UTC is already the next day there.
    assert day("2026-12-24T18:00:00+00:00", "id") == "25 Des 2026"
    assert day("2026-12-24T10:00:00+00:00", "en") == "Dec 24, 2026"
    assert day("soon", "en") == "soon" and day(None, "en") == MISSING


def test_telegram_rejects_what_we_never_produce() -> None:
    with pytest.raises(ApiError):
        telegram_plain_text("<b>unclosed")


@pytest.mark.parametrize(
    ("reason", "english", "bahasa"),
    [
        ("force_exit", "Reason: closed manually", "Alasan: ditutup manual"),
        ("trailing_stop_loss", "Reason: trailing stop-loss", "Alasan: trailing stop-loss"),
        ("exit_signal", "Reason: exit signal", "Alasan: sinyal keluar"),
        ("custom_tp", "Reason: custom_tp", "Alasan: custom_tp"),
    ],
)
def test_trade_closed_says_the_exit_reason_as_trades_does(
    reason: str, english: str, bahasa: str
) -> None:
    payload = {**SAMPLES["trade_closed"], "exit_reason": reason}
    assert english in telegram_plain_text(draw("trade_closed", payload, "en").text)
    assert bahasa in telegram_plain_text(draw("trade_closed", payload, "id").text)
