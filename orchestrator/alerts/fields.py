"""Turn alert payload values into escaped, formatted template fields, one builder per kind."""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from orchestrator.alerts.texts import LABELS, label

Payload = Mapping[str, Any]
MISSING = "—"
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


def number(value: Any, places: int = 8) -> str:
    """Format a decimal without exponent or trailing zeros, at most `places` decimals."""
    try:
        amount = Decimal(str(value))
        if not amount.is_finite():
            raise InvalidOperation
        exponent = amount.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -places:
            amount = amount.quantize(Decimal(1).scaleb(-places))
    except (InvalidOperation, ValueError):
        return escape(value, 32) if value not in (None, "") else MISSING
    text = format(amount, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def signed(value: Any, suffix: str = "") -> str:
    """Format a number with an explicit sign for gains."""
    text = number(value)
    plus = "+" if text not in (MISSING, "0") and not text.startswith("-") else ""
    return f"{plus}{text}{suffix}"


def _units(payload: Payload) -> tuple[str, str]:
    base, _, quote = str(payload.get("pair") or "").partition("/")
    quote = quote.split(":")[0] or str(payload.get("stake_currency") or "")
    return escape(base, 16), escape(quote, 16)


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
    out["price"] = f"{number(payload.get('price'))} {quote}".strip()
    out["amount"] = f"{number(payload.get('amount'))} {base}".strip()
    profit = payload.get("profit_abs")
    out["pnl"] = signed(profit, f" {quote}" if quote else "")
    out["pnl_pct"] = signed(payload.get("profit_pct"), "%")
    out["pnl_icon"] = "✅" if out["pnl"].startswith("+") else "🔻" if "-" in out["pnl"] else "⚪"
    reason = str(payload.get("exit_reason") or "")
    known = f"exit_{reason}" in LABELS
    out["exit_reason"] = label(f"exit_{reason}", lang) if known else escape(reason or MISSING, 64)
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
    out["streak"] = number(payload.get("streak"), 0)
    out["drawdown_pct"] = f"{number(payload.get('drawdown_pct'), 2)}%"
    return out


def _period(figures: Any, lang: str) -> str:
    """Format one backtest period: trades, win rate, profit and drawdown."""
    if not isinstance(figures, Mapping):
        return MISSING
    win = float(figures.get("win_rate") or 0) * 100
    words = (
        ("transaksi", "menang", "laba", "DD maks")
        if lang == "id"
        else ("trades", "won", "profit", "max DD")
    )
    return (
        f"{int(figures.get('trades') or 0)} {words[0]}, {words[1]} {win:.0f}%, "
        f"{words[2]} {float(figures.get('profit_pct') or 0):+.2f}%, "
        f"{words[3]} {float(figures.get('max_drawdown_pct') or 0):.1f}%"
    )


def _strategy(payload: Payload, lang: str) -> Fields:
    name = payload.get("strategy_name") or payload.get("name")
    flags = payload.get("flags") or []
    flag_text = ", ".join(
        label(f"flag_{f}", lang) if f"flag_{f}" in LABELS else str(f) for f in flags
    )
    return Fields(
        strategy_name=escape(name),
        summary=escape(payload.get("summary") or "", 600),
        explanation=escape(payload.get("explanation") or "", 1500),
        in_sample=escape(_period(payload.get("in_sample"), lang), 200),
        out_of_sample=escape(_period(payload.get("out_of_sample"), lang), 200),
        flags=f"\n⚠️ {escape(flag_text, 400)}" if flag_text else "",
        days=escape(payload.get("days") or 30, 8),
        timeframe=escape(payload.get("timeframe") or "", 8),
    )


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
        version=number(payload.get("version"), 0),
        old_version=number(payload.get("old_version"), 0),
    )
    kept = [escape(name, 40) for name in list(payload.get("bots_kept") or [])[:_KEPT_BOTS]]
    moved = payload.get("bots_moved")
    out["moved_note"] = label("migrated_moved", lang).format_map(out) if moved else ""
    shown = {**out, "bots": ", ".join(kept)}
    out["kept_note"] = label("migrated_kept", lang).format_map(shown) if kept else ""
    return out


def rupiah(value: Any, lang: str) -> str:
    """Format an IDR amount the way each language writes it."""
    try:
        grouped = f"{int(value):,}"
    except (TypeError, ValueError):
        return escape(value, 32) if value else MISSING
    return f"Rp{grouped.replace(',', '.')}" if lang == "id" else f"IDR {grouped}"


def _payment(payload: Payload, lang: str) -> Fields:
    ends = str(payload.get("ends_at") or "")[:10]
    return Fields(
        plan_name=escape(payload.get("plan_name") or payload.get("plan_code"), 32),
        ends_at=escape(ends or MISSING, 16),
        amount=rupiah(payload.get("amount_idr"), lang),
        merchant_ref=escape(payload.get("merchant_ref"), 64),
    )


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
    "job_failed": _job_failed,
    "strategy_migrated": _strategy_migrated,
    "payment_paid": _payment,
    "payment_expired": _payment,
    "payment_failed": _payment,
    "key_added": _key,
}


def for_kind(kind: str, payload: Payload, lang: str) -> Fields:
    """Return the escaped fields for a kind's template."""
    return _BUILDERS.get(kind, _common)(payload, lang)
