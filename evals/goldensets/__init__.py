"""The machinery of the golden question sets.

``analytic_*``: the analytic question builder every export's generated set shares (truth,
vocabulary, phrasing, the builder and its follow-ups, the export profiles); ``zendesk_*``,
``freshservice_*``, ``glpi_*``: the truth and builders of the hand-written held-out sets.  The entry
points stay ``evals/golden_*.py``; the committed question files are ``evals/golden/*.jsonl`` and
the word tables ``evals/data/*.toml``.
"""
