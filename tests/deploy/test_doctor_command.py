"""smartstep doctor: passes on --sim, fails with a fix per check without the hardware."""

from __future__ import annotations

import json

from kiosk.cli import main
from kiosk.doctor.words import FIXES, TITLES


def test_sim_passes_and_prints_every_check(capsys):
    code = main(["doctor", "--sim"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    assert len(lines) == len(TITLES) + 1
    for line, title in zip(lines, TITLES.values(), strict=False):
        assert line.split("  ", 1)[1].startswith(title), line
        assert line.startswith(("PASS", "SKIP"))
    for passing in ("pressure strips", "heel-height sensor", "tempo lights", "data directory",
                    "clock", "configuration"):
        assert any(line.startswith("PASS") and passing in line for line in lines), passing
    assert lines[-1] == f"doctor: all {len(TITLES)} checks passed or skipped"


def test_without_the_hardware_every_hardware_check_fails_with_its_fix(capsys):
    # This machine has no SPI, UART, GPIO chip, MCP3008, ToF or udisks2.
    code = main(["doctor"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    failed = [line for line in lines if line.startswith("FAIL")]
    for title in ("devices wired", "SPI enabled", "UART enabled", "GPIO chip", "pressure strips",
                  "heel-height sensor", "tempo lights", "USB export"):
        line = next((f for f in failed if title in f), None)
        assert line is not None, f"{title} did not fail"
        fix = line.split(" -- fix: ", 1)[1]
        assert fix in FIXES.values()


def test_json_has_every_check_with_status_and_fix(capsys):
    code = main(["doctor", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1 and report["ok"] is False
    assert [c["check"] for c in report["checks"]] == list(TITLES)
    for check in report["checks"]:
        assert check["status"] in ("pass", "fail", "skip")
        assert (check["fix"] is not None) == (check["status"] == "fail")


def test_an_invalid_config_is_a_failed_check_not_a_crash(tmp_path, capsys):
    bad = tmp_path / "config.toml"
    bad.write_text('[tof]\nbaud = "fast"\n')
    code = main(["doctor", "--sim", "--config", str(bad)])
    out = capsys.readouterr().out
    assert code == 1
    first = out.splitlines()[0]
    assert first.startswith("FAIL  configuration:") and "'tof.baud'" in first
    assert "pressure strips" in out  # the rest still ran, on the defaults


def test_bad_options_and_a_missing_config_file_exit_2(tmp_path, capsys):
    assert main(["doctor", "--colour"]) == 2
    assert main(["doctor", "--config", str(tmp_path / "nope.toml")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "nope.toml not found" in err[1]


def test_every_problem_has_one_sentence_of_fix():
    for problem, fix in FIXES.items():
        assert fix.endswith("."), problem
        assert fix.count(". ") == 0, f"{problem}: one sentence"


def test_the_analysis_build_is_reported_and_plain_python_fails_nothing(capsys, monkeypatch):
    # The doctor fails on what breaks the step; plain Python counts the same, slower.
    from kiosk.analysis.build import BuildStatus
    from kiosk.doctor import runner

    monkeypatch.setattr(runner, "inspect_build", lambda: BuildStatus.STALE)
    code = main(["doctor", "--sim"])
    line = next(x for x in capsys.readouterr().out.splitlines() if "movement analysis" in x)
    assert code == 0
    assert line.startswith("PASS") and "plain Python" in line
    assert "built from older sources" in line and "install-pi --upgrade" in line
    monkeypatch.setattr(runner, "inspect_build", lambda: BuildStatus.COMPILED)
    assert main(["doctor", "--sim"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if "movement analysis" in x)
    assert line.startswith("PASS") and "compiled (mypyc)" in line
