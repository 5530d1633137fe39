"""Fixtures of the deployment tests: a fake Pi root and the installer run into it."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
INSTALLER = REPO / "scripts" / "install-pi"
CONFIG_TXT = "dtparam=audio=on\n\n[all]\ndtparam=spi=off\n"
CMDLINE_TXT = ("console=serial0,115200 console=tty1 root=PARTUUID=1a2b3c4d-02 "
               "rootfstype=ext4 fsck.repair=yes rootwait\n")


@pytest.fixture
def pi_root(tmp_path) -> Path:
    """An empty root with Raspberry Pi OS Bookworm's boot files."""
    root = tmp_path / "root"
    (root / "boot" / "firmware").mkdir(parents=True)
    (root / "boot" / "firmware" / "config.txt").write_text(CONFIG_TXT)
    (root / "boot" / "firmware" / "cmdline.txt").write_text(CMDLINE_TXT)
    return root


def _install(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(INSTALLER), "--root", str(root), *args],
                          capture_output=True, text=True, timeout=120, check=False)


def load_installer(name: str = "install_pi") -> ModuleType:
    """scripts/install-pi as a module (it has no .py ending), to test its functions."""
    loader = importlib.machinery.SourceFileLoader(name, str(INSTALLER))
    spec = importlib.util.spec_from_loader(name, loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


@pytest.fixture
def install() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run scripts/install-pi --root ROOT [args]; returns the finished process."""
    return _install


def snapshot(root: Path) -> dict[str, tuple[str, bytes | str, int, int]]:
    """Every file, link and folder under root: kind, content or target, mode, mtime."""
    result = {}
    for path in sorted(root.rglob("*")):
        st = path.lstat()
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            result[rel] = ("link", str(path.readlink()), st.st_mode, st.st_mtime_ns)
        elif path.is_dir():
            result[rel] = ("dir", "", st.st_mode, st.st_mtime_ns)
        else:
            result[rel] = ("file", path.read_bytes(), st.st_mode, st.st_mtime_ns)
    return result
