"""Storage benchmark: five years of a busy clinic.

Builds once (cached in the temp dir) a database of 60 sessions a day, 250
clinic days a year, for five years (about 75,000 sessions and 3.4 million
reps) with the demo-data generator, then measures on it:

- the median time of each staff-screen query (goal <= 50 ms),
- the median time of one rep insert with its durable commit (goal <= 5 ms),
- the database size per year of use.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from kiosk.programme import Programme
from kiosk.sim.history import generate
from kiosk.storage import queries
from kiosk.storage.store import Store

YEARS = 5
SESSIONS_PER_DAY = 60
# Bump when the schema or the generator changes, so a stale cache is rebuilt.
CACHE_VERSION = "v5"
CACHE_DIR = Path(os.environ.get("SMARTSTEP_BENCH_CACHE", Path(tempfile.gettempdir())))
QUERY_GOAL_MS = 50.0
INSERT_GOAL_MS = 5.0


def _median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def build(path: Path, lines: list[str]) -> None:
    """Build the five-year database unless a finished one is cached."""
    done = path.with_suffix(".done")
    if done.exists() and path.exists():
        lines.append(f"cached database: {path}")
        return
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        p.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    # A fixed end date keeps the cached database the same from run to run.
    with Store(path) as store:
        totals = generate(store, patients=None, years=YEARS, seed=2026,
                          sessions_per_day=SESSIONS_PER_DAY,
                          end=datetime(2026, 11, 1, tzinfo=UTC))
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.db.execute("ANALYZE")
    done.write_text("ok\n")
    lines.append(f"built in {totals.seconds:.0f} s ({totals.reps / totals.seconds:,.0f} reps/s)")


def run() -> list[str]:
    lines: list[str] = []
    path = CACHE_DIR / f"smartstep-bench-storage-{CACHE_VERSION}" / "smartstep.db"
    build(path, lines)
    start = time.perf_counter()
    with Store(path) as store:
        if store.applied_migrations:
            lines.append(f"upgraded the cached database by {', '.join(store.applied_migrations)}"
                         f" in {time.perf_counter() - start:.1f} s")
        counts = store.query(
            "SELECT (SELECT count(*) FROM patients) AS patients,"
            " (SELECT count(*) FROM sessions) AS sessions, (SELECT count(*) FROM reps) AS reps")[0]
        lines.append(f"{counts['patients']:,} patients, {counts['sessions']:,} sessions, "
                     f"{counts['reps']:,} reps over {YEARS} years")
        size = path.stat().st_size
        lines.append(f"database size: {size / 1e6:,.0f} MB, {size / 1e6 / YEARS:,.0f} MB per year "
                     f"({size / counts['reps']:.0f} bytes per rep, indexes included)")

        busiest = store.query(
            "SELECT patient_id FROM sessions WHERE patient_id IS NOT NULL"
            " GROUP BY patient_id ORDER BY count(*) DESC LIMIT 1")[0]["patient_id"]
        some_session = store.query(
            "SELECT id FROM sessions ORDER BY started_at DESC LIMIT 1 OFFSET 5000")[0]["id"]
        year_ago = "2025-11-01"  # an ISO date: weeks from it on
        checks: list[tuple[str, Callable[[], object]]] = [
            ("patients with last session, all", lambda: queries.patients_with_last_session(store)),
            ("patients with last session, first 50",
             lambda: queries.patients_with_last_session(store, limit=50)),
            ("patient history (busiest)", lambda: queries.patient_history(store, busiest)),
            ("session reps", lambda: queries.session_reps(store, some_session)),
            ("weekly trends, one patient", lambda: queries.weekly_trends(store, busiest)),
            ("weekly trends, whole kiosk, last year",
             lambda: queries.weekly_trends(store, since=year_ago)),
            ("weekly trends, whole kiosk, 5 years", lambda: queries.weekly_trends(store)),
        ]
        for name, fn in checks:
            fn()  # warm the page cache once, as a staff screen that opened before would
            ms = _median_ms(fn, 15)
            verdict = "ok" if ms <= QUERY_GOAL_MS else "OVER GOAL"
            lines.append(
                f"query {name}: median {ms:.1f} ms (goal <= {QUERY_GOAL_MS:.0f}) {verdict}")

        lines.append(_insert_figure(store))
    return lines


def _insert_figure(store: Store) -> str:
    """Median time of add_rep (insert + summary + durable commit) on the big database."""
    session_id = store.start_session(None, Programme(), step_id="bench")
    times = []
    try:
        for n in range(1, 101):
            rep = {"start_s": n * 5.0, "top_s": n * 5.0 + 2, "end_s": n * 5.0 + 4.5,
                   "peak_mm": 80.0, "up_s": 1.9, "down_s": 2.8, "stance": "both",
                   "faults": ["partial"] if n % 7 == 0 else [], "lsi": 92.0}
            start = time.perf_counter()
            store.add_rep(session_id, 1 + (n - 1) // 20, 1 + (n - 1) % 20, rep)
            times.append((time.perf_counter() - start) * 1000)
    finally:
        # Leave the cached database as it was.
        with store.transaction() as db:
            db.execute("DELETE FROM reps WHERE session_id = ?", [session_id])
            db.execute("DELETE FROM sessions WHERE id = ?", [session_id])
    ms = statistics.median(times)
    verdict = "ok" if ms <= INSERT_GOAL_MS else "OVER GOAL"
    return (f"add_rep with durable commit: median {ms:.2f} ms, p90 "
            f"{sorted(times)[89]:.2f} ms (goal <= {INSERT_GOAL_MS:.0f}) {verdict}")
