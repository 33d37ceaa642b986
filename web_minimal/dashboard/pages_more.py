"""The Strategies, Keys and Billing pages, registered together from `routes.py`."""

from __future__ import annotations

from aiohttp import web

from web_minimal.dashboard import account_pages, strategy_pages, upgrade_pages


def add_routes(app: web.Application) -> None:
    """Register the strategy, key and billing pages (upgrade flow and receipts included)."""
    strategy_pages.add_routes(app)
    account_pages.add_routes(app)
    upgrade_pages.add_routes(app)
