"""Run a command in a bubblewrap sandbox as an unprivileged user: where tenant code runs.

Inside: new user, pid, ipc, uts, cgroup and network namespaces (loopback only), a
read-only view of the system, Python and the virtualenv, one private writable
directory, and nothing else of the host: no DATA_DIR, no vault key, no other bots, no
host /proc. Every descendant dies with the sandbox (it is their pid namespace's init).

Tenant code never runs as root. When the caller is root (a worker in a container, CI),
`enter` first stages the read-only sources in a private mount namespace (so that paths
under /root stay reachable) and then drops to an unprivileged uid of its own, which
also makes the process-count limit per sandbox.
"""

from __future__ import annotations

import ctypes
import functools
import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import NoReturn

# Unprivileged uids for sandboxes started by root: far above any real account's uid.
UID_BASE = 3_000_000
UID_SPAN = 1_000_000
_CLONE_NEWNS = 0x00020000
_PR_SET_PDEATHSIG = 1
_MS_BIND, _MS_REC, _MS_PRIVATE = 4096, 16384, 1 << 18
_SYSTEM_DIRS = ("/usr", "/bin", "/lib", "/lib64", "/sbin")
# A tmpfs is host memory that no rlimit counts: keep the sandbox's /tmp small.
TMP_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Confinement:
    """How to confine one command: its writable dir, read-only extras and limits."""

    workdir: str
    stage: str  # an empty dir (mode 0711) the caller creates and removes: root's staging point
    readonly: tuple[str, ...] = ()
    uid: int = 0  # when the caller is root: the uid to run as (0 = pick one)
    max_processes: int = 64
    env: dict[str, str] = field(default_factory=dict)
    # When set: die with this process (our parent), and give up if it is already gone.
    parent_pid: int = 0
    chdir: str = ""  # where the command starts inside (default: the workdir)
    # The command is the sandbox's init (it must reap and pass signals on); bwrap then
    # waits for it, so nothing of the sandbox outlives bwrap, even under an init that
    # does not reap orphans.
    as_pid_1: bool = False

    def to_json(self) -> str:
        """Serialise for the jail's command line (no secrets travel here)."""
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Confinement:
        """Rebuild from `to_json`."""
        data = json.loads(text)
        return cls(**{**data, "readonly": tuple(data["readonly"])})


def pick_uid() -> int:
    """Return an unprivileged uid for one sandbox (collisions are harmless: no shared view)."""
    return UID_BASE + random.randrange(UID_SPAN)


def runtime_sources() -> list[str]:
    """Return the read-only paths Python and Freqtrade need: interpreter and virtualenv."""
    paths = {sys.base_prefix, sys.prefix, os.path.realpath(sys.executable)}
    found: list[str] = []
    for path in sorted(paths):
        directory = path if os.path.isdir(path) else os.path.dirname(path)
        if not any(directory.startswith(f"{seen}/") or directory == seen for seen in found):
            found.append(directory)
    return [p for p in found if not p.startswith("/usr/")]


def bwrap_args(conf: Confinement, sources: dict[str, str], argv: Sequence[str]) -> list[str]:
    """Build bwrap's command line: binds from `sources` ({inside path: host path})."""
    # --unshare-user explicitly: bwrap skips it silently under uid 0, and a nested user
    # namespace inside would be a way back to capabilities, so that is disabled too.
    args = [shutil.which("bwrap") or "bwrap", "--unshare-all", "--unshare-user"]
    args += ["--disable-userns", "--die-with-parent"]
    args += ["--new-session", "--proc", "/proc", "--dev", "/dev"]
    args += ["--size", str(TMP_BYTES), "--tmpfs", "/tmp"]  # noqa: S108
    if conf.as_pid_1:
        args.append("--as-pid-1")
    for path in _SYSTEM_DIRS:
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            args += ["--ro-bind", sources.get(path, path), path]
    for inside, host in sources.items():
        if inside not in _SYSTEM_DIRS and inside != conf.workdir:
            args += ["--ro-bind", host, inside]
    # Root stages the workdir too: its uid may not traverse the workdir's parents on the host.
    args += ["--bind", sources.get(conf.workdir, conf.workdir), conf.workdir]
    args += ["--chdir", conf.chdir or conf.workdir, "--clearenv"]
    for name, value in sorted(conf.env.items()):
        args += ["--setenv", name, value]
    return [*args, "--", *argv]


