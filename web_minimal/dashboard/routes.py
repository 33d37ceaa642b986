"""The dashboard's routes: the ways in, then the pages.

Route pattern for page modules: each has `add_routes(app)` registering its GET pages under
`/dashboard/...`, its POST actions (CSRF-checked with `view.checked_form`) and its JSON
under `/dashboard/api/...`; handlers parse, call one service in `orchestrator/dashboard/`,
and end in `view.page(...)`. Foreign or unknown ids raise `web.HTTPNotFound` (the error
middleware renders the bilingual 404 page).
"""

from __future__ import annotations

from aiohttp import web

from web_minimal.dashboard import auth, bot_pages, live, overview_page, pages, pages_more, view
from web_minimal.dashboard.security import headers as security_headers


def add_routes(app: web.Application) -> None:
    """Register the dashboard routes, its templates, static files and security headers."""
    app.middlewares.append(security_headers)
    app.middlewares.append(pages.errors)  # inside the headers: error pages get them too
    app.middlewares.append(pages.static_files)
    view.setup(app)
    app.router.add_static("/dashboard/static/", view.STATIC, append_version=False)
    app.router.add_get("/dashboard/login/{token}", auth.login_link)
    app.router.add_post("/app/session", auth.miniapp_login)
    app.router.add_post("/dashboard/logout", auth.logout)
    app.router.add_get("/dashboard/signin", pages.signin)
    app.router.add_get("/app", pages.miniapp)
    overview_page.add_routes(app)
    bot_pages.add_routes(app)
    live.add_routes(app)  # GET /events: live updates (server-sent events)
    # ---- Strategies, Keys and Billing pages (another engineer): register them here ----
    pages_more.add_routes(app)
    # ---- end of the Strategies, Keys and Billing spot ----
