"""The "📊 Dashboard" Mini App button under alerts about a bot, and under summaries."""

from __future__ import annotations

import pytest

from kernel.i18n import LANGUAGES
from orchestrator.alerts import Button, RenderedAlert
from telegram_bot.alerts import TelegramRenderer, render
from telegram_bot.alerts.buttons import DASHBOARD_KINDS
from telegram_bot.callbacks import Signer, derive_key
from tests.unit.notify.samples import BOT_ID, KINDS, SAMPLES

KEY = derive_key("123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ")
CHAT = 1001
APP = "https://nofomo.example/app"
LABELS = {"en": "📊 Dashboard", "id": "📊 Dasbor"}
BOT_KINDS = sorted(DASHBOARD_KINDS - {"summary"})


def draw(kind: str, language: str = "en", app: str | None = APP) -> RenderedAlert:
    """Render a sample alert of `kind` for CHAT with the Mini App at `app`."""
    return render(kind, SAMPLES[kind], language, Signer(KEY, CHAT), app)


def apps(rendered: RenderedAlert) -> list[Button]:
    """Return the alert's Mini App buttons."""
    return [b for row in rendered.buttons for b in row if b.web_app_url is not None]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", BOT_KINDS)
def test_alerts_about_a_bot_end_with_its_dashboard_page(kind: str, language: str) -> None:
    rendered = draw(kind, language)
    *others, last = rendered.buttons
    assert last == (Button(LABELS[language], web_app_url=f"{APP}?next=/dashboard/bots/{BOT_ID}"),)
    assert others and all(b.callback_data for row in others for b in row)  # the rest stay


def test_the_summary_opens_the_overview() -> None:
    assert apps(draw("summary", "id")) == [Button("📊 Dasbor", web_app_url=APP)]


def test_a_bot_alert_without_a_bot_id_opens_the_overview() -> None:
    payload = {k: v for k, v in SAMPLES["bot_failed"].items() if k != "bot_id"}
    rendered = render("bot_failed", payload, "en", Signer(KEY, CHAT), APP)
    assert apps(rendered) == [Button("📊 Dashboard", web_app_url=APP)]


@pytest.mark.parametrize("kind", sorted(set(KINDS) - DASHBOARD_KINDS))
def test_other_alerts_offer_no_dashboard(kind: str) -> None:
    assert apps(draw(kind)) == []


@pytest.mark.parametrize("kind", KINDS)
def test_without_a_mini_app_url_no_alert_has_the_button(kind: str) -> None:
    rendered = draw(kind, app=None)
    assert apps(rendered) == []
    assert rendered.buttons == TelegramRenderer(KEY)(kind, SAMPLES[kind], "en", CHAT).buttons


def test_the_renderer_passes_its_mini_app_url_on() -> None:
    renderer = TelegramRenderer.for_token("123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ", APP)
    assert renderer("trade_opened", SAMPLES["trade_opened"], "en", CHAT) == draw("trade_opened")
