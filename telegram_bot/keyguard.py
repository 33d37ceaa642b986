"""Spot exchange credentials pasted into a chat, so the message can be deleted at once.

The shapes, as the key form takes them (`orchestrator.keys.permissions`): Binance API
keys and secrets are 64 alphanumerics; Bybit API keys 18-24 and secrets 32-48; a Bybit
self-generated RSA key is a PEM private key. They are found bare, labelled ("api key:
...", "secret=...", "kunci api ..."), between backticks or quotes, two in one message,
and broken over several lines (lines holding one chunk each are joined and judged again).

A run of letters and digits counts when it looks random: 32 or more characters mixing
letters and digits or both cases, or 18-31 mixing cases. Words glued together
("BitcoinHalving2028"), pairs ("BTCUSDT") and hex behind 0x are left alone: 0x marks an
EVM transaction hash or address, which is public and which users share to ask about a
deposit, and no exchange key looks like it. Bare hex (a Bitcoin txid, a hex secret) cannot
be told from a secret and is deleted. Links are skipped, as their IDs are public, except
for labelled values in them ("?apikey=..."); so are PEM public keys.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

SHORTEST = 18
LONG = 32
_URL = re.compile(r"(?:https?://|www\.|t\.me/)\S+", re.IGNORECASE)
_PUBLIC_PEM = re.compile(
    r"-----BEGIN (?:RSA )?PUBLIC KEY-----.*?-----END (?:RSA )?PUBLIC KEY-----", re.DOTALL
)
_PRIVATE_PEM = re.compile(r"BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY")  # PEM headers are upper case
_LABEL = (
    r"(?:api[\s_.-]*(?:key|secret)|apikey|secret(?:[\s_-]*key)?|private[\s_-]*key|key|"
    r"kunci(?:[\s_-]*(?:api|rahasia|privat))?|rahasia)(?:nya)?"
)
_LABELLED = re.compile(
    rf"(?<![a-z]){_LABEL}(?![a-z])(?:\s{{1,4}}(?:saya|aku|ku|kamu|anda))?"
    r"(?:\s{0,4}(?:[:=]|-|\bis\b|\badalah\b|\bnya\b))?\s{0,4}[`'\"]?([A-Za-z0-9+/_=-]{8,})",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[A-Za-z0-9]+")
_BASE64 = re.compile(r"[A-Za-z0-9+/]{40,}")  # a PEM body's line, or one pasted whole
_CHUNK_LINE = re.compile(r"[`'\"\s]*([A-Za-z0-9+/=]{6,})[`'\"\s]*")
_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]")
_HEX_0X = re.compile(r"0x[0-9a-fA-F]+")
# CamelCase pieces: an all-caps run, a (capitalised) word, digits.
_PIECE = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_CONSONANTS = re.compile(r"[b-df-hj-np-tv-xz]{4,}")


def looks_like_credentials(text: str) -> bool:
    """Tell whether `text` seems to contain an exchange API key, secret or private key."""
    if _PRIVATE_PEM.search(text):
        return True
    if any(_value_like(m.group(1)) for m in _LABELLED.finditer(text)):
        return True
    return any(_looks_random(candidate) for candidate in _candidates(text))


def _candidates(text: str) -> Iterator[str]:
    """Yield the alphanumeric runs a key could hide in: tokens, base64 runs, joined lines."""
    text = _URL.sub(" ", _PUBLIC_PEM.sub(" ", text))
    yield from _TOKEN.findall(text)
    for match in _BASE64.finditer(text):
        yield _NOT_ALNUM.sub("", match.group())
    yield from _joined_lines(text)


def _joined_lines(text: str) -> Iterator[str]:
    """Join consecutive lines that each hold one key-like chunk, as a key broken up does."""
    run: list[str] = []
    for line in [*text.splitlines(), ""]:
        match = _CHUNK_LINE.fullmatch(line)
        chunk = _NOT_ALNUM.sub("", match.group(1)) if match else ""
        if chunk and _mixed(chunk):
            run.append(chunk)
            continue
        joined = "".join(run)
        if len(run) > 1 and any(c.islower() for c in joined) and any(c.isupper() for c in joined):
            yield joined  # both cases: a list of pairs ("1000PEPEUSDT") is not a key
        run = []


def _mixed(chunk: str) -> bool:
    """Tell whether a piece of a key mixes digits and letters, or cases past its first."""
    return any(c.isdigit() for c in chunk) or (
        any(c.isupper() for c in chunk[1:]) and any(c.islower() for c in chunk)
    )


def _value_like(value: str) -> bool:
    """Tell whether a labelled value is a key rather than a word ("secret: hunter22")."""
    letters = [c for c in value if c.isalpha()]
    has_digit = any(c.isdigit() for c in value)
    upper = sum(c.isupper() for c in letters)
    return bool(letters) and (has_digit or (upper >= 2 and upper < len(letters)))


def _looks_random(token: str) -> bool:
    """Tell whether a run of letters and digits looks like a generated key."""
    if len(token) < SHORTEST or _HEX_0X.fullmatch(token) or _glued_words(token):
        return False
    digits = sum(c.isdigit() for c in token)
    upper = sum(c.isupper() for c in token)
    lower = sum(c.islower() for c in token)
    if len(token) >= LONG:
        return (digits > 0 and upper + lower > 0) or (upper >= 2 and lower >= 2)
    return upper >= 2 and lower >= 1


def _glued_words(token: str) -> bool:
    """Tell whether a token is words in CamelCase ("HappyNewYear2026"), not random letters."""
    if not any(c.isupper() for c in token):
        return False
    pieces = _PIECE.findall(token)
    words = [p for p in pieces if not p.isdigit() and not p.isupper()]
    caps = [p for p in pieces if p.isupper()]
    if not words or len(caps) > 1 or len(token) < 3 * len(pieces):
        return False
    if sum(len(p) < 3 for p in words + caps) > 1 or sum(map(len, words)) < sum(map(len, caps)):
        return False
    return all(_pronounceable(word.lower()) for word in words) and _vowelly("".join(words))


def _pronounceable(word: str) -> bool:
    """Tell whether a word could be English or Indonesian: a vowel, no long consonant run."""
    return len(word) >= 2 and any(c in "aeiouy" for c in word) and not _CONSONANTS.search(word)


def _vowelly(letters: str) -> bool:
    """Tell whether letters have the vowels words have (random letters have fewer)."""
    return sum(c in "aeiouAEIOU" for c in letters) >= 0.3 * len(letters)
