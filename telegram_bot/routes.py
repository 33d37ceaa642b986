"""Every handler, in the groups and order python-telegram-bot tries them.

Group -3 reads the user's flows from Postgres, group -2 deletes pasted credentials,
group -1 refuses buttons not signed for the presser; group 0 holds the conversations
first (so a flow sees its own input), then commands, then buttons, then the fallbacks;
group 1 writes the flows back (telegram_bot/persistence.py).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import (
    Application,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from telegram_bot.callbacks import Action, on
from telegram_bot.handlers import (
    billing,
    bots,
    callbacks,
    dashboard,
    detail,
    errors,
    fallback,
    flows,
    generate,
    keys,
    plan,
    reports,
    settings,
    start,
    strategies,
    summary,
    supervisor,
    upgrade,
)
from telegram_bot.handlers import help as help_
from telegram_bot.persistence import LOAD_GROUP, SAVE_GROUP, load_flows, save_flows
from telegram_bot.session import Ctx

Callback = Callable[[Update, Ctx], Coroutine[Any, Any, Any]]
NEW_MESSAGE = filters.UpdateType.MESSAGE

COMMANDS: dict[str, Callback] = {
    "start": start.start,
    "help": help_.show_help,
    "strategies": strategies.list_strategies,
    "backtest": strategies.pick_backtest,
    "optimize": strategies.pick_optimise,
    "optimise": strategies.pick_optimise,
    "stopbot": bots.stop_bot,
    "bots": bots.list_bots,
    "status": bots.status,
    "profit": bots.profit,
    "trades": bots.trades,
    "forceexit": bots.forceexit,
    "chart": bots.chart,
    "daily": reports.daily,
    "weekly": reports.weekly,
    "monthly": reports.monthly,
    "performance": reports.performance,
    "balance": reports.balance,
    "count": reports.count,
    "logs": reports.logs,
    "stopentry": reports.stopentry,
    "keys": keys.keys,
    "settings": settings.settings,
    "plan": plan.show_plan,
    "upgrade": upgrade.upgrade,
    "billing": billing.show_billing,
    "dashboard": dashboard.send_link,
    "logout_all": dashboard.logout_all,
    "cancel": fallback.cancel,
}

BUTTONS: dict[Action, Callback] = {
    Action.LANGUAGE: start.choose_language,
    Action.MENU_KEYS: keys.keys,
    Action.MENU_BOTS: bots.list_bots,
    Action.CANCEL: fallback.cancel,
    Action.SETTINGS_LANGUAGE: settings.ask_language,
    Action.SETTINGS_ALERTS: settings.ask_alert_level,
    Action.ALERT_LEVEL: settings.set_alert_level,
    Action.SETTINGS_SUPERVISOR: settings.ask_supervisor_bot,
    Action.SUPERVISOR_BOT: settings.ask_warn_streak,
    Action.SUPERVISOR_WARN: settings.ask_pause_streak,
    Action.SUPERVISOR_PAUSE: settings.ask_drawdown,
    Action.SUPERVISOR_DRAWDOWN: settings.save_thresholds,
    Action.SETTINGS_SUMMARY: summary.ask_frequency,
    Action.SUMMARY_HOUR: summary.set_hour,
    Action.STRATEGY: strategies.show_versions,
    Action.ROLLBACK: strategies.roll_back,
    Action.SHOW_CODE: strategies.send_code,
    Action.BACKTEST_PICK: strategies.ask_days,
    Action.BACKTEST: strategies.run_backtest,
    Action.OPTIMISE_PICK: strategies.ask_epochs,
    Action.OPTIMISE: strategies.run_optimise,
    Action.OPTIMISE_APPLY: strategies.apply_optimised,
    Action.GENERATE_IDEA: generate.generate_idea,
    Action.KEY_DELETE: keys.ask_delete,
    Action.KEY_DELETE_CONFIRM: keys.delete,
    Action.BOT_DETAIL: detail.show_detail,
    Action.BOT_STATUS: detail.on_status,
    Action.BOT_PROFIT: detail.on_profit,
    Action.BOT_TRADES: detail.on_trades,
    Action.BOT_FORCEEXIT: detail.on_forceexit,
    Action.BOT_FORCEEXIT_CONFIRM: detail.forceexit,
    Action.BOT_CHART: detail.on_chart,
    Action.BOT_PAUSE: detail.pause,
    Action.BOT_RESUME: detail.resume,
    Action.BOT_STOP: detail.stop,
    Action.BOT_LOGS: reports.on_logs,
    Action.BOT_STOPENTRY: reports.on_stopentry,
    Action.SUPERVISOR_RESUME: supervisor.resume,
    Action.SUPERVISOR_CLOSE_ALL: supervisor.close_all,
    Action.SUPERVISOR_KEEP_PAUSED: supervisor.keep_paused,
    Action.SUPERVISOR_EXPLAIN: supervisor.explain,
    Action.UPGRADE: upgrade.upgrade,
    Action.UPGRADE_PLAN: upgrade.pick_plan,
    Action.UPGRADE_PERIOD: upgrade.pick_period,
    Action.UPGRADE_RENEW: upgrade.renew,
    Action.UPGRADE_PAY: upgrade.pay,
    Action.BILLING: billing.show_billing,
    Action.BILLING_RECEIPT: billing.send_receipt,
    Action.BILLING_PAY: billing.pay_again,
}


def handlers() -> list[BaseHandler[Any, Any, Any]]:
    """Return group 0's handlers in the order they are tried."""
    found: list[BaseHandler[Any, Any, Any]] = [flows.new_strategy(), flows.start_bot()]
    found += [CommandHandler(name, cb, filters=NEW_MESSAGE) for name, cb in COMMANDS.items()]
    found += [CallbackQueryHandler(cb, pattern=on(action)) for action, cb in BUTTONS.items()]
    found += [
        MessageHandler(filters.COMMAND & NEW_MESSAGE, fallback.unknown_command),
        MessageHandler(filters.TEXT & ~filters.COMMAND & NEW_MESSAGE, fallback.free_text),
        CallbackQueryHandler(callbacks.expired),
    ]
    return found


def register(app: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Add every handler and the error handler to the application."""
    app.add_handler(TypeHandler(Update, load_flows), group=LOAD_GROUP)
    app.add_handler(MessageHandler(filters.TEXT | filters.CAPTION, keys.guard_secrets), group=-2)
    app.add_handler(CallbackQueryHandler(callbacks.guard), group=-1)
    app.add_handlers(handlers())
    app.add_handler(TypeHandler(Update, save_flows), group=SAVE_GROUP)
    app.add_error_handler(errors.on_error)
