"""Push alerts: render outbox rows and deliver them to Telegram without losing any.

Producers queue rows with `orchestrator.alerts.produce.enqueue_alert`; an `AlertSender` turns
them into messages through an `AlertTransport` (`PtbTransport` in production).
"""

from orchestrator.alerts.outbox import unblock_user
from orchestrator.alerts.ptb import PtbTransport
from orchestrator.alerts.render import RenderedAlert, identity, render
from orchestrator.alerts.sender import AlertSender, SenderStats
from orchestrator.alerts.transport import (
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
