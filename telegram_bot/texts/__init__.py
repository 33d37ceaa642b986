"""Message catalogues, one module per language, each with UI `TEXTS` and `ERRORS`."""
