"""``smartstep analyze``: section-4 JSON on stdout, a table, and one-line errors."""

from __future__ import annotations

import json

from synth_analysis import RepSpec, Script, samples

from kiosk.analysis.recording import write_recording
from kiosk.cli import main


def _recording(tmp_path):
    path = tmp_path / "rec.csv"
    reps = [RepSpec(peak_mm=70), RepSpec(peak_mm=72, up_s=0.3, down_s=0.3), RepSpec(peak_mm=40)]
    write_recording(path, samples(Script(reps=reps, noise_mm=1.0, empty_s=1.0)))
    return path


def test_json_is_exactly_section_4(tmp_path, capsys):
    path = _recording(tmp_path)
    assert main(["analyze", str(path), "--json", "--tempo", "2-1-3"]) == 0
    out, err = capsys.readouterr()
    doc = json.loads(out)
    assert set(doc) == {"reps", "summary"}
    assert doc["summary"] == {"count": 3}
    keys = ["start_s", "top_s", "end_s", "peak_mm", "up_s", "down_s", "stance", "faults"]
    assert [list(r) for r in doc["reps"]] == [keys] * 3
    assert [r["faults"] for r in doc["reps"]] == [[], ["too_fast"], ["partial"]]
    assert all(r["stance"] == "both" for r in doc["reps"])
    assert err == ""


def test_target_changes_partial(tmp_path, capsys):
    path = _recording(tmp_path)
    main(["analyze", str(path), "--json", "--target-mm", "110"])
    doc = json.loads(capsys.readouterr().out)
    assert [r["faults"] for r in doc["reps"]] == [["partial"]] * 3


def test_table_for_people(tmp_path, capsys):
    path = _recording(tmp_path)
    assert main(["analyze", str(path)]) == 0
    out = capsys.readouterr().out
    assert "peak mm" in out and "Reps: 3" in out


def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("t,tof_mm,l_toe,l_lat,l_heel,r_toe,r_lat,r_heel\n0,80,1,2,3,4,5,6\n1,x,1,2,3,4,5,6\n")
    assert main(["analyze", str(bad), "--json"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and "line 3" in err
    assert main(["analyze", str(tmp_path / "missing.csv")]) == 2
    assert main(["analyze", str(bad), "--tempo", "fast"]) == 2
