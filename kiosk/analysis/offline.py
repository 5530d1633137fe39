"""A recording analysed offline: the live engine fed from a file (``smartstep analyze``)."""

from __future__ import annotations

import gc
from typing import Any

from kiosk.analysis.engine import MovementEngine
from kiosk.analysis.events import Rep
from kiosk.analysis.offline_reader import read_columns_parallel
from kiosk.analysis.recording import read_columns
from kiosk.config import AnalysisConfig
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
