"""A normal (not editable) install shows the pictures: they are package data, found with
importlib.resources, never through the source tree. Its analysis is compiled (the wheel
carries the extensions and their manifest).

Builds the wheel from a copy of the sources, installs it with no dependencies into a
folder, and renders the programme screen with a fresh interpreter that sees only that
folder and the dev venv's dependencies (not the editable install), from another folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

from tests.processes import user_env

pytestmark = [pytest.mark.ui, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]

RENDER = textwrap.dedent("""
    import sys
    from pathlib import Path

    site, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir()
    import kiosk
    assert Path(kiosk.__file__).is_relative_to(site), kiosk.__file__
    import kiosk.analysis
    import kiosk.analysis.engine
    assert kiosk.analysis.BUILD.value == "compiled", kiosk.analysis.BUILD
    assert Path(kiosk.analysis.engine.__file__).is_relative_to(site)

    from kiosk.app import render_screenshots  # imports kiosk.ui, which settles Kivy's environment
    from kivy.uix.image import Image

    app = render_screenshots(out, sizes=((800, 480),), screens=("programme",))
    images = [w for w in app.controller.screen("programme").walk() if isinstance(w, Image)]
    assert len(images) == 2, images
    for image in images:
        assert Path(image.source).is_relative_to(site), image.source
        assert image.texture is not None, f"{image.source} did not load"
    print("pictures:", *(Path(i.source).name for i in images))
""")


def test_installed_wheel_renders_the_programme_pictures(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy(REPO / name, source / name)
    # Not the checkout's own in-place build: the wheel compiles its own.
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.so", "_compiled.json")
    for package in ("kiosk", "drivers"):
        shutil.copytree(REPO / package, source / package, ignore=ignore)
    wheels = tmp_path / "wheels"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    build_env = {k: v for k, v in os.environ.items() if k != "SMARTSTEP_PURE_PYTHON"}
    subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels),
                    str(source)], check=True, cwd=tmp_path, timeout=300, env=build_env)
    site = tmp_path / "site"
    subprocess.run([*pip, "install", "--no-deps", "--no-index", "--target", str(site),
                    *map(str, wheels.glob("smartstep-*.whl"))], check=True, timeout=300)
    shutil.rmtree(source)  # nothing left to find pictures in but the installed package

    fresh = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(fresh)], check=True)
    dev_site = sysconfig.get_paths()["purelib"]  # dependencies (a path entry: no .pth files)
    env = user_env(tmp_path, PYTHONPATH=os.pathsep.join([str(site), dev_site]),
                   KIVY_HOME=str(tmp_path / "kivy-home"))
    out = tmp_path / "shots"
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    done = subprocess.run([str(fresh / "bin" / "python"), "-c", RENDER, str(site), str(out)],
                          cwd=workdir, env=env, capture_output=True, text=True, timeout=170)
    assert done.returncode == 0, done.stderr[-3000:]
    shown = done.stdout.split("pictures:")[1].split()
    assert sorted(shown) == ["step-end.png", "step-start.png"]  # the sample programme's
    assert (out / "programme-800x480.png").stat().st_size > 0
