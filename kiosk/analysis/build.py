"""Which build of the analysis runs: the mypyc-compiled modules, or their Python sources.

``setup.py`` may compile some analysis modules to C extensions, which Python
would import in place of the ``.py`` files beside them. They are used only when
the build's manifest (``_compiled.json``) names every one with the SHA-256 of
the source it was built from, and every source still matches: after an edit (a
developer's, or a partial upgrade) the sources run until the next build, never
a stale binary. ``SMARTSTEP_PURE_PYTHON=1`` turns the compiled build off.

Otherwise an import finder placed first on ``sys.meta_path`` loads those modules
from their sources: all of them or none, as compiled modules call each other
directly.
"""

from __future__ import annotations

import enum
import hashlib
import json
import logging
import os
import sys
from collections.abc import Mapping
from importlib.machinery import EXTENSION_SUFFIXES, ModuleSpec
from importlib.util import spec_from_file_location
from pathlib import Path

PURE_ENV = "SMARTSTEP_PURE_PYTHON"
_HERE = Path(__file__).resolve().parent
MANIFEST_NAME = "_compiled.json"

log = logging.getLogger(__name__)


class BuildStatus(enum.Enum):
    COMPILED = "compiled"
    NOT_BUILT = "not_built"  # no build, or one that failed or is incomplete
    STALE = "stale"  # built from other sources than these
    TURNED_OFF = "turned_off"  # SMARTSTEP_PURE_PYTHON


def inspect_build(folder: Path = _HERE, environ: Mapping[str, str] = os.environ) -> BuildStatus:
    """Whether the compiled modules in ``folder`` may be used (reads files, imports nothing)."""
    if environ.get(PURE_ENV, "") not in ("", "0"):
        return BuildStatus.TURNED_OFF
    try:
        modules = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))["modules"]
        expected = {str(name): str(digest) for name, digest in modules.items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return BuildStatus.NOT_BUILT
    if not expected or set(compiled_names(folder)) != set(expected):
        return BuildStatus.NOT_BUILT
    for name, digest in expected.items():
        try:
            source = (folder / f"{name}.py").read_bytes()
        except OSError:
            return BuildStatus.STALE
        if hashlib.sha256(source).hexdigest() != digest:
            return BuildStatus.STALE
    return BuildStatus.COMPILED


def compiled_names(folder: Path = _HERE) -> list[str]:
    """Modules in ``folder`` with both a compiled extension and a source."""
    names = []
    for suffix in EXTENSION_SUFFIXES:
        for path in folder.glob(f"*{suffix}"):
            name = path.name[: -len(suffix)]
            if (folder / f"{name}.py").exists():
                names.append(name)
    return sorted(names)


class _SourcesFirst:
    """An import finder: these modules from their ``.py`` files, past compiled ones."""

    def __init__(self, package: str, names: list[str]) -> None:
        self.modules = {f"{package}.{name}": _HERE / f"{name}.py" for name in names}

    def find_spec(self, fullname: str, path: object = None,
                  target: object = None) -> ModuleSpec | None:
        source = self.modules.get(fullname)
        return None if source is None else spec_from_file_location(fullname, source)


def choose_build(package: str) -> BuildStatus:
    """Called once by the package on import: use the compiled modules, or the sources."""
    status = inspect_build()
    names = compiled_names()
    if status is BuildStatus.COMPILED or not names:
        return status
    if status is BuildStatus.STALE:
        log.warning("the compiled analysis was built from older sources: running the sources "
                    "(slower) until it is built again (make venv)")
    if not any(isinstance(finder, _SourcesFirst) for finder in sys.meta_path):
        sys.meta_path.insert(0, _SourcesFirst(package, names))
    return status
