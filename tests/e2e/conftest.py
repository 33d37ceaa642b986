"""Browser journeys use the key-form fixtures: the exchange emulator, a runtime, the app."""

from __future__ import annotations

from tests.integration.web.conftest import client, exchange, no_secret_in_logs, runtime

__all__ = ["client", "exchange", "no_secret_in_logs", "runtime"]
