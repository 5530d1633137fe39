"""``smartstep report``: a valid two-page PDF, and one line + exit 2 on bad input."""

from __future__ import annotations

import os
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
