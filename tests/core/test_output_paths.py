"""Output folders: an empty path is refused; screenshots never report a file not written."""

from __future__ import annotations

import os
import subprocess
import time

import pytest

from kiosk.cli import main
from kiosk.commands.screenshots import PNG_MAGIC, not_written
from tests.processes import SMARTSTEP, user_env


@pytest.mark.parametrize("argv", [
    ["export", ""], ["export", "  "], ["simulate", ""], ["screenshots", ""], ["merge", "", "x"],
    ["merge", "t.db", ""],
])
def test_empty_path_is_refused_and_nothing_is_written_here(argv, tmp_path, monkeypatch, capsys):
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    assert main(["demo-data", "--patients", "1", "--years", "0.05"]) == 0
    capsys.readouterr()
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("smartstep") and err.count("\n") == 1 and "empty path" in err, err
    assert list(here.iterdir()) == []


def test_only_fresh_png_files_count_as_written(tmp_path):
    since = time.time_ns()
    good = tmp_path / "good.png"
    good.write_bytes(PNG_MAGIC + b"rest")
    stale = tmp_path / "stale.png"
    stale.write_bytes(PNG_MAGIC)
    os.utime(stale, ns=(since - 3_600_000_000_000,) * 2)
    folder = tmp_path / "folder.png"
    folder.mkdir()
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    paths = [good, stale, folder, empty, tmp_path / "absent.png"]
    assert not_written(paths, since) == paths[1:]


def test_read_only_folder_is_one_line_before_rendering(tmp_path, read_only_prefix):
    out = tmp_path / "shots"
    out.mkdir()
    prefix = read_only_prefix
    if not prefix:
        out.chmod(0o555)
    try:
        done = subprocess.run([*prefix, SMARTSTEP, "screenshots", str(out)],
                              env=user_env(tmp_path, RO=str(out)), capture_output=True,
                              text=True, timeout=60)
    finally:
        out.chmod(0o755)
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and str(out) in done.stderr, done.stderr
