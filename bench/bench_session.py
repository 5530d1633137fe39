"""Session service costs, on a real store, with the simulated person fed faster than real time.

- per-sample cost of ``SessionService.on_sample`` during a session (recording,
  analysis, pacer, flow, snapshot), median and p99, and the share of one core
  that means at 100 Hz and 1000 Hz;
- rep commit to visible: the duration of the sample call that completes a rep
  (analysis + durable commit + snapshot), i.e. how long after the heel crosses
  back below 5 mm the counter can change on screen;
- ``snapshot()`` cost (the UI calls it ~30 times a second);
- a whole 3 x 10 session's wall time against its simulated time.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from kiosk.config import Config
from kiosk.programme import Programme, Tempo
from kiosk.session.service import SessionService
from kiosk.session.view import Stage
from kiosk.sim.demo_patient import DemoPatient, OfflineStep
from kiosk.sim.person import SimulatedPerson
from kiosk.storage.store import Store

RATE_HZ = 100.0


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run() -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "smartstep.db")
        commit_s: list[float] = []
        add_rep = store.add_rep

        def timed_add_rep(*args, **kwargs):  # the durable commit alone, for the split below
            c = time.perf_counter()
            try:
                return add_rep(*args, **kwargs)
            finally:
                commit_s.append(time.perf_counter() - c)

        store.add_rep = timed_add_rep
        service = SessionService(store, Config())
        person = SimulatedPerson(seed=5)
        step = OfflineStep(person, seed=5)
        programme = Programme(sets=3, reps=10, tempo=Tempo(2.0, 1.0, 2.0, 0.5),
                              rest_between_sets_s=20.0)
        patient = DemoPatient(person.control, service, programme=programme, auto_start=True,
                              come_back=False)
        per_sample: list[float] = []
        cpu_s = 0.0
        rep_samples: list[float] = []
        gen_s = 0.0
        t = 0.0
        wall0 = time.perf_counter()
        started = False
        while t < 1200.0:
            t += 1 / RATE_HZ
            g0 = time.perf_counter()
            sample = step.sample(t)
            g1 = time.perf_counter()
            gen_s += g1 - g0
            before = service.snapshot().rep_count
            c0 = time.thread_time()
            service.on_sample(sample)
            dt = time.perf_counter() - g1
            c1 = time.thread_time()
            view = service.snapshot()
            if view.stage is not Stage.IDLE:
                started = True
                per_sample.append(dt)
                cpu_s += c1 - c0
                if view.rep_count != before and view.rep_count > 0:
                    rep_samples.append(dt)
            elif started:
                break
            if round(t * RATE_HZ) % 5 == 0:
                patient.tick(t, view)
        wall = time.perf_counter() - wall0
        summary = service.summary()
        n = 20_000
        s0 = time.perf_counter()
        for _ in range(n):
            service.snapshot()
        snap_us = (time.perf_counter() - s0) / n * 1e6
        service.close()
        store.close()

    med = statistics.median(per_sample) * 1e6
    p99 = _pct(per_sample, 0.99) * 1e6
    mean = statistics.fmean(per_sample) * 1e6
    cpu_us = cpu_s / len(per_sample) * 1e6
    lines = [
        f"session: {summary.reps if summary else 0} reps in {len(per_sample) / RATE_HZ:.0f} s "
        f"simulated ({summary.status if summary else 'none'})",
        f"on_sample wall time: median {med:.0f} us, p99 {p99:.0f} us, mean {mean:.0f} us "
        "(the mean and p99 include waiting for the disk on each commit)",
        f"on_sample CPU: mean {cpu_us:.0f} us -> {cpu_us * 100 / 1e4:.1f} % of a core at 100 Hz, "
        f"{cpu_us * 1000 / 1e4:.1f} % at 1000 Hz (pacer updates included: in the kiosk they "
        "run on the pacer's thread)",
    ]
    if rep_samples:
        lines.append(
            f"rep commit to visible: median {statistics.median(rep_samples) * 1e3:.2f} ms, "
            f"max {max(rep_samples) * 1e3:.2f} ms ({len(rep_samples)} reps, "
            "analysis + durable commit + snapshot)"
        )
        lines.append(
            f"  of which Store.add_rep (commit, synchronous=FULL): median "
            f"{statistics.median(commit_s) * 1e3:.2f} ms"
        )
    lines += [
        f"snapshot(): {snap_us:.2f} us",
        f"whole session: {wall - gen_s:.2f} s of service time for "
        f"{len(per_sample) / RATE_HZ:.0f} s of session "
        f"({len(per_sample) / RATE_HZ / max(wall - gen_s, 1e-9):.0f}x real time; "
        f"sample synthesis {gen_s:.2f} s not counted)",
    ]
    return lines
