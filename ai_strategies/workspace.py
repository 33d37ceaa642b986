"""A throwaway directory for one confined Freqtrade command on one strategy."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ai_strategies.ftconfig import make_userdir, write_config


@dataclass(frozen=True)
class Workspace:
    """Paths of a scratch run: an empty user dir holding only this strategy, and a config."""

    root: Path
    userdir: Path
    config: Path
    results: Path
    markets: Path  # the exchange's markets, replayed to Freqtrade (runs have no network)

    def strategy_args(
        self, class_name: str, *, datadir: Path, pair: str, timeframe: str, timerange: str
    ) -> list[str]:
        """Return the arguments every strategy command shares."""
        return [
            "-c", str(self.config), "--userdir", str(self.userdir), "-d", str(datadir),
            "-s", class_name, "-i", timeframe, "-p", pair, "--timerange", timerange,
            "--data-format-ohlcv", "feather",
        ]  # fmt: skip


@contextlib.contextmanager
def strategy_workspace(
    code: str, class_name: str, config: Mapping[str, Any], markets: Path
) -> Iterator[Workspace]:
    """Create a scratch dir with the strategy, config and markets; delete it afterwards."""
    with tempfile.TemporaryDirectory(prefix="nofomo-strategy-") as scratch:
        root = Path(scratch)
        userdir = make_userdir(root)
        (userdir / "strategies" / f"{class_name}.py").write_text(code, encoding="utf-8")
        results = root / "results"
        results.mkdir()
        replayed = shutil.copyfile(markets, root / "markets.json")
        yield Workspace(root, userdir, write_config(root, config), results, replayed)
