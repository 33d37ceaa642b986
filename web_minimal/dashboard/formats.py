"""Numbers, money, moments and durations for dashboard templates, in the reader's locale.

Thin over `kernel.formatting` (the chat writes the same way): every helper takes the
language (and time zone for moments) explicitly, so partials rendered outside a request
(live updates) format exactly like the page did. A missing value is written as a dash.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kernel import formatting
from kernel.formatting import JAKARTA, Number
from web_minimal.dashboard.i18n import has, register, t

DASH = "—"
# Prices are shown as precisely as the exchange quotes them, but no further.
_PRICE_DECIMALS = 8

register(
    {
        "fmt.days": {"id": "{n} hari", "en": "{n}d"},
        "fmt.hours": {"id": "{n} jam", "en": "{n}h"},
        "fmt.minutes": {"id": "{n} mnt", "en": "{n}m"},
        "fmt.seconds": {"id": "{n} dtk", "en": "{n}s"},
        "fmt.ago": {"id": "{span} lalu", "en": "{span} ago"},
        "fmt.just_now": {"id": "baru saja", "en": "just now"},
    }
)


def money(value: Number | None, currency: str, lang: str, *, signed: bool = False) -> str:
    """Write an amount: Rp 149.000, 12,50 USDT (en: 12.50 USDT)."""
    if value is None:
        return DASH
    return formatting.money(value, currency or "USDT", lang, signed=signed)


def number(value: Number | None, lang: str, *, decimals: int = 2, signed: bool = False) -> str:
    """Write a number with the reader's separators."""
    if value is None:
        return DASH
    return formatting.number(value, lang, decimals=decimals, signed=signed)


def price(value: Number | None, lang: str) -> str:
    """Write a price with as many decimals as it has (up to eight)."""
    if value is None:
        return DASH
    return formatting.number(value, lang, decimals=_PRICE_DECIMALS, trim=True)


def ratio(value: Number | None, lang: str, *, signed: bool = True, decimals: int = 2) -> str:
    """Write a ratio as a percentage: 0.0123 gives +1,23%."""
    if value is None:
        return DASH
    points = Decimal(str(value)) * 100
    return formatting.percent(points, lang, decimals=decimals, signed=signed)


def moment(when: dt.datetime | None, lang: str, tz: str = JAKARTA) -> str:
    """Write a day and time in the reader's zone: 5 Jan 2025 19.30."""
    return DASH if when is None else formatting.moment(when, lang, tz=tz)


def day(when: dt.datetime | None, lang: str, tz: str = JAKARTA) -> str:
    """Write a day in the reader's zone: 5 Jan 2025."""
    return DASH if when is None else formatting.date(when, lang, tz=tz)


def iso(when: dt.datetime | None) -> str:
    """Write a moment for a `datetime` attribute (UTC, ISO 8601)."""
    if when is None:
        return ""
    aware = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
    return aware.astimezone(dt.UTC).isoformat(timespec="seconds")


def duration(seconds: float | None, lang: str) -> str:
    """Write a span in its two largest units: 2 hari 3 jam (en: 2d 3h)."""
    if seconds is None:
        return DASH
    left = max(0, int(seconds))
    parts = []
    for key, size in (("fmt.days", 86400), ("fmt.hours", 3600), ("fmt.minutes", 60)):
        if left >= size:
            parts.append(t(key, lang, n=left // size))
            left %= size
    if not parts:
        return t("fmt.seconds", lang, n=left)
    return " ".join(parts[:2])


def ago(when: dt.datetime | None, now: dt.datetime, lang: str) -> str:
    """Write how long ago a moment was: 5 mnt lalu (en: 5m ago)."""
    if when is None:
        return DASH
    seconds = (now - when).total_seconds()
    if seconds < 60:
        return t("fmt.just_now", lang)
    return t("fmt.ago", lang, span=duration(seconds, lang))


def exit_reason(reason: str | None, lang: str) -> str:
    """Say why a trade closed in words, as the chat does; an unknown reason as sent."""
    if not reason:
        return DASH
    key = f"exit.{reason}"
    return t(key, lang) if has(key) else reason
