"""Simulated person and corpus: cost per body state and corpus generation time.

Goals: ``state_at`` cheap enough for 1000 calls/s with room to spare (a few
tens of microseconds), and the whole labelled corpus generated in < 20 s.
CPU time (``process_time``) is measured, so other load on the machine counts less.
"""

from __future__ import annotations

import statistics
import tempfile
import time

from kiosk.sim.corpus import scenarios, write_corpus
from kiosk.sim.person import Reps, Script, SimulatedPerson, Stand


def _state_cost_us() -> float:
    runs = []
    for seed in range(5):
        script = Script([Stand(3), Reps(10, position="step", variant="ecc_left", fatigue=0.5,
                                       faults={2: ["ankles_out"], 5: ["heels_in"]})])
        person = SimulatedPerson(75.0, seed=seed, script=script)
        n = int(person.duration_s * 1000)
        start = time.process_time()
        for k in range(n):
            person.state_at(k * 0.001)
        runs.append((time.process_time() - start) / n * 1e6)
    return statistics.median(runs)


def _live_cost_us() -> float:
    person = SimulatedPerson(75.0, seed=1)
    person.control.step_on()
    n = 20000
    start = time.process_time()
    for k in range(n):
        if k % 2000 == 0:
            person.control.set_raise(1.0 if k % 4000 == 0 else 0.0)
        person.state_at(k * 0.001)
    return (time.process_time() - start) / n * 1e6


def run() -> list[str]:
    cost = _state_cost_us()
    lines = [
        f"state_at (script) median: {cost:.1f} us/call (1000 Hz costs {cost / 10:.1f} % of a core)",
        f"state_at (live): {_live_cost_us():.1f} us/call",
    ]
    found = scenarios(1)
    samples = sum(1 for s in found for _ in s._times(s.duration_s))
    seconds = sum(s.duration_s for s in found)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.process_time()
        write_corpus(tmp, seed=1)
        cpu = time.process_time() - start
    lines += [
        f"corpus: {len(found)} recordings, {seconds / 60:.1f} min, {samples} samples",
        f"corpus generation (CSV + labels): {cpu:.1f} s CPU (goal < 20 s), "
        f"{cpu / samples * 1e6:.1f} us/sample",
    ]
    return lines
