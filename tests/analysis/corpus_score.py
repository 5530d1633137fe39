"""Scores the movement engine against the labelled corpus of the simulated person.

Used by ``test_corpus_score.py`` and runnable by hand for the full table:
``.venv/bin/python tests/analysis/corpus_score.py``.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from kiosk.analysis.engine import MovementEngine
from kiosk.analysis.events import FAULTS
from kiosk.programme import Tempo


@dataclass
class Score:
    recordings: int = 0
    count_wrong: list[str] = field(default_factory=list)
    peak_errors: list[float] = field(default_factory=list)
    stance_wrong: list[str] = field(default_factory=list)
    # fault -> [true positives, false positives, false negatives]
    confusion: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0, 0] for f in FAULTS})
    fault_misses: list[str] = field(default_factory=list)

    def f1(self, fault: str) -> float:
        tp, fp, fn = self.confusion[fault]
        return 1.0 if tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn)

    @property
    def median_peak_error(self) -> float:
        return statistics.median(self.peak_errors) if self.peak_errors else 0.0

    def lines(self) -> list[str]:
        out = [
            f"recordings: {self.recordings}, exact rep count in "
            f"{self.recordings - len(self.count_wrong)} ({', '.join(self.count_wrong) or 'all'})",
            f"reps: {len(self.peak_errors)}, median peak error {self.median_peak_error:.2f} mm, "
            f"90th percentile {_pct(self.peak_errors, 0.9):.2f} mm",
            f"stance wrong: {len(self.stance_wrong)} {self.stance_wrong[:5]}",
        ]
        for fault in FAULTS:
            tp, fp, fn = self.confusion[fault]
            out.append(f"{fault}: F1 {self.f1(fault):.3f} (tp {tp}, fp {fp}, fn {fn})")
        return out


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def analyze_scenario(scenario):
    tempo = Tempo.parse(scenario.tempo_text) if scenario.tempo_text else None
    engine = MovementEngine(tempo=tempo, target_mm=scenario.target_mm)
    for sample in scenario.samples():
        engine.feed_values(sample.t, sample.tof_mm, sample.strips)
    engine.finish()
    return engine.reps


def score(scenario_list) -> Score:
    result = Score()
    for scenario in scenario_list:
        result.recordings += 1
        truth = scenario.labels.reps
        found = analyze_scenario(scenario)
        if len(found) != len(truth):
            result.count_wrong.append(f"{scenario.name} {len(found)}/{len(truth)}")
        # Pair each true rep with the found rep nearest in time (top within the rep).
        used: set[int] = set()
        for label in truth:
            best = None
            for i, rep in enumerate(found):
                if i in used:
                    continue
                overlap = min(rep.end_s, label.end_s) - max(rep.start_s, label.start_s)
                if overlap > 0 and (best is None or abs(rep.top_s - label.top_s)
                                    < abs(found[best].top_s - label.top_s)):
                    best = i
            if best is None:
                for fault in label.faults:
                    result.confusion[fault][2] += 1
                continue
            used.add(best)
            rep = found[best]
            result.peak_errors.append(abs(rep.peak_mm - label.peak_mm))
            if rep.stance != label.stance:
                result.stance_wrong.append(f"{scenario.name}@{label.top_s:.1f} "
                                           f"{rep.stance}!={label.stance}")
            for fault in FAULTS:
                got, want = fault in rep.faults, fault in label.faults
                if got and want:
                    result.confusion[fault][0] += 1
                elif got:
                    result.confusion[fault][1] += 1
                    result.fault_misses.append(f"{scenario.name}@{label.top_s:.1f} +{fault}")
                elif want:
                    result.confusion[fault][2] += 1
                    result.fault_misses.append(f"{scenario.name}@{label.top_s:.1f} -{fault}")
        for i, rep in enumerate(found):
            if i not in used:
                for fault in rep.faults:
                    result.confusion[fault][1] += 1
    return result


if __name__ == "__main__":
    from kiosk.sim.corpus import scenarios

    s = score(scenarios(1))
    print("\n".join(s.lines()))
    print("\n".join(s.fault_misses))
