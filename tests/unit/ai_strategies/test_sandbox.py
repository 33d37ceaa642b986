"""The sandbox: what it binds, that it works here, and what it says where it cannot."""

from __future__ import annotations

from pathlib import Path

import pytest

from ai_strategies import sandbox
from ai_strategies.sandbox import Confinement, bwrap_args


def test_the_sandbox_sees_only_what_it_is_given(tmp_path: Path) -> None:
    conf = Confinement(workdir=str(tmp_path / "work"), stage=str(tmp_path / "stage"))
    args = bwrap_args(conf, {"/opt/python": "/opt/python"}, ["python", "-c", "pass"])
    assert {"--unshare-all", "--die-with-parent", "--new-session", "--clearenv"} <= set(args)
    binds = [tuple(args[i + 1 : i + 3]) for i, a in enumerate(args) if a.endswith("bind")]
    assert ("/opt/python", "/opt/python") in binds
    assert (conf.workdir, conf.workdir) in binds
    assert all(host != "/" and not host.startswith("/etc") for host, _ in binds)
    assert args[-3:] == ["python", "-c", "pass"] and args[-4] == "--"


def test_this_host_runs_the_sandbox() -> None:
    state = sandbox.status()
    assert state.ok, state.reason


def test_without_bubblewrap_the_reason_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    state = sandbox.status.__wrapped__()
    assert not state.ok and "bubblewrap" in state.reason
