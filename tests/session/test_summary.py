"""The end-of-session summary from the committed reps."""

from kiosk.analysis.symmetry import lsi_from_left_share
from kiosk.session.summary import build_summary
from kiosk.session.view import RepView


def _rep(n, peak, faults=(), left=0.5, stance="both"):
    return RepView(number=n, set_index=1, peak_mm=peak, up_s=1, down_s=1, stance=stance,
                   faults=faults, left_share=left)


def test_summary_counts_heights_faults_and_previous():
    reps = [_rep(1, 60.0), _rep(2, 80.0, ("partial",)), _rep(3, 70.0, ("partial", "heels_in"))]
    s = build_summary("s1", "completed", reps, 1, 42.04, previous=(10, 55.0))
    assert (s.reps, s.best_mm, s.average_mm) == (3, 80.0, 70.0)
    assert s.faults == {"partial": 2, "heels_in": 1}
    assert s.symmetry_pct == 100.0
    assert (s.previous_reps, s.previous_average_mm, s.duration_s) == (10, 55.0, 42.0)


def test_empty_session_has_no_heights():
    s = build_summary("s1", "stopped", [], 0, 5.0)
    assert s.reps == 0 and s.best_mm is None and s.symmetry_pct is None
    assert s.previous_reps is None


def test_symmetry_index():
    assert lsi_from_left_share(0.5) == 100.0
    assert round(lsi_from_left_share(0.4), 1) == 66.7
    assert round(lsi_from_left_share(0.6), 1) == 66.7
