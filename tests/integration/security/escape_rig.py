"""The rig around the strategy-escape corpus: fill templates, watch for acts, run the validator.

The corpus (`tests/fixtures/strategies/escapes/*.py`) holds complete Freqtrade strategies,
each trying ONE harmful act at import time or in `populate_indicators`. Each file is a
template: the placeholders below are replaced by plain text substitution
(`str.replace`, not `str.format`), so templates need no brace escaping. Only these exact
tokens are replaced; write them inside string literals (`MARKER = "{MARKER}"`,
`PORT = int("{PORT}")`) and never as fields of an f-string:

- `{MARKER}`: absolute path of a file the attack tries to create or append to; its
  existence is the universal "harm happened" signal. Its base name is unique per file
  and per run, so attacks that write elsewhere (/tmp, the datadir, the virtualenv) name
  their file after it and the rig finds those too.
- `{HOST}` / `{PORT}`: a TCP listener on the host's 127.0.0.1 that records every
  connection (it answers HTTP requests with 204). Attacks send `MARKER|loot`.
- `{CANARY_FILE}`: a host file (mode 0600) holding the canary.
- `{CANARY}`: the canary itself, as the validating process has it in its environment
  (`NOFOMO_CANARY`, `TRIPAY_PRIVATE_KEY`). The corpus deliberately never embeds it:
  the rig looks for the canary everywhere, and an attack must *obtain* it.
- `{CANARY_PREFIX}`: the canary's public prefix, for attacks that scan memory.
- `{DATA_DIR}`: the validator's DATA_DIR: `vault.key`, `bots/<id>/config.json` (both
  holding secrets) and the market data the validator downloads.

An attack that obtains something writes it to the marker, sends it to the listener,
prints it and raises it (so a leak into the validator's output is caught too). An
attack that breaks a resource limit says so with `ESCAPE-PROOF` in its exception text.
Every file starts with `# attack:`, `# class:` (one of `CLASSES`) and `# act:` lines.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import secrets
import socketserver
import subprocess
import sys
import sysconfig
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import psutil

PROJECT = Path(__file__).resolve().parents[3]
CORPUS = PROJECT / "tests" / "fixtures" / "strategies" / "escapes"
RUN_UNLINTED = Path(__file__).with_name("run_unlinted.py")
RUN_UNCONFINED = Path(__file__).with_name("run_unconfined.py")
PLACEHOLDERS = ("MARKER", "HOST", "PORT", "CANARY_FILE", "CANARY_PREFIX", "CANARY", "DATA_DIR")
CLASSES = ("attribute-chain", "string-names", "unchecked-places", "frames", "runtime")
CANARY_PREFIX = "NOFOMO-CANARY-"
PROOF = "ESCAPE-PROOF"
SANDBOX_UIDS = range(3_000_000, 4_000_000)
DAEMON_GRACE_S = 25  # the corpus's delayed acts fire 20-22 s after they were planted
_PLACEHOLDER_RE = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")
_HEADER_RE = re.compile(r"^# (attack|class|act): (.+)$", re.MULTILINE)


def corpus_files() -> list[Path]:
    """Return the escape templates, sorted by name."""
    return sorted(CORPUS.glob("*.py"))


def header(path: Path) -> dict[str, str]:
    """Return a template's `# attack:`, `# class:` and `# act:` lines."""
    return dict(_HEADER_RE.findall(path.read_text(encoding="utf-8")))


class _Recorder(socketserver.BaseRequestHandler):
    """Record one connection: the peer at once, then whatever it sends within 2 s."""

    def handle(self) -> None:
        server: Listener = self.server  # type: ignore[assignment]
        seen = Connection(peer=str(self.client_address))
        server.connections.append(seen)
        self.request.settimeout(2)
        with contextlib.suppress(OSError):
            while len(seen.data) < 65536:
                chunk = self.request.recv(4096)
                if not chunk:
                    break
                seen.data += chunk
                if seen.data.startswith(b"GET") and b"\r\n\r\n" in seen.data:
                    self.request.sendall(b"HTTP/1.0 204 No Content\r\n\r\n")
                    break


@dataclass
class Connection:
    """One connection the listener accepted."""

    peer: str
    data: bytes = b""


