"""``analyze_file`` (column chunks) equals the live path on the same CSV."""

from __future__ import annotations

import pytest

from kiosk.analysis.engine import MovementEngine
from kiosk.analysis.offline import analyze_file
from kiosk.analysis.recording import read_recording, write_recording
from kiosk.programme import Tempo

corpus = pytest.importorskip("kiosk.sim.corpus")


def test_analyze_file_reps_equal_feeding_the_read_samples(tmp_path):
    checked = 0
    for scenario in corpus.scenarios(2)[::8]:
        path = tmp_path / f"{scenario.name}.csv"
        write_recording(path, scenario.samples())
        tempo = Tempo.parse(scenario.tempo_text) if scenario.tempo_text else None
        live = MovementEngine(tempo=tempo, target_mm=scenario.target_mm)
        for sample in read_recording(path):
            live.feed(sample)
        live.finish()
        reps = analyze_file(str(path), tempo=tempo, target_mm=scenario.target_mm)
        assert [r.to_json() for r in reps] == [r.to_json() for r in live.reps], scenario.name
        checked += len(reps)
    assert checked > 10
