"""Strategy specs: strategies as typed data, one trusted renderer, and words for users.

A `StrategySpec` (pydantic, versioned, JSON schema for LLM structured output) says what a
strategy does; `render_strategy` is the only code that turns it into a Freqtrade module;
`read_spec` reads the spec back from that module without running it; `describe` says it
in English or Bahasa Indonesia, and `title` names it by the signals its rules use.
"""

from ai_strategies.spec.catalogue import CATALOGUE, KINDS, IndicatorKind
from ai_strategies.spec.describe import SpecDescription, describe
from ai_strategies.spec.embed import read_spec
from ai_strategies.spec.model import IndicatorSpec, Rule, StrategySpec, Unsupported
from ai_strategies.spec.params import Param, spec_parameters
from ai_strategies.spec.render import RenderedStrategy, render_strategy
from ai_strategies.spec.schema import SpecError, parse_spec, spec_json_schema
from ai_strategies.spec.title import title

__all__ = [
    "CATALOGUE",
    "KINDS",
    "IndicatorKind",
    "IndicatorSpec",
    "Param",
    "RenderedStrategy",
    "Rule",
    "SpecDescription",
    "SpecError",
    "StrategySpec",
    "Unsupported",
    "describe",
    "parse_spec",
    "read_spec",
    "render_strategy",
    "spec_json_schema",
    "spec_parameters",
    "title",
]
