"""The Telegram layer: `app.build_app` makes the python-telegram-bot Application and registers
every handler; access (the gate, the typed context), commands, deck, incoming, cards."""
