"""A strategy's title and a version's summary, said from the version's spec when shown.

Spec versions are never described by stored words: the title and the one-line summary are
read from the spec the version runs (with any parameters an optimisation applied), in the
reader's language, each time they are shown. Custom-code versions have no spec, so their
stored name and summary are all there is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ai_strategies.spec import SpecError, StrategySpec, describe, parse_spec, title
from kernel.i18n import supported

# The number a strategy's name got to keep it apart from an earlier one: "… (2)".
_TWIN = re.compile(r" \(\d+\)$")
_MAX_NAME = 48


def stored_spec(raw: Mapping[str, Any] | None) -> StrategySpec | None:
    """Return a version's stored spec, or None for custom code or a spec no longer valid."""
    if raw is None:
        return None
    try:
        return parse_spec(raw)
    except SpecError:
        return None  # shown by its stored words; running it is refused elsewhere


def first_name(spec: StrategySpec | None, summary: str, class_name: str) -> str:
    """Return the name a new strategy is stored under (its title, for a spec version)."""
    if spec is not None:
        return title(spec, "en")
    words = re.sub(r"[^\w/ .-]", "", summary).split()
    return " ".join(words[:6])[:_MAX_NAME] or class_name


def strategy_title(spec: StrategySpec | None, name: str, language: str) -> str:
    """Return the title to show: read from the current spec, keeping the name's twin number."""
    if spec is None:
        return name
    twin = _TWIN.search(name)
    return title(spec, supported(language)) + (twin.group(0) if twin else "")


def version_summary(spec: StrategySpec | None, stored: str, language: str) -> str:
    """Return a version's one-line summary: read from its spec, else as stored."""
    return stored if spec is None else describe(spec, supported(language)).summary
