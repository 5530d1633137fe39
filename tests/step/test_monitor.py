"""``smartstep monitor`` (the command-line contract), through the real command line."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import time

import pytest

from kiosk.analysis.samples import STRIP_NAMES
from kiosk.cli import main
from tests.processes import SMARTSTEP, user_env


def _lines(capsys):
    out = capsys.readouterr().out
    return [json.loads(line) for line in out.splitlines()]


# The simulated person's first heel raise is at its top 5 s in (kiosk.sim.step.default_body).
FIRST_TOP_S = 5.0


@pytest.mark.slow
def test_jsonl_shows_a_person_heel_raising(tmp_path):
    # Read while it runs and stop it once the samples' own clock is past the first rise's
    # top: as soon as that, however slow the machine (within a limit), no run time to guess.
    proc = subprocess.Popen([SMARTSTEP, "monitor", "--sim", "--jsonl"],
                            env=user_env(tmp_path, SMARTSTEP_DATA=str(tmp_path / "data")),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = b""
    try:
        assert proc.stdout is not None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            if select.select([proc.stdout], [], [], 0.2)[0]:
                out += os.read(proc.stdout.fileno(), 1 << 16)
                last = out[:out.rfind(b"\n")].rpartition(b"\n")[2]
                if last and json.loads(last)["t"] > FIRST_TOP_S + 1.0:
                    break
        proc.send_signal(signal.SIGTERM)  # stops like Ctrl-C: exit 0, the rest flushed
        rest, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err.decode()[-2000:]
    rows = [json.loads(line) for line in (out + rest).decode().splitlines()]
    assert len(rows) > 50
    for row in rows:
        assert set(row) == {"t", "tof_mm", "tof_status", "strips"}
        assert list(row["strips"]) == list(STRIP_NAMES)
        assert all(isinstance(c, int) and 0 <= c <= 1023 for c in row["strips"].values())
        assert row["tof_status"] in ("ok", "no_reading", "disconnected")
        assert (row["tof_mm"] is None) == (row["tof_status"] != "ok")
    times = [r["t"] for r in rows]
    assert times == sorted(times)
    distances = sorted(r["tof_mm"] for r in rows if r["tof_mm"] is not None)
    low, high = distances[len(distances) // 10], distances[-len(distances) // 10]
    assert high - low > 30  # the heel went up (robust to the sensor's rare spikes)
    # While up, the heel strips have unloaded onto the forefoot.
    raised = [r for r in rows if r["tof_mm"] is not None and r["tof_mm"] > low + 30]
    unloaded = [r for r in raised if r["strips"]["l_heel"] < r["strips"]["l_toe"]]
    assert len(unloaded) > 0.8 * len(raised)


def test_failed_device_still_exits_0(tmp_path, capsys):
    config = tmp_path / "config.toml"
    config.write_text(f'[tof]\nbackend = "serial"\nport = "{tmp_path / "ttyGONE"}"\n')
    assert main(["monitor", "--config", str(config), "--seconds", "0.5", "--jsonl"]) == 0
    rows = _lines(capsys)
    assert rows and all(r["tof_status"] == "disconnected" and r["tof_mm"] is None for r in rows)


def test_table_and_health(capsys):
    assert main(["monitor", "--sim", "--seconds", "0.6"]) == 0
    out = capsys.readouterr().out
    assert "l_toe" in out and "r_heel" in out
    assert "device health" in out and "tof" in out


def test_bad_config_is_one_line_exit_2(tmp_path, capsys):
    config = tmp_path / "config.toml"
    config.write_text('[tof]\nmount = "sideways"\n')
    assert main(["monitor", "--config", str(config), "--seconds", "1"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "tof.mount" in err


def test_bad_seconds_is_one_line_exit_2(capsys):
    assert main(["monitor", "--sim", "--seconds", "soon"]) == 2
    assert capsys.readouterr().err.count("\n") == 1
