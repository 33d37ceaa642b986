"""English texts of the web dashboard in chat: /dashboard, /logout_all and its buttons."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "cmd_dashboard": "A one-time link to your web dashboard",
    "cmd_logout_all": "Sign the dashboard out on every device",
    "btn_dashboard": "📊 Dashboard",
    "btn_open_dashboard": "📊 Open dashboard",
    "dashboard_link": "📊 <b>Your dashboard link</b>\nIt opens once and lasts {minutes} minutes. "
    "It is yours alone: do not forward it.",
    "count_dashboard_sessions": "{count} dashboard session|{count} dashboard sessions",
    "logout_all_done": "🔒 Signed out: {sessions} ended. Dashboard links you have not opened "
    "no longer work.",
    "logout_all_none": "🔒 No dashboard session was open. Dashboard links you have not opened "
    "no longer work.",
}
