"""Exports askdesk has never seen, generated deterministically for the evaluation (see docs/evals.md)."""
