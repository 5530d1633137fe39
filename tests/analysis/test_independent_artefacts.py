"""The issue's counting goals on artefacts injected by code of their own into the clean
recordings of a seed no fix was tuned on (see ``independent_artefacts.py``)."""

from __future__ import annotations

import pytest
from corpus_score import percentile
from independent_artefacts import INJECTORS, false_faults, line, score

HELD_OUT_SEED = 11


@pytest.fixture(scope="module")
def scores():
    return score(HELD_OUT_SEED)


@pytest.mark.parametrize("kind", list(INJECTORS))
def test_counts_and_faults_hold_on_independent_artefacts(scores, kind):
    result = scores[kind]
    report = line(kind, result)
    assert result.recordings >= 50
    assert result.exact_share >= 0.95, report
    assert result.count_off_by_more == [], report
    assert sum(false_faults(result).values()) <= 2, report
    assert percentile(result.peak_errors, 0.9) <= (5.0 if kind == "coarse" else 4.0), report
