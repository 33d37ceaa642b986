"""A local Tripay payment gateway for tests and manual runs.

Point the app's Tripay client at `emulator.url` (TRIPAY_BASE_URL) with `emulator.api_key`,
`emulator.private_key` and `emulator.merchant_code`. It serves the merchant API the app
calls, a checkout page per transaction, and a control API (`/_emu/...`) that settles
payments and sends signed callbacks, normal or abnormal, to the app.
"""

from emulators.tripay.callbacks import CallbackAttempt
from emulators.tripay.server import TripayEmulator, create_app
from emulators.tripay.state import Transaction

__all__ = ["CallbackAttempt", "Transaction", "TripayEmulator", "create_app"]
