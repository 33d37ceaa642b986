"""Push alerts: an outbox that delivers every alert to its chat, in order, never lost.

Producers queue typed payloads (`payloads`) with `produce.enqueue_alert`. An `AlertSender`
claims them, renders each through an injected `AlertRenderer` and sends it through an
`AlertTransport`; the chat interface implements both (`telegram_bot.alerts`).
"""

from orchestrator.alerts.budget import BudgetLimits, FloodBudget, Priority
from orchestrator.alerts.delivery import RetryPolicy, SenderStats
from orchestrator.alerts.limits import REAL_TIME, Clock, MonotonicClock
from orchestrator.alerts.sender import AlertSender
from orchestrator.alerts.transport import (
    AlertRenderer,
    AlertTransport,
    Blocked,
    Button,
    FloodWait,
    Keyboard,
    PermanentSendError,
    RenderedAlert,
    SendError,
    TransientSendError,
)

__all__ = [
    "REAL_TIME",
    "AlertRenderer",
    "AlertSender",
    "AlertTransport",
    "Blocked",
    "BudgetLimits",
    "Button",
    "Clock",
    "FloodBudget",
    "FloodWait",
    "Keyboard",
    "MonotonicClock",
    "PermanentSendError",
    "Priority",
    "RenderedAlert",
    "RetryPolicy",
    "SendError",
    "SenderStats",
    "TransientSendError",
]
