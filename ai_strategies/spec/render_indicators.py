"""Code that computes a spec's indicators: the main frame and one method per informative series.

Columns are named `i_<id>_<output>` (plus `_<period>` for a tuned period, which is computed
for every value of its hyperopt range). Informative columns get Freqtrade's suffixes:
`<column>_<timeframe>`, and `<base>_<quote>_<column>_<timeframe>` for another pair.
"""

from __future__ import annotations

from dataclasses import dataclass
from textwrap import indent

from ai_strategies.spec.catalogue import CATALOGUE
from ai_strategies.spec.model import IndicatorSpec, StrategySpec
from ai_strategies.spec.names import timeframe_minutes
from ai_strategies.spec.params import Param
from ai_strategies.spec.risk import AtrStop

_MAIN_DOC = "Compute the indicators, for every period hyperopt may try."
_CONCAT = "return pd.concat([dataframe, pd.DataFrame(columns, index=dataframe.index)], axis=1)"


@dataclass(frozen=True, order=True)
class Series:
    """Where an indicator is computed: a timeframe, and another pair ("" for the traded one)."""

    minutes: int
    timeframe: str
    pair: str = ""

    @property
    def method(self) -> str:
        """Return the name of the informative method that computes this series."""
        return f"populate_indicators_{self._prefix()}{self.timeframe}"

    def column(self, name: str) -> str:
        """Return the name a column of this series gets in the main dataframe."""
        return f"{self._prefix()}{name}_{self.timeframe}"

    def decorator(self) -> str:
        """Return the `@informative(...)` line of this series."""
        args = [repr(self.timeframe)] + ([repr(self.pair)] if self.pair else [])
        return f"@informative({', '.join(args)})"

    def _prefix(self) -> str:
        return self.pair.lower().replace("/", "_") + "_" if self.pair else ""


def series_of(spec: StrategySpec, pair: str | None, timeframe: str | None) -> Series | None:
    """Return the informative series for a pair and timeframe, None for the main one."""
    other = "" if pair in (None, spec.pair) else str(pair)
    frame = timeframe or spec.timeframe
    if not other and frame == spec.timeframe:
        return None
    return Series(timeframe_minutes(frame), frame, other)


def column_expr(spec: StrategySpec, ind: IndicatorSpec, output: str | None) -> str:
    """Return the expression reading an indicator output from the main dataframe."""
    entry = CATALOGUE[ind.kind]
    name = f"i_{ind.id}_{output or entry.output_names[0]}"
    if entry.loop is not None:
        name += f"_{{self.{ind.id}_{entry.loop}.value}}"
    series = series_of(spec, ind.pair, ind.timeframe)
    if series is not None:
        name = series.column(name)
    prefix = "f" if entry.loop is not None else ""
    return f'dataframe[{prefix}"{name}"]'


def indicator_lines(ind: IndicatorSpec, params: dict[str, Param]) -> list[str]:
    """Return the lines that put one indicator's outputs into `columns`."""
    entry = CATALOGUE[ind.kind]
    values = {
        p.name: "n" if p.name == entry.loop else f"self.{ind.id}_{p.name}.value"
        for p in entry.params
    }
    body = [line.format(**values) for line in entry.compute]
    suffix = "_{n}" if entry.loop is not None else ""
    quote = 'f"' if entry.loop is not None else '"'
    for output, template in entry.outputs:
        key = f'{quote}i_{ind.id}_{output}{suffix}"'
        body.append(f"columns[{key}] = {template.format(**values)}")
    shown = ", ".join(f"{p.name} {_number(params[f'{ind.id}_{p.name}'])}" for p in entry.params)
    header = [f"# {ind.id}: {entry.label}" + (f" ({shown})" if shown else "")]
    if entry.loop is None:
        return header + body
    return [*header, f"for n in self.{ind.id}_{entry.loop}.range:", *(f"    {b}" for b in body)]


def atr_stop_lines() -> list[str]:
    """Return the lines computing the ATR the custom stop loss reads."""
    return [
        "# ATR of the stop loss",
        "for n in self.atr_stop_period.range:",
        '    columns[f"atr_stop_{n}"] = ta.ATR(dataframe, timeperiod=n)',
    ]


def populate_methods(
    spec: StrategySpec, params: dict[str, Param], extra: list[Series], atr: AtrStop | None
) -> str:
    """Return populate_indicators and the informative methods, in a fixed order."""
    groups: dict[Series | None, list[str]] = {None: atr_stop_lines() if atr else []}
    groups |= {series: [] for series in extra}
    for ind in spec.indicators:
        lines = groups.setdefault(series_of(spec, ind.pair, ind.timeframe), [])
        lines += indicator_lines(ind, params)
    informative = sorted(s for s in groups if s is not None)
    methods = [_informative_method(s, groups[s]) for s in informative]
    methods.append(_method("populate_indicators", _MAIN_DOC, groups[None]))
    return "\n".join(methods)


def _informative_method(series: Series, lines: list[str]) -> str:
    doc = f"Compute the {series.timeframe} indicators; Freqtrade merges them with suffixes."
    return f"    {series.decorator()}\n" + _method(series.method, doc, lines)


def _method(name: str, doc: str, lines: list[str]) -> str:
    body = ["columns = {}", *lines, _CONCAT] if lines else ["return dataframe"]
    return (
        f"    def {name}(self, dataframe: DataFrame, metadata: dict) -> DataFrame:\n"
        f'        """{doc}"""\n' + indent("\n".join(body), " " * 8) + "\n"
    )


def _number(param: Param) -> str:
    return str(param.number(param.default))
