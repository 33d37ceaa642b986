"""Counters the control API reports: calls, error replies, deliveries and user messages per chat."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]


@dataclass
class Stats:
    """What the emulator has seen since the last reset."""

    methods: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)
    chat_actions: Counter[str] = field(default_factory=Counter)
    deliveries: dict[int, list[JSON]] = field(default_factory=dict)
    incoming: dict[int, list[JSON]] = field(default_factory=dict)
    webhook_delivered: int = 0
    webhook_failures: int = 0

    def record_call(self, method: str) -> None:
        """Count one call of a Bot API method."""
        self.methods[method] += 1

    def record_status(self, status: int) -> None:
        """Count one reply by HTTP status."""
        self.statuses[status] += 1

    def record_delivery(self, chat_id: int, method: str, message_id: int) -> None:
        """Remember a message the bot sent or edited, with a wall-clock timestamp."""
        entry = {"t": time.time(), "method": method, "message_id": message_id}
        self.deliveries.setdefault(chat_id, []).append(entry)

    def record_incoming(self, chat_id: int, message_id: int) -> None:
        """Remember a message a user sent, on the same clock as deliveries."""
        entry = {"t": time.time(), "message_id": message_id}
        self.incoming.setdefault(chat_id, []).append(entry)

    def to_json(self) -> JSON:
        """Return the counters as JSON-ready data."""
        return {
            "methods": dict(self.methods),
            "statuses": {str(code): count for code, count in self.statuses.items()},
            "flood_429": self.statuses[429],
            "faults_5xx": sum(n for code, n in self.statuses.items() if code >= 500),
            "chat_actions": dict(self.chat_actions),
            "deliveries": {str(chat): list(items) for chat, items in self.deliveries.items()},
            "incoming": {str(chat): list(items) for chat, items in self.incoming.items()},
            "webhook": {"delivered": self.webhook_delivered, "failures": self.webhook_failures},
        }
