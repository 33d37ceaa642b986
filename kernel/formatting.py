"""Numbers, percentages, money and moments written the way the reader's language writes them.

Babel supplies the separators and date patterns: Indonesian writes 1.234,56 and 5 Jan 2025
19.30, English 1,234.56 and Jan 5, 2025, 19:30. Values are rounded half to even (Babel's
and Python's rule) on their decimal form, so 2.675 rounds as written, not as its float.
Naive datetimes are taken as UTC, as our database and Freqtrade store them, and are shown
in Asia/Jakarta unless the caller names another zone.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import ROUND_HALF_EVEN, Context, Decimal, InvalidOperation, localcontext
from zoneinfo import ZoneInfo

from babel import Locale, dates, numbers

from kernel.i18n import LANGUAGES, supported

Number = Decimal | float | int | str
JAKARTA = "Asia/Jakarta"
# Currencies shown with the given number of decimals; any other as precisely as needed.
_DECIMALS = {"IDR": 0, "USDT": 2, "USDC": 2, "FDUSD": 2, "USD": 2, "EUR": 2}
_PRECISE = 8
# Room for any amount we show: the default 28 digits would refuse to round 1e30.
_WIDE = Context(prec=60, rounding=ROUND_HALF_EVEN)


def _decimal(value: Number) -> Decimal:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"not a number: {value!r}") from None


_LOCALES = {language: Locale.parse(language) for language in LANGUAGES}


def _locale(language: str) -> Locale:
    return _LOCALES[supported(language)]


def _pattern(decimals: int, *, signed: bool, trim: bool) -> str:
    fraction = ("#" if trim else "0") * decimals
    body = "#,##0" + (f".{fraction}" if fraction else "")
    return f"+{body};-{body}" if signed else body


def number(
    value: Number, language: str, *, decimals: int = 2, signed: bool = False, trim: bool = False
) -> str:
    """Write a number with grouping and `decimals` places (fewer with `trim`), e.g. 1.234,50."""
    amount = _decimal(value)
    if not amount.is_finite():
        return numbers.format_decimal(amount, locale=_locale(language))
    with localcontext(_WIDE):
        amount = amount.quantize(Decimal(1).scaleb(-decimals))
        amount = amount if amount else abs(amount)  # never write -0,00
        pattern = _pattern(decimals, signed=signed, trim=trim)
        return numbers.format_decimal(amount, pattern, locale=_locale(language))


def percent(
    points: Number, language: str, *, decimals: int = 1, signed: bool = False, trim: bool = False
) -> str:
    """Write percentage points as a percentage: 12.3 gives 12,3% in Indonesian."""
    written = number(points, language, decimals=decimals, signed=signed, trim=trim)
    return written + str(_locale(language).number_symbols["latn"]["percentSign"])


def money(value: Number, currency: str, language: str, *, signed: bool = False) -> str:
    """Write an amount of money: Rp 149.000, or 1.234,56 USDT (en: Rp 149,000, 1,234.56 USDT)."""
    code = currency.upper()
    decimals = _DECIMALS.get(code, _PRECISE)
    written = number(value, language, decimals=decimals, signed=signed, trim=code not in _DECIMALS)
    if code != "IDR":
        return f"{written} {code}"
    sign = written[0] if written[0] in "+-" else ""
    return f"{sign}Rp {written.removeprefix(sign)}"


def local(when: datetime, tz: str = JAKARTA) -> datetime:
    """Return the moment in zone `tz`; a naive moment is taken as UTC."""
    aware = when if when.tzinfo else when.replace(tzinfo=UTC)
    return aware.astimezone(ZoneInfo(tz))


def date(when: datetime, language: str, *, tz: str = JAKARTA) -> str:
    """Write a day: 5 Jan 2025 (en: Jan 5, 2025)."""
    return dates.format_skeleton("yMMMd", local(when, tz), locale=_locale(language))


def time(when: datetime, language: str, *, tz: str = JAKARTA) -> str:
    """Write a time of day on the 24-hour clock traders use: 19.30 (en: 19:30)."""
    return dates.format_skeleton("Hm", local(when, tz), locale=_locale(language))


def moment(when: datetime, language: str, *, tz: str = JAKARTA) -> str:
    """Write a day and time: 5 Jan 2025 19.30 (en: Jan 5, 2025, 19:30)."""
    joined = str(_locale(language).datetime_formats["medium"])
    day, clock = date(when, language, tz=tz), time(when, language, tz=tz)
    return joined.replace("{1}", day).replace("{0}", clock)


def day_month(when: datetime, language: str, *, tz: str = JAKARTA) -> str:
    """Write a day without the year: 5 Jan (en: Jan 5)."""
    return dates.format_skeleton("MMMd", local(when, tz), locale=_locale(language))


def month_year(when: datetime, language: str, *, tz: str = JAKARTA) -> str:
    """Write a month: Agu 2025 (en: Aug 2025)."""
    return dates.format_skeleton("yMMM", local(when, tz), locale=_locale(language))
