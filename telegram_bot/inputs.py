"""Parse what users type or what signed buttons carry; pure functions, no I/O."""

from __future__ import annotations

import re
from decimal import Decimal

from babel.numbers import NumberFormatError, parse_decimal

from kernel.i18n import supported
from orchestrator.core.errors import UserFacingError

MIN_STAKE = Decimal(10)
MAX_STAKE = Decimal(100_000)
CENT = Decimal("0.01")
# An amount is digits with the language's group and decimal marks: no sign, exponent or space.
_AMOUNT = re.compile(r"[0-9.,]+")


def parse_stake(text: str, language: str) -> Decimal:
    """Read a stake as the user's language writes it; refuse anything outside 10–100,000.

    Indonesian takes '25.000', '25000' or '25.000,50'; English '25,000.50' or '25000';
    both take a 'usdt' suffix. A stake has at most cents, so three decimals are refused as
    ambiguous: English '25.000' (or Indonesian '25,000') is a thousands group elsewhere.
    """
    raw = text.strip().lower().removesuffix("usdt").strip()
    if not _AMOUNT.fullmatch(raw):
        raise UserFacingError("invalid_stake")
    try:
        stake = parse_decimal(raw, locale=supported(language), strict=True)
    except NumberFormatError:
        raise UserFacingError("invalid_stake") from None
    written = stake.as_tuple().exponent  # minus the decimals typed; an int for digits
    if not isinstance(written, int) or written < -2 or not MIN_STAKE <= stake <= MAX_STAKE:
        raise UserFacingError("invalid_stake")
    return stake.quantize(CENT)


def numbers(arg: str) -> list[int]:
    """Read the colon-separated integers a supervisor button carries."""
    try:
        return [int(part) for part in arg.split(":") if part]
    except ValueError:
        raise UserFacingError("supervisor_bad_streaks") from None
