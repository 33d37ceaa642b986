"""Load rendered strategies as Freqtrade would, and make synthetic candles to run them on."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from freqtrade.strategy import IStrategy

from ai_strategies.spec import StrategySpec, render_strategy


def load_strategy(
    spec: StrategySpec, directory: Path, name: str = "SpecUnderTest", *, hyperopt: bool = False
) -> IStrategy:
    """Render a spec to a file, import it and return its strategy, parameters loaded.

    With `hyperopt`, the parameters are loaded as for a hyperopt run over the buy, sell and
    protection spaces (so `.range` spans each parameter's whole range).
    """
    path = directory / f"{name.lower()}.py"
    path.write_text(render_strategy(spec, name).code)
    module_name = f"spec_strategy_{name.lower()}_{abs(hash(str(directory)))}"
    loader = importlib.util.spec_from_file_location(module_name, path)
    assert loader is not None and loader.loader is not None
    module = importlib.util.module_from_spec(loader)
    sys.modules[module_name] = module
    loader.loader.exec_module(module)
    config = {"timeframe": spec.timeframe, "spaces": ["buy", "sell", "protection"]}
    strategy: IStrategy = getattr(module, name)(config)
    strategy.ft_load_hyper_params(hyperopt)
    return strategy


def candles(count: int = 3000, seed: int = 7, freq: str = "5min") -> pd.DataFrame:
    """Return a random-walk OHLCV frame with a UTC date column, as Freqtrade passes it."""
    rng = np.random.default_rng(seed)
    close = 100 * np.exp(np.cumsum(rng.normal(0, 0.004, count)))
    opened = np.concatenate([[close[0]], close[:-1]])
    spread = np.abs(rng.normal(0, 0.002, count)) * close
    return pd.DataFrame(
        {
            "date": pd.date_range("2024-01-01", periods=count, freq=freq, tz="UTC"),
            "open": opened,
            "high": np.maximum(opened, close) + spread,
            "low": np.minimum(opened, close) - spread,
            "close": close,
            "volume": rng.uniform(1, 10, count),
        }
    )


def run_signals(strategy: IStrategy, frame: pd.DataFrame, pair: str) -> pd.DataFrame:
    """Run populate_indicators, populate_entry_trend and populate_exit_trend on a frame."""
    metadata = {"pair": pair}
    frame = strategy.populate_indicators(frame.copy(), metadata)
    frame = strategy.populate_entry_trend(frame, metadata)
    return strategy.populate_exit_trend(frame, metadata)
