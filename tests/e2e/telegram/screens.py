"""A person's phone on the emulator's chat page: type, press, and keep a screenshot of each screen.

Every screenshot is checked for what a person would notice: a bubble or button past the
screen's edge, a button label cut short, raw identifiers or HTML tags, and English words in an
Indonesian chat. The pictures stay in `test-artifacts/screens/<lang>/` (or under
`NOFOMO_ARTIFACTS_DIR`) for a human to look at.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, ConsoleMessage, Page, ViewportSize

from emulators.telegram import TelegramEmulator
from tests.e2e.telegram.chat import Chat, Message

ROOT = Path(__file__).resolve().parents[3]
ARTIFACTS_ENV = "NOFOMO_ARTIFACTS_DIR"
PHONE = ViewportSize(width=360, height=740)
UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I)
TAG = re.compile(r"</?[a-z][a-z0-9]*(\s[^<>]*)?/?>", re.I)
# English a translation could leave behind; "trade" and "profit" are everyday Indonesian
# trading words (and in KBBI), so only their English plurals and UI verbs count; a /command
# keeps its English name, and "Stop loss" is the trading term Indonesian traders use.
ENGLISH = re.compile(
    r"(?<![\w/])(Start|Stop(?! loss)|Back|Settings|Cancel|Close|Open|Delete|Help|Language"
    r"|Strategy|Strategies|trades|profits|running|stopped|paused|starting|failed|days|Show|Yes)\b"
)
# Enum values and config keys shown as they are stored (stop_loss, dry_run); a strategy's
# rule tags are quoted on purpose (Buy signal "rsi_ema") and commands are named so
# (/logout_all): both may stay.
SNAKE = re.compile(r'(?<!["/])\b[a-z]+_[a-z_]+\b(?!")')

# Geometry and text of the bot's bubbles, measured the way the page is drawn.
MEASURE = """() => {
  const width = window.innerWidth;
  const box = (node) => { const r = node.getBoundingClientRect();
                          return { left: r.left, right: r.right }; };
  const bubbles = [...document.querySelectorAll("#log .msg.bot .bubble")];
  const buttons = [...document.querySelectorAll("#log .msg.bot button, #keyboard button")];
  const text = bubbles.map((b) => {
    const meta = b.querySelector(".meta");
    return b.innerText.replace(meta ? meta.innerText : "", "");
  });
  return {
    width, pageWidth: document.scrollingElement.scrollWidth, text,
    bubbles: bubbles.map((b) => ({ ...box(b), text: b.innerText.slice(0, 40) })),
    buttons: buttons.map((b) => ({ ...box(b), label: b.textContent,
                                   scroll: b.scrollWidth, client: b.clientWidth })),
  };
}"""
# Every message drawn as the emulator holds it now (edits included), and every picture loaded.
SHOWN = """(messages) => {
  const drawn = (id) => document.querySelector(`#log .msg[data-id="${id}"]`);
  const text = (node) => { const bubble = node.querySelector(".bubble");
                           const meta = bubble.querySelector(".meta");
                           return bubble.innerText.replace(meta.innerText, "").trim(); };
  return messages.every(([id, wanted, buttons]) => {
    const node = drawn(id);
    return node && text(node).includes(wanted.trim())
      && node.querySelectorAll(".row button").length === buttons;
  }) && [...document.images].every((i) => i.complete && i.naturalWidth > 0);
}"""


def artifacts_dir() -> Path:
    """Return where screenshots go: $NOFOMO_ARTIFACTS_DIR or the checkout's test-artifacts."""
    return Path(os.environ.get(ARTIFACTS_ENV) or ROOT / "test-artifacts")


def problems_in(seen: dict[str, Any], language: str) -> list[str]:
    """Return what a person would object to on one screen (empty when it looks right)."""
    width = seen["width"]
    found = [f"the page scrolls sideways ({seen['pageWidth']} px)"] * (seen["pageWidth"] > width)
    for item in seen["bubbles"] + seen["buttons"]:
        if item["right"] > width or item["left"] < 0:
            found.append(f"past the screen's edge: {item}")
    found += [f"label cut short: {b}" for b in seen["buttons"] if b["scroll"] > b["client"]]
    text = "\n".join(seen["text"] + [button["label"] for button in seen["buttons"]])
    found += [f"raw identifier {m.group()}" for m in UUID.finditer(text)]
    found += [f"raw HTML {m.group()}" for m in TAG.finditer(text)]
    found += [f"raw name {m.group()}" for m in SNAKE.finditer(text)]
    if language == "id":
        found += [f"English word {m.group()!r}" for m in ENGLISH.finditer(text)]
    return found


