"""Run `freqtrade list-strategies` once over a directory and parse its table."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

FREQTRADE = [sys.executable, "-m", "freqtrade"]


def list_strategies(strategy_dir: Path, workdir: Path) -> dict[str, tuple[str, str]]:
    """Return {file name: (class name, status)} for every file freqtrade saw in the directory."""
    userdir = workdir / "userdir"
    subprocess.run(
        [*FREQTRADE, "create-userdir", "--userdir", str(userdir)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    # create-userdir drops a sample strategy in; remove it so the directory is ours alone.
    for sample in (userdir / "strategies").glob("*.py"):
        sample.unlink()
    env = {**os.environ, "COLUMNS": "400", "NO_COLOR": "1"}
    result = subprocess.run(
        [
            *FREQTRADE,
            "list-strategies",
            "--no-color",
            *("--userdir", str(userdir)),
            *("--strategy-path", str(strategy_dir)),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return parse_table(result.stdout)


def parse_table(output: str) -> dict[str, tuple[str, str]]:
    """Parse rows of the rich table: "│ Name │ file.py │ OK │ ...│"."""
    rows: dict[str, tuple[str, str]] = {}
    for line in output.splitlines():
        cells = [cell.strip() for cell in line.split("│")]
        if len(cells) < 5 or not cells[2].endswith(".py"):
            continue
        rows[cells[2]] = (cells[1], cells[3])
    return rows
