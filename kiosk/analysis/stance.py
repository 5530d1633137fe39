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
# A rep's strip counts as six columns (one per strip, in recording order): the
# sums and shares below then run over whole columns, in C.
Columns = Sequence[Sequence[float]]


def strip_columns(strips: Sequence[Strips]) -> list[Sequence[float]]:
    """The six columns of some samples' strip counts (empty columns for no samples)."""
    return list(zip(*strips, strict=True)) if strips else [()] * 6


def foot_sums(cols: Columns, lo: int, hi: int) -> tuple[float, float]:
    """Left and right foot load summed over samples lo..hi-1 of the columns."""
    if hi <= lo:
        return 0.0, 0.0
    left = sum(cols[0][lo:hi]) + sum(cols[1][lo:hi]) + sum(cols[2][lo:hi])
    right = sum(cols[3][lo:hi]) + sum(cols[4][lo:hi]) + sum(cols[5][lo:hi])
    return max(left, 0.0), max(right, 0.0)


def loaded_feet(cols: Columns, lo: int, hi: int, share: float) -> str:
    """"both", "left", "right" or "none" for samples lo..hi-1 of the columns."""
    left, right = foot_sums(cols, lo, hi)
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
    cols: Columns, min_forefoot: float
) -> tuple[float | None, float | None, float | None, float | None]:
    """(left share, limb symmetry index, big-toe share left, big-toe share right) over
    all the samples of the columns.

    Toe shares use only moments when that foot's forefoot reads at least
    ``min_forefoot`` counts above baseline, as the fault shares do.
    """
    if not cols[0]:
        return None, None, None, None
    left = sum(cols[0]) + sum(cols[1]) + sum(cols[2])
    right = sum(cols[3]) + sum(cols[4]) + sum(cols[5])
    toe = [0.0, 0.0]
    fore = [0.0, 0.0]
    for foot, (toe_col, lat_col) in enumerate(((cols[0], cols[1]), (cols[3], cols[4]))):
        # Only the moments when this forefoot carries load count.
        both = list(map(add, toe_col, lat_col))
        if min(both) >= min_forefoot:  # loaded throughout (the usual case): plain sums
            toe[foot] = sum(toe_col)
            fore[foot] = sum(both)
            continue
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