@dataclass
class Phone:
    """One person's phone showing the chat page, in one language."""

    page: Page
    emulator: TelegramEmulator
    language: str
    shots: list[Path] = field(default_factory=list)
    problems: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    async def open(cls, browser: Browser, emulator: TelegramEmulator, language: str) -> Phone:
        """Open the chat page on a 360 x 740 phone at twice the pixel density."""
        context = await browser.new_context(
            viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
        )
        page = await context.new_page()
        phone = cls(page, emulator, language)
        page.on("pageerror", lambda error: phone.note("page", str(error)))
        page.on("console", phone.console)
        await page.goto(emulator.url + "/")
        await page.wait_for_selector("#text")
        # A full-page picture draws sticky parts where the 740 px viewport was, over messages;
        # in the flow, the composer lies after the last message, as when scrolled to the end.
        await page.add_style_tag(content="footer { position: static !important; }")
        return phone

    def console(self, message: ConsoleMessage) -> None:
        """Record the page's console errors."""
        if message.type == "error":
            self.note("page", message.text)

    def note(self, screen: str, problem: str) -> None:
        """Record a problem against a screen."""
        self.problems.setdefault(screen, []).append(problem)

    async def chat_as(self, chat: Chat) -> None:
        """Show `chat` as its user, the page's language picker set to this phone's language."""
        settings = {"uid": str(chat.user_id), "lang": self.language}
        await self.page.evaluate(
            """(settings) => { for (const [id, value] of Object.entries(settings)) {
                 const input = document.getElementById(id);
                 input.value = value; input.dispatchEvent(new Event("change")); } }""",
            settings,
        )

    async def type(
        self, chat: Chat, text: str, expect: int = 1, timeout: float = 15
    ) -> list[Message]:
        """Type and send `text`; return the `expect` bot messages that follow."""
        before = len(chat.messages())
        await self.page.fill("#text", text)
        await self.page.click("#send")
        found = await self.emulator.wait_for_messages(chat.user_id, before + expect, timeout)
        return list(found[before:])

    async def press(
        self, chat: Chat, message: Message, label: str, *, edits: bool = False
    ) -> Message:
        """Press `label` on `message`; return the bot's new message (or `message` edited)."""
        before = {m["message_id"]: m for m in chat.messages()}
        bubble = self.page.locator(f'#log .msg[data-id="{message["message_id"]}"]')
        await bubble.get_by_role("button", name=label, exact=True).click()

        def answered() -> Message | None:
            if edits:
                now = chat.message(message["message_id"])
                return now if now != before[message["message_id"]] else None
            return next((m for m in chat.messages() if m["message_id"] not in before), None)

        found: Message = await chat.until(answered, what=f"the answer to {label!r}")
        return found

    async def shoot(self, chat: Chat, name: str) -> Path:
        """Wait until the page shows the chat as it is now, save it full-page as `name`.png."""
        messages = [
            [m["message_id"], m["text"], sum(len(row) for row in m["buttons"])]
            for m in self.emulator.messages(chat.user_id, include_user=True)
        ]
        await self.page.wait_for_function(SHOWN, arg=messages, timeout=15_000)
        folder = artifacts_dir() / "screens" / self.language
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        await self.page.screenshot(path=str(path), full_page=True)
        self.shots.append(path)
        for problem in problems_in(await self.page.evaluate(MEASURE), self.language):
            self.note(path.name, problem)
        return path

    def report(self) -> str:
        """Return the problems, one line each under its screen's file name."""
        return "\n".join(
            f"{shot}: {problem}" for shot, found in self.problems.items() for problem in found
        )

    async def close(self) -> None:
        """Close the phone's browser context."""
        await self.page.context.close()
