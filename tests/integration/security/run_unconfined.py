"""Run one filled escape strategy with no confinement at all, to prove the attack works.

`python run_unconfined.py FILE`: imports the strategy module (import-time attacks act
here), then calls `populate_indicators` on a few synthetic candles. Errors the attack
raises are printed, not propagated: the caller looks for the attack's acts.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import traceback


def main(path: str) -> None:
    """Import the strategy at `path` and run its indicators once."""
    import pandas as pd
    from freqtrade.strategy import IStrategy

    spec = importlib.util.spec_from_file_location("escape_under_test", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception:
        traceback.print_exc()
        return
    strategy_class = next(
        value
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, IStrategy) and value is not IStrategy
    )
    strategy = strategy_class.__new__(strategy_class)
    data_dir = os.environ.get("DATA_DIR", ".")
    strategy.config = {"datadir": os.path.join(data_dir, "marketdata", "emulator", "binance")}
    candles = pd.DataFrame(
        {
            "date": pd.date_range("2026-01-01", periods=50, freq="5min", tz="UTC"),
            **{column: [100.0 + i for i in range(50)] for column in ("open", "high", "low")},
            "close": [100.5 + i for i in range(50)],
            "volume": [10.0] * 50,
        }
    )
    try:
        strategy.populate_indicators(candles, {"pair": "BTC/USDT"})
    except Exception:
        traceback.print_exc()


if __name__ == "__main__":
    main(sys.argv[1])
