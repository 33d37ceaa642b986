"""Live dashboard events: what goes into a user's stream comes back out the same."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from orchestrator.dashboard.events import (
    AlertEvent,
    BotEvent,
    LiveEvent,
    TradeEvent,
    decode,
    encode,
    newer,
    parse_id,
    stream_key,
)
from orchestrator.dashboard.feed import alert_event

BOT = uuid.UUID("9a0f8d2e-6a53-4a53-9a1e-0d6b7f0e1c2a")

EVENTS: list[LiveEvent] = [
    BotEvent(BOT, "paused_supervisor"),
    TradeEvent(BOT, 7, True, "BTC/USDT"),
    TradeEvent(BOT, 8, False, "ETH/USDT", Decimal("-1.234567890123")),
    AlertEvent("supervisor_paused", 41, BOT, "Grid “A” <b>", "BTC/USDT", 5, Decimal("12.5")),
    AlertEvent("plan_grace", 42),
]


@pytest.mark.parametrize("event", EVENTS, ids=lambda e: type(e).__name__)
def test_an_event_survives_its_round_trip(event: LiveEvent) -> None:
    kind, data = encode(event)
    assert kind == event.type
    assert decode(kind, data) == event


def test_the_fields_are_plain_json_with_exact_decimals() -> None:
    _, data = encode(TradeEvent(BOT, 8, False, "ETH/USDT", Decimal("0.10000000")))
    assert '"profit_abs":"0.10000000"' in data
    assert f'"bot_id":"{BOT}"' in data


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("bot", "{"),
        ("bot", '{"bot_id": "not-a-uuid", "state": "running"}'),
        ("trade", f'{{"bot_id": "{BOT}"}}'),
        ("alert", "[]"),
        ("nonsense", "{}"),
        ("", ""),
    ],
)
def test_anything_else_is_refused_as_not_an_event(kind: str, data: str) -> None:
    with pytest.raises(ValueError):
        decode(kind, data)


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        ("1700000000000-0", (1700000000000, 0)),
        (" 5-12 ", (5, 12)),
        ("5", None),
        ("5-", None),
        ("-5-1", None),
        ("$", None),
        ("+", None),
        ("0-0 junk", None),
        ("1-1\n2-2", None),
        ("99999999999999999999-0", None),  # past 64 bits
        ("", None),
        (None, None),
    ],
)
def test_only_stream_ids_parse(raw: str | None, parsed: tuple[int, int] | None) -> None:
    assert parse_id(raw) == parsed


def test_ids_order_by_time_then_sequence() -> None:
    assert newer("10-1", "10-0")
    assert newer("11-0", "10-99")
    assert not newer("10-0", "10-0")
    assert newer("1-0", "not an id")


def test_the_stream_key_takes_only_a_user_id() -> None:
    user = uuid.uuid4()
    assert stream_key(user) == f"nofomo:events:{user}"
    with pytest.raises(ValueError):
        stream_key("x:*")  # type: ignore[arg-type]


def test_an_alert_payload_gives_the_few_fields_a_toast_needs() -> None:
    payload = {
        "bot_id": str(BOT),
        "bot_name": "Grid",
        "pair": "BTC/USDT",
        "streak": 3,
        "drawdown_pct": 7.25,
        "reason": "3 losses",
        "actions": ["resume"],
    }
    event = alert_event(9, "supervisor_warning", payload)
    assert event == AlertEvent("supervisor_warning", 9, BOT, "Grid", "BTC/USDT", 3, Decimal("7.25"))


def test_an_odd_alert_payload_still_gives_an_event() -> None:
    payload = {"bot_id": "nope", "streak": "3", "profit_abs": "NaN", "drawdown_pct": True}
    assert alert_event(1, "summary", payload) == AlertEvent("summary", 1)
