"""Spot exchange credentials pasted into a chat, so the message can be deleted at once."""

from __future__ import annotations

import re

# Binance keys and secrets are 64 alphanumerics, Bybit secrets 36: any long mixed token.
_LONG_TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{32,128}(?![A-Za-z0-9])")
# Bybit API keys are 18 alphanumerics; only flag tokens mixing cases and digits.
_BYBIT_KEY = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{18}(?![A-Za-z0-9])")
_LABELLED = re.compile(
    r"(api[\s_-]*key|api[\s_-]*secret|secret[\s_-]*key|secret|kunci[\s_-]*api)"
    r"\s*[:=]\s*\S{8,}",
    re.IGNORECASE,
)


def _mixed(token: str, *, cases: bool) -> bool:
    has_digit = any(c.isdigit() for c in token)
    has_alpha = any(c.isalpha() for c in token)
    if not cases:
        return has_digit and has_alpha
    return has_digit and any(c.isupper() for c in token) and any(c.islower() for c in token)


def looks_like_credentials(text: str) -> bool:
    """Tell whether `text` seems to contain an exchange API key or secret."""
    if _LABELLED.search(text):
        return True
    if any(_mixed(m.group(), cases=False) for m in _LONG_TOKEN.finditer(text)):
        return True
    return any(_mixed(m.group(), cases=True) for m in _BYBIT_KEY.finditer(text))
