"""A second opinion on robust counting: artefacts injected into the clean recordings of
the simulated person by code of its own (not the simulator's sensor models).

The corpus's artefact kinds come from the same models the engine was tuned on; this
check writes the hardware's faults into the finished readings instead, the way a
recording from a real step would carry them, and scores the engine against the
recordings' own labels (the definitions on the noise-free signals, unchanged):

- ``edge``: in 70 % of the rises, a run of 20-150 ms reads the rest level (the step's
  edge) at a random point between 20 % and 80 % of the way up;
- ``latency``: about one reading in a hundred starts a burst (20-60 ms) of the same
  value repeated;
- ``coarse``: half the sample rate (not below 50 Hz), 3 mm of noise, then 1 cm steps.

Runnable by hand: ``.venv/bin/python tests/analysis/independent_artefacts.py [SEED ...]``.
"""

from __future__ import annotations

import random
import statistics
import sys
from collections.abc import Callable, Iterator

from corpus_score import Score, analyze_scenario, percentile, score_reps

from kiosk.analysis.samples import Sample
from kiosk.sim.corpus import Scenario, scenarios

Injector = Callable[[list[Sample], Scenario, random.Random], list[Sample]]


def _edge_hits(rows: list[Sample], scenario: Scenario, rng: random.Random) -> list[Sample]:
    rest = statistics.median([s.tof_mm for s in rows if s.t < 3.0 and s.tof_mm is not None]
                             or [100.0])
    runs = []
    for label in scenario.labels.reps:
        if rng.random() < 0.7:
            start = label.start_s + rng.uniform(0.2, 0.8) * (label.top_s - label.start_s)
            runs.append((start, start + rng.uniform(0.02, 0.15)))
    out = []
    for s in rows:
        if s.tof_mm is not None and any(a <= s.t < b for a, b in runs):
            s = Sample(s.t, float(round(rest + rng.uniform(-3.0, 3.0))), s.strips)
        out.append(s)
    return out


def _latency_bursts(rows: list[Sample], _scenario: Scenario, rng: random.Random
                    ) -> list[Sample]:
    out, held, until = [], None, -1.0
    for s in rows:
        if s.t < until:
            out.append(Sample(s.t, held, s.strips))
            continue
        if rng.random() < 0.01:
            held, until = s.tof_mm, s.t + rng.uniform(0.02, 0.06)
        out.append(s)
    return out


def _coarse(rows: list[Sample], scenario: Scenario, rng: random.Random) -> list[Sample]:
    out = []
    every = 2 if scenario.rate_hz >= 100 else 1  # never below 50 Hz, the slowest ToF rate
    for s in rows[::every]:
        tof = s.tof_mm
        if tof is not None:
            tof = round((tof + rng.gauss(0.0, 3.0)) / 10.0) * 10.0
        out.append(Sample(s.t, tof, s.strips))
    return out


INJECTORS: dict[str, Injector] = {"edge": _edge_hits, "latency": _latency_bursts,
                                  "coarse": _coarse}


def clean_scenarios(seed: int) -> Iterator[Scenario]:
    """The corpus recordings without artefacts of the simulator's own."""
    return (s for s in scenarios(seed=seed) if s.kind == "base")


def score(seed: int, kinds: tuple[str, ...] = tuple(INJECTORS)) -> dict[str, Score]:
    """The corpus score of each kind of injected artefact over the clean recordings."""
    scores = {kind: Score() for kind in kinds}
    for scenario in clean_scenarios(seed):
        rows = list(scenario.samples())
        for kind in kinds:
            rng = random.Random(f"{seed}:{scenario.name}:{kind}")  # each one reproducible
            found = analyze_scenario(scenario, INJECTORS[kind](rows, scenario, rng))
            score_reps(scores[kind], scenario, found)
    return scores


def false_faults(result: Score) -> dict[str, int]:
    return {fault: c[1] for fault, c in result.confusion.items() if c[1]}


def line(kind: str, result: Score) -> str:
    return (f"{kind}: exact counts {result.recordings - len(result.count_wrong)}/"
            f"{result.recordings}, false faults {false_faults(result) or 'none'}, peak error "
            f"median {result.median_peak_error:.2f} / p90 "
            f"{percentile(result.peak_errors, 0.9):.2f} mm; wrong: {result.count_wrong}")


if __name__ == "__main__":
    for seed in [int(a) for a in sys.argv[1:]] or [1]:
        print(f"seed {seed}")
        for kind, result in score(seed).items():
            print("  " + line(kind, result))
