"""A local Telegram Bot API emulator for tests and manual runs.

Point python-telegram-bot at it with `.base_url(emulator.bot_base_url)` and
`.base_file_url(emulator.file_base_url)`; drive users through the control API
(`/_emu/...` over HTTP, or the same operations as `TelegramEmulator` methods).
"""

from emulators.telegram.app import TelegramEmulator, create_app
from emulators.telegram.errors import ControlError
from emulators.telegram.limits import FloodLimits

__all__ = ["ControlError", "FloodLimits", "TelegramEmulator", "create_app"]
