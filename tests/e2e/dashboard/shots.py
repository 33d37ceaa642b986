"""Dashboard pages as a person sees them: settled, measured for sideways scrolling, and saved.

Pictures go to `test-artifacts/dashboard/<width>/<page>-<lang>.png` (or under
`NOFOMO_ARTIFACTS_DIR`, as the chat's screenshots do) for a human to look at.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

from playwright.async_api import Page

from tests.e2e.telegram.screens import artifacts_dir
from web_minimal.dashboard.i18n import t

# A page is settled when its scripts have done what they do on load: the live stream is
# connected, the price chart has loaded (or said why not), the Mini App has had its answer.
SETTLED: Final = """(loading) => {
  const ready = document.readyState === "complete";
  const live = document.body.dataset.live !== "1"
    || !!document.querySelector("#live-status.live-on");
  const price = document.getElementById("chart-price");
  const charted = !price || !loading.includes(price.textContent.trim());
  const wait = document.getElementById("miniapp-wait");
  return ready && live && charted && (!wait || wait.hidden);
}"""
# What sticks out sideways: the page's own scroll width, and things past the right edge that
# no scrolling box of theirs (a code block, a table's wrapper) holds. Past the left edge is
# where pages hide things on purpose (the skip link, until focused), and it never scrolls.
OVERFLOW: Final = """(width) => {
  const found = [];
  const page = document.scrollingElement.scrollWidth;
  if (page > width) found.push(`the page scrolls sideways: ${page} px wide`);
  const scrolls = (el) => ["auto", "scroll", "hidden", "clip"]
    .includes(getComputedStyle(el).overflowX);
  const held = (el) => { for (let p = el.parentElement; p; p = p.parentElement) {
                           if (p !== document.body && scrolls(p)) return true; } return false; };
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 1 && !held(el)) {
      const classes = typeof el.className === "string" && el.className
        ? "." + el.className.split(" ").join(".") : "";
      const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + classes;
      found.push(`${name} spans ${Math.round(box.left)}..${Math.round(box.right)} px`);
    }
  }
  return found.slice(0, 10);
}"""


@dataclass(frozen=True)
class Stop:
    """A page to visit: its picture's name, its path, and a control to press once there."""

    name: str
    path: str
    press: str = ""  # CSS selector of a control that opens something (a dialog), if any


async def visit(page: Page, base: str, stop: Stop) -> int:
    """Open the stop, press its control, wait until settled; return the answer's status."""
    response = await page.goto(base + stop.path)
    assert response is not None, stop
    loading = [t("chart.loading", lang) for lang in ("id", "en")]
    await page.wait_for_function(SETTLED, arg=loading, timeout=20_000)
    if stop.press:
        await page.click(stop.press)
        await page.wait_for_selector("dialog[open]")
    await page.evaluate("document.fonts.ready")
    return response.status


async def overflow(page: Page, width: int) -> list[str]:
    """Return what makes the page wider than `width` (empty when nothing does)."""
    found: list[str] = await page.evaluate(OVERFLOW, width)
    return found


async def shoot(page: Page, width: int, name: str, *, full: bool = True) -> Path:
    """Save the page's picture as test-artifacts/dashboard/<width>/<name>.png."""
    folder = artifacts_dir() / "dashboard" / str(width)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    await page.screenshot(path=str(path), full_page=full)
    return path
