"""The supervisor: watches closed trades and warns about or pauses losing bots."""
