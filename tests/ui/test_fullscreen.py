"""``smartstep run --fullscreen`` fills the display at each of the three sizes.

Each size gets its own X server with no window manager, as on a kiosk's bare X: there
SDL's "full screen desktop" is only a request nobody answers, and the window stayed
800x480 while the screens were laid out for the whole display.
"""

from __future__ import annotations

import os
import re
import select
import shutil
import signal
import socket
import subprocess
import time

import pytest

from tests.processes import SMARTSTEP, user_env

pytestmark = [
    pytest.mark.ui,
    pytest.mark.skipif(not (shutil.which("Xvfb") and shutil.which("xwininfo")),
                       reason="needs Xvfb and xwininfo (make test installs them)"),
]


def _start_xvfb(size: tuple[int, int]) -> tuple[subprocess.Popen, int | None]:
    """An X server of ``size`` and its display number (None: it did not start in 10 s).

    Xvfb picks a free display itself (``-displayfd``) and names it once it takes
    connections: tests running in parallel never pick the same number.
    """
    read, write = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0",
                             f"{size[0]}x{size[1]}x24", "-nolisten", "tcp"], pass_fds=(write,),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read, "rb") as answer:
        got = b""
        deadline = time.monotonic() + 10
        while not got.endswith(b"\n") and time.monotonic() < deadline:
            if not select.select([answer], [], [], 0.1)[0]:
                continue
            chunk = os.read(answer.fileno(), 16)
            if not chunk:
                break  # it ended
            got += chunk
    return xvfb, int(got) if got.endswith(b"\n") else None


def _wait_for(predicate, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def _windows(display: str) -> list[tuple[int, int, int, int]]:
    """The top-level windows' width, height, x and y."""
    tree = subprocess.run(["xwininfo", "-root", "-children", "-display", display],
                          capture_output=True, text=True, timeout=10).stdout
    return [tuple(map(int, m)) for m in re.findall(r"\s(\d+)x(\d+)\+(-?\d+)\+(-?\d+)", tree)]


@pytest.mark.parametrize("size", [(800, 480), (1280, 720), (720, 1280)],
                         ids=lambda s: f"{s[0]}x{s[1]}")
def test_fullscreen_fills_the_display(size, tmp_path):
    xvfb, n = _start_xvfb(size)
    display = f":{n}"
    notify = tmp_path / "notify.sock"
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(notify))
    sock.setblocking(False)
    kiosk = None
    try:
        assert n is not None, "Xvfb did not start"
        env = user_env(tmp_path, DISPLAY=display, SMARTSTEP_DATA=str(tmp_path / "data"),
                       NOTIFY_SOCKET=str(notify))
        log = (tmp_path / "run.log").open("w")
        kiosk = subprocess.Popen([SMARTSTEP, "run", "--sim", "--fullscreen"], cwd=tmp_path,
                                 env=env, stdout=log, stderr=log)
        log.close()

        def ready() -> bool:
            try:
                return sock.recv(4096).startswith(b"READY=1")
            except BlockingIOError:
                return kiosk.poll() is not None  # stop waiting: it ended

        assert _wait_for(ready, 60) and kiosk.poll() is None, \
            (tmp_path / "run.log").read_text()[-2000:]
        # The window is mapped a moment after the first frame.
        assert _wait_for(lambda: (*size, 0, 0) in _windows(display), 20), _windows(display)
        # systemd may stop it any moment after READY: SIGTERM ends it cleanly (it once
        # found SIGTERM at its default right after READY and died with -15).
        kiosk.send_signal(signal.SIGTERM)
        assert kiosk.wait(timeout=20) == 0, (tmp_path / "run.log").read_text()[-2000:]
    finally:
        if kiosk is not None and kiosk.poll() is None:
            kiosk.terminate()
            kiosk.wait(timeout=20)
        sock.close()
        xvfb.terminate()
        xvfb.wait(timeout=10)
