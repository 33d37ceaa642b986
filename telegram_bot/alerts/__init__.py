"""Alerts in the chat: outbox rows rendered as Telegram HTML and sent with PTB.

The service side (`orchestrator.alerts`) claims, paces and records; the composition
root hands its `AlertSender` a `TelegramRenderer` and a `PtbTransport` from here.
"""

from telegram_bot.alerts.ptb import PtbTransport
from telegram_bot.alerts.render import TelegramRenderer, alert_text, render

__all__ = ["PtbTransport", "TelegramRenderer", "alert_text", "render"]
