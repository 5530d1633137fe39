"""Staff mode benchmark: the service calls behind each staff screen.

Works on a copy of the storage benchmark's five-year database (built by
``bench_storage`` if missing; copied once with SQLite's backup and cached),
topped up to what the issue asks for: 2,000 patients, one patient with 500
sessions, 100,000 audit log rows, staff accounts and prescriptions. Then it
measures, warm (a screen that opened before), the median of 15 runs of:

- the patient list (first page, a search, "seen this week"),
- a patient's page (record, prescription, its history, the progression check
  over the last sessions, the first page of 500 sessions),
- the audit log (first page with the person filter's names, one person, a date range),
- the settings screen,

each against the goal of 100 ms here (300 ms on a Pi 4, 3-4 times slower), and
the PIN check with the real scrypt cost (goal 0.1-0.3 s).
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench import bench_storage
from kiosk.config import Config
from kiosk.programme import Programme
from kiosk.staff import pins
from kiosk.staff.api import PatientRecord, SignInResult, StaffMember
from kiosk.staff.service import build_staff_services
from kiosk.storage.folding import compact_id, fold
from kiosk.storage.ids import iso_utc, new_id
from kiosk.storage.migrations import PATIENT_LAST_SQL
from kiosk.storage.store import Store

CACHE_VERSION = "v2"
PATIENTS = 2000
PAGE_SESSIONS = 500
AUDIT_ROWS = 100_000
SCREEN_GOAL_MS = 100.0
PIN_GOAL_S = (0.1, 0.3)
BUSY_PIN = "58203914"
ACTORS = ["Ada Admin", "Ben Berg", "Cleo Chan", "Dev Das", "Eva Eklund", "Finn Foster",
          "Gia Greco", "Hugo Hale", "Ines Ibáñez", "Jonas Jørgensen", "console", "retention"]
ACTIONS = ["sign_in", "sign_out", "sign_in_failed", "update_patient", "add_patient",
           "prescribe", "accept_suggestion", "dismiss_suggestion", "archive_patient"]


def _median_ms(fn: Callable[[], object], runs: int = 15) -> float:
    fn()  # warm: as a screen that was open before
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _copy(source: Path, target: Path) -> None:
    for p in (target, target.with_name(target.name + "-wal"),
              target.with_name(target.name + "-shm")):
        p.unlink(missing_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst, pages=65536)
    finally:
        dst.close()
        src.close()


def _top_up(store: Store, rng: random.Random) -> tuple[str, str]:
    """Patients to 2,000, one patient with 500 sessions, 100,000 audit rows; returns
    (the busy patient's id, the name of a busy actor)."""
    service = build_staff_services(store, Config(), pin_cost=pins.ScryptCost(n=2**8, r=8, p=1))
    admin = service.console.add(ACTORS[0], "admin", BUSY_PIN)
    assert service.accounts.sign_in(admin.id, BUSY_PIN).result is SignInResult.OK
    for name in ACTORS[1:10]:
        service.accounts.add(admin, name, "staff", BUSY_PIN)
    have = store.query("SELECT count(*) AS n FROM patients")[0]["n"]
    first = ["Anna", "Åsa", "Björn", "Chloé", "Dominik", "Émile", "Gül", "Łucja", "Noël", "Zoë"]
    last = ["Ødegård", "Müller", "Núñez", "O'Brien", "Smith-Jones", "Kowalski", "Berg"]
    for n in range(PATIENTS - have):
        service.patients.save(admin, PatientRecord(
            id="", name=f"{rng.choice(first)} {rng.choice(last)} {n}", clinic_id=f"N-{n:05d}",
            year_of_birth=rng.randint(1940, 2005), body_mass_kg=rng.uniform(50, 110),
            injured_side=rng.choice(["left", "right", "both", "none"]),
        ))
    busy = store.query(
        "SELECT patient_id FROM sessions WHERE patient_id IS NOT NULL"
        " GROUP BY patient_id ORDER BY count(*) DESC LIMIT 1")[0]["patient_id"]
    have = store.query("SELECT count(*) AS n FROM sessions WHERE patient_id = ?", [busy])[0]["n"]
    with store.transaction() as db:
        # Other patients' sessions, picked all over the five years by their ids' random
        # bits, become the busy patient's (their summaries are kept on the rows).
        db.execute(
            "UPDATE sessions SET patient_id = ? WHERE id IN (SELECT id FROM sessions"
            " WHERE patient_id IS NOT NULL AND patient_id != ? AND mode = 'exercise'"
            " ORDER BY substr(id, 25) LIMIT ?)", [busy, busy, PAGE_SESSIONS - have])
        db.execute(PATIENT_LAST_SQL)
    # A current prescription since long ago whose rule is not met (target out of reach),
    # so every page open runs the whole progression check.
    service.prescriptions.prescribe(admin, busy, Programme(position="step", target_mm=190.0))
    service.prescriptions.prescribe(admin, busy,
                                    Programme(position="step", reps=15, target_mm=195.0))
    with store.transaction() as db:
        db.execute("UPDATE programmes SET created_at = '2025-06-01T00:00:00.000Z'"
                   " WHERE patient_id = ? AND active", [busy])
    patient_ids = [r["id"] for r in store.query("SELECT id FROM patients")]
    have = store.query("SELECT count(*) AS n FROM audit_log")[0]["n"]
    start = datetime(2021, 11, 1, tzinfo=UTC)
    span_s = 5 * 365 * 86400
    moments = sorted(rng.uniform(0, span_s) for _ in range(AUDIT_ROWS - have))
    rows = []
    for offset in moments:
        at = iso_utc(start + timedelta(seconds=offset))
        action = rng.choice(ACTIONS)
        on_patient = action not in ("sign_in", "sign_out", "sign_in_failed")
        rows.append({"id": new_id(), "at": at, "actor": rng.choice(ACTORS), "action": action,
                     "target_table": "patients" if on_patient else None,
                     "target_id": rng.choice(patient_ids) if on_patient else None,
                     "detail": None, "updated_at": at})
    with store.bulk_load():
        store.insert_many("audit_log", rows)
    with store.transaction() as db:
        db.execute("ANALYZE")
    return busy, ACTORS[3]


def build(lines: list[str]) -> Path:
    source = bench_storage.CACHE_DIR / f"smartstep-bench-storage-{bench_storage.CACHE_VERSION}"
    bench_storage.build(source / "smartstep.db", lines)
    # Named after both versions: a rebuilt storage database makes a new copy.
    folder = f"smartstep-bench-staff-{bench_storage.CACHE_VERSION}-{CACHE_VERSION}"
    path = bench_storage.CACHE_DIR / folder / "smartstep.db"
    done = path.with_suffix(".done")
    if done.exists() and path.exists():
        lines.append(f"cached database: {path}")
        return path
    start = time.perf_counter()
    _copy(source / "smartstep.db", path)
    with Store(path) as store:
        busy, actor = _top_up(store, random.Random(11))
    done.write_text(f"{busy}\n{actor}\n")
    lines.append(f"copied and topped up in {time.perf_counter() - start:.0f} s")
    return path


def _verdict(ms: float) -> str:
    return "ok" if ms <= SCREEN_GOAL_MS else "OVER GOAL"


def run() -> list[str]:
    lines: list[str] = []
    path = build(lines)
    busy, actor = path.with_suffix(".done").read_text().split("\n")[:2]
    with Store(path) as store:
        counts = store.query(
            "SELECT (SELECT count(*) FROM patients) AS patients,"
            " (SELECT count(*) FROM sessions WHERE patient_id = ?) AS busy_sessions,"
            " (SELECT count(*) FROM audit_log) AS audit", [busy])[0]
        lines.append(f"{counts['patients']:,} patients, {counts['busy_sessions']} sessions of "
                     f"one patient, {counts['audit']:,} audit rows")
        # The real PIN cost from here on: construction does not hash, sign-in does.
        service = build_staff_services(store, Config())
        admin_row = service.accounts.rows.account_by_name(ACTORS[0])
        assert admin_row is not None
        admin = StaffMember(admin_row["id"], admin_row["name"], admin_row["role"])
        service.accounts.sign_in(admin.id, BUSY_PIN)  # rehashes a PIN made with another cost
        times, cpu_times = [], []
        for _ in range(7):
            start, cpu_start = time.perf_counter(), time.process_time()
            result = service.accounts.sign_in(admin.id, BUSY_PIN)
            times.append(time.perf_counter() - start)
            cpu_times.append(time.process_time() - cpu_start)
        assert result.result is SignInResult.OK
        pin_s, cpu_s = statistics.median(times), statistics.median(cpu_times)
        lo, hi = PIN_GOAL_S
        # CPU time is what one free core takes; wall time also counts waiting for a core.
        lines.append(
            f"PIN check (sign_in, scrypt n={pins.DEFAULT_COST.n} r={pins.DEFAULT_COST.r} "
            f"p={pins.DEFAULT_COST.p}, {pins.DEFAULT_COST.memory_bytes >> 20} MiB): median "
            f"{cpu_s:.3f} s CPU, {pin_s:.3f} s wall (goal {lo}-{hi} s) "
            f"{'ok' if lo <= cpu_s <= hi else 'OUTSIDE GOAL'}")
        hash_s = statistics.median(
            _timed(lambda: pins.hash_pin(BUSY_PIN)) for _ in range(3))
        lines.append(f"PIN hash for a new account or reset: median {hash_s:.3f} s")

        week_ago = datetime(2026, 10, 1, tzinfo=UTC)
        # The data ends on 1 Nov 2026: "this week" as seen on a Friday in its last weeks.
        in_the_data = build_staff_services(store, Config(),
                                           now=lambda: datetime(2026, 10, 30, 16, tzinfo=UTC))
        week_n = len(in_the_data.patients.search(filter="week", limit=500))

        def patient_page() -> None:
            service.patients.get(busy)
            service.prescriptions.current(busy)
            service.prescriptions.history(busy)
            service.progressions.suggestions(busy)
            service.patients.sessions(busy, limit=50)

        def audit_screen() -> None:
            service.audit.entries(limit=100)
            service.audit.actors()

        screens: list[tuple[str, Callable[[], object]]] = [
            ("patient list, first page of 50", lambda: service.patients.search(limit=50)),
            ("patient list, search 'ann'", lambda: service.patients.search("ann", limit=50)),
            ("patient list, search clinic ID 'n-0012'",
             lambda: service.patients.search("n-0012", limit=50)),
            (f"patient list, seen this week ({week_n} patients in a week of the data)",
             lambda: in_the_data.patients.search(filter="week")),
            ("patient list, all 2,000 in one page",
             lambda: service.patients.search(limit=500)
             and service.patients.search(limit=500, offset=1500)),
            ("patient page (record, prescription, history, progression check, 50 sessions)",
             patient_page),
            ("patient page: progression check alone",
             lambda: service.progressions.suggestions(busy)),
            ("patient page: all 500 sessions", lambda: service.patients.sessions(busy, 500)),
            ("audit log, first 100 with the people filter", audit_screen),
            ("audit log, one person", lambda: service.audit.entries(actor=actor)),
            ("audit log, one month", lambda: service.audit.entries(
                since=week_ago, until=week_ago + timedelta(days=30))),
            ("audit log, one person, one month", lambda: service.audit.entries(
                actor=actor, since=week_ago, until=week_ago + timedelta(days=30))),
            ("audit log, page 100 (offset 10,000)", lambda: service.audit.entries(offset=10_000)),
            ("settings screen", service.settings.values),
            ("staff accounts", service.accounts.members),
        ]
        # The first list after a start folds every name once (then they are cached).
        fold.cache_clear()
        compact_id.cache_clear()
        cold_ms = _timed(lambda: service.patients.search("ann", limit=50)) * 1000
        lines.append(f"patient list, first search after a start (names not yet folded): "
                     f"{cold_ms:.1f} ms (goal <= {SCREEN_GOAL_MS:.0f}) {_verdict(cold_ms)}")
        for name, fn in screens:
            ms = _median_ms(fn)
            lines.append(f"{name}: median {ms:.1f} ms (goal <= {SCREEN_GOAL_MS:.0f}) "
                         f"{_verdict(ms)}")
    return lines


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start
