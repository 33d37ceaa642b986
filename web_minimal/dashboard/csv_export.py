"""A bot's trades as CSV: one row per trade, ISO times in UTC, safe to open in a spreadsheet.

Spreadsheets run a cell that starts with = + - @ (or a tab or carriage return) as a
formula. Text cells that start so get a leading apostrophe, the usual defence; numbers are
written as plain decimals and left alone, so a loss stays the number -1.5.

`fee_open` and `fee_close` are rates as Freqtrade names them (0.001 is 0.1%); what was paid,
in the stake currency, is in `fee_open_cost` and `fee_close_cost` when known. One unit per
column: a spreadsheet cannot tell a rate from an amount. Later columns go at the end, so
readers that count columns keep working.

The export streams: the first batch of trades is read before the response starts, the rest
a batch at a time as it is sent (a bot with 5,000 trades starts downloading at once).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import AsyncIterator, Iterable, Sequence
from decimal import Decimal
from typing import Final

from orchestrator.dashboard.trades import ClosedTradeRow, OpenTradeRow

COLUMNS: Final = (
    "id", "pair", "is_open", "open_date", "close_date", "open_rate", "close_rate", "amount",
    "stake_amount", "profit_abs", "profit_ratio", "exit_reason", "enter_tag", "fee_open",
    "fee_close", "duration_s", "fee_open_cost", "fee_close_cost", "stop_loss",
)  # fmt: skip
_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | bool | Decimal | dt.datetime | None
Trade = OpenTradeRow | ClosedTradeRow


def text_cell(value: str | None) -> str:
    """Write a text cell, defused when a spreadsheet would read it as a formula."""
    if not value:
        return ""
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def cell(value: Cell) -> str:
    """Write one value: text defused, numbers plain, moments ISO 8601 in UTC."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value.is_finite() else ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return aware.astimezone(dt.UTC).isoformat(timespec="seconds")
    return text_cell(value)


def row_of(trade: Trade) -> Sequence[Cell]:
    """Return a trade's cells in the order of COLUMNS."""
    closed = trade if isinstance(trade, ClosedTradeRow) else None
    return (
        trade.trade_id,
        trade.pair,
        closed is None,
        trade.open_date,
        closed.close_date if closed else None,
        trade.open_rate,
        closed.close_rate if closed else None,
        trade.amount,
        trade.stake_amount,
        closed.profit_abs if closed else None,
        closed.profit_ratio if closed else None,
        closed.exit_reason if closed else None,
        trade.enter_tag,
        closed.fee_open if closed else None,
        closed.fee_close if closed else None,
        closed.duration_s if closed else None,
        closed.fee_open_cost if closed else None,
        closed.fee_close_cost if closed else None,
        trade.stop_loss if isinstance(trade, OpenTradeRow) else None,
    )


def csv_text(trades: Iterable[Trade], *, header: bool = True) -> str:
    """Return the CSV file: a header, then one line per trade (CRLF line ends, RFC 4180)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if header:
        writer.writerow(COLUMNS)
    for trade in trades:
        writer.writerow([cell(value) for value in row_of(trade)])
    return out.getvalue()


async def csv_stream(batches: AsyncIterator[Sequence[Trade]]) -> AsyncIterator[bytes]:
    """Read the first batch of trades now, then return the whole file as UTF-8 chunks.

    A refusal (a bot that is not the reader's) raises here, before a byte is sent; the rest
    is read and written a batch at a time while the response streams.
    """
    first: Sequence[Trade] = await anext(batches, [])
    return _chunks(first, batches)


async def _chunks(
    first: Sequence[Trade], rest: AsyncIterator[Sequence[Trade]]
) -> AsyncIterator[bytes]:
    yield csv_text(first).encode()
    async for batch in rest:
        yield csv_text(batch, header=False).encode()
