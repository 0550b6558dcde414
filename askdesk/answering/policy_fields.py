"""The access policy must name only fields the indexed requests have: a typo ("catgory") would
leave a scope that hides nothing, so it fails loudly instead (`AccessPolicyError`)."""

from __future__ import annotations

import sqlalchemy as sa

from askdesk.access import AccessPolicy, AccessPolicyError
from askdesk.answering.vocabulary.load import known_fields


class PolicyFieldCheck:
    """Checks ``policy`` against the indexed fields (:func:`known_fields`): when the engine is
    built and after each index run (while nothing is indexed there is nothing to check yet).  A
    failure is raised and kept, so every later answer raises it too (fail closed) until an index
    run brings the fields back."""

    def __init__(self, engine: sa.Engine, policy: AccessPolicy | None) -> None:
        self.engine = engine
        self.policy = policy
        self.checked = False
        self.error: AccessPolicyError | None = None

    def run(self, *, again: bool = False) -> None:
        if self.policy is None or (self.checked and not again):
            return
        known = known_fields(self.engine)
        if known is None:
            return
        try:
            self.policy.check_fields(known)
        except AccessPolicyError as exc:
            self.error = exc
            raise
        self.checked, self.error = True, None

    def raise_if_failed(self) -> None:
        if self.error is not None:
            raise self.error
