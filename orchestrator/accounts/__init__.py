"""Accounts: users, their language and preferences."""
