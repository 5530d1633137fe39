"""Ground-truth labels: the analysis definitions applied to noiseless signals.

The corpus records, for every sample, the true heel height (already relative
to the zero level: the simulated person's still stance is at 0 mm), whether
somebody is on the step, and the strips' noiseless counts. ``label_reps`` runs
the contract's definitions over those, so a label says exactly what a perfect
analysis of the recording would say. ``evidence`` keeps each rep's margins
(how long the fault shares lasted, phase-time ratios) so that a scenario can be
checked to be far from every threshold, i.e. a fair test.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from kiosk.config import AnalysisConfig

# t, on_step (and not stepping on or off), heel_mm, ideal counts; optionally a fifth
# item: whether the ToF gave a reading then (False during a dropout).
TruthRow = tuple  # (float, bool, float, tuple[float, ...]) or with a trailing bool


@dataclass
class RepLabel:
    """One true rep, with the section 4 fields."""

    start_s: float
    top_s: float
    end_s: float
    peak_mm: float
    up_s: float
    down_s: float
    stance: str
    faults: list[str]
    evidence: dict[str, float] = field(default_factory=dict)
    # A rep the ToF never saw above 15 mm (a long dropout) cannot be counted: optional.
    optional: bool = False
    # The sensor saw the top (most readings at or above 90 % of the peak): peak scored.
    top_seen: bool = True

    def as_dict(self) -> dict[str, object]:
        return {
            "start_s": round(self.start_s, 3), "top_s": round(self.top_s, 3),
            "end_s": round(self.end_s, 3), "peak_mm": round(self.peak_mm, 1),
            "up_s": round(self.up_s, 3), "down_s": round(self.down_s, 3),
            "stance": self.stance, "faults": list(self.faults),
            "evidence": {k: round(v, 3) for k, v in self.evidence.items()},
            "optional": self.optional, "top_seen": self.top_seen,
        }


def _cross_t(rows: Sequence[TruthRow], k: int, level: float) -> float:
    """Time where the heel crosses ``level`` between samples k-1 and k (linear)."""
    t1, h1 = rows[k][0], rows[k][2]
    if k == 0:
        return t1
    t0, h0 = rows[k - 1][0], rows[k - 1][2]
    if h1 == h0:
        return t1
    return t0 + (level - h0) * (t1 - t0) / (h1 - h0)


def _find_reps(rows: Sequence[TruthRow], low: float, high: float) -> list[tuple[int, int, int]]:
    """(first index at/above low, last index at/above low, first index below low after)."""
    found: list[tuple[int, int, int]] = []
    armed = in_rep = False
    k_start = 0
    for k, (_t, on_step, heel, *_rest) in enumerate(rows):
        if not on_step:
            armed = in_rep = False
            continue
        if heel < low:
            if in_rep:
                found.append((k_start, k - 1, k))
                in_rep = False
            armed = True
            continue
        if armed and not in_rep and rows[k - 1][2] < low and rows[k - 1][1]:
            k_start = k
        if armed and heel >= high and not in_rep:
            in_rep = True
    return found


def _runs(rows: Sequence[TruthRow], k0: int, k1: int, ok: list[bool]) -> float:
    """Longest duration (t_last - t_first) of consecutive True in ok[k0..k1]."""
    best = 0.0
    first: float | None = None
    for k in range(k0, k1 + 1):
        if ok[k - k0]:
            if first is None:
                first = rows[k][0]
            best = max(best, rows[k][0] - first)
        else:
            first = None
    return best


def _occupied_bounds(rows: Sequence[TruthRow], k: int) -> tuple[int, int]:
    lo = k
    while lo > 0 and rows[lo - 1][1]:
        lo -= 1
    hi = k
    while hi < len(rows) - 1 and rows[hi + 1][1]:
        hi += 1
    return lo, hi


def label_reps(
    rows: Sequence[TruthRow],
    baseline: Sequence[float] = (0.0,) * 6,
    tempo: tuple[float, float, float] | None = None,
    target_mm: float | None = None,
    settings: AnalysisConfig | None = None,
) -> list[RepLabel]:
    """Every rep in ``rows`` by the contract's definitions (see the module docstring)."""
    cfg = settings or AnalysisConfig()
    spans = _find_reps(rows, cfg.rep_low_mm, cfg.rep_high_mm)
    heel = [r[2] for r in rows]
    labels: list[RepLabel] = []
    tops = [max(range(a, b + 1), key=heel.__getitem__) for a, b, _ in spans]
    for i, (k0, k1, k_after) in enumerate(spans):
        ktop = tops[i]
        peak = heel[ktop]
        occ_lo, occ_hi = _occupied_bounds(rows, ktop)
        prev_end = spans[i - 1][2] if i > 0 and spans[i - 1][2] >= occ_lo else occ_lo
        next_start = spans[i + 1][0] if i + 1 < len(spans) and spans[i + 1][0] <= occ_hi else occ_hi
        start_s = _cross_t(rows, k0, cfg.rep_low_mm)
        end_s = _cross_t(rows, k_after, cfg.rep_low_mm)

        # Phase times: 10 %-90 % of the travel, rise from the lowest point since the
        # previous rep, lowering to the lowest point before the next rise.
        low_up = min(heel[prev_end:ktop + 1])
        travel = peak - low_up
        k = ktop
        while k > prev_end and heel[k - 1] >= low_up + 0.1 * travel:
            k -= 1
        t10 = _cross_t(rows, k, low_up + 0.1 * travel)
        while heel[k] < low_up + 0.9 * travel:
            k += 1
        up_s = _cross_t(rows, k, low_up + 0.9 * travel) - t10
        low_down = min(heel[ktop:next_start + 1])
        travel_d = peak - low_down
        k = ktop
        while k < next_start and heel[k] > peak - 0.1 * travel_d:
            k += 1
        ta = _cross_t(rows, k, peak - 0.1 * travel_d)
        while k < next_start and heel[k] > low_down + 0.1 * travel_d:
            k += 1
        down_s = _cross_t(rows, k, low_down + 0.1 * travel_d) - ta

        # Rise and lowering windows (90 % of the peak).
        k90_first = next(k for k in range(k0, ktop + 1) if heel[k] >= 0.9 * peak)
        k90_last = next(k for k in range(k1, ktop - 1, -1) if heel[k] >= 0.9 * peak)
        stance = _stance(rows, (k0, k90_first), (k90_last, k1), cfg.foot_load_share)

        def shares(k: int, foot: int) -> tuple[float, float] | None:
            c = rows[k][3]
            toe = c[foot * 3] - baseline[foot * 3]
            lat = c[foot * 3 + 1] - baseline[foot * 3 + 1]
            if toe + lat < cfg.forefoot_min_counts:
                return None
            return toe / (toe + lat), lat / (toe + lat)

        out_run = in_run = 0.0
        lat_max = med_max = 0.0  # highest shares seen (how close a near miss came)
        for foot in (0, 1):
            ok_out = []
            for k in range(k0, k1 + 1):
                s = shares(k, foot)
                near_top = s is not None and heel[k] >= cfg.ankles_out_height_ratio * peak
                if near_top:
                    lat_max = max(lat_max, s[1])  # type: ignore[index]
                ok_out.append(near_top and s[1] > cfg.ankles_out_share)  # type: ignore[index]
            out_run = max(out_run, _runs(rows, k0, k1, ok_out))
            ok_in = []
            for k in range(k90_last, k1 + 1):
                s = shares(k, foot)
                if s is not None:
                    med_max = max(med_max, s[0])
                ok_in.append(s is not None and s[0] > cfg.heels_in_share)
            in_run = max(in_run, _runs(rows, k90_last, k1, ok_in))
        evidence = {"ankles_out_s": out_run, "heels_in_s": in_run,
                    "lateral_share_max": lat_max, "medial_share_max": med_max}
        faults = []
        if out_run >= cfg.ankles_out_min_s:
            faults.append("ankles_out")
        if in_run >= cfg.heels_in_min_s:
            faults.append("heels_in")
        if tempo is not None:
            evidence["up_ratio"] = up_s / tempo[0]
            evidence["down_ratio"] = down_s / tempo[2]
            if min(evidence["up_ratio"], evidence["down_ratio"]) < cfg.too_fast_ratio:
                faults.append("too_fast")
        label = RepLabel(start_s, rows[ktop][0], end_s, peak, up_s, down_s, stance, faults,
                         evidence)
        if len(rows[k0]) > 4:
            seen_high = [rows[k][4] for k in range(k0, k1 + 1) if heel[k] >= cfg.rep_high_mm]
            label.optional = not any(seen_high)
            seen_top = [rows[k][4] for k in range(k0, k1 + 1) if heel[k] >= 0.9 * peak]
            label.top_seen = sum(seen_top) >= 0.8 * len(seen_top)
        labels.append(label)

    reference = target_mm if target_mm is not None else (
        statistics.median(r.peak_mm for r in labels) if labels else 0.0)
    for rep in labels:
        if reference > 0:
            rep.evidence["peak_ratio"] = rep.peak_mm / reference
            if rep.peak_mm < cfg.partial_ratio * reference:
                rep.faults.append("partial")
        rep.faults.sort()
    return labels


def _stance(rows: Sequence[TruthRow], rise: tuple[int, int], lower: tuple[int, int],
            share: float) -> str:
    def loaded(a: int, b: int) -> tuple[bool, bool]:
        left = right = 0.0
        for k in range(a, b + 1):
            c = rows[k][3]
            left += c[0] + c[1] + c[2]
            right += c[3] + c[4] + c[5]
        total = left + right
        return (left >= share * total, right >= share * total) if total > 0 else (False, False)

    up, down = loaded(*rise), loaded(*lower)
    if up == (True, True):
        return {(True, True): "both", (True, False): "ecc_left", (False, True): "ecc_right"}.get(
            down, "unclear")
    if up == down == (True, False):
        return "left"
    if up == down == (False, True):
        return "right"
    return "unclear"
