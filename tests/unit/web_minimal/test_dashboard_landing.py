"""Where a Mini App launch may land: only the dashboard's own pages."""

from __future__ import annotations

import pytest

from web_minimal.dashboard.auth import landing


@pytest.mark.parametrize(
    ("wanted", "lands"),
    [
        (
            "/dashboard/bots/5f0c3c1e-1111-4a4a-9999-0123456789ab",
            "/dashboard/bots/5f0c3c1e-1111-4a4a-9999-0123456789ab",
        ),
        ("/dashboard", "/dashboard"),
        ("//evil.example/dashboard", "/dashboard"),
        ("https://evil.example/", "/dashboard"),
        ("/dashboard/../keys", "/dashboard"),
        ("/dashboard/%2e%2e/x", "/dashboard"),
        ("/dashboardx", "/dashboard"),
        (None, "/dashboard"),
    ],
)
def test_a_mini_app_lands_only_on_our_own_pages(wanted: object, lands: str) -> None:
    assert landing(wanted) == lands
