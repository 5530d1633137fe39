"""Scores the movement engine against the labelled corpus of the simulated person.

Used by ``test_corpus_score.py`` and runnable by hand for the full table, per
artefact kind: ``.venv/bin/python tests/analysis/corpus_score.py [--seed N] [KIND ...]``.

Each true rep is paired with the found rep that overlaps it and whose top is
nearest. A label marked ``optional`` (the sensor never saw it above 15 mm) may
be found or not; a label whose top the sensor did not see has no peak error.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from kiosk.analysis.engine import MovementEngine
from kiosk.analysis.events import FAULTS
from kiosk.programme import Tempo

SHORT_REP_S = 0.6  # reps shorter than this have their own peak-error goal


@dataclass
class Score:
    recordings: int = 0
    count_wrong: list[str] = field(default_factory=list)
    count_off_by_more: list[str] = field(default_factory=list)
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    peak_errors: list[float] = field(default_factory=list)
    short_peak_errors: list[float] = field(default_factory=list)
    stance_wrong: list[str] = field(default_factory=list)
    # fault -> [true positives, false positives, false negatives]
    confusion: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0, 0] for f in FAULTS})
    fault_misses: list[str] = field(default_factory=list)

    def f1(self, fault: str) -> float:
        tp, fp, fn = self.confusion[fault]
        return 1.0 if tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn)

    @property
    def exact_share(self) -> float:
        return 1.0 - len(self.count_wrong) / self.recordings if self.recordings else 1.0

    @property
    def recall(self) -> float:
        found = self.true_positives + self.false_negatives
        return self.true_positives / found if found else 1.0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def median_peak_error(self) -> float:
        return statistics.median(self.peak_errors) if self.peak_errors else 0.0

    def lines(self) -> list[str]:
        out = [
            f"recordings: {self.recordings}, exact rep count in "
            f"{self.recordings - len(self.count_wrong)} ({', '.join(self.count_wrong) or 'all'})",
            f"reps: {len(self.peak_errors)}, recall {self.recall:.3f}, precision "
            f"{self.precision:.3f}, median peak error {self.median_peak_error:.2f} mm, "
            f"90th percentile {percentile(self.peak_errors, 0.9):.2f} mm; short reps "
            f"{len(self.short_peak_errors)}: median "
            f"{percentile(self.short_peak_errors, 0.5):.2f}, 90th "
            f"{percentile(self.short_peak_errors, 0.9):.2f} mm",
            f"stance wrong: {len(self.stance_wrong)} {self.stance_wrong[:5]}",
        ]
        for fault in FAULTS:
            tp, fp, fn = self.confusion[fault]
            out.append(f"{fault}: F1 {self.f1(fault):.3f} (tp {tp}, fp {fp}, fn {fn})")
        return out


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def analyze_scenario(scenario, samples=None):
    """The engine's reps on the scenario's recording (or on ``samples`` made from it)."""
    tempo = Tempo.parse(scenario.tempo_text) if scenario.tempo_text else None
    engine = MovementEngine(tempo=tempo, target_mm=scenario.target_mm)
    for sample in scenario.samples() if samples is None else samples:
        engine.feed_values(sample.t, sample.tof_mm, sample.strips)
    engine.finish()
    return engine.reps


def score_reps(result: Score, scenario, found) -> None:
    """Add the reps ``found`` in one recording of ``scenario`` to ``result``."""
    result.recordings += 1
    truth = scenario.labels.reps
    required = sum(not label.optional for label in truth)
    if not required <= len(found) <= len(truth):
        result.count_wrong.append(f"{scenario.name} {len(found)}/{required}")
        if not required - 1 <= len(found) <= len(truth) + 1:
            result.count_off_by_more.append(scenario.name)
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
            if not label.optional:
                result.false_negatives += 1
                for fault in label.faults:
                    result.confusion[fault][2] += 1
            continue
        used.add(best)
        rep = found[best]
        if not label.optional:
            result.true_positives += 1
        if label.top_seen:
            error = abs(rep.peak_mm - label.peak_mm)
            result.peak_errors.append(error)
            if label.end_s - label.start_s < SHORT_REP_S:
                result.short_peak_errors.append(error)
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
            result.false_positives += 1
            for fault in rep.faults:
                result.confusion[fault][1] += 1


def score(scenario_list) -> Score:
    """One score over every recording of ``scenario_list``."""
    result = Score()
    for scenario in scenario_list:
        score_reps(result, scenario, analyze_scenario(scenario))
    return result


def score_by_kind(scenario_list) -> dict[str, Score]:
    """A score per artefact kind, plus ``"all"`` over every recording."""
    kinds: dict[str, Score] = defaultdict(Score)
    for scenario in scenario_list:
        score_reps(kinds[scenario.kind], scenario, analyze_scenario(scenario))
    total = Score()
    for part in kinds.values():
        total.recordings += part.recordings
        total.count_wrong += part.count_wrong
        total.count_off_by_more += part.count_off_by_more
        total.true_positives += part.true_positives
        total.false_positives += part.false_positives
        total.false_negatives += part.false_negatives
        total.peak_errors += part.peak_errors
        total.short_peak_errors += part.short_peak_errors
        total.stance_wrong += part.stance_wrong
        total.fault_misses += part.fault_misses
        for fault in FAULTS:
            for k in range(3):
                total.confusion[fault][k] += part.confusion[fault][k]
    return {**dict(sorted(kinds.items())), "all": total}


def table(scores: dict[str, Score]) -> list[str]:
    """The per-kind table (markdown), as in the README."""
    out = ["| kind | recordings | exact counts | recall | precision | min fault F1 | "
           "peak error median / p90 (mm) |",
           "|---|---|---|---|---|---|---|"]
    for kind, s in scores.items():
        f1 = min(s.f1(f) for f in FAULTS)
        out.append(f"| {kind} | {s.recordings} | {s.recordings - len(s.count_wrong)} | "
                   f"{s.recall:.3f} | {s.precision:.3f} | {f1:.2f} | "
                   f"{s.median_peak_error:.2f} / {percentile(s.peak_errors, 0.9):.2f} |")
    return out


if __name__ == "__main__":
    import argparse

    from kiosk.sim.corpus import scenarios
    from kiosk.sim.field_corpus import field_scenarios

    parser = argparse.ArgumentParser(description="Score the engine on the labelled corpus.")
    parser.add_argument("kinds", nargs="*", help="only these artefact kinds (default: all)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    parser.add_argument("--field", action="store_true",
                        help="the field recordings (kiosk.sim.field_corpus) instead")
    args = parser.parse_args()
    make = field_scenarios if args.field else scenarios
    scores = score_by_kind(make(args.seed, set(args.kinds) or None))
    print("\n".join(table(scores)))
    print("\n".join(scores["all"].lines()))
    print("\n".join(scores["all"].fault_misses))
