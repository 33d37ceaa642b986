"""Every strategy-escape attempt, run as a live custom-code bot, harms nothing.

The validation-time run (`tests/integration/security/test_escapes_validation.py`) proves
the validator holds; this one starts each file of the same corpus as a bot on a worker
node whose static check is switched off, so the sandbox alone stands between the file and
the host: its own uid, no network but its gateway, its own directory, a process limit and
a disk budget. Each file is filled by the same rig (markers, listener, canaries), with
`{DATA_DIR}` pointing at the worker's real data directory, which holds other tenants'
configs and a vault key file.

Every file must be seen to run (its `populate_indicators` entered, or its start refused
with a reason), and afterwards the host must show none of its acts: no marker, no file
named after it, no listener connection, no secret in any bot's files, the worker's log or
the bots' failure reasons, no `ESCAPE-PROOF` of a broken limit, no process left.
"""

from __future__ import annotations

import ast
import asyncio
import json
import logging
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest

from ai_strategies.jail import dir_usage
from nofomo.worker import WorkerNode
from orchestrator.core.runtime import Runtime
from orchestrator.runner.disk import MIB
from orchestrator.runner.files import BotFiles
from orchestrator.runner.sandbox import bot_uid
from tests.integration.runner.conftest import BotFactory, NodeFactory
from tests.integration.security.escape_rig import (
    DAEMON_GRACE_S,
    PROOF,
    Rig,
    corpus_files,
    fill_placeholders,
    sandbox_available,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(1800),
    pytest.mark.skipif(not sandbox_available(), reason="bubblewrap is not usable here"),
]

BATCH = 8  # bots at once: 2 cores, ~260 MiB each
REACH_S = 120
REACHED = "populate_indicators.reached"
# Appended to each filled file: proof that the bot ran the attack's code. Written next to
# the strategy file (the bot's own directory), whatever the attack did to its cwd.
TRACE = """

def _nofomo_trace(cls):
    from pathlib import Path as _Path

    original = cls.populate_indicators
    mark = _Path(__file__).resolve().parents[1] / "{reached}"

    def traced(self, dataframe, metadata):
        mark.touch()
        return original(self, dataframe, metadata)

    cls.populate_indicators = traced


_nofomo_trace({cls})
"""


@dataclass
class Run:
    """One attack started as a bot, and what became of it."""

    stem: str
    bot_id: uuid.UUID
    files: BotFiles
    start: str = ""  # "" when it started; else why it did not (its code failed, or was stopped)
    reached: bool = False
    ended: str = ""  # why it stopped while it ran, when it did (its failure reason)


def class_of(code: str) -> str:
    """Return the name of the file's strategy class (its first class)."""
    return next(n.name for n in ast.parse(code).body if isinstance(n, ast.ClassDef))


def outcome(run: Run) -> str:
    """Say in a few words what became of one attack's bot."""
    if run.start:
        return f"did not start: {run.start[:120]}"
    if run.ended:
        return f"stopped: {run.ended[:120]}"
    return "ran" if run.reached else "never seen to run"


def seed_data_dir(data_dir: Path, rig: Rig) -> list[Path]:
    """Give the worker's data dir what an attacker wants: other bots' configs, a vault key."""
    seeded = []
    for index in range(2):
        path = data_dir / "bots" / str(uuid.uuid4()) / "config.json"
        config = {"exchange": {"key": f"tenant{index}", "secret": rig.canary}}
        seeded.append(_write_private(path, json.dumps(config)))
    seeded.append(_write_private(data_dir / "vault.key", f"1:{rig.vault_secret}\n"))
    return seeded


