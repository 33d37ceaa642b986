"""axe-core in the browser: installed from the npm registry at the version the lock file pins.

`package.json` and `package-lock.json` beside this file pin axe-core (with its integrity
hash), so `npm ci` installs exactly that file or fails; it runs once per checkout, the first
time a test needs axe, under a lock every test process on the machine shares (xdist workers
would otherwise install into the same folder at once).
"""

from __future__ import annotations

import fcntl
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from playwright.async_api import Page

HERE: Final = Path(__file__).resolve().parent
AXE_JS: Final = HERE / "node_modules" / "axe-core" / "axe.min.js"
# What fails a page: axe's two worst impacts ("moderate" and "minor" are reported, not failed).
FAILING: Final = frozenset({"serious", "critical"})
# Every rule axe ships (WCAG 2.x A/AA and its best practices), as the page is now.
RUN: Final = """async () => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations.map((v) => ({
    rule: v.id, impact: v.impact || "", help: v.help,
    nodes: v.nodes.map((n) => n.target.join(" ") + " :: "
                             + (n.failureSummary || "").split("\\n").slice(1, 3).join(" ")),
  }));
}"""


@dataclass(frozen=True)
class Violation:
    """One axe rule a page breaks, and where."""

    rule: str
    impact: str
    help: str
    nodes: tuple[str, ...]

    def __str__(self) -> str:
        where = "\n      ".join(self.nodes[:6])
        return f"[{self.impact}] {self.rule}: {self.help}\n      {where}"


def install() -> Path:
    """Return axe.min.js, running `npm ci` here first when it is missing."""
    with _machine_lock():
        if not AXE_JS.exists():
            npm = shutil.which("npm")
            if npm is None:
                raise RuntimeError(
                    "npm is missing: install Debian's `npm` (make test does) to fetch axe-core"
                )
            command = [npm, "ci", "--prefix", str(HERE), "--ignore-scripts", "--no-audit"]
            done = subprocess.run(
                [*command, "--no-fund"], capture_output=True, text=True, timeout=300
            )
            if done.returncode != 0 or not AXE_JS.exists():
                raise RuntimeError(f"`npm ci` for axe-core failed:\n{done.stdout}{done.stderr}")
    return AXE_JS


async def violations(page: Page, axe_js: Path) -> list[Violation]:
    """Inject axe into the page (its context must bypass the CSP) and return what fails it."""
    if not await page.evaluate("typeof window.axe !== 'undefined'"):
        await page.add_script_tag(path=str(axe_js))
    found: list[dict[str, Any]] = await page.evaluate(RUN)
    return [
        Violation(v["rule"], v["impact"], v["help"], tuple(v["nodes"]))
        for v in found
        if v["impact"] in FAILING
    ]


@contextmanager
def _machine_lock() -> Iterator[None]:
    """Hold an exclusive lock every test process on this machine shares."""
    with (Path(tempfile.gettempdir()) / "nofomo-axe-install.lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
