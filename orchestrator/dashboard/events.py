"""Live dashboard events: typed, kept per user in a Redis stream, read back from an id.

Every user has one stream, `nofomo:events:<user id>`, capped near `MAXLEN` entries and
expiring `TTL` after its last event, so idle users cost nothing. An entry holds the event's
`type` and its fields as JSON. Stream ids double as SSE event ids: a browser resumes from
the last id it saw. The stream key only ever comes from a user id the caller vouches for
(the signed-in session), never from a client; an id a client sends that is malformed or
names no entry of *that* stream means "from now".
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar, Final

from redis.asyncio import Redis

log = logging.getLogger(__name__)

PREFIX: Final = "nofomo:events:"
MAXLEN: Final = 1000  # approximate (XADD MAXLEN ~): Redis trims whole nodes, cheaply
TTL: Final = dt.timedelta(days=7)
ONCE_TTL: Final = dt.timedelta(days=1)  # how long a `once` name blocks a repeat
_ID: Final = re.compile(r"\A(\d{1,20})-(\d{1,20})\Z")

# XADD and the TTL refresh, unless the `once` key was seen: one atomic step, no repeats.
_PUBLISH: Final = """
if not redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[3]) then
  return false
end
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*',
                      'type', ARGV[4], 'data', ARGV[5])
redis.call('EXPIRE', KEYS[1], ARGV[2])
return id
"""


@dataclass(frozen=True)
class BotEvent:
    """A bot's shown state changed (`state` is a `states.State` word)."""

    type: ClassVar[str] = "bot"
    bot_id: uuid.UUID
    state: str


@dataclass(frozen=True)
class TradeEvent:
    """A trade was synced in, or its open/closed state or figures changed.

    `trade_id` is Freqtrade's id of the trade within its bot (`trades.ft_trade_id`).
    """

    type: ClassVar[str] = "trade"
    bot_id: uuid.UUID
    trade_id: int
    is_open: bool
    pair: str
    profit_abs: Decimal | None = None


@dataclass(frozen=True)
class AlertEvent:
    """An alert from the outbox, with the few fields a short web text needs."""

    type: ClassVar[str] = "alert"
    kind: str
    alert_id: int
    bot_id: uuid.UUID | None = None
    bot_name: str = ""
    pair: str = ""
    streak: int | None = None
    drawdown_pct: Decimal | None = None
    profit_abs: Decimal | None = None
    currency: str = ""


LiveEvent = BotEvent | TradeEvent | AlertEvent
Entry = tuple[str, LiveEvent]  # (stream id, event)


def stream_key(user_id: uuid.UUID) -> str:
    """Return the user's stream key (from a trusted user id only)."""
    return f"{PREFIX}{uuid.UUID(str(user_id))}"


def encode(event: LiveEvent) -> tuple[str, str]:
    """Return the event as (type, JSON fields)."""
    fields: dict[str, Any] = {}
    for name in event.__dataclass_fields__:
        value = getattr(event, name)
        fields[name] = str(value) if isinstance(value, uuid.UUID | Decimal) else value
    return event.type, json.dumps(fields, separators=(",", ":"), sort_keys=True)


def decode(kind: str, data: str) -> LiveEvent:
    """Rebuild an event from its type and JSON fields; ValueError if it is not one."""
    try:
        fields = json.loads(data)
        if kind == BotEvent.type:
            return BotEvent(uuid.UUID(fields["bot_id"]), str(fields["state"]))
        if kind == TradeEvent.type:
            return TradeEvent(
                uuid.UUID(fields["bot_id"]),
                int(fields["trade_id"]),
                bool(fields["is_open"]),
                str(fields["pair"]),
                _decimal(fields.get("profit_abs")),
            )
        if kind == AlertEvent.type:
            return _alert(fields)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValueError(f"malformed {kind} event") from exc
    raise ValueError(f"unknown event type {kind!r}")


def _alert(fields: Mapping[str, Any]) -> AlertEvent:
    bot_id = fields.get("bot_id")
    streak = fields.get("streak")
    return AlertEvent(
        kind=str(fields["kind"]),
        alert_id=int(fields["alert_id"]),
        bot_id=uuid.UUID(bot_id) if bot_id else None,
        bot_name=str(fields.get("bot_name") or ""),
        pair=str(fields.get("pair") or ""),
        streak=int(streak) if streak is not None else None,
        drawdown_pct=_decimal(fields.get("drawdown_pct")),
        profit_abs=_decimal(fields.get("profit_abs")),
        currency=str(fields.get("currency") or ""),
    )


