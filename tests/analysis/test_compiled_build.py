"""The compiled analysis (mypyc, built by setup.py): used when current, identical results.

`make venv` builds it in place; these tests check that the build is what runs, that
it gives exactly what the Python sources give, and that a stale or partial build
is never used.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

import kiosk.analysis
from kiosk.analysis import engine, height
from kiosk.analysis.build import (
    MANIFEST_NAME,
    PURE_ENV,
    BuildStatus,
    compiled_names,
    inspect_build,
)
from kiosk.sim.corpus import scenarios
from tests.processes import user_env

REBUILD = "the compiled analysis is missing or out of date: run `make venv`"

# Every rep of each recording, as `smartstep analyze --json` would give them.
ANALYZE_ALL = """
import json, sys
from kiosk.analysis import BUILD
from kiosk.analysis.offline import analyze_file, reps_json
print(json.dumps({"build": BUILD.value,
                  "recordings": {p: reps_json(analyze_file(p)) for p in sys.argv[1:]}}))
"""


def _analyze(paths: list[Path], pure: bool, home: Path) -> dict:
    env = user_env(home, **({PURE_ENV: "1"} if pure else {}))
    done = subprocess.run([sys.executable, "-c", ANALYZE_ALL, *map(str, paths)], env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


@pytest.mark.skipif(bool(os.environ.get(PURE_ENV)), reason=f"{PURE_ENV} turns the build off")
def test_the_compiled_analysis_is_what_runs():
    assert kiosk.analysis.BUILD is BuildStatus.COMPILED, REBUILD
    for module in (engine, height):
        assert module.__file__ is not None
        assert module.__file__.endswith(tuple(EXTENSION_SUFFIXES)), (module.__file__, REBUILD)


@pytest.mark.slow
def test_compiled_and_source_give_the_same_reps_to_the_last_digit(tmp_path):
    """A spread of the corpus's artefact kinds (edge hits, dropouts, coarse and drifting
    sensors, stepping off, eccentric and single-leg reps, children, heavy patients)."""
    chosen = scenarios(3)[::5]
    paths = [path for s in chosen for path in s.write(tmp_path) if path.suffix == ".csv"]
    assert len(paths) >= 15
    compiled = _analyze(paths, pure=False, home=tmp_path)
    pure = _analyze(paths, pure=True, home=tmp_path)
    assert compiled["build"] == BuildStatus.COMPILED.value, REBUILD
    assert pure["build"] == BuildStatus.TURNED_OFF.value
    reps = sum(len(r["reps"]) for r in pure["recordings"].values())
    assert reps > 100
    for path in pure["recordings"]:
        assert compiled["recordings"][path] == pure["recordings"][path], path


def _fake_build(folder: Path, names: tuple[str, ...] = ("engine", "height")) -> None:
    """Sources, empty "extensions" and a manifest of them, as setup.py would leave."""
    for name in names:
        (folder / f"{name}.py").write_text(f"# {name}\n", encoding="utf-8")
        (folder / f"{name}{EXTENSION_SUFFIXES[0]}").write_bytes(b"")
    digests = {n: hashlib.sha256((folder / f"{n}.py").read_bytes()).hexdigest() for n in names}
    (folder / MANIFEST_NAME).write_text(json.dumps({"modules": digests}), encoding="utf-8")


def test_a_current_build_is_used(tmp_path):
    _fake_build(tmp_path)
    assert compiled_names(tmp_path) == ["engine", "height"]
    assert inspect_build(tmp_path, environ={}) is BuildStatus.COMPILED


def test_an_edited_source_is_run_from_source_until_rebuilt(tmp_path):
    _fake_build(tmp_path)
    (tmp_path / "height.py").write_text("# height, edited\n", encoding="utf-8")
    assert inspect_build(tmp_path, environ={}) is BuildStatus.STALE


@pytest.mark.parametrize("damage", ["no_manifest", "damaged_manifest", "one_missing",
                                    "one_extra"])
def test_a_partial_or_damaged_build_is_not_used(tmp_path, damage):
    _fake_build(tmp_path)
    if damage == "no_manifest":
        (tmp_path / MANIFEST_NAME).unlink()
    elif damage == "damaged_manifest":
        (tmp_path / MANIFEST_NAME).write_text('{"modules": [', encoding="utf-8")
    elif damage == "one_missing":
        (tmp_path / f"height{EXTENSION_SUFFIXES[0]}").unlink()
    else:
        (tmp_path / "stance.py").write_text("", encoding="utf-8")
        (tmp_path / f"stance{EXTENSION_SUFFIXES[0]}").write_bytes(b"")
    assert inspect_build(tmp_path, environ={}) is BuildStatus.NOT_BUILT


def test_the_switch_turns_the_build_off(tmp_path):
    _fake_build(tmp_path)
    assert inspect_build(tmp_path, environ={PURE_ENV: "1"}) is BuildStatus.TURNED_OFF
    assert inspect_build(tmp_path, environ={PURE_ENV: "0"}) is BuildStatus.COMPILED


def test_when_turned_off_every_analysis_module_loads_from_its_source(tmp_path):
    probe = ("import kiosk.analysis as a, kiosk.analysis.engine as e, "
             "kiosk.analysis.height as h, kiosk.analysis.reps as r; "
             "print(a.BUILD.value, e.__file__, h.__file__, r.__file__)")
    done = subprocess.run([sys.executable, "-c", probe],
                          env=user_env(tmp_path, **{PURE_ENV: "1"}), capture_output=True,
                          text=True, timeout=60, check=True)
    status, *files = done.stdout.split()
    assert status == BuildStatus.TURNED_OFF.value
    assert all(f.endswith(".py") for f in files), files
