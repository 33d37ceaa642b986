"""English texts: HTML templates with `{name}` placeholders (parameters get escaped)."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    # Common
    "apology": "Sorry, something went wrong on our side. Please try again in a moment.",
    "not_for_you": "This button is not for you.",
    "button_expired": "This button has expired. Please start again.",
    "cancelled": "Cancelled. /help lists everything I can do.",
    "nothing_to_cancel": "There is nothing to cancel.",
    "btn_cancel": "✖ Cancel",
    "btn_back": "« Back",
    # Onboarding
    "lang_name_id": "Bahasa Indonesia",
    "lang_name_en": "English",
    "choose_language": "👋 Welcome to <b>NoFOMO</b>!\nChoose your language:",
    "language_set": "Language set to English.",
    "welcome": "<b>NoFOMO</b> turns your trading idea into an automated crypto strategy.\n"
    "• Describe an idea in plain words; I build and backtest a strategy.\n"
    "• Run it as a bot on Binance or Bybit, first with play money (dry-run).\n"
    "• A supervisor watches losses and pauses a bot that goes wrong.\n"
    "What would you like to do?",
    "btn_new_strategy": "✨ New strategy",
    "btn_connect_keys": "🔑 Connect exchange keys",
    "btn_my_bots": "🤖 My bots",
    # Help and commands
    "help_title": "<b>Commands</b>",
    "help_group_strategies": "Strategies",
    "help_group_bots": "Bots",
    "help_group_results": "Results",
    "help_group_account": "Account",
    "help_footer": "Tip: you can also simply describe a strategy idea in a message.",
    "cmd_start": "Start and choose your language",
    "cmd_help": "List every command",
    "cmd_new": "Create a strategy from your idea",
    "cmd_strategies": "Your strategies and their versions",
    "cmd_backtest": "Backtest a strategy over a longer period",
    "cmd_optimize": "Optimise a strategy's parameters",
    "cmd_startbot": "Start a trading bot (dry-run or live)",
    "cmd_stopbot": "Stop a bot",
    "cmd_bots": "Your bots with status and profit",
    "cmd_status": "Open trades of your bots",
    "cmd_profit": "Profit of your bots",
    "cmd_trades": "Recent trades of a bot",
    "cmd_forceexit": "Close a bot's open trades now",
    "cmd_chart": "Chart of a bot's results",
    "cmd_keys": "Connect or remove exchange API keys",
    "cmd_settings": "Language, alerts and supervisor limits",
    "cmd_cancel": "Leave the current step",
    # Settings
    "settings_view": "<b>Settings</b>\nLanguage: {language}\nAlerts: {alerts}\nPlan: {plan}",
    "usage_live": "live: {live} of {max_live}",
    "usage_live_none": "play money only (live trading needs a paid plan)",
    "settings_usage": "Bots: {bots} of {max_bots} active · {live_part}\n"
    "AI generations this month: {used} of {limit}\n"
    "Backtests up to {days} days · optimisation up to {epochs} epochs",
    "btn_settings_language": "🌐 Language",
    "btn_settings_alerts": "🔔 Alerts",
    "btn_settings_supervisor": "🛡 Supervisor limits",
    "settings_choose_language": "Choose your language:",
    "alerts_choose": "Which alerts do you want?\n• All: every trade and warning\n"
    "• Important: warnings, pauses and errors\n• None: nothing (not recommended)",
    "alert_all": "All",
    "alert_important": "Important only",
    "alert_none": "None",
    "alerts_set": "Alerts: {level}.",
    "supervisor_pick_bot": "Choose a bot to set its supervisor limits:",
    "supervisor_pick_warn": "<b>{bot}</b> now warns after {warn} losses in a row and pauses "
    "after {pause}, or at {drawdown}% drawdown.\nWarn after how many losses in a row?",
    "supervisor_pick_pause": "Pause the bot after how many losses in a row?",
    "supervisor_pick_drawdown": "Pause the bot when it has lost what share of its stake?",
    "supervisor_saved": "Saved for <b>{bot}</b>: warn after {warn} losses in a row, pause after "
    "{pause}, or at {drawdown}% drawdown.",
    # Strategies
    "strategies_empty": "You have no strategies yet. Send /new and describe your idea.",
    "strategies_title": "<b>Your strategies</b>",
    "strategy_line": "• <b>{name}</b>: v{version} of {count}, {market}",
    "versions_title": "<b>{name}</b>: versions, newest first",
    "version_line": "{marker} v{version} · {date} · {summary}",
    "btn_rollback": "↩ Back to v{version}",
    "btn_show_code": "📄 Code",
    "btn_backtest": "📊 Backtest longer",
    "btn_optimise": "⚙ Optimise",
    "btn_start_bot": "▶ Start bot",
    "rolled_back": "Rolled back: v{old} is current again, saved as v{new}.",
    "rollback_stale": "This list was out of date (v{current} is current now), so nothing was "
    "changed.",
    "code_caption": "{name} v{version}: Freqtrade strategy code.",
    "pick_strategy_backtest": "Which strategy should I backtest?",
    "pick_strategy_optimise": "Which strategy should I optimise?",
    "pick_backtest_days": "Backtest over how many days?",
    "btn_days": "{days} days",
    "pick_optimise_epochs": "How many optimisation rounds (epochs)? More rounds take longer.",
    "btn_epochs": "{epochs} epochs",
    "btn_needs_plan": "{choice} · {plan}",
    "backtest_queued": "Backtest queued. I will send the results here.",
    "optimise_queued": "Optimisation queued. I will send the results here.",
    "optimise_waiting": "⚙️ Optimising: waiting for a free worker…",
    "optimise_progress": "⚙️ Optimising: epoch {epoch} of {total}, best so far {best}",
    "optimise_done": "✅ Optimisation finished. The results and the chart follow.",
    "optimise_failed": "❌ The optimisation failed. Try again later or with fewer epochs.",
    "optimise_applied": "Applied: the optimised parameters are saved as v{version}.",
    "optimise_already_applied": "Already applied as v{version}; nothing new was saved.",
    # New strategy
    "new_ask": "Describe your strategy idea in one message, for example: <i>Buy BTC when "
    "RSI falls below 30 on the 1h chart, sell at 3% profit, stop loss 2%</i>.\n"
    "Send /cancel to stop.",
    "new_working": "⏳ Working on your strategy…",
    "new_progress": "⏳ {stage}: {pct}%",
    "stage_queued": "Waiting in line",
    "stage_charging": "Checking your allowance",
    "stage_writing": "Writing the strategy",
    "stage_backtesting": "Backtesting",
    "stage_charts": "Drawing charts",
    "stage_saving": "Saving",
    "stage_done": "Done",
    "stage_working": "Working",
    "new_done": "✅ Your strategy is ready; the results follow in a moment.",
    "new_failed": "❌ I could not create the strategy.\n{reason}",
    "new_failed_ours": "😓 Sorry, creating the strategy failed on our side.\n{reason}\n"
    "It was not your idea. You were not charged; please try again in a few minutes.",
    "new_still_working": "Still working; I will send the result here when it is done.",
    "understood_part": "I understood: {items}. ",
    "missing_part": "Missing: {items}. ",
    "idea_offer": "That sounds like a strategy idea. Shall I build it?",
    "btn_generate_idea": "✨ Generate a strategy from this",
    # An idea that only sells short: the reason first, then its long version (issue 15)
    "new_refused": "❌ {reason}",
    "long_offer": "The long version of your idea: <i>{prompt}</i>. Tap below to build it.",
    "long_example": "Describe when the bot should buy instead, for example “buy when RSI is "
    "below 30”.",
    "btn_long_version": "🔁 Build the long version: {prompt}",
    # A strategy whose title already names its market (issue 15)
    "strategy_line_titled": "• <b>{name}</b>: v{version} of {count}",
    # Keys
    "keys_intro": "<b>Exchange API keys</b>\nOpen the secure form below to connect a Binance "
    "or Bybit key. The link works once and expires soon.\nCreate keys that can <b>trade but "
    "not withdraw</b>; keys that can withdraw are refused. Never paste keys into this chat.",
    "btn_open_key_form": "🔐 Open the secure key form",
    "keys_none": "No keys connected yet.",
    "keys_title": "<b>Connected keys</b>",
    "key_line": "• {exchange} {hint} {label}",
    "key_ip_warning": "  ⚠ no IP restriction",
    "btn_delete_key": "🗑 Remove {exchange} {hint}",
    "key_delete_confirm": "Remove the {exchange} key {hint}? Live bots that use it can no "
    "longer trade.",
    "btn_confirm_delete": "Yes, remove it",
    "key_deleted": "Key removed.",
    "key_already_gone": "That key was already removed.",
    "secret_deleted": "🔒 I deleted your message because it looked like an exchange API key or "
    "secret. Never send keys in a chat: use the secure form from /keys instead. If it was a "
    "real key, delete it on the exchange and create a new one.",
    # Start a bot
    "sb_pick_strategy": "Which strategy should the bot run?",
    "sb_no_strategies": "You need a strategy first. Send /new and describe your idea.",
    "sb_live_none": "Your plan runs bots in dry-run (play money); live trading needs the "
    "{plan} plan.",
    "sb_live_full": "No live bot is free on your plan ({limit} in use), so this bot can run in "
    "dry-run (play money).",
    "sb_pick_exchange": "Which exchange?",
    "exchange_binance": "Binance",
    "exchange_bybit": "Bybit",
    "sb_pick_pair": "Which pair? Pick one or type it (for example BTC/USDT).",
    "sb_pair_preset": "Pair: <b>{pair}</b> (from the strategy).",
    "btn_other_pair": "🔁 Another pair",
    "sb_pick_stake": "How much USDT per trade? Pick an amount or type it (10 to 100,000).",
    "btn_stake": "{amount} USDT",
    "sb_pick_mode": "<b>Dry-run</b> trades with play money on real prices: a safe test.\n"
    "<b>Live</b> trades with real money from your exchange account.",
    "btn_dry_run": "🧪 Dry-run (play money)",
    "btn_live": "💰 Live (real money)",
    "sb_live_needs_keys": "Live trading on {exchange} needs a connected API key. Connect one "
    "with /keys and try again, or choose dry-run.",
    "sb_live_confirm": "⚠️ <b>Live trading uses real money.</b>\n• The bot buys and sells "
    "{pair} on {exchange} with up to {stake} USDT per trade.\n• You can lose all of that "
    "stake; past results do not promise future profit.\n• The key can trade but cannot "
    "withdraw funds.\nStart the live bot?",
    "sb_live_flagged": "🚩 <b>The backtest of this strategy warns: {problems}.</b> "
    "Live, real money may be lost the same way. Consider improving it or running it in "
    "dry-run first.\n\n",
    "btn_confirm_live": "Yes, trade with real money",
    "sb_started": "✅ <b>{name}</b> is starting: {pair} on {exchange}, {stake} USDT per trade, "
    "{mode}.\n/bots shows it, /status its open trades, /stopbot stops it.",
    # Bots
    "bots_empty": "You have no bots yet. Start one with /startbot.",
    "bots_title": "<b>Your bots</b>",
    "bot_line": "{icon} <b>{name}</b> · {pair} · {exchange} · {mode} · {state} · "
    "PnL {pnl} {currency}",
    "state_running": "running",
    "state_starting": "starting",
    "state_paused": "paused",
    "state_stopping": "stopping",
    "state_stopped": "stopped",
    "state_failed": "failed",
    "mode_dry": "dry-run",
    "mode_live": "live",
    "bot_detail": "<b>{name}</b>\nState: {state}\nMarket: {pair} on {exchange} ({mode})\n"
    "Stake: {stake} {currency} per trade\nRealised PnL: {pnl} {currency}\n"
    "Trades: {open} open, {closed} closed",
    "btn_status": "📋 Status",
    "btn_profit": "💰 Profit",
    "btn_trades": "📜 Trades",
    "btn_forceexit": "⏏ Force exit",
    "btn_chart": "📈 Chart",
    "btn_pause": "⏸ Pause",
    "btn_resume": "▶ Resume",
    "btn_stop": "⏹ Stop",
    "pick_bot": "Which bot?",
    "status_title": "<b>{name}</b>: open trades",
    "status_none": "<b>{name}</b> has no open trades.",
    "status_trade": "#{id} {pair} · {amount} at {open_rate} · now {current_rate} · {profit}%",
    "not_running": "<b>{name}</b> is not running ({state}).",
    "status_all_title": "<b>Your bots</b>: {running} running, {open_trades}",
    "status_all_line": "{icon} {name}: {state}, {open_trades}",
    "profit_view": "<b>{name}</b>: profit\nClosed trades: {closed} ({wins} won, {losses} lost)\n"
    "Realised: {closed_profit} {currency}\nIncluding open trades: {all_profit} {currency}",
    "profit_stored": "<b>{name}</b>: realised profit {pnl} {currency} from {closed_trades}.",
    "profit_all_title": "<b>Total realised profit: {total} {currency}</b>",
    "profit_all_line": "• {name}: {pnl} {currency} ({closed_trades})",
    "trades_title": "<b>{name}</b>: recent trades",
    "trades_none": "<b>{name}</b> has no trades yet.",
    "trades_none_running": "None of your bots is running, so none has live trades. /profit "
    "shows what they made.",
    "trade_open": "#{id} {pair} · open since {date}",
    "trades_open_title": "{count} open trade|{count} open trades",
    "trades_closed_title": "Recent closed trades",
    "trades_closed_count": "{count} closed trade|{count} closed trades",
    "trade_open_stake": " · stake {stake} {currency}",
    "trade_open_profit": " · now {profit} {currency} ({pct})",
    "trade_open_stop": " · stop-loss {price}",
    # The caption of a bot's chart (/chart).
    "chart_caption_head": "📈 <b>{name}</b>\n{pair} · {timeframe} candles · {mode}",
    "chart_caption_realised": "Realised profit: {profit} from {closed_trades}",
    "chart_caption_open": "{open_trades}: {profit} unrealised at {price}",
    "chart_caption_open_unpriced": "{open_trades}; the current price is not known yet",
    "chart_caption_trade": "• Bought {amount} at {price} on {date}: {profit}",
    "chart_caption_trade_short": "• Sold short {amount} at {price} on {date}: {profit}",
    "chart_caption_more": "• and {count} more",
    "chart_caption_earlier": "Before this chart: {closed_trades}, {profit}",
    # Why a trade closed (Freqtrade's exit_reason), in /trades and the trade-closed alert.
    "exit.roi": "profit target (ROI)",
    "exit.stop_loss": "stop-loss",
    "exit.stoploss_on_exchange": "stop-loss on the exchange",
    "exit.trailing_stop_loss": "trailing stop-loss",
    "exit.exit_signal": "exit signal",
    "exit.force_exit": "closed manually",
    "exit.emergency_exit": "emergency exit",
    "exit.liquidation": "liquidated",
    "trade_closed": "#{id} {pair} · {profit} {currency} ({pct}%) · {reason}",
    "forceexit_confirm": "Close all open trades of <b>{name}</b> at market price now?",
    "btn_confirm_forceexit": "Yes, close them now",
    "forceexit_done": "Closing all open trades of <b>{name}</b>.",
    "forceexit_none_running": "No running bot has trades to close.",
    "bot_paused": "⏸ <b>{name}</b> paused: no new trades; open trades are still managed.",
    "bot_resumed": "▶ <b>{name}</b> resumed.",
    "bot_stopping": "Stopping <b>{name}</b>…",
    "bot_stopped": "⏹ <b>{name}</b> stopped. Open positions left: {open}.",
    "bot_stopped_idle": "⏹ <b>{name}</b> stopped (it was not running).",
    "bot_stop_pending": "<b>{name}</b> is still stopping; check /bots in a minute.",
    "stop_pick_bot": "Which bot should I stop?",
    "stop_none_active": "None of your bots is active.",
    # Reports across bots: /daily /weekly /monthly /performance /balance /count /logs /stopentry
    "cmd_daily": "Profit per day across your bots",
    "cmd_weekly": "Profit per week across your bots",
    "cmd_monthly": "Profit per month across your bots",
    "cmd_performance": "Profit per pair across your bots",
    "cmd_balance": "Wallets of your running bots",
    "cmd_count": "Open trades of each bot and its limit",
    "cmd_logs": "Last lines of a running bot's log",
    "cmd_stopentry": "Stop buying; open trades stay managed (Pause)",
    "count_days": "{count} day|{count} days",
    "count_weeks": "{count} week|{count} weeks",
    "count_months": "{count} month|{count} months",
    "report_day_title": "<b>Profit per day</b> · last {periods} · all your bots (WIB)",
    "report_week_title": "<b>Profit per week</b> (from Monday) · last {periods} · all your bots",
    "report_month_title": "<b>Profit per month</b> · last {periods} · all your bots",
    "report_line": "{period}: {profit} · {trades}",
    "report_total": "<b>Total</b>: {profit} · {trades}",
    "performance_title": "<b>Profit per pair</b> · all closed trades of all your bots",
    "performance_line": "{pair}: {profit} · {trades}, {wins} won",
    "performance_none": "No closed trades yet, so no profit per pair. /status shows open trades.",
    "live_none_running": "None of your bots is running right now. /bots lists them; /profit "
    "shows what they made.",
    "live_idle_line": "{icon} <b>{name}</b>: not running ({state})",
    "live_unreachable_line": "{icon} <b>{name}</b>: did not answer; try again in a moment",
    "balance_title": "<b>Wallets of your bots</b>",
    "balance_bot": "{icon} <b>{name}</b> ({kind}): ≈ {total} in total",
    "balance_simulated": "dry-run: play money, not real funds",
    "balance_real": "live: real funds on the exchange",
    "balance_holding": "   • {amount}",
    "balance_free": ", {free} free",
    "balance_value": " ≈ {value}",
    "count_title": "<b>Open trades of your bots</b>",
    "count_line": "{icon} <b>{name}</b>: {current} of {limit} open · {stake} in open trades",
    "count_line_unlimited": "{icon} <b>{name}</b>: {current} open, no limit · {stake} in open "
    "trades",
    "logs_view": "<b>{name}</b>: last lines of its log\n<pre>{lines}</pre>",
    "logs_empty": "<b>{name}</b> has written nothing to its log yet.",
    "logs_none_running": "None of your bots is running, so there is no live log to show.",
    "stopentry_done": "⏸ <b>{name}</b> stopped buying: no new trades; its open trades are "
    "still managed until they close. This is the same as Pause; resume it from /bots.",
    "stopentry_already": "<b>{name}</b> is already paused: it buys nothing new. Resume it "
    "from /bots.",
    "stopentry_none_running": "None of your bots is running, so none is buying.",
    # Supervisor alert buttons
    "sv_resumed": "▶ <b>{name}</b> resumed; its loss streak starts afresh.",
    "sv_closing": "Closing all open trades of <b>{name}</b>; it stays paused.",
    "explanation": "🔎 {text}",
    "sv_kept_paused": "OK, <b>{name}</b> stays paused. Resume it from /bots when you are ready.",
    # Summaries and /plan (issue 15)
    "cmd_plan": "Your plan, its limits and what is used",
    "btn_settings_summary": "📬 Summary",
    "summary_choose": "<b>📬 Summary</b>\nA message with each bot's trades, profit and open "
    "trades.\nNow: {current}\nHow often do you want it?",
    "summary_choose_hour": "📬 {frequency}: at what time should the summary arrive? ({zone})",
    "summary_off": "Off",
    "summary_daily": "Daily",
    "summary_weekly": "Weekly (Mondays)",
    "summary_state_off": "off",
    "summary_state_daily": "daily at {time} {zone}",
    "summary_state_weekly": "Mondays at {time} {zone}",
    "summary_set": "Summary: {summary}.",
    "invalid_summary": "That summary choice is not available. Open /settings and pick again.",
    "plan_view": "<b>Your plan: {plan}</b>\n{expiry}",
    "plan_expires": "Valid until {date}",
    "plan_no_expiry": "No end date",
    "plan_unavailable": "Your plan cannot be read right now. Please try again in a moment.",
    # Fallback
    "fallback_command": "I don't know that command. /help lists what I can do.",
    "fallback_text": "I'm not sure what you mean. /help lists what I can do, or describe a "
    "strategy idea and I will build it.",
}

ERRORS: dict[str, str] = {
    "plan_bot_limit": "Your plan runs at most {limit} at a time. Stop one first, "
    "or upgrade your plan.",
    "plan_live_limit": "Your plan allows {limit} at a time. Use dry-run, or "
    "upgrade your plan for live trading.",
    # The {limit} of the plan errors above and of sb_live_full, counted.
    "count_bots": "{count} bot|{count} bots",
    "count_live_bots": "{count} live bot|{count} live bots",
    "plan_backtest_days": "Your plan backtests at most {limit} days; {days} days needs the "
    "{plan} plan. Nothing was started: pick up to {limit} days.",
    "plan_backtest_days_top": "Backtests cover at most {limit} days on your plan. Nothing was "
    "started: pick up to {limit} days.",
    "plan_epochs": "Your plan optimises at most {limit} epochs; {epochs} epochs needs the "
    "{plan} plan. Nothing was started: pick up to {limit} epochs.",
    "plan_epochs_top": "Optimisations run at most {limit} epochs on your plan. Nothing was "
    "started: pick up to {limit} epochs.",
    "plan_custom_code": "Custom Python strategies run only on the {plan} plan. Describe your "
    "strategy in words with /new instead, or upgrade to {plan}.",
    "plan_custom_code_none": "Custom Python strategies are not offered on any plan right now. "
    "Describe your strategy in words with /new instead.",
    "bot_already_active": "You already have an active bot on that exchange and pair. Stop it "
    "first (/stopbot) or choose another pair.",
    "bot_not_found": "That bot no longer exists.",
    "bot_not_running": "That bot is not running right now.",
    "bot_unreachable": "The bot did not answer. Please try again in a moment.",
    # The number of periods /daily, /weekly and /monthly take.
    "report_days_range": "Send /daily alone for the last {default} days, or with a number of "
    "days from 1 to {limit}, like /daily 14.",
    "report_weeks_range": "Send /weekly alone for the last {default} weeks, or with a number of "
    "weeks from 1 to {limit}, like /weekly 8.",
    "report_months_range": "Send /monthly alone for the last {default} months, or with a number "
    "of months from 1 to {limit}, like /monthly 6.",
    "invalid_pair": "“{pair}” is not a valid pair. Use a form like BTC/USDT.",
    "invalid_stake": "The stake must be a number from 10 to 100,000 USDT.",
    "live_needs_keys": "Live trading needs a connected exchange key. Use /keys first.",
    "invalid_language": "That language is not supported.",
    "invalid_alert_level": "That alert level is not supported.",
    "supervisor_bad_streaks": "The warning must come before the pause (1 ≤ warn < pause ≤ 50).",
    "supervisor_bad_drawdown": "The drawdown limit must be between 0.5% and 100%.",
    "strategy_not_found": "That strategy no longer exists.",
    "version_not_found": "That strategy version no longer exists.",
    "request_not_found": "That request no longer exists.",
    "artifact_not_found": "That file is no longer available.",
    "try_again": "Busy right now. Please try again in a few seconds.",
    "unknown_command": "That bot command is not available: {command}.",
    "generation_limit": "You have used all {limit} AI generations of your plan this month.",
    "strategy_prompt_empty": "Please describe your strategy idea in words.",
    "strategy_prompt_too_long": "Please keep your idea under {max_chars} characters.",
    "strategy_invalid": "I could not produce a valid strategy from that idea, even after "
    "several repairs. Please describe it differently.",
    "optimise_not_ready": "The optimisation has not finished yet, or found nothing better.",
    "prompt_long_only": "Only long spot strategies are possible: the bot buys, then sells what "
    "it bought; it cannot sell short or use leverage. {offer}",
    "prompt_not_understood": "I could not turn that into a strategy. {understood}{missing}"
    "Name at least one entry signal, for example “RSI below 30”, “EMA 9/21 crossover” or "
    "“MACD cross”.",
    "llm_refused": "The AI declined this request. Please rephrase your idea.",
    "llm_truncated": "The AI's answer was cut off. Please try a shorter or simpler idea.",
    "llm_timeout": "The AI took too long to answer. Please try again.",
    "llm_unavailable": "The AI service is unavailable right now. Please try again later.",
    "custom_code_unavailable": "Custom Python strategies run only in a secure sandbox, which "
    "this server does not have. Describe your strategy in words with /new instead.",
    "spec_unrenderable": "This strategy version can no longer be built on our side.",
    "market_data_unavailable": "The market data for the backtest could not be loaded.",
    "backtest_failed": "The backtest engine failed to run.",
    "hyperopt_failed": "The optimisation engine failed to run.",
    "job_timed_out": "The job took too long on our servers.",
    "key_in_use": "A live bot is trading with this key. Stop that bot first, then delete the key.",
    "internal_error": "Something unexpected broke on our side.",
    "llm_misconfigured": "Strategy generation is temporarily unavailable. We are on it.",
    "keyform.link_invalid": "This key form link is not valid. Send /keys for a new one.",
    "dashboard_link_invalid": "This dashboard link is not valid or has expired (links last 10"
    " minutes). Send /dashboard for a new one.",
    "dashboard_link_used": "This dashboard link was already used; each link opens the dashboard"
    " once. Send /dashboard for a new one.",
    "dashboard_miniapp_refused": "Telegram could not confirm this dashboard launch. Open it again"
    " from the 📊 Dashboard button.",
    "dashboard_no_account": "Start a chat with the bot first (/start), then open the dashboard.",
    "keyform.link_expired": "This key form link has expired (links last 15 minutes). Send /keys "
    "for a new one.",
    "keyform.link_used": "This key form link was already used. Send /keys for a new one.",
    "keyform.link_replaced": "A newer key form link was created, so this one no longer works.",
    "keyform.too_many_attempts": "Too many attempts with this link. Send /keys for a new one.",
    "keyform.csrf": "The key form has expired. Open the link again.",
    "keyform.busy": "This key is still being checked. Wait a moment, then try again.",
    "keyform.exchange_unknown": "Choose Binance or Bybit.",
    "keyform.api_key_format": "That does not look like a {exchange} API key. Copy it again: "
    "letters and digits only.",
    "keyform.secret_format": "That does not look like a {exchange} secret key. Copy it again: "
    "letters and digits only.",
    "keyform.label_invalid": "The key's name can have at most {limit} characters, on one line.",
    "keyform.key_rejected": "{exchange} did not accept this key. Check that you copied both "
    "parts and that the key's IP restriction allows NoFOMO.",
    "keyform.exchange_unreachable": "{exchange} did not answer, so nothing was saved. Please "
    "try again in a minute.",
    "keyform.withdraw_enabled": "This {exchange} key can withdraw funds, so it was refused and "
    "nothing was saved. Create a key with trading permission only.",
    "keyform.cannot_trade": "This {exchange} key cannot trade. Enable spot trading for it and "
    "try again.",
    "keyform.no_ip_restriction": "This {exchange} key works from any IP address. Restrict it to "
    "trusted IPs in the exchange's API settings.",
}
