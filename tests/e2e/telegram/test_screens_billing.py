"""Paying for a plan on a 360 px phone, in both languages: saved as pictures and checked.

The same checks as `test_screens` (nothing off the screen or cut short, nothing raw, no English
in Indonesian): the plans, the channels, a QRIS payment with its QR image, and /billing.
"""

from __future__ import annotations

import pytest

from tests.e2e.telegram.conftest import ChatFactory
from tests.e2e.telegram.screens import Phone
from tests.e2e.telegram.test_screens import browser, chromium_path, open_chat, phone
from tests.e2e.telegram.test_upgrade import button_starting, runtime, tripay

__all__ = ["browser", "chromium_path", "phone", "runtime", "tripay"]

pytestmark = pytest.mark.timeout(300)


async def test_upgrade_and_billing_screens(phone: Phone, new_chat: ChatFactory) -> None:
    chat = await open_chat(phone, new_chat)
    (plans,) = await phone.type(chat, "/upgrade")
    await phone.shoot(chat, "11-upgrade-plans")
    periods = await phone.press(chat, plans, button_starting(plans, "⭐ Pro"), edits=True)
    channels = await phone.press(chat, periods, button_starting(periods, "📅"), edits=True)
    await phone.shoot(chat, "12-upgrade-channels")
    payment = await phone.press(chat, channels, button_starting(channels, "QRIS"))
    assert payment["photo"]
    await phone.shoot(chat, "13-payment-qris")
    await phone.type(chat, "/billing")
    await phone.shoot(chat, "14-billing")
    assert phone.report() == ""
