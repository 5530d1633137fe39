"""Build step: the movement analysis compiled to C with mypyc, when it can be.

Everything else is in ``pyproject.toml``. The modules listed under
``[tool.smartstep] compiled`` are plain, type-hinted Python; mypyc turns the
same source into C extension modules that Python imports in their place, about
2.5 times faster per sample (``make bench``). The build is optional: without
mypyc or a C compiler, or with ``SMARTSTEP_PURE_PYTHON=1``, the package is pure
Python and works the same, only slower.

After a successful build a manifest (``kiosk/analysis/_compiled.json``) records
the SHA-256 of each compiled source. At import, the compiled modules are used
only when every source still matches it (``kiosk.analysis.build``): an edited
source runs as Python until the next build, never as a stale binary.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tomllib
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

HERE = Path(__file__).resolve().parent
MANIFEST = Path("kiosk", "analysis", "_compiled.json")


def _sources() -> list[str]:
    with open(HERE / "pyproject.toml", "rb") as f:
        return list(tomllib.load(f)["tool"]["smartstep"]["compiled"])


def _manifest_text(sources: list[str]) -> str:
    hashes = {Path(s).stem: hashlib.sha256((HERE / s).read_bytes()).hexdigest() for s in sources}
    return json.dumps({"modules": hashes}, indent=1, sort_keys=True) + "\n"


def _extensions() -> list:
    if os.environ.get("SMARTSTEP_PURE_PYTHON"):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("smartstep: mypyc is not available: the analysis stays pure Python", file=sys.stderr)
        return []
    old = Path.cwd()
    os.chdir(HERE)  # mypyc names modules from paths relative to here
    try:
        extensions = mypycify(_sources(), opt_level="3", group_name="kiosk.analysis._compiled")
    except (Exception, SystemExit) as exc:  # type errors end mypyc with SystemExit
        print(f"smartstep: mypyc refused the analysis ({exc}): it stays pure Python",
              file=sys.stderr)
        return []
    finally:
        os.chdir(old)
    for extension in extensions:
        # The same arithmetic as the interpreter: no fused multiply-add (the Pi's
        # aarch64 has one and GCC would use it), so both round alike.
        extension.extra_compile_args = [*extension.extra_compile_args, "-ffp-contract=off"]
    return extensions


class OptionalBuildExt(build_ext):
    """Builds the compiled analysis; on any failure the package stays pure Python."""

    def run(self) -> None:
        target = HERE / MANIFEST if self.inplace else Path(self.build_lib) / MANIFEST
        target.unlink(missing_ok=True)
        if not self.extensions:
            return
        try:
            super().run()
        except Exception as exc:  # a compiler missing or failing: pure Python still works
            print(f"smartstep: the analysis could not be compiled ({exc}); it stays pure Python",
                  file=sys.stderr)
            return
        # Written last: without it (a build that failed halfway) the sources are used.
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_manifest_text(_sources()), encoding="utf-8")


setup(ext_modules=_extensions(), cmdclass={"build_ext": OptionalBuildExt})
