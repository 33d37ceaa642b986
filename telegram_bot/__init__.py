"""The Telegram interface: python-telegram-bot handlers over `orchestrator` services.

Entry points for the composition root (`nofomo.cli`):
`app.build_application`, `app.register_commands`, `webhook.make_webhook_handler`,
`runner.running` / `runner.run_polling` / `runner.run_webhook`, and
`telegram_bot.alerts.TelegramRenderer` for pushed alerts and their signed buttons.
"""