def _write_private(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.write_text(text)
    os.chmod(path, 0o600)
    return path


async def start_one(
    runtime: Runtime, node: WorkerNode, make_bot: BotFactory, rig: Rig, template: Path
) -> Run:
    """Fill one attack, create its bot and start it on the node."""
    values = {**rig.values(template.stem), "DATA_DIR": str(runtime.settings.data_dir)}
    code = fill_placeholders(await asyncio.to_thread(template.read_text, encoding="utf-8"), values)
    cls = class_of(code)
    code += TRACE.format(reached=REACHED, cls=cls)
    _, bot_id = await make_bot(code=code, class_name=cls, timeframe="5m")
    async with runtime.db.as_service() as conn:
        await conn.execute("update bots set desired_state = 'running' where id = $1", bot_id)
    run = Run(template.stem, bot_id, BotFiles(runtime.settings.data_dir / "bots" / str(bot_id)))
    result = await node.manager.start(bot_id)
    run.start = "" if result.ok else result.detail or "refused"
    return run


async def watch_and_stop(runtime: Runtime, node: WorkerNode, run: Run) -> None:
    """Wait until the attack's code ran (or its bot is gone), then stop the bot."""
    deadline = time.monotonic() + REACH_S
    while not run.start and time.monotonic() < deadline:
        run.reached = (run.files.root / REACHED).exists()
        if run.reached or run.bot_id not in node.manager.bots:
            break
        await asyncio.sleep(0.5)
    await asyncio.sleep(3)  # let the attack finish what it set out to do
    if not run.start and run.bot_id not in node.manager.bots:
        async with runtime.db.as_service() as conn:
            reason = "select failure_reason from bots where id = $1"
            run.ended = await conn.fetchval(reason, run.bot_id) or "ended"
    async with runtime.db.as_service() as conn:  # or reconcile starts it again
        await conn.execute("update bots set desired_state = 'stopped' where id = $1", run.bot_id)
    await node.manager.stop(run.bot_id, "test")


async def run_batch(
    runtime: Runtime, node: WorkerNode, make_bot: BotFactory, rig: Rig, batch: list[Path]
) -> list[Run]:
    """Start a batch of attacks together, let them act, and stop them."""
    runs = list(await asyncio.gather(*(start_one(runtime, node, make_bot, rig, t) for t in batch)))
    await asyncio.gather(*(watch_and_stop(runtime, node, run) for run in runs))
    return runs


def traces(run: Run, data_dir: Path, rig: Rig) -> list[str]:
    """Return what the host saw of one attack: its acts, and files named after it."""
    found = rig.acts(run.stem)
    name = rig.marker(run.stem).name
    own = run.files.root
    found += [
        f"file outside its directory: {path}"
        for path in data_dir.rglob(name)
        if own not in path.parents
    ]
    return found


def leaked(rig: Rig, data_dir: Path, seeded: list[Path], texts: dict[str, str]) -> list[str]:
    """Return where a secret shows up: a bot's files, the worker's log, failure reasons."""
    found = rig.leaks("")
    for path in data_dir.rglob("*"):
        if path in seeded or not path.is_file() or path.is_symlink():
            continue
        data = path.read_bytes()
        found += [f"{what} in {path}" for what, v in rig.secrets.items() if v.encode() in data]
    for where, text in texts.items():
        found += [f"{what} in {where}" for what, v in rig.secrets.items() if v in text]
    return found


def bot_processes(runs: list[Run]) -> list[str]:
    """Return processes still running as any of the bots' uids."""
    uids = {bot_uid(run.bot_id) for run in runs}
    return [
        f"pid {p.pid} uid {p.info['uids'].real}: {' '.join(p.info['cmdline'] or [])[:200]}"
        for p in psutil.process_iter(["uids", "cmdline"])
        if p.info["uids"] and p.info["uids"].real in uids
    ]


async def test_every_escape_attempt_run_as_a_bot_harms_nothing(
    runtime: Runtime,
    make_node: NodeFactory,
    make_bot: BotFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    data_dir = runtime.settings.data_dir
    (tmp_path / "rig").mkdir()
    caplog.set_level(logging.INFO)
    with Rig.create(tmp_path / "rig") as rig:
        # The worker holds secrets a bot must never reach, in its environment too.
        for name in ("NOFOMO_CANARY", "TRIPAY_PRIVATE_KEY"):
            monkeypatch.setenv(name, rig.canary)
        seeded = seed_data_dir(data_dir, rig)
        node = await make_node(strategy_check=None)
        assert node.manager.sandbox_ok
        templates = corpus_files()
        runs: list[Run] = []
        started = time.monotonic()
        for index in range(0, len(templates), BATCH):
            runs += await run_batch(runtime, node, make_bot, rig, templates[index : index + BATCH])
        await asyncio.sleep(DAEMON_GRACE_S)  # the corpus's delayed acts fire 20-22 s later
        elapsed = time.monotonic() - started

        async with runtime.db.as_service() as conn:
            reasons = await conn.fetch(
                "select id, coalesce(failure_reason, '') as reason from bots where id = any($1)",
                [run.bot_id for run in runs],
            )
        texts = {"the worker's log": caplog.text}
        texts |= {f"failure reason of {r['id']}": r["reason"] for r in reasons}
        report = {
            run.stem: "ran" if run.reached else f"did not start: {run.start[:120]}" for run in runs
        }
        print(f"{len(runs)} attacks as bots in {elapsed:.0f} s:\n" + json.dumps(report, indent=1))

        # A bot that did not start must have failed on its own code (its import raised,
        # Freqtrade refused it), not for want of room or on our side.
        # The disk budget stops a bot (and clears what it wrote) before it is seen to run.
        unproven = [
            run.stem
            for run in runs
            if not run.reached
            and not run.start.startswith(("strategy_failed", "crashed"))
            and not run.ended.startswith("disk_limit")
        ]
        assert not unproven, f"never seen to run: {unproven}"
        acts = {run.stem: traces(run, data_dir, rig) for run in runs}
        assert not {stem: found for stem, found in acts.items() if found}
        assert not rig.unattributed_acts(run.stem for run in runs)
        assert not leaked(rig, data_dir, seeded, texts)
        proofs = [
            f"{run.stem}: {line}" for run in runs for line in run.files.tail(400) if PROOF in line
        ]
        assert not proofs, proofs
        assert not bot_processes(runs)
        assert not rig.stray_processes()
        # Nothing a bot wrote outlives its budget on the worker's disk.
        budget = runtime.settings.sandbox_bot_disk_mb * MIB
        for run in runs:
            assert dir_usage(run.files.root)[0] <= budget, run.stem
