"""Read a prompt into the parts of a spec: market, rules, risk, and what cannot be done.

Order: risk settings are read and taken out first (so "stop loss 3%" is never a sell
rule), then leverage/futures and pairs; the rest is cut into rules and atoms, lexed, the
timeframes resolved, and every atom read. Nothing is dropped silently: an atom that
cannot be read, or a value out of range, is recorded as unsupported ("other").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ai_strategies.composer.atoms import left_over, read_atom
from ai_strategies.composer.ideas import Item
from ai_strategies.composer.lexer import Token, lex
from ai_strategies.composer.market import (
    TimeframeAsk,
    check_indicator_timeframes,
    read_pairs,
    resolve_timeframes,
)
from ai_strategies.composer.mirror import mirror
from ai_strategies.composer.operands import Registry
from ai_strategies.composer.protect import ProtectionAsk, read_dca, read_protections
from ai_strategies.composer.reading import gather
from ai_strategies.composer.risk import RiskAsk, blank, read_roi, read_stops
from ai_strategies.composer.rules import RuleParts, rule_condition
from ai_strategies.composer.segments import RuleText, atoms, normalise, rules
from ai_strategies.composer.shapes import Builder
from ai_strategies.composer.unsupported import (
    Refusals,
    refuse_atom,
    refuse_other,
    refuse_pairs,
    refuse_short,
    refuse_timeframes,
    take_global,
)
from ai_strategies.spec.conditions import ConditionNode
from ai_strategies.spec.risk import Dca

DEFAULT_TIMEFRAME = "1h"
_MEANINGFUL = {"ind", "out", "price", "num", "rel", "idea", "avg"}
Layout = list[tuple[RuleText, list[list[list[tuple[str, int]]]]]]


@dataclass
class Reading:
    """What a prompt asks for, ready to become a spec."""

    pairs: list[str]
    timeframe: TimeframeAsk
    registry: Registry
    entries: list[ConditionNode] = field(default_factory=list)
    exits: list[ConditionNode] = field(default_factory=list)
    default_exit: bool = False
    multiples: list[tuple[float, float]] = field(default_factory=list)
    risk: RiskAsk = field(default_factory=RiskAsk)
    dca: Dca | None = None
    protections: list[ProtectionAsk] = field(default_factory=list)
    refusals: Refusals = field(default_factory=Refusals)
    # A refused short rule read as a sell signal and turned into a buy, with its indicators.
    long_mirror: tuple[ConditionNode, Registry] | None = None


def read_prompt(text: str) -> Reading:
    """Read a prompt (English or Bahasa Indonesia) into a Reading."""
    norm = normalise(text)
    risk, refusals = RiskAsk(), Refusals()
    rest, protections, dca = _take_risk(norm, risk)
    for start, end in risk.problems:
        refuse_other(norm[start:end], refusals)
    rest = blank(rest, take_global(rest, refusals))
    pairs = read_pairs(rest)
    refuse_pairs(pairs.pairs, refusals)
    layout, lexed = _lay_out(rules(blank(rest, pairs.spans, " ")))
    timeframe, lexed = resolve_timeframes(lexed)
    lexed = check_indicator_timeframes(lexed, timeframe.main or DEFAULT_TIMEFRAME, timeframe)
    refuse_timeframes(timeframe.problems, refusals)
    registry = Registry(timeframe.main or DEFAULT_TIMEFRAME)
    reading = Reading(pairs.pairs, timeframe, registry, risk=risk, dca=dca)
    reading.protections, reading.refusals = protections, refusals
    _read_rules(reading, layout, lexed)
    return reading


def _take_risk(text: str, risk: RiskAsk) -> tuple[str, list[ProtectionAsk], Dca | None]:
    """Read protections, DCA, stops and take profit, and blank them out of the text."""
    protections, spans = read_protections(text, risk)
    text = blank(text, spans)
    dca, spans = read_dca(text, risk)
    text = blank(text, spans)
    text = blank(text, read_stops(text, risk))
    return blank(text, read_roi(text, risk)), protections, dca


def _lay_out(found: list[RuleText]) -> tuple[Layout, list[list[Token]]]:
    """Lex every atom of every rule; the layout points each atom at its tokens."""
    layout: Layout = []
    lexed: list[list[Token]] = []
    for rule in found:
        pieces = []
        for piece in rule.pieces:
            groups = []
            for group in atoms(piece.text):
                groups.append([(text, _add(lexed, lex(text))) for text in group])
            pieces.append(groups)
        layout.append((rule, pieces))
    return layout, lexed


def _add(lexed: list[list[Token]], tokens: list[Token]) -> int:
    """Keep an atom's tokens and return their index."""
    lexed.append(tokens)
    return len(lexed) - 1


