"""Written recordings follow the recording format; labels follow section 4."""

from __future__ import annotations

import csv
import json

from kiosk.analysis.samples import STRIP_NAMES
from kiosk.cli import main
from kiosk.sim.corpus import scenarios, write_corpus


def test_csv_and_labels_files(tmp_path):
    paths = write_corpus(tmp_path, seed=2, count=2)
    assert len(paths) == 4
    name = scenarios(2)[0].name
    with open(tmp_path / f"{name}.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["t", "tof_mm", *STRIP_NAMES]
    times = [float(r[0]) for r in rows[1:]]
    assert times == sorted(times) and times[0] >= 0.0
    for row in rows[1:]:
        assert row[1] == "" or float(row[1]) > 0
        assert all(0 <= int(c) <= 1023 for c in row[2:])
    labels = json.loads((tmp_path / f"{name}.labels.json").read_text(encoding="utf-8"))
    assert labels["summary"]["count"] == len(labels["reps"]) > 0
    assert set(labels["reps"][0]) >= {"start_s", "top_s", "end_s", "peak_mm", "up_s", "down_s",
                                      "stance", "faults"}


def test_samples_are_the_same_every_time():
    scenario = scenarios(3)[1]
    first = [s for _, s in zip(range(500), scenario.samples(), strict=False)]
    again = [s for _, s in zip(range(500), scenario.samples(), strict=False)]
    assert first == again


def test_simulate_command(tmp_path, capsys):
    assert main(["simulate", str(tmp_path / "out"), "--count", "1", "--seed", "4"]) == 0
    assert len(list((tmp_path / "out").glob("*.csv"))) == 1
    assert "1 labelled recordings" in capsys.readouterr().out


def test_simulate_into_a_file_is_one_line_error(tmp_path, capsys):
    target = tmp_path / "file.txt"
    target.write_text("x")
    assert main(["simulate", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a folder" in err
