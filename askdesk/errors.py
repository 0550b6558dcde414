"""One error base for everything a user can fix.

Every error that means "askdesk cannot do this as configured or as asked, and here is what to
change" derives from :class:`AskdeskError`.  The ``askdesk`` command turns any of them into one
line, ``error: <message>``, and exit code 2, so commands do not catch and re-print errors one
by one, and a library caller can catch the one base.  Bugs are not ``AskdeskError``: they keep
their traceback.
"""

from __future__ import annotations


class AskdeskError(Exception):
    """A problem the user can fix; the message says what to do."""

    #: the exit code of the ``askdesk`` command when this error stops it
    exit_code: int = 2


class SettingsError(AskdeskError, ValueError):
    """A setting (environment variable or ``.env`` line) is malformed or names something unknown."""
