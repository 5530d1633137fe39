"""Heel-rise tests on the progress screen and the report: why each ended, its protocol
record and quality (poor ones left out of the trends unless staff include them), and
change per leg against the minimal detectable change (limb symmetry first)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime

import pytest

from kiosk.analysis.protocol import ProtocolRecord
from kiosk.programme import Programme
from kiosk.staff.review.change import Detectable
from kiosk.staff.review.progress import patient_progress
from kiosk.staff.review.report import write_report
from kiosk.staff.review.test_words import BEYOND, WITHIN, change_lines
from kiosk.storage.store import NotFoundError, Store

BYRNE = Detectable.from_sems()


def _record(quality="good", cueing="lights_and_sound", ended_by="low_height", **kw):
    return ProtocolRecord(pace_bpm=60.0, cueing=cueing, ended_by=ended_by,
                          support="fingertip_or_none", kept_pace_bpm=60.0, tof_dropout_pct=0.2,
                          tof_noise_mm=0.8, calibration="staff", quality=quality,
                          quality_reasons=("tof_dropouts",) if quality == "poor" else (), **kw)


class Clinic:
    """A patient with heel-rise tests of each leg, one session per day."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.patient = store.add_patient("Tess Test", "T-1", 1970, sex="female",
                                         injured_side="left", body_mass_kg=70.0)
        self.day = 0

    def test(self, side: str, reps: int, *, work: float = 2000.0, peak: float = 80.0,
             record: ProtocolRecord | None = None, day: int | None = None) -> str:
        self.day = day if day is not None else self.day + 1
        session = self.store.start_session(
            self.patient, Programme.heel_rise_test(), step_id="step-01",
            started_at=f"2026-10-{self.day:02d}T10:00:{len(side):02d}.000Z")
        record = record or _record()
        test_id = self.store.add_heel_rise_test(
            session, side, reps, patient_id=self.patient, work_j=work, body_mass_kg=70.0,
            peak_mm=peak, ended_by=record.ended_by, protocol=record.to_json(),
            quality=record.quality)
        self.store.end_session(session, "completed")
        return test_id

    def progress(self):
        return patient_progress(self.store, self.patient, datetime(2026, 11, 1).date())


@pytest.fixture
def clinic(tmp_path):
    with Store(tmp_path / "smartstep.db") as store:
        yield Clinic(store)


def test_the_mdc_comes_from_the_published_sems():
    assert BYRNE.peak_mm == pytest.approx(22.2, abs=0.1)  # about 2.2 cm
    assert BYRNE.work_j == pytest.approx(1160, abs=5)
    assert BYRNE.reps == pytest.approx(18.6, abs=0.1)  # 19 reps
    assert Detectable.from_sems(reps=2.07).reps == pytest.approx(5.7, abs=0.05)  # Ross 2000


def test_only_a_change_above_the_mdc_is_called_beyond_what_the_test_can_detect(clinic):
    clinic.test("left", 10, work=1000.0, peak=60.0)
    clinic.test("left", 29, work=2200.0, peak=70.0)  # +19 reps, +1200 J, +1 cm
    clinic.test("right", 20)
    clinic.test("right", 38)  # +18 reps: within 18.6
    progress = clinic.progress()
    left, right = progress.changes
    assert (left.side, right.side) == ("left", "right")
    assert [c.beyond_detectable for c in left.changes] == [True, True, False]
    assert not any(c.beyond_detectable for c in right.changes)
    lines = change_lines(progress.changes, "left")
    assert lines[0].startswith("Left (injured), ")
    assert lines[0].endswith(f"reps and work {BEYOND}; peak height {WITHIN}.")
    assert "reps 10 -> 29 (+19, MDC 19)" in lines[0]
    assert lines[1].startswith("Right (uninjured), ") and BEYOND not in lines[1]
    assert lines[1].endswith(f"all {WITHIN}.")


def test_a_change_exactly_at_the_mdc_is_within_it(clinic):
    detectable = Detectable(reps=5.0, work_j=100.0, peak_mm=10.0)
    clinic.test("left", 10, work=1000.0, peak=50.0)
    clinic.test("left", 15, work=1100.0, peak=60.0)
    progress = patient_progress(clinic.store, clinic.patient, None, detectable)
    assert not any(c.beyond_detectable for c in progress.changes[0].changes)


