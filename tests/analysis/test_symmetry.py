"""One limb-symmetry definition: the summary screen, `analyze` and the stored session agree."""

from __future__ import annotations

import pytest

from kiosk.analysis.events import Rep
from kiosk.analysis.sets import set_metrics
from kiosk.analysis.symmetry import limb_symmetry, lsi_from_left_share
from kiosk.programme import Programme
from kiosk.session.summary import build_summary
from kiosk.session.view import RepView
from kiosk.storage.store import Store

# Two-foot reps leaning left, a single-leg rep (all on the left) and an eccentric rep.
REPS = [
    ("both", 0.60), ("both", 0.55), ("both", 0.50), ("left", 1.0), ("ecc_right", 0.30),
]


def _reps() -> list[Rep]:
    return [Rep(i + 1, 0.0, 1.0, 2.0, 60.0, 0.8, 1.0, stance, (), left_share=share,
                lsi=lsi_from_left_share(share), tut_s=2.0)
            for i, (stance, share) in enumerate(REPS)]


def test_only_two_foot_reps_count():
    expected = (lsi_from_left_share(0.6) + lsi_from_left_share(0.55) + 100.0) / 3
    assert limb_symmetry(_reps()) == pytest.approx(expected)
    assert limb_symmetry([r for r in _reps() if r.stance != "both"]) is None


def test_analyze_summary_and_database_agree(tmp_path):
    reps = _reps()
    analyzed = set_metrics(reps).lsi
    views = [RepView(number=r.number, set_index=1, peak_mm=r.peak_mm, up_s=r.up_s,
                     down_s=r.down_s, stance=r.stance, left_share=r.left_share, lsi=r.lsi)
             for r in reps]
    shown = build_summary("s", "completed", views, 1, 10.0).symmetry_pct
    with Store(tmp_path / "smartstep.db") as store:
        session_id = store.start_session(None, Programme(), step_id="step-01")
        for rep in reps:
            store.add_rep(session_id, 1, rep.number, rep)
        stored = store.get_session(session_id)["lsi_mean"]
    assert analyzed == pytest.approx(limb_symmetry(reps))
    assert shown == pytest.approx(round(analyzed, 1))
    assert stored == pytest.approx(analyzed)
