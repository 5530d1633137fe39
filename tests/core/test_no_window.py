"""No display, no DRM device or no GL library: ``smartstep run`` says so in one line and
exits 2, never a traceback, and never runs on with a window nobody can see."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.processes import SMARTSTEP, user_env


def _run(tmp_path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = user_env(tmp_path, SMARTSTEP_DATA=str(tmp_path / "data"), **extra)
    if "DISPLAY" not in extra:  # the test's own display is not the case under test
        env.pop("DISPLAY", None)
    return subprocess.run([SMARTSTEP, "run", "--sim"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)


def _error_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 2, done.stderr[-2000:]
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    errors = [line for line in done.stderr.splitlines() if line.startswith("smartstep: ")]
    assert len(errors) == 1, done.stderr[-2000:]
    return errors[0]


def test_no_display_is_one_line_not_an_invisible_kiosk(tmp_path):
    # SDL falls back to drawing off screen when it finds no display: the kiosk would run
    # (and pass every check) with nothing on any screen.
    line = _error_line(_run(tmp_path))
    assert "cannot open the kiosk's window: no display found" in line
    assert "DISPLAY" in line


def test_no_drm_device_names_the_screen_and_the_groups(tmp_path):
    # The unit's driver where no /dev/dri is to be had (a container, a user without the
    # video group): Kivy has no window at all.
    line = _error_line(_run(tmp_path, SDL_VIDEODRIVER="kmsdrm"))
    assert "kmsdrm not available" in line and "video and render" in line


@pytest.mark.skipif(not os.environ.get("DISPLAY"), reason="needs a display")
def test_no_gl_library_names_the_packages(tmp_path):
    # A libGL that cannot load, as on a Pi OS Lite without Mesa's GL packages.
    broken = tmp_path / "lib"
    broken.mkdir()
    (broken / "libGL.so.1").write_bytes(b"")
    line = _error_line(_run(tmp_path, DISPLAY=os.environ["DISPLAY"],
                            LD_LIBRARY_PATH=str(broken)))
    assert "libGL.so.1" in line and "apt-get install libgl1 libgl1-mesa-dri" in line