class Listener(socketserver.ThreadingTCPServer):
    """A TCP listener on 127.0.0.1 that records every connection it accepts."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Recorder)
        self.connections: list[Connection] = []
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        """Return the port it listens on."""
        return int(self.server_address[1])

    def close(self) -> None:
        """Stop serving."""
        self.shutdown()
        self.server_close()


@dataclass
class Verdict:
    """What the validator said about one file."""

    ok: bool | None  # None: no verdict (the validator aborted or stopped first)
    codes: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    ran: bool = False  # the file reached the sandboxed run (not only the static check)
    aborted: str = ""

    @property
    def outcome(self) -> str:
        """Return refused/neutralised/aborted/missing, as the report shows it."""
        if self.ok is True:
            return "neutralised"
        if self.ok is False:
            return "refused-run" if self.ran else "refused-static"
        return "aborted" if self.aborted else "missing"


@dataclass
class Batch:
    """The verdicts of one validation of the corpus and everything the validator printed."""

    verdicts: dict[str, Verdict]
    output: str
    invocations: int
    seconds: float


@dataclass
class Rig:
    """One run's private world: corpus copy, markers, secrets, fake DATA_DIR and listener."""

    root: Path
    listener: Listener
    token: str
    canary: str
    vault_secret: str

    @classmethod
    @contextlib.contextmanager
    def create(cls, root: Path) -> Iterator[Rig]:
        """Create the rig under `root` (an empty dir the caller owns) and close it afterwards."""
        listener = Listener()
        rig = cls(
            root=root,
            listener=listener,
            token=secrets.token_hex(4),
            canary=CANARY_PREFIX + secrets.token_hex(16),
            vault_secret=base64.b64encode(secrets.token_bytes(32)).decode(),
        )
        try:
            rig._seed()
            yield rig
        finally:
            listener.close()
            rig.remove_strays()

    @property
    def corpus_dir(self) -> Path:
        return self.root / "corpus"

    @property
    def markers_dir(self) -> Path:
        return self.root / "markers"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def canary_file(self) -> Path:
        return self.root / "secrets" / "canary.txt"

    @property
    def seeded_secret_files(self) -> list[Path]:
        """Return the files that hold secrets on purpose (excluded from the leak scan)."""
        return [self.canary_file, self.data_dir / "vault.key", *self.data_dir.glob("bots/*/*")]

    @property
    def secrets(self) -> dict[str, str]:
        """Return the secrets that must never come out: {what: value}."""
        return {"canary": self.canary, "vault key": self.vault_secret}

    def _seed(self) -> None:
        """Create the markers dir, the canary file and a DATA_DIR like production's."""
        for directory in (self.corpus_dir, self.markers_dir, self.canary_file.parent):
            directory.mkdir(parents=True)
        _write_private(self.canary_file, self.canary + "\n")
        _write_private(self.data_dir / "vault.key", f"1:{self.vault_secret}\n")
        for index in range(2):
            config = {
                "bot_name": f"tenant-{index}",
                "exchange": {"name": "binance", "key": f"tenant{index}", "secret": self.canary},
            }
            _write_private(
                self.data_dir / "bots" / f"bot-{index}" / "config.json", json.dumps(config)
            )

    def marker(self, stem: str) -> Path:
        """Return the marker path of one attack (its base name is unique to this rig)."""
        return self.markers_dir / f"{stem}-{self.token}.hit"

    def values(self, stem: str) -> dict[str, str]:
        """Return the placeholder values for one attack."""
        return {
            "MARKER": str(self.marker(stem)),
            "HOST": "127.0.0.1",
            "PORT": str(self.listener.port),
            "CANARY_FILE": str(self.canary_file),
            "CANARY_PREFIX": CANARY_PREFIX,
            "CANARY": self.canary,
            "DATA_DIR": str(self.data_dir),
        }

    def fill(self, templates: Iterable[Path]) -> list[Path]:
        """Write the filled copies of `templates` into the rig's corpus dir."""
        filled = []
        for template in templates:
            source = template.read_text(encoding="utf-8")
            text = fill_placeholders(source, self.values(template.stem))
            target = self.corpus_dir / template.name
            target.write_text(text, encoding="utf-8")
            filled.append(target)
        return filled

    def env(self, **overrides: str) -> dict[str, str]:
        """Return the validator's environment: minimal, with the secrets it must keep."""
        env = {
            "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", "/root"),
            "LANG": "C.UTF-8",
            "PTB_TIMEDELTA": "1",
            "ENVIRONMENT": "local",
            "EXCHANGE_MODE": "emulator",
            "LLM_API_KEY": "",
            "LOG_LEVEL": "WARNING",
            "DATA_DIR": str(self.data_dir),
            "NOFOMO_CANARY": self.canary,
            "TRIPAY_PRIVATE_KEY": self.canary,
            "VAULT_KEYS": f"1:{self.vault_secret}",
        }
        return {**env, **overrides}

    # -- what happened ------------------------------------------------------------------

    def acts(self, stem: str) -> list[str]:
        """Return every act of one attack the host can see: files it made, connections."""
        marker = self.marker(stem)
        found = []
        if marker.exists():
            found.append(f"marker written: {_head(marker)!r}")
        for path in self._files_named(marker.name):
            if path != marker:
                found.append(f"file written outside its workdir: {path}")
        for connection in self.listener.connections:
            if marker.name.encode() in connection.data:
                found.append(f"listener connection: {connection.data[:300]!r}")
        return found

    def unattributed_acts(self, stems: Iterable[str]) -> list[str]:
        """Return listener connections that name no attack (any connection is an act)."""
        names = [self.marker(stem).name.encode() for stem in stems]
        return [
            f"listener connection from {c.peer}: {c.data[:300]!r}"
            for c in self.listener.connections
            if not any(name in c.data for name in names)
        ]

    def _files_named(self, name: str) -> list[Path]:
        """Find files called `name` where attacks that write outside the workdir put them."""
        places = [Path("/tmp"), Path(sysconfig.get_paths()["purelib"]), PROJECT]
        found = [p / name for p in places if (p / name).exists()]
        return found + sorted(self.root.rglob(name))

    def leaks(self, output: str) -> list[str]:
        """Return where a secret shows up: the validator's output or any file of the rig."""
        found = [
            f"{what} in the validator's output" for what, v in self.secrets.items() if v in output
        ]
        skip = set(self.seeded_secret_files)
        for path in self.root.rglob("*"):
            if path in skip or not path.is_file() or path.is_symlink():
                continue
            data = path.read_bytes()
            found += [f"{what} in {path}" for what, v in self.secrets.items() if v.encode() in data]
        return found

    def stray_processes(self, settle: float = 2.0) -> list[str]:
        """Return processes left behind: naming the rig, or sandbox uids outside any sandbox.

        A candidate must still be there after `settle` seconds: a sandbox's launcher holds
        its uid for a moment before it becomes bwrap (another test's sandbox starting).
        """
        first = {_identity(p) for p in _stray_candidates(str(self.root))}
        if not first:
            return []
        time.sleep(settle)
        found = []
        for proc in _stray_candidates(str(self.root)):
            with contextlib.suppress(psutil.Error):
                if _identity(proc) in first:
                    found.append(
                        f"pid {proc.pid} uid {proc.uids().real} {proc.status()}: "
                        f"{' '.join(proc.cmdline())[:200]}"
                    )
        return found

    def remove_strays(self) -> None:
        """Kill leftover processes that name this rig (they came from its attacks)."""
        for proc in _stray_candidates(str(self.root)):
            with contextlib.suppress(psutil.Error):
                if str(self.root) in " ".join(proc.cmdline()):
                    proc.kill()
        for place in (Path("/tmp"), Path(sysconfig.get_paths()["purelib"]), PROJECT):
            for path in place.glob(f"*-{self.token}.hit"):
                path.unlink(missing_ok=True)

    # -- running the validator ------------------------------------------------------------

    def validate(
        self,
        files: Sequence[Path],
        *,
        unlinted: bool = False,
        env: Mapping[str, str] | None = None,
        workers: int = 1,
    ) -> Batch:
        """Run `nofomo strategy validate --json` on `files` in `workers` parallel batches.

        The CLI stops at the first file it cannot judge (exit 2, e.g. no sandbox); that
        file is recorded as aborted and the CLI runs again on the files after it.
        `unlinted` replaces the static check by a bare parse, so every file reaches the run.
        """
        entry = [str(RUN_UNLINTED)] if unlinted else ["-m", "nofomo.cli"]
        command = [sys.executable, *entry, "strategy", "validate", "--json"]
        chunks = [[str(f) for f in files[index::workers]] for index in range(workers)]
        started = time.monotonic()
        with ThreadPoolExecutor(workers) as pool:
            parts = list(
                pool.map(lambda chunk: _validate(command, chunk, env or self.env()), chunks)
            )
        return Batch(
            verdicts={path: v for part in parts for path, v in part.verdicts.items()},
            output="\n".join(part.output for part in parts),
            invocations=sum(part.invocations for part in parts),
            seconds=time.monotonic() - started,
        )

    def run_unconfined(self, path: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        """Run one filled attack with no confinement at all (the harness's self-test)."""
        return subprocess.run(
            [sys.executable, str(RUN_UNCONFINED), str(path)],
            cwd=self.root, env=self.env(), capture_output=True, text=True,
            timeout=timeout, check=False,
        )  # fmt: skip


def fill_placeholders(text: str, values: Mapping[str, str]) -> str:
    """Replace each placeholder token by its value (plain text, no format syntax)."""
    return _PLACEHOLDER_RE.sub(lambda match: values[match[1]], text)


def _validate(command: list[str], files: list[str], env: Mapping[str, str]) -> Batch:
    """Run the CLI on `files` until each has a verdict or is recorded as aborted."""
    verdicts: dict[str, Verdict] = {}
    output, remaining, invocations = [], list(files), 0
    started = time.monotonic()
    while remaining:
        invocations += 1
        done = subprocess.run(
            [*command, *remaining], cwd=PROJECT, env=dict(env),
            capture_output=True, text=True, timeout=840, check=False,
        )  # fmt: skip
        output += [done.stdout, done.stderr]
        for line in done.stdout.splitlines():
            with contextlib.suppress(ValueError):
                verdict = json.loads(line)
                verdicts[verdict["path"]] = _verdict(verdict)
        unreported = [path for path in remaining if path not in verdicts]
        if not unreported:
            break
        if done.returncode != 2:
            verdicts.update(dict.fromkeys(unreported, Verdict(ok=None)))
            break
        last = (done.stderr.strip().splitlines() or [f"exit code {done.returncode}"])[-1]
        verdicts[unreported[0]] = Verdict(ok=None, aborted=last[:300])
        remaining = unreported[1:]
    return Batch(verdicts, "\n".join(output), invocations, time.monotonic() - started)


def _verdict(raw: Mapping[str, object]) -> Verdict:
    """Build a verdict from one line of `--json` output."""
    reasons = raw.get("reasons") or []
    timings = raw.get("timings") or {}
    assert isinstance(reasons, list) and isinstance(timings, dict)
    return Verdict(
        ok=bool(raw["ok"]),
        codes=[str(r["code"]) for r in reasons],
        messages=[str(r["message"]) for r in reasons],
        ran="backtest" in timings,
    )


def _write_private(path: Path, text: str) -> None:
    """Write a file only its owner may read (0600)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)


def _head(path: Path, size: int = 200) -> bytes:
    """Return the first bytes of a file."""
    with path.open("rb") as file:
        return file.read(size)


def _stray_candidates(rig_root: str) -> list[psutil.Process]:
    """Processes naming the rig, or in the sandbox uid range yet inside no bwrap sandbox."""
    found = []
    me = os.getpid()
    for proc in psutil.process_iter(["pid", "uids", "cmdline", "status"]):
        with contextlib.suppress(psutil.Error):
            if proc.pid == me or proc.info["status"] == psutil.STATUS_ZOMBIE:
                continue
            cmdline = " ".join(proc.info["cmdline"] or [])
            uid = proc.info["uids"].real if proc.info["uids"] else -1
            if rig_root in cmdline or (uid in SANDBOX_UIDS and not _inside_bwrap(proc)):
                found.append(proc)
    return found


def _identity(proc: psutil.Process) -> tuple[int, float]:
    """Return what tells a process apart from a later one with the same pid."""
    with contextlib.suppress(psutil.Error):
        return proc.pid, proc.create_time()
    return proc.pid, 0.0


def _inside_bwrap(proc: psutil.Process) -> bool:
    """Tell whether a bwrap process is among `proc`'s ancestors (or is `proc`)."""
    with contextlib.suppress(psutil.Error):
        return any(p.name() == "bwrap" for p in [proc, *proc.parents()])
    return True  # it vanished while we looked: it was not left behind


def sandbox_available() -> bool:
    """Tell whether this host can run the sandbox (the validator refuses tenant code if not)."""
    from ai_strategies.sandbox import status

    return status().ok
