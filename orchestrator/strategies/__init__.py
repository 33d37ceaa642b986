"""Strategies: versions, generation, backtests, optimisation, reports and market data."""