def test_tests_run_differently_are_not_compared(clinic):
    clinic.test("left", 10, record=_record(cueing="lights"))
    clinic.test("left", 40)
    (left,) = clinic.progress().changes
    assert left.earlier_day is None and left.why_not == "cueing"
    assert "different cueing" in change_lines([left], "left")[0]
    # A comparable earlier test further back is used.
    clinic.test("left", 12, day=1)
    (left,) = clinic.progress().changes
    assert left.earlier_day is not None and left.changes[0].before == 12


def test_a_poor_test_stays_out_of_the_trends_until_staff_include_it(clinic):
    clinic.test("left", 10)
    clinic.test("right", 20)
    poor = clinic.test("left", 40, record=_record(quality="poor"))
    clinic.test("right", 21)
    progress = clinic.progress()
    flagged = next(t for t in progress.tests if t.id == poor)
    assert flagged.quality == "poor" and not flagged.in_trend
    left = next(c for c in progress.changes if c.side == "left")
    assert left.why_not == "first_test"  # the poor one is not compared
    # One week: its last test of each leg, the poor one left out (10 of 21 reps).
    assert [p.pct for p in progress.symmetry if p.measure == "reps"] == [
        pytest.approx(100 * 10 / 21)]
    clinic.store.include_heel_rise_test(poor, True, "Dr Who")
    progress = clinic.progress()
    left = next(c for c in progress.changes if c.side == "left")
    assert left.changes[0].after == 40 and left.changes[0].beyond_detectable
    assert [p.pct for p in progress.symmetry if p.measure == "reps"] == [
        pytest.approx(100 * 40 / 21)]
    (audit,) = clinic.store.query("SELECT actor, action, target_id FROM audit_log"
                                  " WHERE action = 'include_heel_rise_test'")
    assert audit == {"actor": "Dr Who", "action": "include_heel_rise_test", "target_id": poor}
    clinic.store.include_heel_rise_test(poor, None, "Dr Who")  # back to its verdict
    assert not next(t for t in clinic.progress().tests if t.id == poor).in_trend
    with pytest.raises(NotFoundError):
        clinic.store.include_heel_rise_test("no-such-test", True, "Dr Who")


def test_tests_stored_before_the_record_are_shown_but_not_compared(clinic):
    session = clinic.store.start_session(clinic.patient, Programme.heel_rise_test(),
                                         step_id="step-01", started_at="2026-09-30T10:00:00.000Z")
    clinic.store.add_heel_rise_test(session, "left", 15, patient_id=clinic.patient)
    clinic.test("left", 40)
    progress = clinic.progress()
    assert progress.tests[0].protocol is None and progress.tests[0].in_trend
    assert progress.changes[0].why_not == "no_record"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext missing")
def test_the_report_shows_the_end_the_record_the_quality_and_the_change(clinic, tmp_path):
    clinic.test("left", 10, work=1000.0, peak=60.0)
    clinic.test("right", 25, work=2500.0, peak=85.0)
    clinic.test("left", 30, work=2300.0, peak=62.0, record=_record(ended_by="missed_beats"))
    clinic.test("right", 26, work=2550.0, peak=86.0)
    clinic.test("left", 33, record=_record(quality="poor"))
    out = tmp_path / "r.pdf"
    write_report(clinic.store, clinic.patient, out, "step-01", datetime(2026, 11, 1, tzinfo=UTC))
    text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True,
                                   text=True, check=True).stdout.split())
    assert "Change against what the test can detect" in text
    # Limb symmetry first, then each leg; only the left's reps and work are beyond.
    assert text.index("Limb symmetry index, injured as % of uninjured") < text.index(
        "Left (injured), 2026-10-01 -> 2026-10-03")
    assert f"reps and work {BEYOND}; peak height {WITHIN}" in text
    assert text.count(BEYOND) == 1
    assert "Right (uninjured), 2026-10-02 -> 2026-10-04" in text and f"all {WITHIN}" in text
    assert "2 beats missed" in text and "heel height fell" in text
    assert "60 bpm (kept 60), lights + sound, fingertips at most" in text
    assert "POOR (heel sensor dropouts); left out of trends" in text
    assert "1.96 x sqrt(2) x SEM" in text and "Byrne 2017" in text


def test_every_end_and_quality_reason_has_staff_words():
    from kiosk.analysis.heel_rise_test import END_REASONS
    from kiosk.analysis.sensor_health import REASONS
    from kiosk.staff.review.test_words import END_SHORT_WORDS, END_WORDS, REASON_WORDS

    assert set(END_WORDS) == set(END_SHORT_WORDS) == set(END_REASONS)
    assert set(REASON_WORDS) == set(REASONS)
