"""Bots: the user-facing service, operator actions and bot charts."""
