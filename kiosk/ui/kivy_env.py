"""Kivy's process environment, settled once, before the first Kivy import.

Kivy reads these variables when it is first imported and never again, so they are
set here and nowhere else; ``kiosk/ui/__init__.py`` calls :func:`settle` and every
Kivy import of the kiosk lies inside ``kiosk.ui`` (an import contract says so), so no
import order can reach Kivy first. This module itself must not import Kivy.

Why each one:

- ``KIVY_LOG_MODE=PYTHON``: Kivy adds no handlers of its own and leaves ``sys.stderr``
  alone. In its default mode it replaces ``sys.stderr`` with a stream that logs every
  write as a warning, and the kiosk's handler, which writes to ``sys.stderr``, then
  logs its own lines for ever (a RecursionError at start).
- ``KIVY_NO_ARGS=1``: Kivy must not read the kiosk's command line (``--sim`` is ours).
- ``KCFG_KIVY_KIVY_CLOCK=free_all``: a "free" callback scheduled from any thread wakes
  the clock's sleep between frames, so a committed rep is drawn at once, not at the
  next 60 Hz tick; the app schedules such callbacks and the default clock has none.
  (Not "interrupt": it wakes for every event, and the every-frame poll makes it spin.)

- ``KIVY_WINDOW=sdl2``: the one window provider the kiosk uses (desktop and the Pi's
  KMS/DRM); Kivy's X11 provider, tried next, ends the process (exit 102) when it fails.
- ``SDL_NO_SIGNAL_HANDLERS=1``: SDL would turn SIGTERM into a window-close request,
  which a kiosk refuses, so ``systemctl stop`` did nothing; the kiosk's own handler
  stops the app (and saves a running session as stopped).

Kivy's own log records come through the kiosk's logging (the journal) as one line each:
Kivy logs a traceback for every optional part it cannot load (the touch provider's
``libmtdev`` on a developer's machine, say); the line with the error's own words is
what a technician can act on, the traceback fills "the last warnings and errors".
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import MutableMapping

REQUIRED: dict[str, str] = {
    "KIVY_LOG_MODE": "PYTHON",
    "KIVY_NO_ARGS": "1",
    "KCFG_KIVY_KIVY_CLOCK": "free_all",
    "KIVY_WINDOW": "sdl2",
    "SDL_NO_SIGNAL_HANDLERS": "1",
}


class KivyImportedTooEarly(RuntimeError):
    """Kivy was imported before its environment was settled: a programming error."""


def settle(environ: MutableMapping[str, str] | None = None) -> None:
    """Set Kivy's environment for this process (idempotent).

    :raises KivyImportedTooEarly: Kivy is already imported with another environment; its
        logging and clock are then not the kiosk's, and the kiosk would fail later in a
        way that is hard to trace back here.
    """
    env = os.environ if environ is None else environ
    wrong = sorted(k for k, v in REQUIRED.items() if env.get(k) != v)
    if wrong and "kivy" in sys.modules and environ is None:
        raise KivyImportedTooEarly(
            "Kivy was imported before kiosk.ui settled its environment "
            f"({', '.join(wrong)}); import kiosk.ui before kivy")
    env.update(REQUIRED)
    if environ is None:
        kivy_logger = logging.getLogger("kivy")
        if not any(isinstance(f, OneLineRecords) for f in kivy_logger.filters):
            kivy_logger.addFilter(OneLineRecords())


class OneLineRecords(logging.Filter):
    """A record's traceback folded into its line: ``message (OSError: what failed)``."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            record.msg = f"{record.getMessage()} ({type(exc).__name__}: {exc})"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True
