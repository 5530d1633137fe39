"""USB sync benchmark, figures for the README.

On the five-year database of ``bench_storage`` (built and cached by it), to a
folder on local disk:

- a full export, pseudonymised as by default (goal <= 30 s, progress all along:
  the longest gap between two progress calls is reported), and the same with
  names and encrypted (age; no goal of its own: it prepares the plain export on
  the kiosk's disk, then streams it encrypted to the stick),
- an incremental export of the last week (goal <= 3 s),
- merging three kiosks' one-year exports into a new clinic database
  (goal <= 30 s); the three kiosks are built once with the demo-data generator
  and cached next to the five-year database,
- the peak memory of each (goal < 150 MB), measured in a child process each.
"""

from __future__ import annotations

import itertools
import json
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench import bench_storage

FULL_GOAL_S = 30.0
WEEK_GOAL_S = 3.0
MERGE_GOAL_S = 30.0
MEMORY_GOAL_MB = 150.0
KIOSKS = ("kiosk-a", "kiosk-b", "kiosk-c")
CACHE_VERSION = "v1"


def _verdict(ok: bool) -> str:
    return "ok" if ok else "OVER GOAL"


def _child(*args: str) -> dict:
    """Run one measured step in a fresh process (its own peak memory)."""
    out = subprocess.run([sys.executable, "-m", "bench.bench_sync", *args], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _week_marks(db: Path) -> dict:
    """Stick memory as if the last export had been one week before the newest session."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        newest = conn.execute("SELECT max(started_at) FROM sessions").fetchone()[0]
        cutoff = conn.execute("SELECT datetime(?, '-7 days')", [newest]).fetchone()[0]
        sessions = conn.execute("SELECT coalesce(max(rowid), 0) FROM sessions WHERE "
                                "started_at < ?", [cutoff.replace(" ", "T")]).fetchone()[0]
        audit = conn.execute("SELECT coalesce(max(rowid), 0) FROM audit_log").fetchone()[0]
    finally:
        conn.close()
    return {"rowids": {"sessions": sessions, "audit_log": audit}, "open_sessions": []}


def _kiosk_exports(root: Path, lines: list[str]) -> list[Path]:
    """Three kiosks' one-year full exports (built once, cached)."""
    from kiosk.sim.history import generate
    from kiosk.storage.store import Store
    from kiosk.sync.exporter import export

    done = root / "exports.done"
    usb = root / "usb"
    if not done.exists():
        shutil.rmtree(root, ignore_errors=True)
        usb.mkdir(parents=True)
        for n, step in enumerate(KIOSKS):
            data = root / step
            with Store(data / "smartstep.db") as store:
                generate(store, patients=None, years=1, seed=100 + n, sessions_per_day=60,
                         step_id=step, end=datetime(2026, 11, 1, tzinfo=UTC))
                store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            export(data / "smartstep.db", data, usb, step)
        done.write_text("ok\n")
        lines.append(f"built three one-year kiosks and their exports in {root}")
    return sorted(p for p in usb.glob("SmartStep/*/*") if p.is_dir())


def run() -> list[str]:
    lines: list[str] = []
    db = bench_storage.CACHE_DIR / f"smartstep-bench-storage-{bench_storage.CACHE_VERSION}" / (
        "smartstep.db")
    bench_storage.build(db, lines)
    work = Path(tempfile.mkdtemp(prefix="smartstep-bench-sync-"))
    try:
        for step, what in (("full", "pseudonymised"), ("full-names", "with names"),
                           ("full-encrypted", "pseudonymised, encrypted")):
            full = _child(step, str(db), str(work / step))
            goal = (f" (goal <= {FULL_GOAL_S:.0f}) {_verdict(full['seconds'] <= FULL_GOAL_S)}"
                    if step != "full-encrypted" else "")
            lines.append(
                f"full export of the 5-year database, {what} ({full['sessions']:,} sessions, "
                f"{full['mb']:,.0f} MB written): {full['seconds']:.1f} s{goal}; longest gap "
                f"between progress calls {full['max_gap_s']:.2f} s; peak memory "
                f"{full['rss_mb']:.0f} MB {_verdict(full['rss_mb'] < MEMORY_GOAL_MB)}")
            shutil.rmtree(work / step, ignore_errors=True)

        week = _child("week", str(db), str(work / "week"))
        lines.append(
            f"incremental export of the last week ({week['sessions']:,} sessions): "
            f"{week['seconds']:.2f} s (goal <= {WEEK_GOAL_S:.0f}) "
            f"{_verdict(week['seconds'] <= WEEK_GOAL_S)}; peak memory {week['rss_mb']:.0f} MB "
            f"{_verdict(week['rss_mb'] < MEMORY_GOAL_MB)}")

        cache = bench_storage.CACHE_DIR / f"smartstep-bench-sync-{CACHE_VERSION}"
        exports = _kiosk_exports(cache, lines)
        merged = _child("merge", str(work / "clinic" / "clinic.db"), *map(str, exports))
        lines.append(
            f"merge of three kiosks' one-year exports ({merged['reps']:,} reps): "
            f"{merged['seconds']:.1f} s (goal <= {MERGE_GOAL_S:.0f}) "
            f"{_verdict(merged['seconds'] <= MERGE_GOAL_S)}; peak memory "
            f"{merged['rss_mb']:.0f} MB {_verdict(merged['rss_mb'] < MEMORY_GOAL_MB)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return lines


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measure_export(db: Path, target: Path, step: str) -> dict:
    from kiosk.sync.exporter import export, export_folder_root, memory_name

    full = step != "week"
    target.mkdir(parents=True)
    if not full:
        folder = export_folder_root(target, "bench")
        folder.mkdir(parents=True)
        (folder / memory_name(pseudonymised=True)).write_text(json.dumps(_week_marks(db)))
    calls: list[float] = []
    start = time.perf_counter()
    # The staging folder of an encrypted export goes beside the database (the kiosk's disk).
    result = export(db, db.parent, target, "bench", full=full,
                    with_names=step == "full-names",
                    passphrase="bench passphrase" if step == "full-encrypted" else None,
                    progress=lambda _p: calls.append(time.perf_counter()))
    seconds = time.perf_counter() - start
    stamps = [start, *calls, start + seconds]
    return {"seconds": seconds, "sessions": result.sessions, "mb": result.bytes / 1e6,
            "max_gap_s": max(b - a for a, b in itertools.pairwise(stamps)),
            "rss_mb": _rss_mb()}


def _measure_merge(target: Path, exports: list[Path]) -> dict:
    from kiosk.sync.merge import merge

    start = time.perf_counter()
    changed = merge(target, exports)
    return {"seconds": time.perf_counter() - start, "reps": changed.get("reps", 0),
            "rss_mb": _rss_mb()}


if __name__ == "__main__":
    step, *rest = sys.argv[1:]
    if step == "merge":
        figures = _measure_merge(Path(rest[0]), [Path(p) for p in rest[1:]])
    else:
        figures = _measure_export(Path(rest[0]), Path(rest[1]), step)
    print(json.dumps(figures))
