"""docs/architecture.md names only modules and classes that exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
SOURCE = "\n".join(
    p.read_text(encoding="utf-8")
    for folder in ("kiosk", "drivers")
    for p in (ROOT / folder).rglob("*.py")
)
# From other libraries, named in the doc for what our classes wrap.
FOREIGN = {"MockSPIDevice", "LEDBarGraph", "RGBLED", "TonalBuzzer", "Button", "MockFactory",
           "MCP3008"}


def _paths() -> set[str]:
    return set(re.findall(r"\b((?:kiosk|drivers|tests|docs)/[\w/]+(?:\.\w+)?)", DOC))


def _classes() -> set[str]:
    names = set(re.findall(r"`([A-Z][a-z]+(?:[A-Z][a-z0-9]*)+)\b", DOC))
    return names - FOREIGN


def test_every_path_named_exists():
    missing = sorted(p for p in _paths() if not (ROOT / p).exists())
    assert not missing, f"docs/architecture.md names missing paths: {missing}"


def test_every_class_named_is_defined():
    assert len(_classes()) > 20  # the check reads the doc at all
    missing = sorted(
        name for name in _classes()
        if not re.search(rf"^\s*(class {name}\b|{name}\s*[:=])", SOURCE, re.MULTILINE)
    )
    assert not missing, f"docs/architecture.md names undefined classes: {missing}"


def test_dotted_modules_named_exist():
    dotted = set(re.findall(r"`(kiosk(?:\.\w+)+)", DOC))
    assert dotted
    missing = []
    for name in dotted:
        parts = name.split(".")
        module = ROOT.joinpath(*parts)
        if module.with_suffix(".py").exists() or (module / "__init__.py").exists():
            continue
        parent = ROOT.joinpath(*parts[:-1])
        file = parent.with_suffix(".py") if parent.with_suffix(".py").exists() else (
            parent / "__init__.py")
        if not (file.exists() and parts[-1] in file.read_text(encoding="utf-8")):
            missing.append(name)
    assert not missing, f"docs/architecture.md names missing modules: {missing}"
