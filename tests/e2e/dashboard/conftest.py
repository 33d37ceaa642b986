"""The dashboard in a real browser: Debian's Chromium, the web app on 127.0.0.1, the real bot.

Everything is real: embedded Postgres and Valkey, the web app served on a port of its own
(where one-time links and Mini App buttons point), our bot long-polling the Telegram
emulator with the token the web app checks Mini App launches with (local mode's), the
exchange emulator, and worker nodes for journeys with a running Freqtrade.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.dashboard import axe
from tests.e2e.telegram.conftest import (
    exchange,
    make_node,
    new_chat,
    runtime,
    seed_bot,
    seed_strategy,
    tg_emulator,
    tg_users,
)
from tests.e2e.telegram.test_dashboard_from_chat import tg_app, web_app
from tests.e2e.test_keyform_browser import browser, chromium_path
from tests.integration.runner.conftest import make_bot

__all__ = [
    "browser",
    "chromium_path",
    "exchange",
    "make_bot",
    "make_node",
    "new_chat",
    "runtime",
    "seed_bot",
    "seed_strategy",
    "tg_app",
    "tg_emulator",
    "tg_users",
    "web_app",
]


@pytest.fixture(scope="session")
def axe_js() -> Path:
    """Return axe-core's browser bundle, installed with `npm ci` from the lock file if missing."""
    try:
        return axe.install()
    except RuntimeError as exc:
        pytest.fail(str(exc))
