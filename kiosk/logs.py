"""Logging, configured once at start-up for the terminal or for journald.

Under systemd (``JOURNAL_STREAM`` names our stderr) each line is
``<priority>logger: message``: journald reads the syslog priority prefix and
stamps the time itself, so no second timestamp. On a terminal each line has
the time, the level and the logger. INFO and above are kept either way, except
from the libraries in ``QUIET_LIBRARIES``, whose INFO lines are their own
bookkeeping (fontTools reports every table it subsets: about 30 lines per PDF
report) and would bury the kiosk's lines in the journal.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import TextIO

# syslog priorities journald understands as a "<N>" line prefix.
_PRIORITY = {logging.CRITICAL: 2, logging.ERROR: 3, logging.WARNING: 4, logging.INFO: 6,
             logging.DEBUG: 7}

# Library loggers -> the lowest level kept from them. fpdf2 subsets the report's font
# with fontTools, which logs each step at INFO; its warnings still come through.
QUIET_LIBRARIES = {"fontTools": logging.WARNING}


class OneLineFormatter(logging.Formatter):
    """A terminal line without the traceback (one-shot commands: errors are one line)."""

    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname.lower()}: {record.name}: {record.getMessage()}"


class JournalFormatter(logging.Formatter):
    """``<priority>name: message`` (the traceback, if any, on the lines after)."""

    def format(self, record: logging.LogRecord) -> str:
        level = max((lv for lv in _PRIORITY if lv <= record.levelno), default=logging.DEBUG)
        return f"<{_PRIORITY[level]}>{super().format(record)}"


class StderrHandler(logging.StreamHandler[TextIO]):
    """Writes to whatever ``sys.stderr`` is when a record comes (it may be replaced)."""

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        pass


def under_journald(stream: TextIO, environ: dict[str, str] | os._Environ[str]) -> bool:
    """True when ``stream`` is the journal stream systemd gave us (``JOURNAL_STREAM``)."""
    value = environ.get("JOURNAL_STREAM", "")
    try:
        device, inode = (int(part) for part in value.split(":"))
        st = os.fstat(stream.fileno())
    except (ValueError, OSError, AttributeError):
        return False
    return (st.st_dev, st.st_ino) == (device, inode)


def configure_logging(level: int = logging.INFO, stream: TextIO | None = None,
                      environ: dict[str, str] | None = None, *,
                      tracebacks: bool = True) -> logging.Handler:
    """One handler on the root logger (replacing any earlier one of ours); returns it.

    :param tracebacks: False: one line per record, no traceback (one-shot commands).
    """
    handler: logging.Handler = (
        StderrHandler() if stream is None else logging.StreamHandler(stream))
    if not tracebacks:
        handler.setFormatter(OneLineFormatter())
    elif under_journald(stream or sys.stderr, environ if environ is not None else os.environ):
        handler.setFormatter(JournalFormatter("%(name)s: %(message)s"))
    else:
        handler.setFormatter(logging.Formatter(
            "%(asctime)s %(levelname)-7s %(name)s: %(message)s", "%Y-%m-%d %H:%M:%S"))
    handler.set_name("smartstep")
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "smartstep"]:
        root.removeHandler(old)
    root.addHandler(handler)
    # What this handler shows; the root logger lets INFO through only when we show it,
    # so other handlers (the technician screen's recent problems) still see warnings.
    handler.setLevel(level)
    root.setLevel(min(level, logging.WARNING))
    for name, lowest in QUIET_LIBRARIES.items():
        logging.getLogger(name).setLevel(lowest)
    return handler
