"""Reading what running bots answer: Freqtrade's /balance and /count, and masked log lines."""

from __future__ import annotations

from decimal import Decimal

from orchestrator.bots.live import Holding, OpenCount, Wallet, redact

# Shaped as Freqtrade 2026.9's /balance answers for a dry-run bot holding one open trade.
BALANCE = {
    "currencies": [
        {
            "currency": "USDT",
            "free": 975.0,
            "balance": 1000.0,
            "used": 25.0,
            "bot_owned": 975.0,
            "est_stake": 1000.0,
            "est_stake_bot": 975.0,
            "stake": "USDT",
            "side": "long",
            "position": 0,
            "is_bot_managed": True,
            "is_position": False,
        },
        {"currency": "BTC", "free": 0.00025, "balance": 0.00025, "used": 0, "est_stake": 24.9},
        {"currency": "BNB", "free": 0, "balance": 0, "used": 0, "est_stake": 0},
    ],
    "total": 1024.9,
    "total_bot": 999.9,
    "symbol": "",
    "value": 0,
    "value_bot": 0,
    "stake": "USDT",
    "note": "Simulated balances",
}


def test_a_wallet_keeps_what_it_holds_exactly_as_sent() -> None:
    wallet = Wallet.from_api(BALANCE)
    assert wallet.stake_currency == "USDT" and wallet.simulated
    assert wallet.total == Decimal("1024.9")
    assert wallet.holdings == (
        Holding("USDT", Decimal("1000.0"), Decimal("975.0"), Decimal("25.0"), Decimal("1000.0")),
        Holding("BTC", Decimal("0.00025"), Decimal("0.00025"), Decimal(0), Decimal("24.9")),
    )
    assert not Wallet.from_api({**BALANCE, "note": ""}).simulated


def test_a_count_reads_no_limit_as_none() -> None:
    assert OpenCount.from_api({"current": 1, "max": 3, "total_stake": 24.5}) == OpenCount(
        1, 3, Decimal("24.5")
    )
    assert OpenCount.from_api({"current": 0, "max": -1, "total_stake": 0}).limit is None


def test_log_lines_lose_the_webhook_secret_and_url_passwords() -> None:
    secret = "f" * 64
    token = "123456789:" + "x" * 35  # the shape of a Telegram bot token
    lines = [
        "2026-11-30 12:00:01 - freqtrade.rpc.webhook - WARNING - Could not call webhook url. "
        f"Exception: HTTPConnectionPool(host='127.0.0.1', port=8080): Max retries exceeded "
        f"with url: /hooks/freqtrade/42/{secret}",
        "psycopg.OperationalError: postgresql://bot_42:s3cr3tpass@127.0.0.1:5432/postgres",
        f"telegram said: {token} is wrong",
        "2026-11-30 12:00:02 - freqtrade.worker - INFO - Bot heartbeat. PID=42",
    ]
    masked = redact(lines, [secret])
    assert secret not in masked[0] and masked[0].endswith("/hooks/freqtrade/42/***")
    assert masked[1] == "psycopg.OperationalError: postgresql://bot_42:***@127.0.0.1:5432/postgres"
    assert masked[2] == "telegram said: *** is wrong"
    assert masked[3] == lines[3]
