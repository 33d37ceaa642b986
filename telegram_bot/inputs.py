"""Parse what users type or what signed buttons carry; pure functions, no I/O."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from orchestrator.core.errors import UserFacingError

MIN_STAKE = Decimal(10)
MAX_STAKE = Decimal(100_000)
LONG_IDEA = 40


def parse_stake(text: str) -> Decimal:
    """Read a stake such as '25', '25 usdt' or '12,5'; refuse anything outside 10–100000."""
    raw = text.strip().lower().removesuffix("usdt").strip().replace(",", ".")
    try:
        stake = Decimal(raw)
    except InvalidOperation:
        raise UserFacingError("invalid_stake") from None
    if not stake.is_finite() or not MIN_STAKE <= stake <= MAX_STAKE:
        raise UserFacingError("invalid_stake")
    return stake.quantize(Decimal("0.01"))


def numbers(arg: str) -> list[int]:
    """Read the colon-separated integers a supervisor button carries."""
    try:
        return [int(part) for part in arg.split(":") if part]
    except ValueError:
        raise UserFacingError("supervisor_bad_streaks") from None


def looks_like_idea(text: str) -> bool:
    """Tell whether free text is long enough to be a strategy idea."""
    return len(text.strip()) >= LONG_IDEA and len(text.split()) >= 5