def _read_rules(reading: Reading, layout: Layout, lexed: list[list[Token]]) -> None:
    """Read every rule; give bands' other halves and the default exit their sides."""
    build = Builder(reading.registry)
    other: dict[bool, list[ConditionNode]] = {True: [], False: []}
    for rule, pieces in layout:
        if rule.side == "short":
            refuse_short([p.raw for p in rule.pieces], reading.refusals)
            reading.long_mirror = reading.long_mirror or _mirrored(rule, pieces, lexed, reading)
            _follow(pieces, lexed, build)
            continue
        refused = len(reading.refusals.items)
        condition = _rule(rule, pieces, lexed, build, reading, other)
        if condition is not None:
            (reading.entries if rule.side == "entry" else reading.exits).append(condition)
        elif len(reading.refusals.items) == refused and any(p.marked for p in rule.pieces):
            refuse_other(", ".join(p.raw for p in rule.pieces), reading.refusals)
    reading.multiples = build.multiples
    reading.entries += other[True]
    reading.exits += other[False]
    if reading.entries and not reading.exits:
        found = mirror(reading.entries[0], build)
        reading.exits, reading.default_exit = ([found], True) if found else ([], False)


def _rule(
    rule: RuleText,
    pieces: list[list[list[tuple[str, int]]]],
    lexed: list[list[Token]],
    build: Builder,
    reading: Reading,
    other: dict[bool, list[ConditionNode]],
) -> ConditionNode | None:
    """Read one entry or exit rule; None when none of its atoms could be read."""
    up = rule.side == "entry"
    parts = RuleParts(up)
    for piece, groups in zip(rule.pieces, pieces, strict=True):
        read = [_group(group, lexed, build, up, other[not up], reading) for group in groups]
        parts.pieces.append((piece.joins_or, read))
    return rule_condition(parts, build)


def _mirrored(
    rule: RuleText, pieces: list[list[list[tuple[str, int]]]], lexed: list[list[Token]],
    reading: Reading,
) -> tuple[ConditionNode, Registry] | None:  # fmt: skip
    """Read a short rule as a sell signal on its own indicators and turn it into a buy."""
    scratch = Reading(reading.pairs, reading.timeframe, Registry(reading.registry.timeframe))
    build = Builder(scratch.registry)
    sell = _rule(rule, pieces, lexed, build, scratch, {True: [], False: []})
    found = mirror(sell, build) if sell is not None else None
    return (found, scratch.registry) if found is not None else None


def _follow(
    pieces: list[list[list[tuple[str, int]]]], lexed: list[list[Token]], build: Builder
) -> None:
    """Read a refused rule only for what later words refer to ("..., buy when it drops")."""
    scratch = Builder(Registry(build.registry.timeframe))
    scratch.subject, scratch.last_ref, scratch.last_pair = (
        build.subject,
        build.last_ref,
        build.last_pair,
    )
    for groups in pieces:
        for group in groups:
            for _, index in group:
                read_atom(gather(lexed[index], False, build.seen), scratch, [])
    build.subject, build.last_ref, build.last_pair = (
        scratch.subject,
        scratch.last_ref,
        scratch.last_pair,
    )


def _group(
    group: list[tuple[str, int]],
    lexed: list[list[Token]],
    build: Builder,
    up: bool,
    other: list[ConditionNode],
    reading: Reading,
) -> list[Item]:
    """Read the atoms of one AND group; record the ones that cannot be read."""
    items: list[Item] = []
    for text, index in group:
        tokens = lexed[index]
        if refuse_atom(text, reading.refusals) or not {t.type for t in tokens} & _MEANINGFUL:
            continue
        atom = gather(tokens, up, build.seen)
        build.seen += atom.refs
        before = len(other)
        found = read_atom(atom, build, other)
        if found is None or atom.unusable or left_over(atom, [*found, *other[before:]], build):
            refuse_other(text, reading.refusals)
        items += found or []
    return items
