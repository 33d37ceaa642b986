"""Turn alert payload values into escaped, formatted template fields, one builder per kind.

Numbers, money and dates are written the way the reader's language writes them
(`kernel.formatting`): 64.250,12 USDT and 24 Des 2026 in Indonesian, 64,250.12 USDT and
Dec 24, 2026 in English, days in Asia/Jakarta.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from kernel import formatting
from kernel.i18n import plural
from telegram_bot.alerts.texts import LABELS, label
from telegram_bot.render import exit_reason

Payload = Mapping[str, Any]
MISSING = "—"
# Drawdowns are written as the equity chart writes them, with a true minus sign.
MINUS = "\u2212"
_LOG_LINES = 5
_KEPT_BOTS = 5


class Fields(dict[str, str]):
    """Template values; a placeholder the payload cannot fill shows a dash, never fails."""

    def __missing__(self, key: str) -> str:
        return MISSING


def escape(value: Any, limit: int = 64) -> str:
    """Cap a user-controlled value at `limit` characters and escape it for HTML."""
    text = "" if value is None else str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return html.escape(text, quote=False)


def _written(value: Any, write: Callable[[formatting.Number], str]) -> str:
    """Write a payload number with `write`: a dash when missing, escaped text when no number."""
    if value is None or value == "":
        return MISSING
    try:
        return escape(write(value), 64)
    except (ValueError, InvalidOperation):
        return escape(value, 32)


def number(value: Any, lang: str, places: int = 8, *, signed: bool = False) -> str:
    """Write a number with grouping and at most `places` decimals: 0,00123, 64.250,12 (id)."""
    return _written(
        value, lambda v: formatting.number(v, lang, decimals=places, signed=signed, trim=True)
    )


def price(value: Any, lang: str) -> str:
    """Write a price as traders read it: cents kept above 1 (64,080.00), up to 8 places below."""
    try:
        small = abs(float(value)) < 1
    except (TypeError, ValueError):
        return escape(value, 32)
    return _written(
        value, lambda v: formatting.number(v, lang, decimals=8 if small else 2, trim=small)
    )


def percent(value: Any, lang: str, places: int, *, signed: bool = False, trim: bool = False) -> str:
    """Write percentage points with `places` decimals: +1,18% (id), +1.18% (en)."""
    return _written(
        value,
        lambda v: formatting.percent(v, lang, decimals=places, signed=signed, trim=trim),
    )


def money(value: Any, currency: str, lang: str, *, signed: bool = False) -> str:
    """Write an amount with its currency: Rp 149.000, +0,94 USDT (id); a bare number without."""
    if not currency:
        return number(value, lang, signed=signed)
    return _written(value, lambda v: formatting.money(v, currency, lang, signed=signed))


def drawdown(value: Any, lang: str) -> str:
    """Write a maximum drawdown as the equity chart does: one decimal, a true minus (−0,7%)."""
    try:
        amount = float(value or 0)
    except (TypeError, ValueError):
        return escape(value, 32)
    if not amount > 0:
        return formatting.percent(0, lang, decimals=0)
    return formatting.percent(-amount, lang, decimals=1, signed=True).replace("-", MINUS)


def _sign(value: Any) -> int:
    """Return -1, 0 or 1 for a payload number (0 when it is none)."""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return 0
    return (amount > 0) - (amount < 0) if amount.is_finite() else 0


def _units(payload: Payload) -> tuple[str, str]:
    """Return the pair's base and quote currencies, unescaped and capped."""
    base, _, quote = str(payload.get("pair") or "").partition("/")
    quote = quote.split(":")[0] or str(payload.get("stake_currency") or "")
    return base[:16], quote[:16]


def _common(payload: Payload, lang: str) -> Fields:
    mode = label("mode_dry_run", lang) if payload.get("dry_run") else ""
    return Fields(
        bot_name=escape(payload.get("bot_name")), pair=escape(payload.get("pair")), mode=mode
    )


