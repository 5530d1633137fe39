"""``smartstep analyze REC.csv [--tempo U-H-D] [--target-mm N] [--json] [--config F]``.

With ``--json`` exactly the section-4 JSON on stdout; without it a table of
reps and a summary (set metrics) for people.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import IO

from kiosk.analysis.events import Rep
from kiosk.analysis.offline import analyze_file, reps_json
from kiosk.analysis.sets import SetMetrics, set_metrics
from kiosk.commands.options import add_config_option, config_from, positive_float
from kiosk.programme import Tempo


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("analyze", help="analyse a recording and print its reps")
    p.add_argument("recording", help="recording CSV (the recording format)")
    p.add_argument("--tempo", help="prescribed tempo U-H-D in seconds, e.g. 2-1-3")
    p.add_argument("--target-mm", type=positive_float, help="target heel height in mm")
    p.add_argument("--json", action="store_true", help="print JSON only")
    add_config_option(p, "configuration file (analysis thresholds)")


def run(args: argparse.Namespace) -> int:
    config = config_from(args)
    tempo = Tempo.parse(args.tempo) if args.tempo is not None else None
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
