"""Push alerts: render outbox rows and deliver them to Telegram without losing any.

Producers queue rows with `orchestrator.alerts.enqueue_alert`; an `AlertSender` turns
them into messages through an `AlertTransport` (`PtbTransport` in production).
"""

from orchestrator.notify.outbox import unblock_user
from orchestrator.notify.ptb import PtbTransport
from orchestrator.notify.render import RenderedAlert, identity, render
from orchestrator.notify.sender import AlertSender, SenderStats
from orchestrator.notify.transport import (
    AlertTransport,
    Blocked,
    Button,
    FloodWait,
    PermanentSendError,
    SendError,
    TransientSendError,
)

__all__ = [
    "AlertSender",
    "AlertTransport",
    "Blocked",
    "Button",
    "FloodWait",
    "PermanentSendError",
    "PtbTransport",
    "RenderedAlert",
    "SendError",
    "SenderStats",
    "TransientSendError",
    "identity",
    "render",
    "unblock_user",
]