def _trade(payload: Payload, lang: str) -> Fields:
    out = _common(payload, lang)
    base, quote = _units(payload)
    side = str(payload.get("side") or "")
    out["side"] = label(f"side_{side}", lang) if f"side_{side}" in LABELS else escape(side, 16)
    out["price"] = f"{price(payload.get('price'), lang)} {escape(quote, 16)}".strip()
    out["amount"] = f"{number(payload.get('amount'), lang)} {escape(base, 16)}".strip()
    profit = payload.get("profit_abs")
    out["pnl"] = money(profit, quote, lang, signed=True)
    out["pnl_pct"] = percent(payload.get("profit_pct"), lang, 2, signed=True)
    out["pnl_icon"] = {1: "✅", -1: "🔻"}.get(_sign(profit), "⚪")
    reason = str(payload.get("exit_reason") or "")
    out["exit_reason"] = escape(exit_reason(lang, reason) or MISSING, 64)
    return out


def _failure(payload: Payload, lang: str) -> Fields:
    out = _common(payload, lang)
    out["reason"] = escape(payload.get("reason") or label("unknown", lang), 300)
    tail = [escape(line, 200) for line in list(payload.get("log_tail") or [])[-_LOG_LINES:]]
    lines = "\n".join(tail)
    out["log_tail"] = f"\n\n<i>{label('log_tail', lang)}</i>\n<pre>{lines}</pre>" if tail else ""
    return out


def _supervisor(payload: Payload, lang: str) -> Fields:
    out = _common(payload, lang)
    out["streak"] = number(payload.get("streak"), lang, 0)
    out["drawdown_pct"] = percent(payload.get("drawdown_pct"), lang, 2, trim=True)
    return out


def _period(figures: Any, lang: str) -> str:
    """Format one backtest period: trades, win rate, profit and drawdown."""
    if not isinstance(figures, Mapping):
        return MISSING
    win = figures.get("win_rate") or 0
    return label("period", lang).format(
        trades=number(figures.get("trades") or 0, lang, 0),
        win=_written(win, lambda v: formatting.percent(Decimal(str(v)) * 100, lang, decimals=0)),
        profit=percent(figures.get("profit_pct") or 0, lang, 2, signed=True),
        drawdown=drawdown(figures.get("max_drawdown_pct"), lang),
    )


def flag_line(payload: Payload, lang: str) -> str:
    """Return the warning line naming each quality flag, or nothing without flags."""
    flags = payload.get("flags") or []
    named = [label(f"flag_{f}", lang) if f"flag_{f}" in LABELS else str(f) for f in flags]
    return f"\n⚠️ {escape(', '.join(named), 400)}" if named else ""


def _strategy(payload: Payload, lang: str) -> Fields:
    name = payload.get("strategy_name") or payload.get("name")
    return Fields(
        strategy_name=escape(name),
        summary=escape(payload.get("summary") or "", 600),
        explanation=escape(payload.get("explanation") or "", 1500),
        in_sample=_period(payload.get("in_sample"), lang),
        out_of_sample=_period(payload.get("out_of_sample"), lang),
        flags=flag_line(payload, lang),
        days=number(payload.get("days") or 30, lang, 0),
        timeframe=escape(payload.get("timeframe") or "", 8),
    )


def counted(key: str, count: Any, lang: str) -> str:
    """Fill a `one|other` label with a count: "1 trade", "48 trades", "48 transaksi"."""
    try:
        amount = float(count)
    except (TypeError, ValueError):
        amount = 0.0
    return plural(label(key, lang), amount).format(count=number(count, lang, 0))


def _tuned(change: Any, lang: str) -> str:
    """Say one changed number: "EMA fast 9 → 16", "RSI buy below 30 → 27"."""
    if not isinstance(change, Mapping):
        return ""
    role, subject = str(change.get("role") or ""), escape(change.get("subject"), 40)
    if f"tune_{role}" in LABELS:
        what = label(f"tune_{role}", lang).format(subject=subject)
    else:
        what = f"{subject} {escape(role.replace('_', ' '), 24)}".strip()
    return (
        f"• {what} {number(change.get('before'), lang, 4)} → {number(change.get('after'), lang, 4)}"
    )


