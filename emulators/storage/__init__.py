"""A local Supabase Storage API emulator for tests and manual runs.

Point `storage3` (or `supabase.acreate_client(url, key).storage`) at `emulator.url` with
`emulator.service_key`; it serves the bucket and object routes the client calls, in memory.
"""

from emulators.storage.server import StorageEmulator, create_app
from emulators.storage.state import StorageError

__all__ = ["StorageEmulator", "StorageError", "create_app"]
