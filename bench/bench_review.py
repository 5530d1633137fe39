"""Staff review on five busy years: session list pages, session detail with its plot
(10-minute recordings at 100 and 1000 Hz), a 500-session patient's progress, the report,
and the longest session's plot on the session screen (zoom and pan too).

Uses a copy of the storage benchmark's database (``bench_storage.build``), to
which it adds, once, a patient with 500 sessions (``BENCH-500``), two recorded
10-minute sessions of the simulated person and the database's longest session: 11
minutes of reps left open for 66 minutes in all, with a 350 mm sensor spike (the
case a tester met); cached in the temp dir. Goals here (a Pi 4 is 3-4x slower; its
goals are 3x these): detail <= 100 ms (100 Hz) / 200 ms (1000 Hz), the longest
session shown <= 500 ms, progress <= 100 ms, list page <= 50 ms, report <= 2 s and
< 1 MB.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.bench_storage import CACHE_DIR, CACHE_VERSION, build
from kiosk.programme import Programme, Tempo
from kiosk.sim.samples.review import bulk_history, recorded_session
from kiosk.staff.review.detail import session_detail, session_overview
from kiosk.staff.review.progress import patient_progress
from kiosk.staff.review.report import write_report
from kiosk.staff.review.sessions import SessionFilter, session_page
from kiosk.storage.store import Store

REVIEW_CACHE = "v2"  # v2: the longest session
END = datetime(2026, 11, 1, tzinfo=UTC)
# 5 sets of 12 at 2-1-3 (+1 s) with 60 s rests: about 11 minutes.
TEN_MINUTES = Programme(position="step", sets=5, reps=12, tempo=Tempo(2, 1, 3, 1),
                        rest_between_sets_s=60)
LONG_TOTAL_S = 66 * 60  # the longest session: left open after its reps
LONG_GOAL_MS = 500.0


def _median_ms(fn: Callable[[], object], runs: int = 15) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _verdict(value: float, goal: float) -> str:
    return "ok" if value <= goal else "OVER GOAL"


def _prepare(lines: list[str]) -> tuple[Path, dict[str, str]]:
    source = CACHE_DIR / f"smartstep-bench-storage-{CACHE_VERSION}" / "smartstep.db"
    build(source, lines)
    folder = CACHE_DIR / f"smartstep-bench-review-{REVIEW_CACHE}"
    done = folder / "ids.json"
    if done.exists():
        lines.append(f"cached review database: {folder}")
        return folder / "smartstep.db", json.loads(done.read_text())
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    start = time.perf_counter()
    shutil.copy2(source, folder / "smartstep.db")
    with Store(folder / "smartstep.db") as store:
        pid = store.add_patient("Bench Fivehundred", clinic_id="BENCH-500", birth_year=1970)
        bulk_history(store, pid, 500, END - timedelta(days=3))
        ids = {"patient": pid}
        for name, rate in (("rec100", 100.0), ("rec1000", 1000.0)):
            ids[name] = recorded_session(store, pid, TEN_MINUTES, END - timedelta(hours=rate / 100),
                                         rate_hz=rate, rest_s=60, seed=7)
        ids["long"] = _longest_session(store, pid)
    done.write_text(json.dumps(ids))
    lines.append(f"built the review database in {time.perf_counter() - start:.0f} s")
    return folder / "smartstep.db", ids


def _longest_session(store: Store, patient_id: str) -> str:
    """Ten minutes of sets, then standing on the step until 66 minutes, at 100 Hz."""
    start = time.perf_counter()
    sid = recorded_session(store, patient_id, TEN_MINUTES, END - timedelta(hours=20),
                           rate_hz=100.0, rest_s=60, seed=8, stay_s=LONG_TOTAL_S - 11 * 60,
                           spike_at_s=LONG_TOTAL_S / 2)
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(f"  (added the longest session in {time.perf_counter() - start:.0f} s)",
          file=sys.stderr)
    return sid


def run() -> list[str]:
    lines: list[str] = []
    db, ids = _prepare(lines)
    with Store(db, recover=False) as store:
        n = store.query("SELECT count(*) AS n FROM sessions")[0]["n"]
        lines.append(f"{n:,} sessions in the database")
        lines += _list_figures(store, ids)
        lines += _detail_figures(store, ids, db.parent)
        lines += _longest_figures(store, ids, db)
        ms = _median_ms(lambda: patient_progress(store, ids["patient"]))
        lines.append(f"progress of a 500-session patient: median {ms:.1f} ms (goal <= 100) "
                     f"{_verdict(ms, 100)}")
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp, "report.pdf")
            times = []
            for _ in range(3):
                start = time.perf_counter()
                result = write_report(store, "BENCH-500", out, "bench")
                times.append(time.perf_counter() - start)
            s = statistics.median(times)
            lines.append(f"report of a 500-session patient: median {s:.2f} s (goal <= 2), "
                         f"{result.size_bytes / 1000:.0f} kB, {result.pages} pages "
                         f"{_verdict(s, 2.0)}")
    return lines


def _list_figures(store: Store, ids: dict[str, str]) -> list[str]:
    deep = None
    for _ in range(50):  # 50 pages back: keyset paging costs the same as page 1
        deep = session_page(store, SessionFilter(), deep).next_cursor
    checks = {
        "first page, all sessions": lambda: session_page(store, SessionFilter()),
        "page 51, all sessions": lambda: session_page(store, SessionFilter(), deep),
        "one patient (500 sessions)": lambda: session_page(
            store, SessionFilter(patient_id=ids["patient"])),
        "status interrupted": lambda: session_page(store, SessionFilter(status="interrupted")),
        "last 30 days, stopped": lambda: session_page(store, SessionFilter(
            status="stopped", date_from=(END - timedelta(days=30)).date())),
    }
    out = []
    for name, fn in checks.items():
        fn()
        ms = _median_ms(fn)
        out.append(f"session list page, {name}: median {ms:.1f} ms (goal <= 50) "
                   f"{_verdict(ms, 50)}")
    return out


def _detail_figures(store: Store, ids: dict[str, str], folder: Path) -> list[str]:
    out = []
    cache = folder / "overview-cache"
    for name, goal in (("rec100", 100.0), ("rec1000", 200.0)):
        rate = name[3:]
        shutil.rmtree(cache, ignore_errors=True)
        start = time.perf_counter()
        detail = session_detail(store, ids[name])
        state, overview = session_overview(detail, cache_dir=cache)
        cold = (time.perf_counter() - start) * 1000
        assert overview is not None, state

        def warm(sid=ids[name]):
            d = session_detail(store, sid)
            return session_overview(d, cache_dir=cache)

        warm_ms = _median_ms(warm)
        draw = _plot_probe(cache, detail, rate)
        rows = store.query("SELECT samples FROM recordings WHERE session_id = ?",
                           [ids[name]])[0]["samples"]
        total = warm_ms + draw.get("plotview_ms", 0.0)
        out.append(
            f"session detail, 10 min at {rate} Hz ({rows:,} samples, "
            f"{len(detail.reps)} reps): open {warm_ms:.1f} ms + plot drawn "
            f"{draw.get('plotview_ms', float('nan')):.1f} ms = {total:.0f} ms "
            f"(goal <= {goal:.0f}) {_verdict(total, goal)}; the kiosk builds the plot's "
            f"overview when the session ends, on a background thread: {cold:.0f} ms (also "
            f"the first open of a recording without one, e.g. from before an upgrade)")
        if "garden_minmax_ms" in draw:
            out.append(
                f"  plot at {rate} Hz: PlotView (canvas mesh, min/max per column) "
                f"{draw['plotview_ms']:.1f} ms (a frame without a plot: "
                f"{draw.get('blank_frame_ms', float('nan')):.1f} ms, swap-buffer under "
                f"software GL); kivy-garden-graph with the same min/max "
                f"points {draw['garden_minmax_ms']:.1f} ms; kivy-garden-graph with the raw "
                f"{draw.get('garden_raw_points', 0):,} points: "
                + (f"{draw['garden_raw_ms']:.0f} ms" if "garden_raw_ms" in draw
                   else f"fails ({draw.get('garden_raw_error', '?')})"))
        elif "garden" in draw:
            out.append(f"  ({draw['garden']}: no comparison this run)")
    return out


def _longest_figures(store: Store, ids: dict[str, str], db: Path) -> list[str]:
    """The database's longest session on the session screen: opened from its overview
    (built once, as the kiosk does when a session ends) and drawn, zoomed and panned."""
    cache = db.parent / "overview-cache-long"
    longest = store.query(
        "SELECT id, (julianday(ended_at) - julianday(started_at)) * 86400 AS s FROM sessions"
        " WHERE ended_at IS NOT NULL ORDER BY s DESC LIMIT 1")[0]
    detail = session_detail(store, ids["long"])
    shutil.rmtree(cache, ignore_errors=True)
    start = time.perf_counter()
    state, overview = session_overview(detail, cache_dir=cache)
    built = time.perf_counter() - start
    assert overview is not None, state
    out = [f"longest session in the database: {longest['s'] / 60:.0f} min"
           + (" (the bench's, left open after its reps)" if longest["id"] == ids["long"] else
              f" ({longest['id']}; the bench's is {overview.duration_s / 60:.0f} min)")]
    if not os.environ.get("DISPLAY"):
        return [*out, "  (no display: the session screen's plot was not timed)"]
    done = subprocess.run([sys.executable, "-m", "bench.session_plot_probe", str(db),
                           ids["long"], str(cache)], capture_output=True, text=True,
                          timeout=600, cwd=Path(__file__).resolve().parents[1])
    found = [json.loads(x) for x in done.stdout.splitlines() if x.startswith("{")]
    if not found:
        return [*out, f"  session plot probe failed: {done.stderr.strip().splitlines()[-1:]}"]
    r = found[-1]
    shown = r["open_ms"] + r["draw_opening_ms"]
    return [*out, (
        f"  {r['duration_s'] / 60:.0f}-minute session ({r['reps']} reps, "
        f"{r['buckets']:,} overview buckets, overview built once in {built:.1f} s): "
        f"open {r['open_ms']:.0f} ms + both plots "
        f"drawn {r['draw_opening_ms']:.0f} ms = {shown:.0f} ms (goal <= {LONG_GOAL_MS:.0f}) "
        f"{_verdict(shown, LONG_GOAL_MS)}; opens on {r['opening_window']}; whole session "
        f"{r['draw_whole_ms']:.0f} ms, a zoom step {r['zoom_step_ms']:.0f} ms, a pan step "
        f"{r['pan_step_ms']:.0f} ms (a frame with nothing new: {r['blank_frame_ms']:.0f} ms)")]


def _plot_probe(cache: Path, detail, rate: str) -> dict:
    """Time the drawing in a Kivy window, in a child process (one window per process)."""
    files = sorted(cache.glob("*.overview.json"))
    if not files or not os.environ.get("DISPLAY"):
        return {}
    with tempfile.TemporaryDirectory() as tmp:
        args = [sys.executable, "-m", "bench.review_plot_probe", str(files[0])]
        if detail.recording_path is not None:
            from kiosk.staff.review.traces import heights, read_samples

            samples = read_samples(detail.recording_path, detail.baselines)
            height = heights(samples, detail.edges())
            raw = Path(tmp, "raw.json")  # every sample: what a plot of raw data would get
            raw.write_text(json.dumps([[t, h] for t, h in zip(samples.t, height, strict=True)
                                       if h == h]))
            args.append(str(raw))
        done = subprocess.run(args, capture_output=True, text=True, timeout=600,
                              cwd=Path(__file__).resolve().parents[1])
    for line in reversed(done.stdout.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    return {"garden": f"plot probe failed: {done.stderr.strip().splitlines()[-1:]}"}
