"""Stance and load shares over a window of (calibrated) strip counts.

A foot carries load in a window when its three strips hold at least
``foot_load_share`` of all strips' counts summed over the window
(the analysis definitions).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from itertools import compress
from operator import add, le

Strips = Sequence[float]


def foot_sums(strips: Sequence[Strips], lo: int, hi: int) -> tuple[float, float]:
    """Left and right foot load summed over samples lo..hi-1 (column sums, in C)."""
    window = strips[lo:hi]
    if not window:
        return 0.0, 0.0
    cols = [sum(c) for c in zip(*window, strict=True)]
    return max(cols[0] + cols[1] + cols[2], 0.0), max(cols[3] + cols[4] + cols[5], 0.0)


def loaded_feet(strips: Sequence[Strips], lo: int, hi: int, share: float) -> str:
    """"both", "left", "right" or "none" for one window."""
    left, right = foot_sums(strips, lo, hi)
    total = left + right
    if total <= 0:
        return "none"
    on_left = left >= share * total
    on_right = right >= share * total
    if on_left and on_right:
        return "both"
    return "left" if on_left else "right"


def stance_of(rise: str, lowering: str) -> str:
    """Combine the rise and lowering windows into the section-4 stance."""
    if rise == "both" and lowering in ("left", "right"):
        return f"ecc_{lowering}"
    if rise in ("left", "right"):
        return rise
    if rise == "none" and lowering in ("left", "right"):
        return lowering
    return "both"


def shares(
    strips: Sequence[Strips], lo: int, hi: int, min_forefoot: float
) -> tuple[float | None, float | None, float | None, float | None]:
    """(left share, limb symmetry index, big-toe share left, big-toe share right).

    Toe shares use only moments when that foot's forefoot reads at least
    ``min_forefoot`` counts above baseline, as the fault shares do.
    """
    window = strips[lo:hi]
    if not window:
        return None, None, None, None
    cols = list(zip(*window, strict=True))
    left = sum(cols[0]) + sum(cols[1]) + sum(cols[2])
    right = sum(cols[3]) + sum(cols[4]) + sum(cols[5])
    toe = [0.0, 0.0]
    fore = [0.0, 0.0]
    for foot, (toe_col, lat_col) in enumerate(((cols[0], cols[1]), (cols[3], cols[4]))):
        # Only the moments when this forefoot carries load count.
        both = list(map(add, toe_col, lat_col))
        loaded = list(map(partial(le, min_forefoot), both))
        toe[foot] = sum(compress(toe_col, loaded))
        fore[foot] = sum(compress(both, loaded))
    left, right = max(left, 0.0), max(right, 0.0)
    total = left + right
    left_share = left / total if total > 0 else None
    lsi = 100.0 * min(left, right) / max(left, right) if max(left, right) > 0 else None
    toe_l = toe[0] / fore[0] if fore[0] > 0 else None
    toe_r = toe[1] / fore[1] if fore[1] > 0 else None
    return left_share, lsi, toe_l, toe_r
