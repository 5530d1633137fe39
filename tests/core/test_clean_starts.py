"""No test hands its own environment to a process it starts.

The test process has Kivy's variables, pytest's ``KIVY_UNITTEST`` and the fixtures'
``SMARTSTEP_*`` set; a child given ``os.environ`` starts in a world no user has (every
test passed while the kiosk crashed at every real start). Tests build a child's
environment with ``tests.processes`` instead; this reads the tests' source to keep it so.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
STARTERS = {"run", "Popen", "check_output", "check_call", "call"}
# Processes that run none of the kiosk's code, and need the caller's environment.
OTHERS_PROGRAMS = {
    "ui/test_installed_wheel.py": "pip builds the wheel (its compiler settings)",
    "sync/test_udisks_backend.py": "the system Python's python-dbusmock and dbus-daemon",
}
# An argument list that starts the kiosk: the console script, `-m kiosk`, a `cli` prefix.
OURS = re.compile(r'\bSMARTSTEP\b|"kiosk"|\bcli\b')
COPIES = ("**os.environ", "os.environ.copy()", "dict(os.environ", "os.environ.items()")


def _starts(tree: ast.AST) -> list[ast.Call]:
    return [node for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr in STARTERS and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "subprocess"]


def offences(path: Path) -> list[str]:
    """Where a test in ``path`` gives a child its own environment."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    found = []
    for function in [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]:
        body = ast.get_source_segment(source, function) or ""
        starts = _starts(function)
        if starts and any(copy in body for copy in COPIES):
            found.append(f"{function.name}: copies os.environ for a child")
        for call in starts:
            argv = ast.get_source_segment(source, call.args[0]) if call.args else ""
            if OURS.search(argv or "") and not any(k.arg == "env" for k in call.keywords):
                found.append(f"{function.name}: starts the kiosk with the test's environment")
    return found


def test_no_test_gives_a_child_its_own_environment():
    found = {}
    for path in sorted(TESTS.rglob("test_*.py")):
        rel = path.relative_to(TESTS).as_posix()
        if rel in OTHERS_PROGRAMS:
            continue
        if problems := offences(path):
            found[rel] = problems
    assert found == {}


def test_the_check_finds_both_kinds(tmp_path):
    sample = tmp_path / "test_sample.py"
    sample.write_text(
        "import os, subprocess\n"
        "def test_a():\n"
        "    subprocess.run(['x'], env={**os.environ, 'A': '1'})\n"
        "def test_b():\n"
        "    subprocess.run([SMARTSTEP, 'run'])\n"
        "def test_c(tmp_path):\n"
        "    subprocess.run([SMARTSTEP, 'run'], env=user_env(tmp_path))\n")
    assert offences(sample) == ["test_a: copies os.environ for a child",
                                "test_b: starts the kiosk with the test's environment"]
