"""One worker thread for the UI's blocking calls (disk, session commands).

Results come back on the Kivy thread through ``Clock.schedule_once``, so the
UI thread never waits on the database or a sensor.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from kivy.clock import Clock

from kiosk.errors import RefusedRequest, UserError

log = logging.getLogger(__name__)

_T = TypeVar("_T")


class Background:
    """Runs jobs in order on one daemon thread; callbacks run on the UI thread."""

    def __init__(self) -> None:
        self._jobs: queue.Queue[Any] = queue.Queue()
        self._thread = threading.Thread(target=self._loop, name="ui-background", daemon=True)
        self._thread.start()
        self.pending = 0

    def submit(
        self,
        job: Callable[[], _T],
        done: Callable[[_T], None] | None = None,
        failed: Callable[[BaseException], None] | None = None,
    ) -> None:
        self.pending += 1
        self._jobs.put((job, done, failed))

    def close(self) -> None:
        self._jobs.put(None)

    def _loop(self) -> None:
        while True:
            item = self._jobs.get()
            if item is None:
                return
            job, done, failed = item
            try:
                result = job()
            except Exception as exc:  # handed to the UI: it shows a plain message
                _log_failure(exc)
                Clock.schedule_once(lambda _dt, e=exc, f=failed: self._finish(f, e))
            else:
                Clock.schedule_once(lambda _dt, r=result, d=done: self._finish(d, r))

    def _finish(self, callback: Callable[[Any], None] | None, value: Any) -> None:
        self.pending -= 1
        if callback is not None:
            callback(value)


def _log_failure(exc: Exception) -> None:
    """A refused request is the person's input, shown to them: one INFO line. Another
    ``UserError`` (a file that cannot be written, say) one WARNING line. Anything else is
    a fault in the kiosk: logged with its traceback."""
    if isinstance(exc, RefusedRequest):
        log.info("request refused: %s", exc)
    elif isinstance(exc, UserError):
        log.warning("request failed: %s", exc)
    else:
        log.exception("background job failed")
