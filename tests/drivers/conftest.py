"""A fake USB-UART for the ToF driver: a pty at a symlinked path that can be unplugged."""

from __future__ import annotations

import contextlib
import os
import threading
import tty
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest


class FakeUart:
    """Writes ``frame()`` into a pty every ``period`` s; ``path`` vanishes on ``unplug()``."""

    def __init__(self, path: Path, frame: Callable[[], bytes], period: float = 0.005) -> None:
        self.path = path
        self.frame = frame
        self.period = period
        self._lock = threading.Lock()
        self._master: int | None = None
        self._slave: int | None = None
        self._stop = threading.Event()
        self.plug()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def plug(self) -> None:
        with self._lock:
            master, slave = os.openpty()
            tty.setraw(slave)
            os.set_blocking(master, False)
            tmp = self.path.with_suffix(".tmp")
            tmp.symlink_to(os.ttyname(slave))
            os.replace(tmp, self.path)
            self._master, self._slave = master, slave

    def unplug(self) -> None:
        with self._lock:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()
            for fd in (self._master, self._slave):
                if fd is not None:
                    os.close(fd)
            self._master = self._slave = None

    def _run(self) -> None:
        while not self._stop.wait(self.period):
            with self._lock:
                if self._master is not None:
                    with contextlib.suppress(BlockingIOError):
                        os.write(self._master, self.frame())

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.unplug()


@pytest.fixture
def fake_uart(tmp_path) -> Iterator[Callable[..., FakeUart]]:
    made: list[FakeUart] = []

    def make(frame: Callable[[], bytes], period: float = 0.005) -> FakeUart:
        uart = FakeUart(tmp_path / "ttyUSB-tof", frame, period)
        made.append(uart)
        return uart

    yield make
    for uart in made:
        uart.close()
