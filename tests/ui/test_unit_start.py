"""The installed unit's own command line, started with the environment systemd gives it.

``scripts/install-pi --root`` installs into a folder; its unit's ``ExecStart`` then runs
with the unit's ``Environment=`` lines, the variables systemd itself sets (PATH, the
service user's HOME, STATE_DIRECTORY, RUNTIME_DIRECTORY, NOTIFY_SOCKET, WATCHDOG_USEC,
JOURNAL_STREAM) and its WorkingDirectory, nothing of the test process's. Changed, and
only these: the paths, moved into the installer's folder; SDL on this machine's X display
instead of the Pi's DRM device; ``--sim`` added (no GPIO, SPI or UART here), as the Pi
rehearsal (``scripts/rehearse-pi``) starts it too.
"""

from __future__ import annotations

import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.deploy.conftest import CMDLINE_TXT, CONFIG_TXT, INSTALLER
from tests.processes import SMARTSTEP, under, unit_env, unit_settings

pytestmark = [pytest.mark.ui, pytest.mark.slow]

INSTALLED_EXE = "/opt/smartstep/.venv/bin/smartstep"


def _installed_root(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    (root / "boot" / "firmware").mkdir(parents=True)
    (root / "boot" / "firmware" / "config.txt").write_text(CONFIG_TXT)
    (root / "boot" / "firmware" / "cmdline.txt").write_text(CMDLINE_TXT)
    done = subprocess.run([sys.executable, str(INSTALLER), "--root", str(root)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return root


def _messages(sock: socket.socket, until: bytes, timeout_s: float) -> list[bytes]:
    got: list[bytes] = []
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            got.append(sock.recv(4096))
        except TimeoutError:
            continue
        if got[-1].startswith(until):
            break
    return got


@pytest.mark.skipif(not os.environ.get("DISPLAY"), reason="needs a display")
def test_the_units_command_line_starts_and_stops_as_under_systemd(tmp_path):
    root = _installed_root(tmp_path)
    unit = root / "etc/systemd/system/smartstep.service"
    settings = unit_settings(unit)
    argv = shlex.split(settings["ExecStart"][-1])
    assert argv[0] == INSTALLED_EXE
    argv = [SMARTSTEP, *argv[1:], "--sim"]
    # The installed config, its data folder moved into the root like every other path.
    config = under(root, "/etc/smartstep/config.toml")
    config.write_text(config.read_text(encoding="utf-8").replace(
        '"/var/lib/smartstep"', f'"{under(root, "/var/lib/smartstep")}"'), encoding="utf-8")
    notify = tmp_path / "notify.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(notify))
    sock.settimeout(0.5)
    journal = (tmp_path / "journal").open("w+", encoding="utf-8")
    st = os.fstat(journal.fileno())
    env = unit_env(unit, root=root, home=Path("/var/lib/smartstep"),
                   NOTIFY_SOCKET=str(notify), WATCHDOG_USEC="30000000",
                   JOURNAL_STREAM=f"{st.st_dev}:{st.st_ino}",
                   SDL_VIDEODRIVER="x11", DISPLAY=os.environ["DISPLAY"])
    for key in ("STATE_DIRECTORY", "RUNTIME_DIRECTORY"):  # systemd makes them
        for folder in filter(None, env.get(key, "").split(":")):
            Path(folder).mkdir(parents=True, exist_ok=True)
    workdir = under(root, settings.get("WorkingDirectory", ["/"])[-1])
    workdir.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(argv, cwd=workdir, env=env, stdout=journal, stderr=journal)
    try:
        start_s = float(settings.get("TimeoutStartSec", ["90"])[-1])
        ready = _messages(sock, b"READY=1", start_s)
        assert ready and ready[-1].startswith(b"READY=1"), proc.poll()
        assert _messages(sock, b"WATCHDOG=1", 5)[-1] == b"WATCHDOG=1"
        proc.send_signal(signal.SIGTERM)  # systemctl stop
        assert _messages(sock, b"STOPPING=1", 20)[-1] == b"STOPPING=1"
        assert proc.wait(timeout=float(settings.get("TimeoutStopSec", ["90"])[-1])) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        sock.close()
        journal.seek(0)
        lines = journal.read().splitlines()
        journal.close()
    # journald's format: a priority on every line; no traceback, nothing at error level.
    assert lines and all(line[:1] == "<" and line[2:3] == ">" for line in lines), lines[:20]
    assert [line for line in lines if line[:3] in ("<0>", "<1>", "<2>", "<3>")] == []
