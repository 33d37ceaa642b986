"""Bots' directories stay within bounds: console logs are trimmed, a hog's writes removed."""

from __future__ import annotations

from pathlib import Path

from ai_strategies.jail import dir_usage
from orchestrator.runner.disk import clear_written, trim_console_log
from orchestrator.runner.files import BotFiles


def test_a_console_log_over_its_cap_keeps_only_its_last_whole_lines(tmp_path: Path) -> None:
    log = tmp_path / "stderr.log"
    log.write_bytes(b"".join(b"line %06d\n" % n for n in range(10_000)))  # 120,000 bytes
    assert trim_console_log(log, cap=100_000, keep=1_000)
    lines = log.read_bytes().splitlines()
    assert lines[0] == b"[earlier console output trimmed]"
    assert lines[-1] == b"line 009999"
    assert all(line.startswith(b"line ") and len(line) == 11 for line in lines[1:])
    assert len(log.read_bytes()) <= 1_000 + 40
    # Under the cap (and missing files) it is left alone.
    assert not trim_console_log(log, cap=100_000, keep=1_000)
    assert not trim_console_log(tmp_path / "missing.log")


def test_appends_after_a_trim_land_at_the_end(tmp_path: Path) -> None:
    log = tmp_path / "stderr.log"
    log.write_bytes(b"x" * 5_000 + b"\nlast\n")
    with log.open("ab") as writer:  # the bot's console, open for appending all along
        assert trim_console_log(log, cap=1_000, keep=100)
        writer.write(b"after\n")
    assert log.read_bytes().endswith(b"\nlast\nafter\n")


def test_clearing_a_hog_keeps_our_files_and_drops_everything_it_wrote(tmp_path: Path) -> None:
    files = BotFiles(tmp_path / "bot")
    files.prepare("Mine", "class Mine: pass\n")
    files.config.write_text("{}")
    files.log.write_bytes(b"log line\n" * 200_000)
    (files.userdir / "data").mkdir()
    (files.userdir / "data" / "big.bin").write_bytes(b"\0" * 3_000_000)
    bomb = files.root / "bomb"
    bomb.mkdir()
    for index in range(50):
        (bomb / f"part{index}").write_bytes(b"z" * 10_000)
    (files.root / "loose.bin").write_bytes(b"z" * 1_000_000)

    clear_written(files)

    assert sorted(p.name for p in files.root.iterdir()) == [
        "config.json",
        "freqtrade.log",
        "strategies",
    ]
    assert (files.strategies / "Mine.py").exists()
    assert files.log.read_bytes().endswith(b"log line\n")
    used, entries = dir_usage(files.root)
    assert used < 1_200_000 and entries == 4
