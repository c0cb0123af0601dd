"""The Telegram Mini App: its page and assets, and the JSON calls it makes, each checked against its init data."""
