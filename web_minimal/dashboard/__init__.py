"""The companion dashboard: a Telegram Mini App and a phone-first web page."""
