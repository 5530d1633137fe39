"""The engine scored against the simulated person's labelled corpus (issues 3 and 15 targets)."""

from __future__ import annotations

import pytest
from corpus_score import percentile, score_by_kind, table

corpus = pytest.importorskip("kiosk.sim.corpus")


@pytest.mark.slow
def test_engine_meets_the_targets_on_the_corpus():
    scores = score_by_kind(corpus.scenarios(1))
    print("\n".join(table(scores)))
    base, every = scores["base"], scores["all"]
    # The base corpus (the person as modelled before real-world artefacts): all exact.
    assert base.recordings >= 40
    assert base.count_wrong == []
    assert base.median_peak_error <= 2.0
    # Everything, real-world artefacts included.
    assert len(scores) >= 15  # base, 14 artefact kinds and "all"
    assert every.exact_share >= 0.95, every.count_wrong
    assert every.count_off_by_more == []
    assert every.recall >= 0.98 and every.precision >= 0.98
    assert every.stance_wrong == []
    for fault in ("partial", "too_fast", "ankles_out", "heels_in"):
        assert every.f1(fault) >= 0.95, (fault, every.fault_misses)
    assert every.median_peak_error <= 1.5
    assert len(every.short_peak_errors) >= 40
    assert percentile(every.short_peak_errors, 0.5) <= 1.5
    assert percentile(every.short_peak_errors, 0.9) <= 4.0
