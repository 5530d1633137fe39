"""The engine scored against the simulated person's labelled corpus (issue 3 targets)."""

from __future__ import annotations

import pytest
from corpus_score import score

corpus = pytest.importorskip("kiosk.sim.corpus")


@pytest.mark.slow
def test_engine_meets_the_targets_on_the_corpus():
    result = score(corpus.scenarios(1))
    print("\n".join(result.lines()))
    assert result.recordings >= 40
    assert result.count_wrong == []
    assert result.median_peak_error <= 2.0
    assert result.stance_wrong == []
    for fault in ("partial", "too_fast", "ankles_out", "heels_in"):
        assert result.f1(fault) >= 0.95, (fault, result.fault_misses)
