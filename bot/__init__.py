"""The bot: rules, sync, morning lists, Telegram, worker and command line over the sheets layer."""
