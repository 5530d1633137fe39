"""Limb symmetry: one definition for a rep, a set and a session.

- A rep's limb symmetry index (LSI) is ``100 x smaller / larger`` of the two
  feet's loads summed over the rep (100 = even), i.e. from its left-foot share
  ``s``: ``100 x min(s, 1 - s) / max(s, 1 - s)``.
- A set's or session's LSI is the mean of the LSIs of its two-foot reps
  (stance ``both``). Single-leg and eccentric reps are left out: one foot
  carries or lowers the body alone on purpose, so their load split says
  nothing about how evenly the patient works.

The live screen, the summary, ``smartstep analyze`` and the stored session
summary (``LSI_MEAN_SQL``) all use this.
"""

from __future__ import annotations

from collections.abc import Iterable
from statistics import fmean
from typing import Protocol

SYMMETRY_STANCES = ("both",)
# The same rule in SQL, over the rows of the ``reps`` table.
LSI_MEAN_SQL = "avg(CASE WHEN stance = 'both' THEN lsi END)"


class RepLoad(Protocol):
    @property
    def stance(self) -> str: ...
    @property
    def left_share(self) -> float | None: ...
    @property
    def lsi(self) -> float | None: ...


def lsi_from_left_share(left_share: float) -> float:
    """A rep's LSI in % (100 = even) from the left foot's share of its load."""
    right = 1.0 - left_share
    bigger = max(left_share, right)
    return 100.0 * min(left_share, right) / bigger if bigger > 0 else 100.0


def rep_lsi(rep: RepLoad) -> float | None:
    if rep.lsi is not None:
        return rep.lsi
    return lsi_from_left_share(rep.left_share) if rep.left_share is not None else None


def limb_symmetry(reps: Iterable[RepLoad]) -> float | None:
    """The LSI of a group of reps: the mean over its two-foot reps (None: none)."""
    values = [v for r in reps if r.stance in SYMMETRY_STANCES and (v := rep_lsi(r)) is not None]
    return fmean(values) if values else None


def two_foot_left_share(reps: Iterable[RepLoad]) -> float | None:
    """The mean left-foot share of the two-foot reps (None: none)."""
    values = [r.left_share for r in reps
              if r.stance in SYMMETRY_STANCES and r.left_share is not None]
    return fmean(values) if values else None
