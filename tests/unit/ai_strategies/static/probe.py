"""Build minimal strategies around one snippet, for the allow-list tests."""

from __future__ import annotations

import textwrap

from ai_strategies.static import StaticReport, check_source

HEAD = (
    "from freqtrade.strategy import IStrategy, IntParameter, informative\n"
    "from pandas import DataFrame\n"
)


def strategy(code: str = "", *, head: str = "", body: str = "", methods: str = "") -> str:
    """Return a valid strategy with `code` in populate_indicators and the rest spliced in."""
    return (
        f"{HEAD}{textwrap.dedent(head)}\n\n"
        "class Probe(IStrategy):\n"
        "    timeframe = '5m'\n"
        "    stoploss = -0.1\n"
        f"{textwrap.indent(textwrap.dedent(body), '    ')}\n"
        "    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:\n"
        f"{textwrap.indent(textwrap.dedent(code), '        ')}\n"
        "        return dataframe\n\n"
        "    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:\n"
        "        return dataframe\n\n"
        "    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:\n"
        "        return dataframe\n"
        f"{textwrap.indent(textwrap.dedent(methods), '    ')}\n"
    )


def check(code: str = "", **parts: str) -> StaticReport:
    """Check a probe strategy."""
    return check_source(strategy(code, **parts))


def error_codes(report: StaticReport) -> set[str]:
    """Return the codes of the error-level problems."""
    return {p.code for p in report.errors}
