"""Draw a QRIS payment's QR code as a PNG a phone camera or banking app can scan."""

from __future__ import annotations

import io
import logging

import segno

log = logging.getLogger(__name__)

# The quiet zone the QR standard asks for: four modules of white on every side.
QUIET_ZONE = 4
# Telegram shows photos up to about 1280 px; ~800 px scans well from another phone's screen.
TARGET_PX = 800
MIN_SCALE = 4


def qr_png(data: str) -> bytes | None:
    """Return `data` drawn as a QR code PNG, or None when it cannot be one (too long, empty)."""
    if not data:
        return None
    try:
        # Level M survives a smudged or partly covered screen and keeps QRIS's long codes small.
        code = segno.make_qr(data, error="m")
    except (segno.DataOverflowError, ValueError) as exc:
        log.warning("QRIS string of %d characters cannot be a QR code: %s", len(data), exc)
        return None
    width, _ = code.symbol_size(scale=1, border=QUIET_ZONE)
    scale = max(MIN_SCALE, TARGET_PX // width)
    out = io.BytesIO()
    code.save(out, kind="png", scale=scale, border=QUIET_ZONE)
    return out.getvalue()
