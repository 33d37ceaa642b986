"""Payloads shaped like the ones producers queue, one per alert kind (shared by tests)."""

from __future__ import annotations

from typing import Any

BOT_ID = "6f1c2f0e-8a47-4c39-9f0e-3a1b2c3d4e5f"
STRATEGY_ID = "0b7e8c1a-1234-4f56-9abc-def012345678"
HOSTILE = '<b>Evil</b> & "bot" <script>'

_TRADE = {
    "bot_id": BOT_ID,
    "bot_name": "RSI Scalper",
    "pair": "BTC/USDT",
    "trade_id": 7,
    "amount": "0.001230000000",
    "stake_currency": "USDT",
    "dry_run": True,
}
_VERDICT = {
    "bot_id": BOT_ID,
    "bot_name": "RSI Scalper",
    "pair": "ETH/USDT",
    "streak": 5,
    "drawdown_pct": 11.37,
    "reason": "5 losses in a row",
}
_INVOICE = {"plan_code": "pro", "plan_name": "Pro", "amount_idr": 149000, "merchant_ref": "INV-1"}
_PLAN = {"plan_code": "pro", "plan_name": "Pro", "ends_at": "2026-11-30T08:30:00+00:00"}

SAMPLES: dict[str, dict[str, Any]] = {
    "trade_opened": {**_TRADE, "side": "buy", "price": "64250.120000000000"},
    "trade_closed": {
        **_TRADE,
        "side": "sell",
        "price": "65010.5",
        "profit_abs": "0.93540000",
        "profit_pct": "1.18",
        "exit_reason": "roi",
    },
    "bot_started": {
        "bot_id": BOT_ID,
        "bot_name": "RSI Scalper",
        "pair": "BTC/USDT",
        "dry_run": True,
    },
    "bot_restarted": {"bot_id": BOT_ID, "bot_name": "RSI Scalper", "pair": "BTC/USDT"},
    "bot_failed": {
        "bot_id": BOT_ID,
        "bot_name": "RSI Scalper",
        "reason": "exited with code 2",
        "log_tail": ["Traceback (most recent call last):", "KeyError: 'rsi' <in strategy>"],
    },
    "supervisor_warning": dict(_VERDICT, streak=3),
    "supervisor_paused": {**_VERDICT, "actions": ["resume", "close_all", "keep_paused", "explain"]},
    "strategy_ready": {
        "strategy_id": STRATEGY_ID,
        "version_id": STRATEGY_ID,
        "strategy_name": "RSI dip buyer",
        "summary": "Buys BTC when RSI(14) < 30 and sells at +2% or -1%.",
        "explanation": "Buys oversold dips <b>quickly</b> & sells into strength.",
        "in_sample": {"trades": 12, "win_rate": 0.58, "profit_pct": 3.2, "max_drawdown_pct": 2.1},
        "out_of_sample": {
            "trades": 5,
            "win_rate": 0.4,
            "profit_pct": -0.7,
            "max_drawdown_pct": 1.5,
        },
        "flags": ["out_of_sample_worse"],
        "days": 60,
        "timeframe": "5m",
    },
    "backtest_ready": {
        "strategy_name": "RSI dip buyer",
        "version_id": STRATEGY_ID,
        "in_sample": {"trades": 40, "win_rate": 0.55, "profit_pct": 6.1, "max_drawdown_pct": 4.0},
        "out_of_sample": {
            "trades": 17,
            "win_rate": 0.52,
            "profit_pct": 1.9,
            "max_drawdown_pct": 3.2,
        },
        "flags": [],
        "days": 90,
    },
    # As orchestrator.strategies.optimisation builds it for a spec version.
    "optimise_ready": {
        "run_id": "3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
        "chart_artifact_id": "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b",
        "version_id": STRATEGY_ID,
        "strategy_name": "RsiEmaDip",
        "epochs": 100,
        "seconds": 412.5,
        "best": {
            "epoch": 21,
            "profit_pct": 1234.5678,
            "trades": 48,
            "params": {"ema_fast_period": 16, "entry_1_threshold_1": 27.5, "stoploss": -0.08},
        },
        "changes": [
            {
                "param": "ema_fast_period",
                "subject": "EMA fast",
                "role": "period",
                "before": 9.0,
                "after": 16,
            },
            {
                "param": "entry_1_threshold_1",
                "subject": "RSI",
                "role": "entry_below",
                "before": 30.0,
                "after": 27.5,
            },
            {
                "param": "entry_1_candles_1",
                "subject": "1",
                "role": "entry_candles",
                "before": 2,
                "after": 4,
            },
        ],
        "in_sample_before": {
            "trades": 40,
            "win_rate": 0.55,
            "profit_pct": 3.1,
            "max_drawdown_pct": 4.0,
            "days": 21.0,
        },
        "out_of_sample_before": {
            "trades": 17,
            "win_rate": 0.52,
            "profit_pct": -1.2,
            "max_drawdown_pct": 3.2,
            "days": 9.0,
        },
    },
    "job_failed": {"job": "backtest", "ref": STRATEGY_ID, "strategy_name": "RSI <dip> buyer"},
    "strategy_migrated": {
        "strategy_id": STRATEGY_ID,
        "strategy_name": "RSI dip buyer",
        "version_id": STRATEGY_ID,
        "version": 3,
        "old_version": 1,
        "bots_kept": ["RSI Scalper"],
        "bots_moved": 1,
    },
    "payment_paid": {**_INVOICE, "ends_at": "2026-12-24T10:00:00+00:00"},
    "payment_expired": dict(_INVOICE),
    "payment_failed": dict(_INVOICE),
    "payment_refunded": {**_INVOICE, "ends_at": "2026-12-01T08:30:00+00:00"},
    "plan_reminder": {**_PLAN, "days_left": 3},
    "plan_grace": {**_PLAN, "grace_ends": "2026-12-03T08:30:00+00:00"},
    "plan_downgraded": {
        **_PLAN,
        "stopped": ["Grid ETH"],
        "winding": ["RSI Scalper"],
        "paused": ["Dip buyer", "Breakout"],
    },
    "bot_stopped_flat": {"bot_id": BOT_ID, "bot_name": "RSI Scalper", "pair": "BTC/USDT"},
    "key_added": {
        "exchange": "binance",
        "key_hint": "••••abcd",
        "label": "main",
        "ip_restricted": False,
    },
    "summary": {
        "frequency": "daily",
        "period_start": "2026-11-29T13:00:00+00:00",
        "period_end": "2026-11-30T13:00:00+00:00",
        "timezone": "Asia/Jakarta",
        "has_bots": True,
        "bots": [
            {
                "bot_id": BOT_ID,
                "bot_name": "RSI Scalper",
                "pair": "BTC/USDT",
                "dry_run": True,
                "state": "running",
                "stake_currency": "USDT",
                "closed": 3,
                "wins": 2,
                "profit_abs": "1.253400000000",
                "open_trades": 1,
            }
        ],
        "more_bots": 0,
        "totals": [
            {
                "stake_currency": "USDT",
                "dry_run": True,
                "closed": 3,
                "wins": 2,
                "profit_abs": "1.253400000000",
            }
        ],
        "open_trades": 1,
    },
}

KINDS = sorted(SAMPLES)
