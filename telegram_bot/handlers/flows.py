"""The multi-step conversations: /new and /startbot."""

from __future__ import annotations

import warnings
from typing import Any

from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from telegram_bot.callbacks import Action, on
from telegram_bot.handlers import fallback, generate, startbot
from telegram_bot.persistence import SharedConversation

NEW_MESSAGE = filters.UpdateType.MESSAGE
TYPED = filters.TEXT & ~filters.COMMAND & NEW_MESSAGE


def _leave() -> list[BaseHandler[Any, Any, Any]]:
    return [
        CommandHandler("cancel", fallback.cancel_flow, filters=NEW_MESSAGE),
        CallbackQueryHandler(fallback.cancel_flow, pattern=on(Action.CANCEL)),
        MessageHandler(filters.COMMAND & NEW_MESSAGE, fallback.interrupt_flow),
    ]


def _conversation(**kwargs: Any) -> ConversationHandler[Any]:
    # Buttons are signed per user and the conversation is keyed per user and chat, so
    # tracking per message (PTB's warning about CallbackQueryHandler) is not needed.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "If 'per_message=False'", PTBUserWarning)
        # Persistent: every step is kept in Postgres, so another instance can take the next.
        return SharedConversation(allow_reentry=True, fallbacks=_leave(), persistent=True, **kwargs)


def new_strategy() -> ConversationHandler[Any]:
    """Build the /new conversation: the idea may follow the command."""
    return _conversation(
        name="new_strategy",
        entry_points=[
            CommandHandler("new", generate.new, filters=NEW_MESSAGE),
            CallbackQueryHandler(generate.new, pattern=on(Action.MENU_NEW)),
        ],
        states={generate.NewState.PROMPT: [MessageHandler(TYPED, generate.receive_prompt)]},
    )


def start_bot() -> ConversationHandler[Any]:
    """Build the /startbot conversation."""
    State = startbot.StartBotState
    pick_strategy = CallbackQueryHandler(
        startbot.pick_strategy, pattern=on(Action.STARTBOT_STRATEGY)
    )
    return _conversation(
        name="start_bot",
        entry_points=[
            CommandHandler("startbot", startbot.begin, filters=NEW_MESSAGE),
            pick_strategy,
        ],
        states={
            State.STRATEGY: [pick_strategy],
            State.EXCHANGE: [
                CallbackQueryHandler(startbot.pick_exchange, pattern=on(Action.STARTBOT_EXCHANGE))
            ],
            State.PAIR: [
                CallbackQueryHandler(startbot.pick_pair, pattern=on(Action.STARTBOT_PAIR)),
                MessageHandler(TYPED, startbot.pick_pair),
            ],
            State.STAKE: [
                CallbackQueryHandler(startbot.pick_stake, pattern=on(Action.STARTBOT_STAKE)),
                MessageHandler(TYPED, startbot.pick_stake),
            ],
            State.MODE: [
                CallbackQueryHandler(startbot.pick_mode, pattern=on(Action.STARTBOT_MODE))
            ],
            State.CONFIRM_LIVE: [
                CallbackQueryHandler(
                    startbot.confirm_live, pattern=on(Action.STARTBOT_CONFIRM_LIVE)
                )
            ],
        },
    )
