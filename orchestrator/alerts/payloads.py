"""What producers queue: one `TypedDict` per alert kind, tagged with a `Literal` kind.

`enqueue_alert` stores the tag in the outbox's `kind` column and the other keys as the
payload, so a stored payload holds exactly the fields declared here. Identifiers travel
as strings because the payload is JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, NotRequired, TypedDict


class BotFields(TypedDict):
    """The bot an alert is about."""

    bot_id: str
    bot_name: str
    pair: str


class TradeFields(BotFields):
    """One trade of a bot, amounts as decimal strings."""

    trade_id: int
    amount: str
    stake_currency: str
    dry_run: bool


class TradeOpened(TradeFields):
    kind: Literal["trade_opened"]
    side: str
    price: str


class TradeClosed(TradeFields):
    kind: Literal["trade_closed"]
    side: str
    price: str
    profit_abs: str
    profit_pct: str
    exit_reason: str | None


class BotRunFields(BotFields):
    """A bot that is running again."""

    dry_run: bool


class BotStarted(BotRunFields):
    kind: Literal["bot_started"]


class BotRestarted(BotRunFields):
    kind: Literal["bot_restarted"]


class BotFailed(TypedDict):
    kind: Literal["bot_failed"]
    bot_id: str
    bot_name: str
    reason: str
    log_tail: list[str]


class SupervisorFields(BotFields):
    """The supervisor's verdict on a losing streak."""

    streak: int
    drawdown_pct: float
    reason: str


class SupervisorWarning(SupervisorFields):
    kind: Literal["supervisor_warning"]


class SupervisorPaused(SupervisorFields):
    kind: Literal["supervisor_paused"]
    actions: list[str]  # what the user may do next: resume, close_all, keep_paused, explain


class Period(TypedDict):
    """A backtest's figures over one period (in-sample or out-of-sample)."""

    trades: int
    win_rate: float
    profit_pct: float
    max_drawdown_pct: float
    days: float


class ReportFigures(TypedDict):
    """A validation report's figures, as `strategies.reports.report_figures` builds them."""

    trades: int
    days: float
    overall: NotRequired[Period | None]  # the whole period (older reports lack it)
    in_sample: Period | None
    out_of_sample: Period | None
    flags: list[str]
    warnings: list[str]


class StrategyReady(ReportFigures):
    kind: Literal["strategy_ready"]
    strategy_id: str
    version_id: str
    strategy_name: str
    summary: str
    explanation: str
    pair: str
    timeframe: str
    chart_artifact_id: str
    trades_chart_artifact_id: str


class BacktestReady(ReportFigures):
    kind: Literal["backtest_ready"]
    run_id: str
    version_id: str
    strategy_name: str
    ok: bool
    reasons: list[str]
    chart_artifact_id: NotRequired[str]


class BestEpoch(TypedDict):
    """The best hyperopt epoch and the parameters it found."""

    epoch: int
    profit_pct: float
    trades: int
    params: dict[str, Any]  # the strategy's own parameters, any JSON


class OptimiseSummary(TypedDict):
    """What a hyperopt run found."""

    epochs: int
    seconds: float
    best: BestEpoch | None


class ParamChange(TypedDict):
    """One number hyperopt changed: what it tunes (subject, role) and its old and new value."""

    param: str  # hyperopt's name, e.g. ema_fast_period
    subject: str  # an indicator as the strategy names it ("EMA fast") or a rule's number
    role: str  # which number of it: period, entry_below, exit_candles... ("" for code)
    before: float | None
    after: float


class OptimiseReady(OptimiseSummary):
    kind: Literal["optimise_ready"]
    run_id: str
    chart_artifact_id: str
    version_id: str
    strategy_name: NotRequired[str]
    changes: NotRequired[list[ParamChange]]
    # The version's validation before optimising, to compare the optimised profit with.
    in_sample_before: NotRequired[Period | None]
    out_of_sample_before: NotRequired[Period | None]


class JobFailed(TypedDict):
    kind: Literal["job_failed"]
    job: str  # generation, backtest or hyperopt
    ref: str
    strategy_name: str | None


