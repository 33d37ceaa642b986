"""Find English left inside Indonesian text: words of our English catalogues that an
Indonesian text repeats, beyond the names and trading terms Indonesian users use as they are.

A text is checked as the reader sees it: placeholders, HTML tags and entities, commands
(/new) and rule tags are taken out first. The English vocabulary is built from every
English template of every catalogue, so a new English text teaches the check new words.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from ai_strategies.spec import CATALOGUE as INDICATORS
from kernel.i18n import Catalogue

# Names of products, coins, exchanges and tools: the same in every language.
PRODUCTS = {
    "nofomo", "binance", "bybit", "telegram", "freqtrade", "tripay", "python",
    "usdt", "usdc", "btc", "eth", "bnb", "sol", "xrp", "idr", "rp", "wib",
    "api", "ip", "ai", "pnl", "roi", "dca", "atr", "csrf", "ok",
    "english", "bahasa", "indonesia",  # the languages' own names, in the language picker
    "v", "x",  # v2 (a version), 10x (a multiple)
    "qris", "qr",  # Indonesia's national QR payment standard, and "kode QR" as Indonesians say
}  # fmt: skip
# Trading terms Indonesian traders use as they are (see ai_strategies/spec/describe_texts.py),
# and the two bot modes the product names as they are. "trade" and "withdraw" are not here:
# Indonesian says "transaksi" and "menarik dana".
TRADING_TERMS = {
    "stop", "loss", "stop-loss", "stoploss", "take", "profit", "trailing", "candle", "pair",
    "timeframe", "spot", "drawdown", "short", "long", "leverage", "futures", "order", "book",
    "trading", "backtest", "hyperopt", "epoch", "crossover", "cross", "scalping", "live",
    "dry-run", "exchange", "key", "secret", "sandbox", "bot", "log",
    "sl", "tp",  # the one-line summary's "SL 5%, TP 10%", as traders write them everywhere
}  # fmt: skip
# Words our English texts use that are Indonesian words too (KBBI), spelled the same.
INDONESIAN_TOO = {
    "status", "total", "data", "server", "manual", "supervisor", "tips", "volume", "format",
    "valid", "detail", "normal", "mode", "level", "histogram", "minimal", "maksimal", "sentimen",
    "standar", "deviasi", "optimal", "area", "channel", "band", "momentum", "trend", "ide",
    "versi", "kode", "admin", "menu", "email", "online", "pin", "sinyal", "tren", "per",
    "parameter", "target",
}  # fmt: skip
# Every word of an indicator's name (RSI, Bollinger, Heikin-Ashi, Williams %R...).
INDICATOR_WORDS = {
    word.lower()
    for entry in INDICATORS.values()
    for word in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", entry.label)
}
# The names of indicator lines, as the indicators' authors named them: +DI, %K, %D, %B,
# Aroon Up and Down, Tenkan-sen, Kijun-sen, Senkou Span A and B.
INDICATOR_WORDS |= {
    "di", "k", "d", "b", "r", "up", "down", "tenkan", "kijun", "senkou", "span", "a",
    "tenkan-sen", "kijun-sen",
}  # fmt: skip
ALLOWED = PRODUCTS | TRADING_TERMS | INDONESIAN_TOO | INDICATOR_WORDS
# What the exchanges' own pages call a setting, quoted so the user finds it there.
EXCHANGE_LABELS = {
    "form.tip_permissions": {"reading"},
    "refused.fix.binance": {"edit", "restrictions", "enable", "withdrawals"},
    "refused.fix.bybit": {"edit", "assets", "withdrawal"},
}

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_TAG = re.compile(r"<[^>]+>")
_COMMAND = re.compile(r"(?<![\w/])/[a-z_]+")
_RULE_TAG = re.compile(r'"[a-z0-9]+(?:_[a-z0-9]+)+"')  # 'Sinyal beli "rsi_ema"'
# Letters next to digits are units and names (4h, 15m, 10x, v2, ema_9), not words.
_WORD = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z]+(?:-[A-Za-z]+)*(?![A-Za-z0-9_])")


def words(text: str) -> list[str]:
    """Return the words a reader sees, lowercased, without markup, commands or rule tags."""
    seen = html.unescape(_TAG.sub(" ", _PLACEHOLDER.sub(" ", text)))
    seen = _RULE_TAG.sub(" ", _COMMAND.sub(" ", seen))
    return [word.lower() for word in _WORD.findall(seen)]


def english_vocabulary(catalogues: Iterable[Catalogue]) -> set[str]:
    """Return every word of every English template, less the ones allowed in Indonesian."""
    found: set[str] = set()
    for catalogue in catalogues:
        for key in catalogue.keys("en"):
            found.update(words(catalogue.template(key, "en")))
    # The singular of a plural too: "errors" teaches "error", "trades" teaches "trade".
    found |= {word[:-1] for word in found if len(word) > 3 and word.endswith("s")}
    return found - ALLOWED


def english_in(text: str, vocabulary: set[str]) -> list[str]:
    """Return the English words an Indonesian text contains, in order, each once."""
    return list(dict.fromkeys(word for word in words(text) if word in vocabulary))


def leaks(catalogue: Catalogue, vocabulary: set[str]) -> dict[str, list[str]]:
    """Return, per key, English words in the Indonesian text or an untranslated copy."""
    found: dict[str, list[str]] = {}
    for key in sorted(catalogue.keys("id")):
        bahasa, english = catalogue.template(key, "id"), catalogue.template(key, "en")
        quoted = EXCHANGE_LABELS.get(key, set())
        problems = [word for word in english_in(bahasa, vocabulary) if word not in quoted]
        copied = [word for word in words(bahasa) if word not in ALLOWED]
        if bahasa == english and copied:
            problems.append("(the English text, untranslated)")
        if problems:
            found[key] = problems
    return found
