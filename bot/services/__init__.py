"""The jobs that read and write: sync, deck (the press outbox), morning, reports, state (SQLite),
sender (Telegram sends), clock, settings (config.yaml from disk), backend, demo."""
