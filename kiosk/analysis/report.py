"""``smartstep analyze REC.csv``: the engine over a recording, printed.

With ``--json`` exactly the section-4 JSON on stdout; without it a table of
reps and a summary (set metrics) for people.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from typing import IO, Any

from kiosk.analysis.engine import MovementEngine
from kiosk.analysis.events import Rep
from kiosk.analysis.offline_reader import read_columns_parallel
from kiosk.analysis.recording import read_columns
from kiosk.analysis.sets import SetMetrics, set_metrics
from kiosk.config import AnalysisConfig, load_config
from kiosk.programme import Tempo


def analyze_file(
    path: str,
    settings: AnalysisConfig | None = None,
    tempo: Tempo | None = None,
    target_mm: float | None = None,
    mount: str = "below",
    parallel: bool = False,
) -> list[Rep]:
    """Run the engine over a recording (streamed) and return its reps.

    :param parallel: parse a large file in a second (forked) process; only from a
        process without threads (the command line), never from the kiosk app.

    :raises RecordingError: missing or malformed file (one line, with the line number).
    """
    engine = MovementEngine(settings, tempo=tempo, target_mm=target_mm, mount=mount)
    # Millions of short-lived tuples and no reference cycles: the cycle collector
    # would only rescan them (about a tenth of the time), so it pauses meanwhile.
    collecting = gc.isenabled()
    gc.disable()
    try:
        feed = engine.feed_values
        for ts, tofs, strips in (read_columns_parallel if parallel else read_columns)(path):
            for t, tof, counts in zip(ts, tofs, strips, strict=True):
                feed(t, tof, counts)
    finally:
        if collecting:
            gc.enable()
    engine.finish()
    return engine.reps


def reps_json(reps: list[Rep]) -> dict[str, Any]:
    """The section-4 document."""
    return {"reps": [r.to_json() for r in reps], "summary": {"count": len(reps)}}


def analyze_command(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    tempo = Tempo.parse(args.tempo) if args.tempo else None
    reps = analyze_file(
        args.recording, config.analysis, tempo=tempo, target_mm=args.target_mm,
        mount=config.tof.mount, parallel=True,
    )
    if args.json:
        json.dump(reps_json(reps), sys.stdout)
        sys.stdout.write("\n")
    else:
        print_table(reps, sys.stdout)
    return 0


def print_table(reps: list[Rep], out: IO[str]) -> None:
    """Reps as a readable table, then the set's summary."""
    if not reps:
        out.write("No reps found.\n")
        return
    out.write(" rep   start     top     end   peak mm  up s  down s  stance     faults\n")
    for r in reps:
        out.write(
            f"{r.number:4d} {r.start_s:7.2f} {r.top_s:7.2f} {r.end_s:7.2f} {r.peak_mm:9.1f}"
            f" {r.up_s:5.2f} {r.down_s:7.2f}  {r.stance:<10} {', '.join(r.faults) or '-'}\n"
        )
    out.write("\n" + summary_text(set_metrics(reps)) + "\n")


def summary_text(m: SetMetrics) -> str:
    lines = [
        f"Reps: {m.count}",
        f"Peak height: best {m.best_peak_mm:.1f} mm, mean {m.mean_peak_mm:.1f} mm",
        f"Fatigue: {m.fatigue_mm_per_rep:+.2f} mm per rep",
        f"Time under tension: {m.time_under_tension_s:.1f} s",
    ]
    if m.left_share is not None:
        lines.append(
            f"Load: left {100 * m.left_share:.0f} %, right {100 * (1 - m.left_share):.0f} %"
            + (f", symmetry index {m.lsi:.0f}" if m.lsi is not None else "")
        )
    faults = ", ".join(f"{k} {v}" for k, v in m.fault_counts.items() if v) or "none"
    lines.append(f"Faults: {faults}")
    return "\n".join(lines)
