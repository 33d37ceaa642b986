"""A local Telegram Bot API emulator for tests and manual runs.

Point python-telegram-bot at it with `.base_url(emulator.bot_base_url)` and
`.base_file_url(emulator.file_base_url)`; drive users through the control API
(`/_emu/...` over HTTP, or the same operations as `TelegramEmulator` methods).

Mini Apps: `web_app` buttons are checked as Telegram checks them (private chats only, HTTPS
URLs), except that plain-HTTP URLs on 127.0.0.1 and localhost are accepted too, so a Mini App
served locally works offline. Pressing one on the chat page, or `POST /_emu/webapp/init_data
{"chat_id", "url"}`, returns initData signed with the bot's token (`webapp.py`).
"""

from emulators.telegram.app import TelegramEmulator, create_app
from emulators.telegram.errors import ControlError
from emulators.telegram.limits import FloodLimits

__all__ = ["ControlError", "FloodLimits", "TelegramEmulator", "create_app"]
