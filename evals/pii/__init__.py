"""The machinery of the PII canary and clean corpora; :mod:`evals.pii_corpus` is their public face."""
