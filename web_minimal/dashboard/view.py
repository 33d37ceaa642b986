"""Rendering dashboard pages: the Jinja environment, the reader's language, CSRF checks.

Every page handler ends in `await page(request, "x.html", {...}, session=session)`: it adds
what `base.html` needs (language, time zone, script nonce, CSRF token, the active nav item
and a flash message) and renders with autoescape on. Formatting helpers from
`formats.py` and `t` are template globals taking `lang`/`tz` explicitly, so partials
render the same inside a request or outside one (live updates).
"""

from __future__ import annotations

import datetime as dt
import hmac
import uuid
from pathlib import Path
from typing import Any, Final

import aiohttp_jinja2
import jinja2
from aiohttp import web
from multidict import MultiDictProxy

from kernel.formatting import JAKARTA
from kernel.i18n import pick_language
from orchestrator.dashboard.access import Session
from orchestrator.dashboard.viewer import Viewer, viewer
from web_minimal.dashboard import formats, texts_bot, texts_common, texts_overview
from web_minimal.dashboard.i18n import has, t
from web_minimal.dashboard.security import NONCE
from web_minimal.state import RUNTIME

# Every page's texts are registered before any template renders (partials too).
_TEXTS: Final = (texts_bot, texts_common, texts_overview)
HERE: Final = Path(__file__).parent
TEMPLATES: Final = HERE / "templates"
STATIC: Final = HERE / "static"
VIEWER: Final = web.RequestKey[Viewer]("nofomo.viewer")
# Flash messages arrive as `?done=<name>` after a redirect; only registered `flash.<name>`
# texts are shown, so a crafted link cannot put words on the page.
FLASH_PARAM: Final = "done"
# Flash names that report a refusal (shown as a warning, not a success); pages add theirs.
WARNING_FLASHES: Final[set[str]] = set()
# The user id of a reader who is not signed in (sign-in help, Mini App entry).
ANONYMOUS: Final = uuid.UUID(int=0)

FormData = MultiDictProxy[str | bytes | bytearray | web.FileField]


def now() -> dt.datetime:
    """Return the current time (one place for pages to read the clock)."""
    return dt.datetime.now(dt.UTC)


def setup(app: web.Application) -> jinja2.Environment:
    """Give the app the dashboard's Jinja environment (autoescape on, strict names)."""
    env = aiohttp_jinja2.setup(
        app,
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        t=t,
        money=formats.money,
        number=formats.number,
        price=formats.price,
        ratio=formats.ratio,
        moment=formats.moment,
        day=formats.day,
        iso=formats.iso,
        duration=formats.duration,
        ago=formats.ago,
        exit_reason=formats.exit_reason,
        has_text=has,
        utcnow=now,
    )
    return env


def env_of(app: web.Application) -> jinja2.Environment:
    """Return the app's Jinja environment (for rendering partials outside a page)."""
    return aiohttp_jinja2.get_env(app)


async def reader(request: web.Request, session: Session | None) -> Viewer:
    """Return who reads this page: the user's settings, or the browser's language."""
    if VIEWER not in request:
        if session is not None:
            request[VIEWER] = await viewer(request.app[RUNTIME], session.user_id)
        else:
            lang = pick_language(request.headers.get("Accept-Language"))
            request[VIEWER] = Viewer(ANONYMOUS, lang, JAKARTA)
    return request[VIEWER]


async def page(
    request: web.Request,
    template: str,
    context: dict[str, Any],
    *,
    session: Session | None,
    nav: str = "",
    status: int = 200,
    live: bool = False,
) -> web.Response:
    """Render a page of the dashboard in the reader's language and time zone."""
    who = await reader(request, session)
    common = {
        "lang": who.language,
        "tz": who.timezone,
        "nonce": request.get(NONCE, ""),
        "csrf": session.csrf if session else "",
        "signed_in": session is not None,
        "nav": nav,
        "live": live,
        "flash": flash(request),
        "flash_warning": request.query.get(FLASH_PARAM, "") in WARNING_FLASHES,
        "now": now(),
        "path": request.path,
    }
    return aiohttp_jinja2.render_template(template, request, common | context, status=status)


def flash(request: web.Request) -> str:
    """Return the flash text key named by the query, if it is one we registered."""
    name = request.query.get(FLASH_PARAM, "")
    key = f"flash.{name}"
    return key if name.replace("_", "").isalnum() and has(key) else ""


async def checked_form(request: web.Request, session: Session) -> FormData:
    """Read a POSTed form whose CSRF token (field `csrf` or X-CSRF-Token) is the session's."""
    form = await request.post()
    token = form.get("csrf") or request.headers.get("X-CSRF-Token")
    valid = isinstance(token, str) and hmac.compare_digest(
        token.encode("utf-8"), session.csrf.encode("utf-8")
    )
    if not valid:
        raise web.HTTPForbidden(
            text="Formulir kedaluwarsa; muat ulang halaman. / The form expired; reload the page."
        )
    return form
