"""Keeps matched text out of Presidio's own log records."""

from __future__ import annotations

import logging


class RedactArgs(logging.Filter):
    """Blank the arguments of Presidio's log records but numbers: some carry matched text
    (e.g. 'Failed to validate text %s'); numbers keep '%d'/'%f' formats valid."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(a if isinstance(a, (int, float)) else "<redacted>" for a in record.args)
        elif record.args:  # a mapping: keep the keys, blank the values
            record.args = {k: v if isinstance(v, (int, float)) else "<redacted>" for k, v in record.args.items()}
        return True


def install_log_filter() -> None:
    """Add the filter to Presidio's loggers once per process."""
    for name in ("presidio-analyzer", "presidio-anonymizer"):
        lg = logging.getLogger(name)
        if not any(isinstance(f, RedactArgs) for f in lg.filters):
            lg.addFilter(RedactArgs())