class StrategyMigrated(TypedDict):
    kind: Literal["strategy_migrated"]
    strategy_id: str
    strategy_name: str
    version_id: str
    version: int
    old_version: int
    bots_kept: list[str]
    bots_moved: int


class InvoiceFields(TypedDict):
    """One Tripay invoice."""

    plan_code: str
    plan_name: str
    amount_idr: int
    merchant_ref: str


class PaymentPaid(InvoiceFields):
    kind: Literal["payment_paid"]
    ends_at: str


class PaymentExpired(InvoiceFields):
    kind: Literal["payment_expired"]


class PaymentFailed(InvoiceFields):
    kind: Literal["payment_failed"]


class PaymentRefunded(InvoiceFields):
    kind: Literal["payment_refunded"]
    ends_at: str | None  # when paid time now ends (ISO), None: it already has


class PlanFields(TypedDict):
    """The paid plan a lifecycle notice is about."""

    plan_code: str
    plan_name: str
    ends_at: str  # ISO: when its paid time ends or ended


class PlanReminder(PlanFields):
    kind: Literal["plan_reminder"]
    days_left: int


class PlanGrace(PlanFields):
    kind: Literal["plan_grace"]
    grace_ends: str  # ISO


class PlanDowngraded(PlanFields):
    kind: Literal["plan_downgraded"]
    stopped: list[str]  # bot names stopped at once (live, no open position)
    winding: list[str]  # live bots that only exit their open positions, then stop
    paused: list[str]  # bots beyond the free plan's limit, paused (newest first)


class BotStoppedFlat(BotFields):
    kind: Literal["bot_stopped_flat"]


class KeyFields(TypedDict):
    """A newly added exchange key, masked."""

    exchange: str
    key_hint: str
    label: str | None
    ip_restricted: bool


class KeyAdded(KeyFields):
    kind: Literal["key_added"]


class SummaryBot(BotFields):
    """One bot in a summary: its state now and its trades in the period."""

    dry_run: bool
    state: str  # as the user sees it: running, paused, stopped, failed...
    stake_currency: str
    closed: int  # trades closed in the period
    wins: int  # of them, closed with a profit
    profit_abs: str  # realised in the period, a decimal string
    open_trades: int  # open now


class SummaryTotal(TypedDict):
    """The period's totals for one stake currency, live and simulated money kept apart."""

    stake_currency: str
    dry_run: bool
    closed: int
    wins: int
    profit_abs: str


class Summary(TypedDict):
    kind: Literal["summary"]
    frequency: str  # daily or weekly
    period_start: str  # ISO timestamps (UTC)
    period_end: str
    timezone: str  # the zone the user reads times in
    has_bots: bool  # False: the user has no bot yet
    bots: list[SummaryBot]  # bots that were active or traded, the first ones
    more_bots: int  # such bots left out of `bots`
    totals: list[SummaryTotal]
    open_trades: int


AlertPayload = (
    TradeOpened
    | TradeClosed
    | BotStarted
    | BotRestarted
    | BotFailed
    | SupervisorWarning
    | SupervisorPaused
    | StrategyReady
    | BacktestReady
    | OptimiseReady
    | JobFailed
    | StrategyMigrated
    | PaymentPaid
    | PaymentExpired
    | PaymentFailed
    | PaymentRefunded
    | PlanReminder
    | PlanGrace
    | PlanDowngraded
    | BotStoppedFlat
    | KeyAdded
    | Summary
)

# Routine kinds a user on alert_level 'important' does not receive.
ROUTINE_KINDS = ("trade_opened", "trade_closed", "bot_started")


def as_report_figures(raw: Mapping[str, Any]) -> ReportFigures:
    """Type the plain figures dict a validation report produced."""
    figures: ReportFigures = {
        "trades": raw["trades"],
        "days": raw["days"],
        "in_sample": raw["in_sample"],
        "out_of_sample": raw["out_of_sample"],
        "flags": raw["flags"],
        "warnings": raw["warnings"],
    }
    if "overall" in raw:
        figures["overall"] = raw["overall"]
    return figures


def as_optimise_summary(raw: Mapping[str, Any]) -> OptimiseSummary:
    """Type the plain summary dict a hyperopt run produced."""
    return {"epochs": raw["epochs"], "seconds": raw["seconds"], "best": raw["best"]}
