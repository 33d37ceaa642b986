"""Rows for the strategy, key and billing pages, written as the services write them."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from ai_strategies.spec import parse_spec, render_strategy
from billing_tripay.refs import new_ref
from emulators.llm.canned import GOOD_SPEC
from orchestrator.core.runtime import Runtime
from orchestrator.keys.store import Credentials, store_key
from orchestrator.strategies.versions import NewVersion, add_version, create_strategy

SPEC = parse_spec(GOOD_SPEC)
RENDERED = render_strategy(SPEC, "BtcRsi5m")
T0 = dt.datetime(2026, 11, 20, 3, 0, tzinfo=dt.UTC)
# What a backtest job stores (`reports.report_figures` plus its own fields).
FIGURES: dict[str, Any] = {
    "trades": 48,
    "days": 90,
    "overall": {"trades": 48, "win_rate": 0.56, "profit_pct": 7.1, "max_drawdown_pct": 4.2},
    "in_sample": {"trades": 33, "win_rate": 0.58, "profit_pct": 5.25, "max_drawdown_pct": 3.4},
    "out_of_sample": {"trades": 15, "win_rate": 0.47, "profit_pct": -1.5, "max_drawdown_pct": 4.2},
    "flags": ["out_of_sample_worse"],
    "warnings": [],
    "reasons": [],
    "ok": True,
}
QR = (
    "00020101021226610016ID.CO.QRIS.WWW0118936009140000000000215ID1020000000000030"
    "3UMI5204481253033605802ID5907NOFOMO6007JAKARTA6304ABCD"
)
STEPS = [{"title": "Aplikasi bank", "steps": ["Buka aplikasi <x>", "Pindai kode QR", "Bayar"]}]


async def add_spec_strategy(runtime: Runtime, user: uuid.UUID) -> tuple[uuid.UUID, uuid.UUID]:
    """Create a spec strategy (as generation does); return (strategy id, version id)."""
    version = NewVersion(
        "BtcRsi5m", RENDERED.code, "stored words", "", "BTC/USDT", "5m",
        dict(RENDERED.params), FIGURES, spec=SPEC,
    )  # fmt: skip
    return await create_strategy(runtime.db, user, version)


async def add_custom_version(
    runtime: Runtime, user: uuid.UUID, strategy: uuid.UUID, code: str
) -> uuid.UUID:
    """Append a custom-code version (the user must be on Elite); return its id."""
    async with runtime.db.as_service() as conn:
        await conn.execute("update users set plan_code = 'elite' where id = $1", user)
    version = NewVersion("Handmade", code, "Handmade <b>idea</b>", "Line one\nLine two")
    _, version_id = await add_version(runtime.db, user, strategy, version)
    return version_id


async def add_run(
    runtime: Runtime,
    user: uuid.UUID,
    version: uuid.UUID,
    kind: str,
    results: dict[str, Any],
    *,
    status: str = "done",
    applied: uuid.UUID | None = None,
) -> uuid.UUID:
    """Insert a finished backtest, optimisation or look-ahead run of a version."""
    async with runtime.db.as_service() as conn:
        run: uuid.UUID = await conn.fetchval(
            "insert into backtests (user_id, strategy_version_id, kind, status, days, results,"
            " finished_at, applied_version_id) values ($1, $2, $3, $4, 30, $5, $6, $7)"
            " returning id",
            user, version, kind, status, results, T0, applied,
        )  # fmt: skip
    return run


async def add_key(
    runtime: Runtime, user: uuid.UUID, *, ip_restricted: bool, label: str = "Main"
) -> uuid.UUID:
    """Store a checked Binance key as the key form does."""
    creds = Credentials(api_key="A" * 60 + "WXYZ", secret="S" * 64)
    checked = {"can_trade": True, "can_withdraw": False, "raw": {"ipRestrict": ip_restricted}}
    return await store_key(
        runtime.db, runtime.vault, user, "binance", creds, label=label,
        permissions=checked, ip_restricted=ip_restricted,
    )  # fmt: skip


async def add_invoice(
    runtime: Runtime,
    user: uuid.UUID,
    *,
    status: str = "PAID",
    method: str = "QRIS",
    qr: str | None = None,
    pay_code: str | None = None,
    expires: dt.datetime | None = None,
) -> uuid.UUID:
    """Insert an invoice as checkout and the callback leave it; return its id."""
    ref = new_ref(T0.date())
    paid = T0 if status in ("PAID", "REFUND") else None
    async with runtime.db.as_service() as conn:
        invoice: uuid.UUID = await conn.fetchval(
            "insert into invoices (user_id, plan_code, merchant_ref, tripay_reference, method,"
            " method_name, amount_idr, fee_customer_idr, status, qr_string, pay_code,"
            " instructions, expires_at, paid_at, checkout_url, created_at)"
            " values ($1, 'pro', $2, $3, $4, $5, 149000, 1043, $6, $7, $8, $9, $10, $11, $12, $13)"
            " returning id",
            user, ref, f"DEV-T{ref[-10:]}", method, f"{method} channel", status, qr, pay_code,
            STEPS, expires or T0 + dt.timedelta(hours=1), paid,
            "https://tripay.example/checkout/DEV", T0,
        )  # fmt: skip
    return invoice
