"""Stance and load shares over a window of (calibrated) strip counts.

A foot carries load in a window when its three strips hold at least
``foot_load_share`` of all strips' counts summed over the window
(the analysis definitions).
"""

from __future__ import annotations

from collections.abc import Sequence

Strips = Sequence[int]
# A rep's strip counts as six columns (one per strip, in recording order): the
# sums and shares below then run over whole columns, in C.
# Lists of floats (counts too): the compiled build reads them unboxed, natively.
Columns = list[list[float]]


def strip_columns(strips: list[tuple[int, ...]]) -> Columns:
    """The six columns of some samples' strip counts (empty columns for no samples)."""
    columns: Columns = [[], [], [], [], [], []]
    for counts in strips:
        for k in range(6):
            columns[k].append(float(counts[k]))
    return columns


def foot_sums(cols: Columns, lo: int, hi: int) -> tuple[float, float]:
    """Left and right foot load summed over samples lo..hi-1 of the columns."""
    if hi <= lo:
        return 0.0, 0.0
    # Sums start at 0.0: float whether the columns hold counts or calibrated loads (the
    # compiled build checks the types it infers).
    left = sum(cols[0][lo:hi], 0.0) + sum(cols[1][lo:hi], 0.0) + sum(cols[2][lo:hi], 0.0)
    right = sum(cols[3][lo:hi], 0.0) + sum(cols[4][lo:hi], 0.0) + sum(cols[5][lo:hi], 0.0)
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
    left = sum(cols[0], 0.0) + sum(cols[1], 0.0) + sum(cols[2], 0.0)
    right = sum(cols[3], 0.0) + sum(cols[4], 0.0) + sum(cols[5], 0.0)
    toe_l, fore_l = _toe_and_forefoot(cols[0], cols[1], min_forefoot)
    toe_r, fore_r = _toe_and_forefoot(cols[3], cols[4], min_forefoot)
    left, right = max(left, 0.0), max(right, 0.0)
    total = left + right
    left_share = left / total if total > 0 else None
    lsi = 100.0 * min(left, right) / max(left, right) if max(left, right) > 0 else None
    toe_left = toe_l / fore_l if fore_l > 0 else None
    toe_right = toe_r / fore_r if fore_r > 0 else None
    return left_share, lsi, toe_left, toe_right


def _toe_and_forefoot(toe_col: list[float], lat_col: list[float],
                      min_forefoot: float) -> tuple[float, float]:
    """One foot's big-toe and forefoot sums over the moments its forefoot carries load."""
    toe_sum = fore_sum = 0.0
    for i in range(len(toe_col)):
        forefoot = toe_col[i] + lat_col[i]
        if forefoot >= min_forefoot:
            toe_sum += toe_col[i]
            fore_sum += forefoot
    return toe_sum, fore_sum
