"""Explain why a bot is losing: the LLM when configured, else a deterministic summary."""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from openai.types.chat import (
    ChatCompletionMessageParam,
    ChatCompletionSystemMessageParam,
    ChatCompletionUserMessageParam,
)

from kernel import formatting

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TradeFact:
    """The parts of a closed trade that explain a result."""

    profit_abs: Decimal
    profit_ratio: Decimal
    open_rate: Decimal
    close_rate: Decimal
    minutes: float
    exit_reason: str


@dataclass(frozen=True)
class LossFacts:
    """Figures behind an explanation, computed without I/O."""

    trades: int
    losses: int
    total_profit: Decimal
    avg_loss_pct: float
    market_move_pct: float
    avg_minutes: float
    exit_reasons: dict[str, int]
    insights: list[str] = field(default_factory=list)


def analyse(trades: Sequence[TradeFact]) -> LossFacts:
    """Summarise recent closed trades (oldest first) and derive insight keys."""
    losses = [t for t in trades if t.profit_abs < 0]
    reasons = Counter(t.exit_reason or "unknown" for t in losses)
    move = 0.0
    if trades and trades[0].open_rate:
        move = float((trades[-1].close_rate - trades[0].open_rate) / trades[0].open_rate * 100)
    avg_loss = float(sum(t.profit_ratio for t in losses) / len(losses) * 100) if losses else 0.0
    minutes = sum(t.minutes for t in trades) / len(trades) if trades else 0.0
    facts = LossFacts(
        trades=len(trades),
        losses=len(losses),
        total_profit=sum((t.profit_abs for t in trades), Decimal(0)),
        avg_loss_pct=round(avg_loss, 2),
        market_move_pct=round(move, 2),
        avg_minutes=round(minutes, 1),
        exit_reasons=dict(reasons),
    )
    return LossFacts(**{**asdict(facts), "insights": _insights(facts)})


def _insights(facts: LossFacts) -> list[str]:
    found = []
    if facts.losses and facts.exit_reasons.get("stop_loss", 0) >= 0.6 * facts.losses:
        found.append("stoploss_dominant")
    if facts.market_move_pct <= -3:
        found.append("falling_market")
    if facts.losses and facts.exit_reasons.get("exit_signal", 0) >= 0.6 * facts.losses:
        found.append("early_exit_signal")
    if facts.losses and abs(facts.avg_loss_pct) < 0.3:
        found.append("fees_dominate")
    if facts.trades and facts.avg_minutes < 15:
        found.append("very_short_trades")
    return found or ["no_clear_pattern"]


_TEXTS = {
    "en": {
        "head": "Last {trades} trades: {losses} losses, result {total}, "
        "average loss {avg_loss}. The market moved {move} over this period.",
        "stoploss_dominant": "Most losses hit the stop-loss: it may be too tight for the "
        "current volatility, or entries come too early.",
        "falling_market": "The market fell; a long-only strategy struggles in a downtrend. "
        "A trend filter (e.g. EMA 200 or ADX) could keep it out.",
        "early_exit_signal": "Most losses came from the exit signal closing trades before the "
        "price recovered.",
        "fees_dominate": "Losses are tiny per trade: fees and spread eat the small moves this "
        "strategy aims for. A higher timeframe or wider targets may help.",
        "very_short_trades": "Trades last only minutes, so noise decides most outcomes.",
        "no_clear_pattern": "No single cause stands out; this may be an unlucky run. "
        "A longer backtest shows whether it is normal for this strategy.",
    },
    "id": {
        "head": "{trades} transaksi terakhir: {losses} rugi, hasil {total}, "
        "rata-rata rugi {avg_loss}. Harga pasar bergerak {move} selama periode ini.",
        "stoploss_dominant": "Sebagian besar kerugian kena stop-loss: mungkin terlalu ketat "
        "untuk volatilitas sekarang, atau pembelian terlalu cepat.",
        "falling_market": "Pasar sedang turun; strategi yang hanya beli (long) sulit untung "
        "saat tren turun. Filter tren (misalnya EMA 200 atau ADX) bisa membantu.",
        "early_exit_signal": "Sebagian besar kerugian karena sinyal jual menutup posisi "
        "sebelum harga pulih.",
        "fees_dominate": "Kerugian per transaksi sangat kecil: biaya dan selisih harga "
        "(spread) memakan gerakan "
        "kecil yang dikejar strategi ini. Timeframe lebih besar atau target lebih lebar "
        "bisa membantu.",
        "very_short_trades": "Transaksi hanya berlangsung beberapa menit, jadi hasilnya "
        "banyak ditentukan oleh gerak acak harga.",
        "no_clear_pattern": "Tidak ada satu penyebab yang menonjol; bisa jadi hanya sedang "
        "sial. Backtest yang lebih panjang menunjukkan apakah ini normal untuk strategi ini.",
    },
}


