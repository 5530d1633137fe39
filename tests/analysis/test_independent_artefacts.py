"""The issue's counting goals on artefacts injected by code of their own into the clean
recordings of a seed no fix was tuned on (see ``independent_artefacts.py``)."""

from __future__ import annotations

import pytest
from independent_artefacts import INJECTORS, score

HELD_OUT_SEED = 11


@pytest.fixture(scope="module")
def scores():
    return score(HELD_OUT_SEED)


@pytest.mark.parametrize("kind", list(INJECTORS))
def test_counts_and_faults_hold_on_independent_artefacts(scores, kind):
    result = scores[kind]
    assert result.recordings >= 50
    assert result.exact >= 0.95 * result.recordings, result.line(kind)
    assert result.off_by_more == [], result.line(kind)
    assert sum(result.false_faults.values()) <= 2, result.line(kind)
    errors = sorted(result.peak_errors)
    p90 = errors[int(0.9 * len(errors))]
    assert p90 <= (5.0 if kind == "coarse" else 4.0), result.line(kind)
