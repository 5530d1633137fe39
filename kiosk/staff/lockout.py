"""The lockout rule for wrong PINs: 5 in a row lock the account for 1 minute,
each further wrong PIN doubles the lock, up to 1 hour. Pure arithmetic."""

from __future__ import annotations

from datetime import timedelta

FREE_FAILURES = 5
FIRST_LOCK = timedelta(minutes=1)
LONGEST_LOCK = timedelta(hours=1)


def lock_after(failures: int) -> timedelta | None:
    """How long the account locks after its ``failures``-th wrong PIN in a row (None: no lock).

    5 -> 1 min, 6 -> 2 min, 7 -> 4 min, ... capped at 1 hour.
    """
    if failures < FREE_FAILURES:
        return None
    doublings = min(failures - FREE_FAILURES, 16)  # 2**16 min is far past the cap
    return min(FIRST_LOCK * (1 << doublings), LONGEST_LOCK)
