"""Logging is configured once: readable on a terminal, journald-ready under systemd."""

from __future__ import annotations

import io
import logging
import os

from kiosk.logs import configure_logging


def _log_through(handler: logging.Handler, level: int, message: str) -> None:
    logger = logging.getLogger("kiosk.test")
    logger.log(level, message)
    handler.flush()


def test_terminal_lines_have_time_level_and_logger(tmp_path):
    stream = io.StringIO()
    handler = configure_logging(stream=stream, environ={})
    try:
        _log_through(handler, logging.INFO, "hello")  # INFO is kept, not lost
        line = stream.getvalue().strip()
        assert line.endswith("INFO    kiosk.test: hello")
        assert line[:4].isdigit()  # a date first
    finally:
        logging.getLogger().removeHandler(handler)


def test_journald_lines_have_a_priority_and_no_timestamp(tmp_path):
    path = tmp_path / "journal"
    with path.open("w") as stream:
        st = os.fstat(stream.fileno())
        handler = configure_logging(stream=stream, environ={
            "JOURNAL_STREAM": f"{st.st_dev}:{st.st_ino}"})
        try:
            _log_through(handler, logging.WARNING, "careful")
            _log_through(handler, logging.ERROR, "broken")
        finally:
            logging.getLogger().removeHandler(handler)
    assert path.read_text().splitlines() == ["<4>kiosk.test: careful", "<3>kiosk.test: broken"]


def test_configuring_twice_keeps_one_handler():
    first = configure_logging(stream=io.StringIO(), environ={})
    second = configure_logging(stream=io.StringIO(), environ={})
    try:
        ours = [h for h in logging.getLogger().handlers if h.get_name() == "smartstep"]
        assert ours == [second] and first is not second
    finally:
        logging.getLogger().removeHandler(second)
