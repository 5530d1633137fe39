"""Sessions' measurement quality in the review: a poor session is flagged on the session
list and detail, left out of the trends (progress and report) unless staff include it
(audited), and the number left out is said; sessions stored before count as before."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, datetime

import pytest

from kiosk.analysis.events import Rep
from kiosk.analysis.quality_record import QualityRecord
from kiosk.programme import Programme
from kiosk.staff.review.detail import session_detail
from kiosk.staff.review.progress import patient_progress
from kiosk.staff.review.report import write_report
from kiosk.staff.review.sessions import SessionFilter, session_page
from kiosk.staff.review.test_words import left_out_words, session_quality_words
from kiosk.storage.store import NotFoundError, Store

POOR = QualityRecord("poor", ("tof_dropouts",), 18.2, 0.9, "staff")
GOOD = QualityRecord("good", (), 0.3, 0.8, "staff")


def _rep(n: int, peak: float) -> Rep:
    return Rep(number=n, start_s=1.0, top_s=2.0, end_s=3.0, peak_mm=peak, up_s=1.0, down_s=1.0,
               stance="both")


class Clinic:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.patient = store.add_patient("Quinn Quality", "Q-1", 1970)
        self.day = 0

    def session(self, peak: float, quality: QualityRecord | None) -> str:
        self.day += 1
        sid = self.store.start_session(self.patient, Programme(), step_id="step-01",
                                       started_at=f"2026-10-{self.day:02d}T10:00:00.000Z")
        self.store.start_set(sid, 1, 3)
        for n in range(1, 4):
            self.store.add_rep(sid, 1, n, _rep(n, peak))
        self.store.end_session(sid, "completed",
                               quality=quality.verdict if quality else None,
                               quality_record=quality.to_json() if quality else None)
        return sid

    def progress(self):
        return patient_progress(self.store, self.patient, datetime(2026, 11, 1).date())


@pytest.fixture
def clinic(tmp_path):
    with Store(tmp_path / "smartstep.db") as store:
        yield Clinic(store)


def _best(progress) -> list[float | None]:
    return [w.best_peak_mm for w in progress.weeks]


def test_a_poor_session_stays_out_of_the_trends_until_staff_include_it(clinic):
    clinic.session(60.0, GOOD)
    poor = clinic.session(95.0, POOR)  # same week: the poor one would be the best
    clinic.session(62.0, None)  # stored before sessions were judged: as before
    progress = clinic.progress()
    assert progress.left_out_sessions == 1
    assert sum(w.sessions for w in progress.weeks) == 2 and max(_best(progress)) == 62.0
    clinic.store.include_session(poor, True, "Dr Who")
    progress = clinic.progress()
    assert progress.left_out_sessions == 0 and max(_best(progress)) == 95.0
    (audit,) = clinic.store.query("SELECT actor, action, target_id, detail FROM audit_log"
                                  " WHERE action = 'include_session'")
    assert (audit["actor"], audit["target_id"]) == ("Dr Who", poor)
    assert json.loads(audit["detail"]) == {"included": True}
    clinic.store.include_session(poor, None, "Dr Who")  # back to its verdict
    assert clinic.progress().left_out_sessions == 1
    with pytest.raises(NotFoundError):
        clinic.store.include_session("no-such-session", True, "Dr Who")


def test_staff_may_leave_a_good_session_out(clinic):
    good = clinic.session(70.0, GOOD)
    clinic.store.include_session(good, False, "Dr Who")
    progress = clinic.progress()
    assert progress.weeks == [] and progress.left_out_sessions == 1


def test_list_and_detail_carry_the_verdict_and_its_words(clinic):
    poor = clinic.session(95.0, POOR)
    old = clinic.session(60.0, None)
    rows = {r.id: r for r in session_page(clinic.store, SessionFilter()).rows}
    assert rows[poor].quality.verdict == "poor" and not rows[poor].quality.in_trend
    assert rows[old].quality.verdict is None and rows[old].quality.in_trend
    detail = session_detail(clinic.store, poor)
    assert session_quality_words(detail.quality) == (
        "Quality: poor (heel sensor dropped 18 % of readings), left out of the trends")
    clinic.store.include_session(poor, True, "Dr Who")
    assert session_quality_words(session_detail(clinic.store, poor).quality).endswith(
        ", shown in the trends by staff")
    assert session_quality_words(session_detail(clinic.store, old).quality).startswith(
        "Quality: not judged")
    assert left_out_words(0) is None
    assert left_out_words(1).startswith("1 poor-quality session left out of the trends")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext missing")
def test_the_report_says_how_many_sessions_were_left_out(clinic, tmp_path):
    clinic.session(60.0, GOOD)
    clinic.session(95.0, POOR)
    clinic.session(96.0, POOR)
    out = tmp_path / "r.pdf"
    write_report(clinic.store, clinic.patient, out, "step-01",
                 datetime(2026, 11, 1, tzinfo=UTC))
    text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    assert "(3 finished exercise sessions)" in text
    assert "2 poor-quality sessions left out of the trends" in text
    assert "poor, left out" in text and "good" in text  # the sessions table's column
