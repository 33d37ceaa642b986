"""What a customer pays with: a virtual account number, a shop payment code, a QRIS payload.

The QRIS payload is an EMV merchant-presented QR in the layout Indonesian QRIS uses: tag-
length-value fields, the amount in tag 54, the reference in the additional data (tag 62),
and a CRC-16/CCITT-FALSE checksum in tag 63. It scans as a well-formed payload in any EMV
parser, though no bank would pay it.
"""

from __future__ import annotations

import secrets

from emulators.tripay.channels import Channel

VA_LENGTH = 16  # digits of a virtual account number, prefix included
SHOP_CODE_DIGITS = 12
QR_MERCHANT_NAME = "NOFOMO SANDBOX"
QR_CITY = "JAKARTA"


def _digits(count: int) -> str:
    return "".join(secrets.choice("0123456789") for _ in range(count))


def pay_code(channel: Channel) -> str | None:
    """Return the code a customer pays with on `channel`; None where a QR or a redirect pays."""
    if channel.kind == "va":
        return channel.code_prefix + _digits(VA_LENGTH - len(channel.code_prefix))
    if channel.kind == "retail":
        return channel.code_prefix + _digits(SHOP_CODE_DIGITS)
    return None


def _field(tag: str, value: str) -> str:
    """Encode one EMV tag-length-value field."""
    if len(value) > 99:
        raise ValueError(f"EMV field {tag} is too long")
    return f"{tag}{len(value):02d}{value}"


def crc16(text: str) -> str:
    """Return the CRC-16/CCITT-FALSE of `text` as 4 upper-case hex digits (EMV tag 63)."""
    crc = 0xFFFF
    for byte in text.encode("ascii"):
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return f"{crc:04X}"


def qris_payload(reference: str, amount: int) -> str:
    """Return a dynamic QRIS payload charging `amount` rupiah for `reference`."""
    merchant = _field("00", "ID.CO.SHOPEE.WWW") + _field("01", "936009180000000001")
    merchant += _field("02", "ID2026000000001") + _field("03", "UMI")
    national = _field("00", "ID.CO.QRIS.WWW") + _field("02", "ID1026000000001")
    national += _field("03", "UMI")
    body = "".join(
        (
            _field("00", "01"),  # payload format
            _field("01", "12"),  # dynamic: one payment, one amount
            _field("26", merchant),
            _field("51", national),
            _field("52", "5999"),  # merchant category: miscellaneous retail
            _field("53", "360"),  # rupiah
            _field("54", str(amount)),
            _field("58", "ID"),
            _field("59", QR_MERCHANT_NAME),
            _field("60", QR_CITY),
            _field("61", "10110"),
            _field("62", _field("05", reference[-25:])),  # the reference label
        )
    )
    body += "6304"
    return body + crc16(body)