def _decimal(value: object) -> Decimal | None:
    return None if value is None or value == "" else Decimal(str(value))


def parse_id(raw: str | None) -> tuple[int, int] | None:
    """Return a stream id as (ms, seq), or None when `raw` is not one."""
    match = _ID.match((raw or "").strip())
    if match is None:
        return None
    ms, seq = int(match[1]), int(match[2])
    return (ms, seq) if ms < 2**64 and seq < 2**64 else None


def newer(candidate: str, than: str) -> bool:
    """Tell whether stream id `candidate` comes after `than`."""
    return (parse_id(candidate) or (0, 0)) > (parse_id(than) or (0, 0))


async def publish(
    redis: Redis, user_id: uuid.UUID, event: LiveEvent, *, once: str | None = None
) -> str | None:
    """Append an event to the user's stream; return its id (None: `once` was seen before)."""
    if once is None:
        return (await publish_many(redis, user_id, [event]))[0]
    kind, data = encode(event)
    key = stream_key(user_id)
    keys = [key, f"{key}:once:{once}"]
    args: list[str | int] = [MAXLEN, _seconds(TTL), _seconds(ONCE_TTL), kind, data]
    added = await redis.register_script(_PUBLISH)(keys=keys, args=args)
    return _text(added) if added else None


async def publish_many(redis: Redis, user_id: uuid.UUID, events: Sequence[LiveEvent]) -> list[str]:
    """Append events to the user's stream in order, in one round trip; return their ids."""
    if not events:
        return []
    key = stream_key(user_id)
    pipe = redis.pipeline(transaction=False)
    for event in events:
        kind, data = encode(event)
        pipe.xadd(key, {"type": kind, "data": data}, maxlen=MAXLEN, approximate=True)
    pipe.expire(key, TTL)
    answers = await pipe.execute()
    return [_text(added) for added in answers[:-1]]


async def read(
    redis: Redis, user_id: uuid.UUID, last_id: str | None, block_ms: int, count: int = 100
) -> list[Entry]:
    """Wait up to `block_ms` for events after `last_id` (None: from now) and return them."""
    batches = await read_many(redis, {user_id: last_id or "$"}, block_ms, count)
    return batches.get(user_id, [])


async def read_many(
    redis: Redis, cursors: Mapping[uuid.UUID, str], block_ms: int, count: int = 100
) -> dict[uuid.UUID, list[Entry]]:
    """XREAD BLOCK over several users' streams, each after its own cursor."""
    users = {stream_key(user_id): user_id for user_id in cursors}
    streams = {key: cursors[user_id] for key, user_id in users.items()}
    answer = await redis.xread(streams, count=count, block=block_ms)  # type: ignore[arg-type]
    pairs = answer.items() if isinstance(answer, dict) else answer or []  # RESP3 or RESP2
    return {users[_text(key)]: _entries(items) for key, items in pairs}


async def between(
    redis: Redis, user_id: uuid.UUID, after: str, up_to: str, count: int = MAXLEN
) -> list[Entry]:
    """Return the user's events after id `after` up to and including id `up_to`."""
    if not newer(up_to, after):
        return []
    items = await redis.xrange(stream_key(user_id), f"({after}", up_to, count=count)
    return _entries(items)


async def latest_id(redis: Redis, user_id: uuid.UUID) -> str:
    """Return the id of the user's newest event ("0-0" when there is none)."""
    items = await redis.xrevrange(stream_key(user_id), count=1)
    return _text(items[0][0]) if items else "0-0"


async def resume_point(redis: Redis, user_id: uuid.UUID, raw: str | None) -> str | None:
    """Return `raw` if it names an event in this user's stream, else None ("from now")."""
    if parse_id(raw) is None:
        return None
    wanted = (raw or "").strip()
    found = await redis.xrange(stream_key(user_id), wanted, wanted, count=1)
    return wanted if found else None


def _entries(items: Sequence[Any]) -> list[Entry]:
    """Decode raw stream entries, skipping (and logging) any that are not events."""
    out: list[Entry] = []
    for raw_id, fields in items:
        entry_id = _text(raw_id)
        values = {_text(k): _text(v) for k, v in fields.items()}
        try:
            out.append((entry_id, decode(values.get("type", ""), values.get("data", ""))))
        except ValueError as exc:
            log.warning("live event %s skipped: %s", entry_id, exc)
    return out


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _seconds(span: dt.timedelta) -> int:
    return int(span.total_seconds())