def _libc_call(name: str, *args: object) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if getattr(libc, name)(*args) != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{name}: {os.strerror(errno)}")


def _stage(stage: str, paths: Sequence[str]) -> dict[str, str]:
    """As root, in a private mount namespace: bind each path under a world-readable stage."""
    _libc_call("unshare", _CLONE_NEWNS)
    _libc_call("mount", b"none", b"/", None, _MS_REC | _MS_PRIVATE, None)
    _libc_call("mount", b"tmpfs", stage.encode(), b"tmpfs", 0, b"mode=0755")
    staged = {}
    for index, path in enumerate(paths):
        target = os.path.join(stage, str(index))
        os.mkdir(target)
        _libc_call("mount", path.encode(), target.encode(), None, _MS_BIND | _MS_REC, None)
        staged[path] = target
    return staged


def _die_with_parent(parent_pid: int) -> None:
    """Get SIGKILL when our parent dies, and exit now if it already has.

    Call it after any uid change: the kernel clears the parent-death signal whenever the
    credentials change.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != parent_pid:
        os._exit(70)


def enter(conf: Confinement, argv: Sequence[str]) -> NoReturn:
    """Become `argv` inside the sandbox (call in a fresh child process; never returns)."""
    wanted = [*runtime_sources(), *conf.readonly]
    if os.geteuid() == 0:
        sources = _stage(conf.stage, [*wanted, conf.workdir])
        uid = conf.uid or pick_uid()
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)
    else:
        sources = {path: path for path in wanted}
    if conf.parent_pid:
        _die_with_parent(conf.parent_pid)
    resource.setrlimit(resource.RLIMIT_NPROC, (conf.max_processes, conf.max_processes))
    args = bwrap_args(conf, sources, argv)
    os.execv(args[0], args)  # noqa: S606 - a fixed binary with our own arguments


@dataclass(frozen=True)
class SandboxStatus:
    """Whether this host can run tenant code in the sandbox, and if not, why."""

    ok: bool
    reason: str


@functools.cache
def status() -> SandboxStatus:
    """Probe once per process: run a trivial Python inside the sandbox and check its answer."""
    if shutil.which("bwrap") is None:
        return SandboxStatus(False, "bubblewrap is not installed (Debian package 'bubblewrap')")
    with tempfile.TemporaryDirectory(prefix="nofomo-probe-") as scratch:
        os.chmod(scratch, 0o711)  # noqa: S103 - traversable, not listable, by the probe's uid
        workdir, stage = os.path.join(scratch, "work"), os.path.join(scratch, "stage")
        os.mkdir(workdir, 0o700)
        os.mkdir(stage, 0o711)
        uid = pick_uid() if os.geteuid() == 0 else os.geteuid()
        os.chown(workdir, uid, uid)
        conf = Confinement(workdir=workdir, stage=stage, uid=uid)
        probe = [sys.executable, "-m", "ai_strategies.sandbox", conf.to_json()]
        try:
            done = subprocess.run(probe, capture_output=True, text=True, timeout=30, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return SandboxStatus(False, f"the sandbox probe failed: {exc}")
    if done.returncode == 0 and done.stdout.strip() == "sandboxed":
        return SandboxStatus(True, "bubblewrap works")
    detail = (done.stderr.strip().splitlines() or ["no output"])[-1][:200]
    return SandboxStatus(False, f"bubblewrap cannot create the sandbox here: {detail}")


_PROBE = "import os; assert os.getuid() != 0 and os.getpid() < 10; print('sandboxed')"

if __name__ == "__main__":
    enter(Confinement.from_json(sys.argv[1]), [sys.executable, "-I", "-c", _PROBE])
