"""Every strategy-escape attempt is refused or neutralised by the validator, and nothing leaks.

The corpus (`tests/fixtures/strategies/escapes/`, format in `escape_rig`) holds one
strategy per attack. A run fills the templates, validates them all with the real CLI
(`nofomo strategy validate --json`, batched: the CLI stops at a file it cannot judge, and
the rig restarts it after that file), waits once for delayed acts, and then checks, per
file, that the host saw no act: no marker file (or a file named after it in /tmp, the
data dir, the virtualenv or the project), no listener connection, no secret in the CLI's
output or in any file of the rig, no `ESCAPE-PROOF` of a broken limit, no process left.

Three runs: the real validator; the validator with its static check reduced to a parse
(the sandbox alone must hold: the static check is a first gate, not the boundary); and
the validator on a host where bubblewrap is missing (a representative subset: tenant
code must not run at all).
A self-test runs three attacks unconfined and proves the rig sees their acts.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.security.escape_rig import (
    CLASSES,
    CORPUS,
    DAEMON_GRACE_S,
    PLACEHOLDERS,
    PROOF,
    Batch,
    Rig,
    Verdict,
    corpus_files,
    header,
    sandbox_available,
)

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

MIB = 1024 * 1024
MAX_MARKET_DATA = 256 * MIB  # the candles one validation run may make the host store
REQUIRED = {
    "typing re-exports": ["attr_typing_sys_os", "attr_typing_builtins_canary"],
    "numpy.f2py": ["attr_numpy_f2py_subprocess", "attr_numpy_f2py_os_vault"],
    "pandas writers": ["pandas_to_csv", "pandas_to_pickle", "pandas_to_string_buf"],
    "ndarray dump/tofile": ["ndarray_dump", "ndarray_tofile"],
    "apply by method name": ["apply_method_name", "series_apply_method_name"],
    "eval/query, python engine": ["eval_python_engine_writer", "query_python_engine"],
    "match class-pattern keywords": ["match_class_keyword"],
    "attrgetter/methodcaller": ["attrgetter_computed", "methodcaller_computed"],
    "run-time format templates": ["format_template_runtime", "formatter_get_field"],
    "annotations": ["module_annotation", "class_annotation", "varargs_annotation"],
    "**kwargs annotation": ["kwargs_annotation"],
    "base-class expressions": ["base_class_expression", "class_keyword_argument"],
    "decorators and defaults": ["decorator_expression", "default_argument"],
    "typing.get_type_hints": ["string_annotation_type_hints"],
    "frames": ["generator_gi_frame", "coroutine_cr_frame", "traceback_tb_frame"],
    "fork + setsid daemon": ["fork_setsid_daemon"],
    "fork bomb": ["fork_bomb"],
    "network": ["socket_listener", "ccxt_listener", "urllib_listener"],
    "/proc environ": ["proc_parent_environ", "proc_all_environ"],
    "/proc mem, ptrace": ["proc_mem_scan", "ptrace_attach"],
    "other bots and the vault key": ["other_bots_files", "vault_key_file", "datadir_traversal"],
    "writes outside the workdir": ["write_tmp", "write_datadir", "write_venv"],
    "huge startup_candle_count": ["startup_huge_literal", "startup_huge_computed"],
    "exceptions leaking the environment": ["exception_environ_leak", "exception_environ_import"],
    "memory bomb": ["memory_bomb", "tmpfs_memory_bomb"],
    "infinite loop": ["infinite_loop"],
}
# The harness's self-test: attacks that must leave a trace when nothing confines them.
UNCONFINED = {
    "pandas_to_csv": "file write",
    "socket_listener": "connect",
    "canary_file_read": "canary read",
}
# Run on a host without bubblewrap: one attack per class, and the worst run-time acts.
WITHOUT_SANDBOX = [
    "attr_typing_sys_os",
    "formatter_get_field",
    "module_annotation",
    "generator_gi_frame",
    "fork_setsid_daemon",
    "canary_file_read",
    "socket_listener",
    "proc_parent_environ",
    "write_tmp",
    "exception_environ_import",
    "startup_huge_literal",
    "tmpfs_memory_bomb",
]
STRATEGY_METHODS = {"populate_indicators", "populate_entry_trend", "populate_exit_trend"}


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[Rig]:
    """A fresh rig (listener, secrets, fake DATA_DIR, markers) for one test."""
    with Rig.create(tmp_path / "rig") as made:
        yield made


def test_corpus_covers_every_escape_class(rig: Rig) -> None:
    templates = corpus_files()
    assert len(templates) >= 40
    stems = {path.stem for path in templates}
    missing = {item: [s for s in names if s not in stems] for item, names in REQUIRED.items()}
    assert not {k: v for k, v in missing.items() if v}, missing
    assert {header(path).get("class") for path in templates} == set(CLASSES)
    problems = [f"{path.name}: {p}" for path in templates for p in _template_problems(path)]
    problems += [
        f"{path.name}: {p}" for path in rig.fill(templates) for p in _filled_problems(path)
    ]
    assert not problems, "\n".join(problems)


def test_unconfined_attacks_are_detected(rig: Rig) -> None:
    """The rig can fail: run unconfined, these attacks act and the rig sees it."""
    files = rig.fill(CORPUS / f"{stem}.py" for stem in UNCONFINED)
    for path in files:
        done = rig.run_unconfined(path)
        acts = rig.acts(path.stem)
        assert acts, f"{path.stem} ({UNCONFINED[path.stem]}) left no trace:\n{done.stderr}"
    assert rig.marker("pandas_to_csv").exists()
    assert any(b"socket_listener" in c.data for c in rig.listener.connections)
    assert rig.canary in rig.marker("canary_file_read").read_text()
    assert rig.leaks(""), "the canary read should show in the marker file"
    assert rig.leaks(f"error: {rig.canary}"), "a canary in the output should show"
    lingering = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)", str(rig.root)]
    )
    try:
        assert any(f"pid {lingering.pid} " in p for p in rig.stray_processes())
    finally:
        lingering.kill()
        lingering.wait()


def test_validator_contains_every_escape(rig: Rig) -> None:
    files = rig.fill(corpus_files())
    batch = rig.validate(files)
    time.sleep(DAEMON_GRACE_S)
    _assert_contained(rig, files, batch, "validator")


def test_sandbox_contains_every_escape_without_the_static_check(rig: Rig) -> None:
    files = rig.fill(corpus_files())
    batch = rig.validate(files, unlinted=True, workers=2)
    time.sleep(DAEMON_GRACE_S)
    _assert_contained(rig, files, batch, "sandbox only (static check reduced to a parse)")
    if sandbox_available():
        reached = [v for v in batch.verdicts.values() if v.ran]
        assert len(reached) >= len(files) - 5, _report(rig, files, batch, "too few runs")


def test_without_a_sandbox_no_tenant_code_runs(rig: Rig, tmp_path: Path) -> None:
    """Where bubblewrap is missing, the validator refuses tenant code instead of running it.

    Once a file passes the static stage, what happens without a sandbox does not depend
    on its content (the run is refused before any process starts), and the CLI stops at
    each such file, so this runs one attack per class and the most harmful run-time acts
    (on a host really without bubblewrap, the other tests run the whole corpus this way).
    """
    no_bwrap = tmp_path / "path-without-bwrap"
    no_bwrap.mkdir()
    files = rig.fill(CORPUS / f"{stem}.py" for stem in WITHOUT_SANDBOX)
    batch = rig.validate(files, unlinted=True, env=rig.env(PATH=str(no_bwrap)), workers=4)
    time.sleep(DAEMON_GRACE_S)
    _assert_contained(rig, files, batch, "no sandbox on the host")
    ran = [p for p, v in batch.verdicts.items() if v.ran or v.ok]
    unexplained = [
        p
        for p, v in batch.verdicts.items()
        if v.ok is None and "sandbox" not in v.aborted and "custom_code" not in v.aborted
    ]
    assert not ran and not unexplained, _report(rig, files, batch, f"ran {ran}; {unexplained}")


# -- checks -------------------------------------------------------------------------------


def _assert_contained(rig: Rig, files: list[Path], batch: Batch, title: str) -> None:
    """Fail, naming each file, if any attack acted, leaked, broke a limit or left a process."""
    failed = [path.stem for path in files if _file_problems(rig, path, batch)]
    general = _general_problems(rig, files, batch)
    report = _report(rig, files, batch, title)
    print(report)
    assert not failed and not general, report


def _file_problems(rig: Rig, path: Path, batch: Batch) -> list[str]:
    """Return what went wrong for one file: no verdict, acts, leaks, a broken limit."""
    verdict = batch.verdicts.get(str(path), Verdict(ok=None))
    problems = [] if verdict.outcome != "missing" else ["the validator gave no verdict"]
    problems += rig.acts(path.stem)
    said = " ".join(verdict.messages)
    problems += [f"{what} leaked in its verdict" for what, v in rig.secrets.items() if v in said]
    problems += [f"limit broken: {said[:300]}"] if PROOF in said else []
    return problems


def _general_problems(rig: Rig, files: list[Path], batch: Batch) -> list[str]:
    """Return problems no single file is named in: stray connections, leaks, processes."""
    problems = rig.unattributed_acts(path.stem for path in files)
    problems += rig.leaks(batch.output)
    problems += [f"{PROOF} in the validator's output"] if PROOF in batch.output else []
    problems += [f"process left behind: {p}" for p in rig.stray_processes()]
    stored = sum(p.stat().st_size for p in rig.data_dir.rglob("*") if p.is_file())
    if stored > MAX_MARKET_DATA:
        problems.append(f"the validation made the host store {stored // MIB} MiB of data")
    return problems


def _report(rig: Rig, files: list[Path], batch: Batch, title: str) -> str:
    """Return one line per file (outcome, reason codes, problems), then general problems."""
    lines = [
        f"{title}: {len(files)} files, {batch.invocations} CLI run(s), {batch.seconds:.0f} s, "
        f"sandbox {'available' if sandbox_available() else 'UNAVAILABLE'}"
    ]
    for path in files:
        verdict = batch.verdicts.get(str(path), Verdict(ok=None))
        problems = _file_problems(rig, path, batch)
        codes = ",".join(dict.fromkeys(verdict.codes)) or verdict.aborted[:60] or "-"
        status = "ACTED: " + " | ".join(problems) if problems else "no act"
        lines.append(f"  {path.stem:32} {verdict.outcome:14} {codes[:60]:60} {status}")
    lines += [f"  GENERAL: {p}" for p in _general_problems(rig, files, batch)]
    return "\n".join(lines)


def _template_problems(path: Path) -> list[str]:
    """Check a template's header and that no placeholder is an f-string field."""
    text = path.read_text(encoding="utf-8")
    found = header(path)
    problems = [
        f"missing '# {key}:' line" for key in ("attack", "class", "act") if key not in found
    ]
    if found.get("class") not in CLASSES:
        problems.append(f"unknown class {found.get('class')!r}")
    for node in ast.walk(ast.parse(text)):
        field = node.value if isinstance(node, ast.FormattedValue) else None
        if isinstance(field, ast.Name) and field.id in PLACEHOLDERS:
            problems.append(f"placeholder {field.id} used as an f-string field")
    return problems


def _filled_problems(path: Path) -> list[str]:
    """Check that a filled template is one complete IStrategy (v3, 5m, all three methods)."""
    text = path.read_text(encoding="utf-8")
    problems = [f"placeholder {{{n}}} left unfilled" for n in PLACEHOLDERS if f"{{{n}}}" in text]
    classes = [n for n in ast.parse(text).body if isinstance(n, ast.ClassDef)]
    if not classes:
        return [*problems, "no strategy class"]
    body = classes[-1].body
    methods = {n.name for n in body if isinstance(n, ast.FunctionDef)}
    values = {
        target.id: node.value.value
        for node in body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    if "IStrategy" not in ast.unparse(classes[-1].bases[0] if classes[-1].bases else ast.Name("")):
        problems.append("the class does not derive from IStrategy")
    if values.get("INTERFACE_VERSION") != 3 or values.get("timeframe") != "5m":
        problems.append("not INTERFACE_VERSION 3 with timeframe 5m")
    if not methods >= STRATEGY_METHODS:
        problems.append(f"missing {sorted(STRATEGY_METHODS - methods)}")
    return problems
