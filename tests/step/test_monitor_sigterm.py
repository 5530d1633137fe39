"""``smartstep monitor`` stopped by SIGTERM or SIGHUP closes its devices: no pty folder left."""

from __future__ import annotations

import signal
import subprocess

import pytest

from tests.processes import SMARTSTEP, user_env


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_signal_cleans_up_the_simulated_step(sig, tmp_path):
    tmpdir = tmp_path / "tmp"  # the simulated ToF's pty folder goes here (tempfile honours it)
    tmpdir.mkdir()
    env = user_env(tmp_path, TMPDIR=str(tmpdir), SMARTSTEP_DATA=str(tmp_path / "data"))
    proc = subprocess.Popen([SMARTSTEP, "monitor", "--sim", "--jsonl"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()  # the step is running once samples flow
        assert first.startswith("{"), proc.stderr.read() if proc.stderr else ""
        assert [p.name for p in tmpdir.iterdir() if p.name.startswith("smartstep-tof-")]
        proc.send_signal(sig)
        _out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert list(tmpdir.iterdir()) == []  # removed before the process exited
