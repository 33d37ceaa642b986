"""Risk code: ROI, stop loss and trailing attributes, the ATR stop, DCA and protections."""

from __future__ import annotations

from ai_strategies.spec.params import Param
from ai_strategies.spec.risk import Risk

# A trader's forced "enter now" or "close now" must execute now, so forced and emergency
# orders are market orders; signals trade with limit orders at the quote.
ORDER_TYPES = """    order_types = {
        "entry": "limit",
        "exit": "limit",
        "emergency_exit": "market",
        "force_entry": "market",
        "force_exit": "market",
        "stoploss": "market",
        "stoploss_on_exchange": False,
    }
"""

_ATR_STOP = '''
    def custom_stoploss(
        self,
        pair: str,
        trade: Trade,
        current_time: datetime,
        current_rate: float,
        current_profit: float,
        after_fill: bool,
        **kwargs,
    ) -> float | None:
        """Keep the stop a multiple of the ATR below {anchor_doc}; it only ever moves up."""
        dataframe, _ = self.dp.get_analyzed_dataframe(pair, self.timeframe)
        if dataframe.empty:
            return None
        atr = dataframe[f"atr_stop_{{self.atr_stop_period.value}}"].iloc[-1]
        if not atr > 0:  # NaN during warm-up: keep the current stop
            return None
        stop_rate = {anchor} - self.atr_stop_multiplier.value * atr
        return stoploss_from_absolute(
            stop_rate, current_rate, is_short=trade.is_short, leverage=trade.leverage
        )
'''
_DCA = '''
    def adjust_trade_position(
        self,
        trade: Trade,
        current_time: datetime,
        current_rate: float,
        current_profit: float,
        min_stake: float | None,
        max_stake: float,
        current_entry_rate: float,
        current_exit_rate: float,
        current_entry_profit: float,
        current_exit_profit: float,
        **kwargs,
    ) -> float | None:
        """Add a share of the first stake each time the trade is down the set percentage."""
        if trade.has_open_orders:
            return None
        adds = trade.nr_of_successful_entries - 1
        if adds >= self.dca_max_adds.value or current_profit > -self.dca_drop_pct.value / 100:
            return None
        filled = trade.select_filled_orders(trade.entry_side)
        if not filled:
            return None
        first = filled[0].safe_filled * filled[0].safe_price
        stake = first * self.dca_stake_pct.value / 100
        if min_stake is not None and stake < min_stake:
            return None
        return min(stake, max_stake)
'''


def risk_attributes(risk: Risk) -> str:
    """Return the class attributes for ROI, stop loss, trailing and the callbacks' switches."""
    lines = [f"    minimal_roi = {{{_roi_literal(risk)}}}", f"    stoploss = {-risk.stoploss!r}"]
    trailing = risk.trailing
    lines.append(f"    trailing_stop = {trailing is not None}")
    if trailing is not None:
        lines += [
            f"    trailing_stop_positive = {trailing.positive!r}",
            f"    trailing_stop_positive_offset = {trailing.offset!r}",
            f"    trailing_only_offset_is_reached = {trailing.only_offset_is_reached}",
        ]
    if risk.atr_stop is not None:
        lines.append("    use_custom_stoploss = True")
    if risk.dca is not None:
        lines.append("    position_adjustment_enable = True")
        # Freqtrade's hard cap; the tunable dca_max_adds decides below it.
        lines.append(f"    max_entry_position_adjustment = {min(risk.dca.max_adds * 2, 10)}")
    return "\n".join(lines) + "\n"


def risk_methods(risk: Risk, params: list[Param]) -> str:
    """Return the callbacks the risk settings need: ATR stop, DCA and protections."""
    parts: list[str] = []
    if risk.atr_stop is not None:
        entry = risk.atr_stop.anchor == "entry"
        anchor_doc = "the entry price" if entry else "the current price"
        anchor = "trade.open_rate" if entry else "current_rate"
        parts.append(_ATR_STOP.format(anchor=anchor, anchor_doc=anchor_doc))
    if risk.dca is not None:
        parts.append(_DCA)
    if risk.protections:
        parts.append(_protections(risk, params))
    return "".join(parts)


def _protections(risk: Risk, params: list[Param]) -> str:
    """Return the `protections` property; its numbers are protection-space parameters."""
    names = {p.name for p in params}
    items = []
    for number, protection in enumerate(risk.protections, start=1):
        fields = [f'"method": "{protection.method}"']
        for field, value in protection.model_dump(exclude={"method"}).items():
            name = f"protect_{number}_{field}"
            shown = f"self.{name}.value" if name in names else repr(value)
            fields.append(f'"{field}": {shown}')
        items.append("            {" + ", ".join(fields) + "},")
    body = "\n".join(items)
    return (
        "\n    @property\n"
        "    def protections(self) -> list[dict]:\n"
        '        """Pause trading after losses, as the spec asks."""\n'
        f"        return [\n{body}\n        ]\n"
    )


def _roi_literal(risk: Risk) -> str:
    """Return the minimal_roi entries by minute; none means ROI never sells (profit 100x)."""
    steps = sorted(risk.roi, key=lambda step: step.after_minutes)
    pairs = [(step.after_minutes, step.profit) for step in steps] or [(0, 100.0)]
    return ", ".join(f'"{minutes}": {profit!r}' for minutes, profit in pairs)
