"""The one-time API-key form: GET shows it, POST checks and stores the key, pages explain."""

from __future__ import annotations

import functools
import html
import logging
import math
import string
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp import web

from kernel.i18n import pick_language
from orchestrator.core.errors import UserFacingError
from orchestrator.keys.form_links import (
    Clock,
    KeyResult,
    LinkSession,
    link_language,
    open_link,
    submit_key,
)
from web_minimal.state import RUNTIME
from web_minimal.texts import EXCHANGE_NAMES, text

log = logging.getLogger(__name__)

_HERE = Path(__file__).parent
_TEMPLATES = {
    path.stem: string.Template(path.read_text("utf-8"))
    for path in (_HERE / "templates").glob("*.html")
}
_CSS = (_HERE / "static" / "keyform.css").read_bytes()
CSS_PATH = "/static/keyform.css"
FIELDS = ("csrf", "exchange", "api_key", "secret", "label")
# The form's notion of now: `time.time` unless the app was given another clock (tests).
CLOCK = web.AppKey[Clock]("keyform_clock")

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'",
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
}
# Errors about the link itself end on a page of their own; the rest re-show the form.
LINK_ERRORS = {
    "keyform.link_invalid": 403,
    "keyform.csrf": 403,
    "keyform.link_expired": 410,
    "keyform.link_used": 410,
    "keyform.link_replaced": 410,
    "keyform.too_many_attempts": 429,
}
FORM_ERRORS = {"keyform.exchange_unreachable": 503, "keyform.busy": 409}

Handler = Callable[[web.Request], Awaitable[web.Response]]


class Html(str):
    """Markup that is already escaped."""


def render(template: str, /, **values: object) -> Html:
    """Fill a template, escaping every value that is not already Html."""
    safe = {k: v if isinstance(v, Html) else html.escape(str(v)) for k, v in values.items()}
    return Html(_TEMPLATES[template].substitute(safe))


def page(language: str, title: str, content: Html, status: int = 200) -> web.Response:
    """Wrap content in the layout and send it with the security headers."""
    body = render("layout", lang=language, title=title, css=CSS_PATH, content=content)
    return web.Response(
        text=body, status=status, content_type="text/html", headers=SECURITY_HEADERS
    )


def _alert(message: str, tone: str) -> Html:
    return Html(f'<p class="alert {tone}" role="alert">{html.escape(message)}</p>')


def _minutes_left(session: LinkSession, now: float) -> int:
    return max(1, math.ceil((session.expires_at.timestamp() - now) / 60))


def _clock(request: web.Request) -> Clock:
    return request.app.get(CLOCK, time.time)


def form_page(
    session: LinkSession,
    *,
    now: float,
    error: UserFacingError | None = None,
    exchange: str = "binance",
    label: str = "",
) -> web.Response:
    """Render the key form; only the exchange and the label are ever echoed back."""
    lang = session.language
    alert = _alert(text(error.key, lang, **error.params), "error") if error else Html("")
    options = "".join(
        f'<option value="{value}"{" selected" if value == exchange else ""}>{name}</option>'
        for value, name in EXCHANGE_NAMES.items()
    )
    content = render(
        "form",
        title=text("form.title", lang),
        intro=text("form.intro", lang),
        error=alert,
        csrf=session.csrf,
        exchange_label=text("form.exchange", lang),
        options=Html(options),
        api_key_label=text("form.api_key", lang),
        secret_label=text("form.secret", lang),
        label_label=text("form.label", lang),
        optional=text("form.optional", lang),
        label_placeholder=text("form.label_placeholder", lang),
        label_value=label,
        submit=text("form.submit", lang),
        tip_permissions=text("form.tip_permissions", lang),
        tip_ip=text("form.tip_ip", lang),
        tip_storage=text("form.tip_storage", lang),
        expiry=text("form.expiry", lang, minutes=_minutes_left(session, now)),
    )
    status = FORM_ERRORS.get(error.key, 422) if error else 200
    return page(lang, text("form.title", lang), content, status)


