"""Kivy's environment is settled before its first import, whatever is imported first.

Each case runs in a fresh interpreter with a clean environment (the test process has
Kivy imported and its variables set, which hid a crash at every real start)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from kiosk.ui import kivy_env
from tests.processes import user_env

REPO = Path(__file__).resolve().parents[2]

# After the import under test: Kivy's stderr, clock and a log line through the kiosk's
# handler (which writes to sys.stderr: in Kivy's own log mode that loops for ever).
CHECK = """
import logging, sys
import kivy.clock, kivy.logger
from kiosk.logs import configure_logging
configure_logging()
logging.getLogger("probe").warning("a line")
clock = object.__getattribute__(kivy.clock.Clock, "_obj")
print(type(clock).__name__, sys.stderr is sys.__stderr__, kivy.logger.KIVY_LOG_MODE)
"""


@pytest.mark.parametrize("first", [
    "import kiosk.ui.app",
    "import kiosk.ui.screens.home",
    "from kiosk.ui.widgets import heel_gauge",
    "from kiosk.app import run_kiosk; import kiosk.ui.app",
])
def test_any_first_import_settles_kivy_before_kivy_loads(first, tmp_path):
    done = subprocess.run([sys.executable, "-c", f"{first}\n{CHECK}"], cwd=tmp_path,
                          env=user_env(tmp_path), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["ClockBaseFreeInterruptAll", "True", "PYTHON"]
    assert "a line" in done.stderr and "Traceback" not in done.stderr


def test_kivy_imported_first_is_refused_with_the_reason(tmp_path):
    # The guard is what makes the order safe: without it this start would run with
    # Kivy's default log mode and clock, and fail later, far from the cause.
    done = subprocess.run([sys.executable, "-c", "import kivy.clock\nimport kiosk.ui"],
                          cwd=tmp_path, env=user_env(tmp_path), capture_output=True,
                          text=True, timeout=60)
    assert done.returncode != 0
    assert "KivyImportedTooEarly" in done.stderr and "KIVY_LOG_MODE" in done.stderr


def test_settle_sets_every_required_variable_and_keeps_the_rest():
    env = {"KIVY_LOG_MODE": "KIVY", "OTHER": "x"}
    kivy_env.settle(env)
    assert env == {**kivy_env.REQUIRED, "OTHER": "x"}
    kivy_env.settle(env)  # again: nothing changes
    assert env == {**kivy_env.REQUIRED, "OTHER": "x"}


def test_kivy_tracebacks_become_one_line():
    import logging

    record = logging.LogRecord("kivy", logging.ERROR, __file__, 1, "Input: %s missing",
                               ("MTDev",), None)
    try:
        raise OSError("libmtdev.so.1: cannot open shared object file")
    except OSError:
        record.exc_info = sys.exc_info()
    assert kivy_env.OneLineRecords().filter(record)
    assert record.exc_info is None
    assert record.getMessage() == (
        "Input: MTDev missing (OSError: libmtdev.so.1: cannot open shared object file)")


def test_the_kivy_contract_covers_every_part_of_kiosk_but_the_ui():
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"]
                    if c["forbidden_modules"] == ["kivy"] and c.get("allow_indirect_imports"))
    parts = {f"kiosk.{p.stem if p.is_file() else p.name}"
             for p in (REPO / "kiosk").iterdir()
             if (p.suffix == ".py" and p.stem != "__init__")
             or (p.is_dir() and (p / "__init__.py").exists())}
    assert set(contract["source_modules"]) == parts - {"kiosk.ui"}
