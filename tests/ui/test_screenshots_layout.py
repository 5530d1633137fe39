"""``smartstep screenshots DIR`` renders every screen at the three display sizes,
with no clipped text, nothing off the window and no touch target under 10 mm."""

from __future__ import annotations

import subprocess

import pytest

from kiosk.ui.screenshots import SCREEN_NAMES, SIZES
from tests.processes import SMARTSTEP, user_env

pytestmark = pytest.mark.ui

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.mark.slow
def test_every_screen_at_every_size_without_layout_problems(tmp_path):
    out = tmp_path / "shots"
    # Its own process: Kivy makes one window per process, and this suite's is in use.
    result = subprocess.run(
        [SMARTSTEP, "screenshots", str(out)], cwd=tmp_path, env=user_env(tmp_path),
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    problems = [line for line in result.stderr.splitlines() if line.startswith("layout:")]
    assert problems == []
    for name in SCREEN_NAMES:
        for w, h in SIZES:
            path = out / f"{name}-{w}x{h}.png"
            data = path.read_bytes()
            assert data[:8] == PNG_MAGIC
            # The PNG's own header says its size: the window really was w x h.
            width = int.from_bytes(data[16:20], "big")
            height = int.from_bytes(data[20:24], "big")
            assert (width, height) == (w, h), path.name


def test_bad_output_folder_is_one_line(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = subprocess.run(
        [SMARTSTEP, "screenshots", str(blocker / "sub")], cwd=tmp_path, env=user_env(tmp_path),
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "cannot create" in result.stderr
