"""What a user's flow keeps survives JSON exactly, and an unreadable entry never breaks a chat."""

from __future__ import annotations

import json
import uuid
from decimal import Decimal
from enum import IntEnum

import pytest

from telegram_bot.persistence import encode_key, storable_state
from telegram_bot.state import IDEAS_KEPT, StartBotDraft, UserData

FULL = StartBotDraft(
    version_id=uuid.UUID("0b6f2c4e-8f1a-4d7e-9c3b-5a2d1e0f9a87"),
    class_name="RsiDip",
    timeframe="1h",
    exchange="bybit",
    pair="SOL/USDT",
    stake=Decimal("12.345678901234567890"),
    key_id=uuid.UUID("7d9e1f20-3a4b-4c5d-8e6f-0a1b2c3d4e5f"),
)


def through_json(data: UserData) -> UserData:
    """Encode, write as JSON text and read back, as Postgres does with jsonb."""
    return UserData.from_json(json.loads(json.dumps(data.to_json())))


@pytest.mark.parametrize(
    "data",
    [
        UserData(),
        UserData(start_bot=StartBotDraft()),
        UserData(start_bot=FULL, ideas={"tok1": "buy the dip", "tok2": "beli BTC saat RSI < 30"}),
        UserData(start_bot=StartBotDraft(pair="BTC/USDT", stake=Decimal("25"))),
    ],
)
def test_user_data_round_trips_through_json(data: UserData) -> None:
    assert through_json(data) == data


def test_the_stake_keeps_every_digit_and_ids_stay_ids() -> None:
    draft = through_json(UserData(start_bot=FULL)).start_bot
    assert draft is not None
    assert draft.stake == Decimal("12.345678901234567890")
    assert isinstance(draft.version_id, uuid.UUID) and draft.key_id == FULL.key_id


def test_nothing_remembered_is_an_empty_object() -> None:
    assert UserData().to_json() == {}
    assert UserData(ideas={"t": "x"}).to_json() == {"ideas": [["t", "x"]]}


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ({}, UserData()),
        ({"start_bot": "not a draft", "ideas": ["nor", "ideas"]}, UserData()),
        (
            {"ideas": [["ok", "kept"], ["bad", 7], ["short"], "x"], "later_field": 1},
            UserData(ideas={"ok": "kept"}),
        ),
        ({"ideas": {"an": "object"}}, UserData()),
        (
            {"start_bot": {"stake": "NaN", "version_id": "nope", "pair": 5, "timeframe": None}},
            UserData(start_bot=StartBotDraft()),
        ),
        (
            {"start_bot": {"stake": "Infinity", "exchange": "binance"}},
            UserData(start_bot=StartBotDraft(exchange="binance")),
        ),
    ],
)
def test_malformed_fields_are_dropped_not_raised(
    stored: dict[str, object], expected: UserData
) -> None:
    assert UserData.from_json(stored) == expected


def test_replace_with_changes_the_same_object() -> None:
    held = UserData(ideas={"old": "idea"})
    held.replace_with(UserData(start_bot=StartBotDraft(pair="ETH/USDT")))
    assert held == UserData(start_bot=StartBotDraft(pair="ETH/USDT"))


def test_only_the_last_ideas_keep_their_buttons() -> None:
    data = UserData()
    tokens = [data.remember_idea(f"idea {n}") for n in range(IDEAS_KEPT + 2)]
    assert list(data.ideas) == tokens[2:]
    assert data.remember_idea("given", "tok") == "tok" and data.ideas["tok"] == "given"


class Step(IntEnum):
    ONE = 1


def test_conversation_keys_andstorable_states_as_stored() -> None:
    assert encode_key((-100123, 42)) == "[-100123,42]"
    assert (storable_state(Step.ONE), type(storable_state(Step.ONE))) == (1, int)
    assert (storable_state("waiting"), storable_state(None)) == ("waiting", None)
    with pytest.raises(TypeError):
        storable_state(True)
    with pytest.raises(TypeError):
        storable_state(object())