def render(facts: LossFacts, language: str, currency: str = "USDT") -> str:
    """Write the deterministic explanation in the user's language."""
    texts = _TEXTS.get(language, _TEXTS["en"])
    lang = "id" if language == "id" else "en"
    head = texts["head"].format(
        trades=formatting.number(facts.trades, lang, decimals=0),
        losses=formatting.number(facts.losses, lang, decimals=0),
        total=formatting.money(facts.total_profit, currency, lang, signed=True),
        avg_loss=formatting.percent(facts.avg_loss_pct, lang, decimals=2),
        move=formatting.percent(facts.market_move_pct, lang, decimals=2, signed=True),
    )
    return "\n".join([head, *(f"• {texts[key]}" for key in facts.insights)])


def llm_messages(
    facts: LossFacts, strategy_code: str, language: str
) -> list[ChatCompletionMessageParam]:
    """Build the chat messages asking an LLM for a short explanation."""
    lang = "Bahasa Indonesia" if language == "id" else "English"
    system = (
        "You are a trading coach. Explain in plain words, in at most 6 short sentences, why "
        f"this Freqtrade bot is losing and what the trader could change. Answer in {lang}. "
        'Reply with a JSON object: {"explanation": "..."}. Do not promise profits.'
    )
    data = json.dumps(asdict(facts), default=str)
    user = f"Recent results: {data}\n\nStrategy code:\n{strategy_code[:6000]}"
    return [
        ChatCompletionSystemMessageParam(role="system", content=system),
        ChatCompletionUserMessageParam(role="user", content=user),
    ]


async def explain_bot(runtime: Any, user_id: Any, bot_id: Any, language: str) -> str:
    """Explain a bot's recent losses to its owner: LLM if configured, else deterministic."""
    from orchestrator.core.errors import UserFacingError
    from orchestrator.strategies.llm import llm_client

    async with runtime.db.as_user(user_id) as conn:
        bot = await conn.fetchrow(
            "select b.stake_currency, v.code from bots b"
            " left join strategy_versions v on v.id = b.strategy_version_id where b.id = $1",
            bot_id,
        )
        rows = await conn.fetch(
            "select profit_abs, profit_ratio, open_rate, close_rate, exit_reason,"
            " extract(epoch from close_date - open_date) / 60 as minutes from trades"
            " where bot_id = $1 and not is_open and profit_abs is not null"
            " order by close_date desc limit 20",
            bot_id,
        )
    if bot is None:
        raise UserFacingError("bot_not_found")
    facts = analyse([_fact(r) for r in reversed(rows)])
    client = llm_client(runtime.settings, timeout=30)
    if client is not None and bot["code"]:
        try:
            async with client:
                reply = await client.complete_json(llm_messages(facts, bot["code"], language))
            text = str(reply.get("explanation", "")).strip()
            if text:
                return text
        except UserFacingError as exc:
            log.warning("LLM explanation failed (%s); using the deterministic one", exc.key)
    return render(facts, language, bot["stake_currency"])


def _fact(row: Any) -> TradeFact:
    return TradeFact(
        profit_abs=Decimal(str(row["profit_abs"])),
        profit_ratio=Decimal(str(row["profit_ratio"] or 0)),
        open_rate=Decimal(str(row["open_rate"])),
        close_rate=Decimal(str(row["close_rate"] or row["open_rate"])),
        minutes=float(row["minutes"] or 0),
        exit_reason=row["exit_reason"] or "",
    )
