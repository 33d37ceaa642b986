"""The composition root: the `nofomo` command line, start-up wiring and the emulators' start-up.

Only this package imports the interfaces (`telegram_bot`, `web_minimal`) and wires them to
the services in `orchestrator`; nothing imports `nofomo`.
"""
