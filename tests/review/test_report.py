"""``smartstep report``: a valid two-page PDF, and one line + exit 2 on bad input."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from kiosk.staff.review.report import write_report
from tests.processes import SMARTSTEP, user_env

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
    reason="pdftoppm/pdftotext missing (make test installs poppler-utils)")


def _cli(*args: str, data) -> subprocess.CompletedProcess:
    env = user_env(data.parent, SMARTSTEP_DATA=str(data))
    return subprocess.run([SMARTSTEP, "report", *args], env=env,
                          capture_output=True, text=True, timeout=120)


def _text(pdf) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


@needs_poppler
def test_report_of_500_sessions_renders_two_pages(sample_db, tmp_path):
    db, _ids = sample_db
    out = tmp_path / "report.pdf"
    done = _cli("C-1500", "--pdf", str(out), data=db.parent)
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size < 1_000_000
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(out), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 2 and all(p.stat().st_size > 10_000 for p in pages)
    text = _text(out)
    for words in ("Martin Many", "Reps per session", "Heel-rise tests", "Latest sessions",
                  "Hébert-Losier", "Silbernagel", "Generated", "page 2 of 2"):
        assert words in text
    assert not list(tmp_path.glob(".report.pdf.*"))  # no temporary file left


@needs_poppler
def test_patient_without_sessions_gets_a_report_that_says_so(sample_db, tmp_path):
    db, _ids = sample_db
    out = tmp_path / "none.pdf"
    assert _cli("C-1000", "--pdf", str(out), data=db.parent).returncode == 0
    assert "No sessions yet" in _text(out)


def test_unknown_patient_is_one_line_and_exit_2(sample_db, tmp_path):
    db, _ids = sample_db
    done = _cli("C-9999", "--pdf", str(tmp_path / "x.pdf"), data=db.parent)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "C-9999" in done.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_unwritable_file_is_one_line_naming_it(sample_db, tmp_path):
    db, _ids = sample_db
    locked = tmp_path / "locked"
    locked.mkdir()
    target = locked / "r.pdf"
    if os.geteuid() == 0:  # root writes anywhere: a missing folder is unwritable for all
        target = tmp_path / "no-such-folder" / "r.pdf"
    else:
        locked.chmod(0o500)
    done = _cli("C-1001", "--pdf", str(target), data=db.parent)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and str(target) in done.stderr
    assert not target.exists()


def test_a_failed_write_keeps_the_old_report(sample, tmp_path, monkeypatch):
    store, ids = sample
    target = tmp_path / "r.pdf"
    target.write_bytes(b"old report")

    def full_disk(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    from kiosk.staff.review.report import ReportWriteError
    with pytest.raises(ReportWriteError, match="No space left"):
        write_report(store, ids["one"], target, "step-01")
    assert target.read_bytes() == b"old report"
    assert [p.name for p in tmp_path.iterdir()] == ["r.pdf"]


def test_making_a_report_logs_no_font_lines_and_no_warnings(sample, tmp_path):
    """fpdf2 subsets the font with fontTools, which logs each step: kept out of the kiosk's
    log (the journal and the technician's last warnings and errors)."""
    import io
    import logging

    from kiosk.logs import QUIET_LIBRARIES, configure_logging

    store, ids = sample
    root = logging.getLogger()
    root_level = root.level
    stream = io.StringIO()
    handler = configure_logging(stream=stream, environ={})
    records: list[logging.LogRecord] = []
    everything = logging.Handler(logging.DEBUG)
    everything.emit = records.append  # type: ignore[method-assign]
    root.addHandler(everything)
    try:
        write_report(store, ids["many"], tmp_path / "r.pdf", "step-01")
    finally:
        root.removeHandler(everything)
        root.removeHandler(handler)
        root.setLevel(root_level)
        for name in QUIET_LIBRARIES:
            logging.getLogger(name).setLevel(logging.NOTSET)
    assert "fontTools" not in stream.getvalue()
    assert not [r for r in records if r.name.startswith("fontTools")]
    assert not [r.getMessage() for r in records if r.levelno >= logging.WARNING]


@pytest.fixture
def own_copy(sample_db, tmp_path):
    """The sample database copied, for a test that changes it (settings, a patient)."""
    import sqlite3

    from kiosk.storage.store import Store

    path, ids = sample_db
    target = tmp_path / "data" / "smartstep.db"
    target.parent.mkdir()
    with sqlite3.connect(path) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    with Store(target, recover=False) as store:
        yield store, ids


@needs_poppler
def test_report_names_the_clinic_clinician_and_diagnosis(own_copy, tmp_path):
    from kiosk.storage.settings import SettingsTable

    store, ids = own_copy
    store.update_patient(ids["one"], diagnosis="Achilles tendon rupture, repaired",
                         clinician="Ingrid Holm")
    SettingsTable(store).save_settings({"clinic_name": "Physio am Stadtpark"}, "test", {})
    out = tmp_path / "r.pdf"
    done = _cli("C-1001", "--pdf", str(out), data=store.path.parent)  # as the kiosk makes it
    assert done.returncode == 0, done.stderr
    text = _text(out)
    assert text.lstrip().startswith("Physio am Stadtpark")
    assert "Diagnosis: Achilles tendon rupture, repaired" in text
    assert "Clinician: Ingrid Holm" in text
    assert text.count("Physio am Stadtpark") == 1 + 2  # the top, and each page's foot


@needs_poppler
def test_one_session_reads_right_on_a_sensible_week_axis_with_its_symmetry(sample, tmp_path):
    store, ids = sample
    out = tmp_path / "one.pdf"
    write_report(store, ids["one"], out, "step-01")
    page_1 = _text(out).split("\f")[0]
    assert "1 session in all (1 finished exercise session)" in page_1
    assert "sessions in all" not in page_1 and "1 sessions" not in page_1
    # Weeks since the first session: 0 to 4, never -1 to 1 around a lone point.
    numbers = re.compile(r"-?\d+(\.\d+)?")
    ticks = [t for t in (line.split() for line in page_1.splitlines())
             if len(t) >= 5 and all(numbers.fullmatch(x) for x in t)]  # x axes' labels
    assert ticks and all(t == ["0", "1", "2", "3", "4"] * (len(t) // 5) for t in ticks), ticks
    assert not re.search(r"(^|\s)-\d", page_1)
    # Her injured side is known but no test of both legs yet: the sessions' LSI is shown.
    assert "no data yet" not in page_1
    assert "Limb symmetry index" in page_1


@pytest.mark.parametrize("typed", ["c1001", "C 1001", "c/1001", "C.1001"])
def test_a_clinic_id_is_found_without_punctuation_or_case(sample, tmp_path, typed):
    store, ids = sample
    result = write_report(store, typed, tmp_path / "r.pdf", "step-01")
    assert result.sessions == 1
    from kiosk.staff.review.service import ReviewService

    review = ReviewService(store, step_id="s")
    assert [p.id for p in review.find_patients(typed)] == [ids["one"]]
