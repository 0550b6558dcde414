"""Per-user rate limit: a token bucket kept in Postgres, so every replica shares it.

One statement per question: refill the bucket for the time since its last use (at
``per_minute``/60 tokens a second, at most ``burst``), then take a token if there is one.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

_TAKE = sa.text(
    """
    INSERT INTO rate_limits AS r (key, tokens, allowed, updated_at)
    VALUES (:key, :burst - 1, true, clock_timestamp())
    ON CONFLICT (key) DO UPDATE SET
      allowed = LEAST(:burst, r.tokens + EXTRACT(EPOCH FROM clock_timestamp() - r.updated_at) * :per_s) >= 1,
      tokens = LEAST(:burst, r.tokens + EXTRACT(EPOCH FROM clock_timestamp() - r.updated_at) * :per_s)
               - CASE WHEN LEAST(:burst, r.tokens + EXTRACT(EPOCH FROM clock_timestamp() - r.updated_at) * :per_s) >= 1
                      THEN 1 ELSE 0 END,
      updated_at = clock_timestamp()
    RETURNING allowed
    """
)


@dataclass(frozen=True)
class RateLimit:
    """``burst`` questions at once, refilled at ``per_minute``; ``burst <= 0`` disables it."""

    burst: int
    per_minute: float

    def take(self, conn: sa.Connection, key: str) -> bool:
        """Take one token for ``key`` inside the caller's transaction; False = over the limit."""
        if self.burst <= 0:
            return True
        return bool(conn.execute(_TAKE, {"key": key, "burst": float(self.burst),
                                         "per_s": self.per_minute / 60.0}).scalar_one())