def _profit(period: Any, lang: str) -> str:
    figures = period if isinstance(period, Mapping) else {}
    return percent(figures.get("profit_pct"), lang, 2, signed=True)


def _optimise(payload: Payload, lang: str) -> Fields:
    name = payload.get("strategy_name")
    best = payload.get("best")
    out = Fields(
        strategy_line=f"<b>{escape(name)}</b> · " if name else "",
        tries=counted("optimise_tries", payload.get("epochs") or 0, lang),
    )
    if not isinstance(best, Mapping):
        out["changes"], out["results"] = label("optimise_no_best", lang), ""
        return out
    lines = [line for c in payload.get("changes") or [] if (line := _tuned(c, lang))]
    title = label("optimise_changes", lang)
    if lines:
        out["changes"] = "\n".join([title, *lines])
    else:  # a payload from before changes were described says nothing about them
        out["changes"] = label("optimise_unchanged", lang) if "changes" in payload else ""
    after = label("optimise_after", lang).format(
        profit=percent(best.get("profit_pct"), lang, 2, signed=True),
        trades=counted("trades_count", best.get("trades") or 0, lang),
    )
    results = ["", "", after] if out["changes"] else [after]
    before = payload.get("in_sample_before"), payload.get("out_of_sample_before")
    if any(isinstance(period, Mapping) for period in before):
        results.append(
            label("optimise_before", lang).format(
                in_sample=_profit(before[0], lang), out_of_sample=_profit(before[1], lang)
            )
        )
    out["results"] = "\n".join(results)
    return out


def _job_failed(payload: Payload, lang: str) -> Fields:
    job = str(payload.get("job") or "")
    name = payload.get("strategy_name")
    return Fields(
        job=label(f"job_{job}", lang) if f"job_{job}" in LABELS else escape(job),
        strategy_line=f"<b>{escape(name)}</b>\n" if name else "",
    )


def _strategy_migrated(payload: Payload, lang: str) -> Fields:
    out = Fields(
        strategy_name=escape(payload.get("strategy_name")),
        version=number(payload.get("version"), lang, 0),
        old_version=number(payload.get("old_version"), lang, 0),
    )
    kept = [escape(name, 40) for name in list(payload.get("bots_kept") or [])[:_KEPT_BOTS]]
    moved = payload.get("bots_moved")
    out["moved_note"] = label("migrated_moved", lang).format_map(out) if moved else ""
    shown = {**out, "bots": ", ".join(kept)}
    out["kept_note"] = label("migrated_kept", lang).format_map(shown) if kept else ""
    return out


def day(value: Any, lang: str) -> str:
    """Write an ISO timestamp as its day in Jakarta: 24 Des 2026 (en: Dec 24, 2026)."""
    text = str(value or "")
    try:
        return escape(formatting.date(dt.datetime.fromisoformat(text), lang), 32)
    except ValueError:
        return escape(text[:10] or MISSING, 16)


def _key(payload: Payload, lang: str) -> Fields:
    label_text = escape(payload.get("label") or "", 64)
    return Fields(
        exchange=escape(str(payload.get("exchange") or "").capitalize(), 16),
        key_hint=escape(payload.get("key_hint"), 16),
        label=f"({label_text})" if label_text else "",
        ip_note=label("ip_restricted" if payload.get("ip_restricted") else "ip_open", lang),
    )


_BUILDERS: dict[str, Callable[[Payload, str], Fields]] = {
    "trade_opened": _trade,
    "trade_closed": _trade,
    "bot_started": _common,
    "bot_restarted": _common,
    "bot_failed": _failure,
    "supervisor_warning": _supervisor,
    "supervisor_paused": _supervisor,
    "strategy_ready": _strategy,
    "backtest_ready": _strategy,
    "optimise_ready": _optimise,
    "job_failed": _job_failed,
    "strategy_migrated": _strategy_migrated,
    "key_added": _key,
}


def for_kind(kind: str, payload: Payload, lang: str) -> Fields:
    """Return the escaped fields for a kind's template."""
    return _BUILDERS.get(kind, _common)(payload, lang)
