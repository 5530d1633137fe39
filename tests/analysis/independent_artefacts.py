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
from dataclasses import dataclass, field

from kiosk.analysis.engine import MovementEngine
from kiosk.analysis.samples import Sample
from kiosk.programme import Tempo
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


@dataclass
class KindScore:
    recordings: int = 0
    exact: int = 0
    off_by_more: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    false_faults: dict[str, int] = field(default_factory=dict)
    peak_errors: list[float] = field(default_factory=list)

    def line(self, kind: str) -> str:
        errors = sorted(self.peak_errors) or [0.0]
        return (f"{kind}: exact counts {self.exact}/{self.recordings}, false faults "
                f"{self.false_faults or 'none'}, peak error median "
                f"{statistics.median(errors):.2f} / p90 {errors[int(0.9 * len(errors))]:.2f} mm;"
                f" wrong: {self.wrong}")


def clean_scenarios(seed: int) -> Iterator[Scenario]:
    """The corpus recordings without artefacts of the simulator's own."""
    return (s for s in scenarios(seed=seed) if s.kind == "base")


def score(seed: int, kinds: tuple[str, ...] = tuple(INJECTORS)) -> dict[str, KindScore]:
    scores = {kind: KindScore() for kind in kinds}
    for scenario in clean_scenarios(seed):
        rows = list(scenario.samples())
        truth = scenario.labels.reps
        required = sum(not label.optional for label in truth)
        tempo = Tempo.parse(scenario.tempo_text) if scenario.tempo_text else None
        for kind in kinds:
            engine = MovementEngine(tempo=tempo, target_mm=scenario.target_mm)
            rng = random.Random(f"{seed}:{scenario.name}:{kind}")  # each one reproducible
            for s in INJECTORS[kind](rows, scenario, rng):
                engine.feed_values(s.t, s.tof_mm, s.strips)
            engine.finish()
            result = scores[kind]
            result.recordings += 1
            found = engine.reps
            if required <= len(found) <= len(truth):
                result.exact += 1
            else:
                result.wrong.append(f"{scenario.name} {len(found)}/{required}")
                if not required - 1 <= len(found) <= len(truth) + 1:
                    result.off_by_more.append(scenario.name)
            for rep in found:
                near = [lb for lb in truth
                        if min(rep.end_s, lb.end_s) - max(rep.start_s, lb.start_s) > 0]
                if not near:
                    continue
                label = min(near, key=lambda lb: abs(lb.top_s - rep.top_s))
                for fault in rep.faults:
                    if fault not in label.faults:
                        result.false_faults[fault] = result.false_faults.get(fault, 0) + 1
                if label.top_seen:
                    result.peak_errors.append(abs(rep.peak_mm - label.peak_mm))
    return scores


if __name__ == "__main__":
    for seed in [int(a) for a in sys.argv[1:]] or [1]:
        print(f"seed {seed}")
        for kind, result in score(seed).items():
            print("  " + result.line(kind))
