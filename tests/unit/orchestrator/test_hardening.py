"""Secrets leave the environment once read, and a non-dumpable process hides its own."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from orchestrator.core.hardening import drop_secret_environment, secret_names
from orchestrator.core.settings import Settings

# Run as an unprivileged uid (when root): hold a secret in the environment, optionally turn
# non-dumpable, then let a sibling of the same uid try to read our /proc/<pid>/environ.
PROBE = """
import os, subprocess, sys
from orchestrator.runner.sandbox import set_undumpable
if os.geteuid() == 0:
    os.setresgid(3999999, 3999999, 3999999)
    os.setresuid(3999999, 3999999, 3999999)
if sys.argv[1] == "undumpable":
    set_undumpable()
else:  # changing uid made us non-dumpable: be what a process started as that user is
    import ctypes
    ctypes.CDLL(None).prctl(4, 1, 0, 0, 0)
read = subprocess.run(["cat", f"/proc/{os.getpid()}/environ"], capture_output=True, env={})
print("denied" if read.returncode else read.stdout.count(b"hunter2-probe"))
"""
VAULT_KEYS = "1:" + "A" * 43 + "="


def test_secret_settings_are_dropped_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VAULT_KEYS", VAULT_KEYS)
    monkeypatch.setenv("LLM_API_KEY", "sk-test")
    monkeypatch.setenv("PORT", "8123")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert {"VAULT_KEYS", "LLM_API_KEY", "TELEGRAM_BOT_TOKEN"} <= set(secret_names(settings))
    assert sorted(drop_secret_environment(settings)) == ["LLM_API_KEY", "VAULT_KEYS"]
    assert "VAULT_KEYS" not in os.environ and os.environ["PORT"] == "8123"


@pytest.mark.parametrize(("mode", "seen"), [("dumpable", "1"), ("undumpable", "denied")])
def test_a_same_uid_process_cannot_read_a_non_dumpable_environment(mode: str, seen: str) -> None:
    env = {**os.environ, "PROBE_SECRET": "hunter2-probe"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, mode], capture_output=True, text=True, check=True, env=env
    )
    assert done.stdout.strip() == seen, done.stderr