def success_page(language: str, result: KeyResult) -> web.Response:
    """Show the stored key, masked, with any warnings."""
    params = {"exchange": result.exchange, "key_hint": result.key_hint}
    warnings = "".join(_alert(text(key, language, **params), "warning") for key in result.warnings)
    label_row = (
        render("label_row", name=text("form.label", language), value=result.label)
        if result.label
        else Html("")
    )
    content = render(
        "success",
        title=text("success.title", language),
        body=text("success.body", language, **params),
        exchange_label=text("form.exchange", language),
        exchange_name=EXCHANGE_NAMES.get(result.exchange, result.exchange),
        api_key_label=text("form.api_key", language),
        key_hint=result.key_hint,
        label_row=label_row,
        warnings=Html(warnings),
        next=text("success.next", language),
    )
    return page(language, text("success.title", language), content)


def refused_page(session: LinkSession, exchange: str, token: str, now: float) -> web.Response:
    """Explain why a key that can withdraw was refused and how to fix it."""
    lang = session.language
    steps = text(f"refused.fix.{exchange}", lang).split("|")
    content = render(
        "refused",
        title=text("refused.title", lang),
        reason=text("keyform.withdraw_enabled", lang, exchange=exchange),
        fix_title=text("refused.fix_title", lang),
        steps=Html("".join(f"<li>{html.escape(step)}</li>" for step in steps)),
        retry_href=f"/keys/{token}",
        retry=text("refused.retry", lang),
        expiry=text("form.expiry", lang, minutes=_minutes_left(session, now)),
    )
    return page(lang, text("refused.title", lang), content, status=422)


def message_page(language: str, key: str, status: int) -> web.Response:
    """Show a page about an unusable link or a failure."""
    link_problem = key in LINK_ERRORS
    title = text("link.title" if link_problem else "error.title", language)
    content = render(
        "message",
        tone="warn" if status == 410 else "bad",
        title=title,
        body=text(key, language),
        next=text("link.next", language) if link_problem else "",
    )
    return page(language, title, content, status)


async def _owner_language(request: web.Request) -> str | None:
    """Return the language of the link's owner, if the link is authentic and they exist."""
    try:
        language = await link_language(request.app[RUNTIME], request.match_info.get("token", ""))
    except Exception:  # an error page must not fail on a language lookup
        log.warning("cannot look up the link owner's language", exc_info=True)
        return None
    return pick_language(language) if language else None


def guarded(handler: Handler) -> Handler:
    """Turn errors into pages that carry the security headers."""

    @functools.wraps(handler)
    async def wrapper(request: web.Request) -> web.Response:
        browser_language = pick_language(request.headers.get("Accept-Language"))
        try:
            return await handler(request)
        except web.HTTPException:
            raise
        except UserFacingError as error:
            language = await _owner_language(request) or browser_language
            return message_page(language, error.key, LINK_ERRORS.get(error.key, 400))
        except Exception:  # the user gets an apology; the log gets the traceback
            log.exception("key form failed on %s", request.method)
            return message_page(browser_language, "error.generic", 500)

    return wrapper


@guarded
async def show_form(request: web.Request) -> web.Response:
    """Show the form for a live link."""
    clock = _clock(request)
    session = await open_link(request.app[RUNTIME], request.match_info["token"], clock=clock)
    return form_page(session, now=clock())


@guarded
async def submit_form(request: web.Request) -> web.Response:
    """Check and store the submitted key, or say why not."""
    runtime, token = request.app[RUNTIME], request.match_info["token"]
    form = await request.post()
    fields = {name: value if isinstance(value := form.get(name), str) else "" for name in FIELDS}
    clock = _clock(request)
    session = await open_link(runtime, token, clock=clock)
    try:
        result = await submit_key(
            runtime,
            token,
            fields["csrf"],
            fields["exchange"],
            fields["api_key"],
            fields["secret"],
            fields["label"],
            clock=clock,
        )
    except UserFacingError as error:
        if error.key in LINK_ERRORS:
            raise
        exchange = fields["exchange"] if fields["exchange"] in EXCHANGE_NAMES else "binance"
        if error.key == "keyform.withdraw_enabled":
            return refused_page(session, exchange, token, clock())
        return form_page(
            session, now=clock(), error=error, exchange=exchange, label=fields["label"]
        )
    return success_page(session.language, result)


async def stylesheet(request: web.Request) -> web.Response:
    """Serve the form's stylesheet (the CSP allows no inline styles)."""
    return web.Response(
        body=_CSS, content_type="text/css", charset="utf-8", headers=SECURITY_HEADERS
    )


def add_routes(app: web.Application) -> None:
    """Register the key form's routes."""
    app.router.add_get("/keys/{token}", show_form)
    app.router.add_post("/keys/{token}", submit_form)
    app.router.add_get(CSS_PATH, stylesheet)
