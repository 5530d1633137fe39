"""Shared fixtures: every test gets its own data directory and no system config;
a mock pin factory and a polling helper for the tests of hardware."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from gpiozero import Device
from gpiozero.pins.mock import MockFactory, MockPWMPin


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SMARTSTEP_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("SMARTSTEP_CONFIG", raising=False)
    monkeypatch.setattr("kiosk.config.SYSTEM_CONFIG", tmp_path / "no-system-config.toml")


@pytest.fixture
def mock_factory() -> Iterator[MockFactory]:
    """One PWM-capable mock pin factory, also gpiozero's global one (its software SPI asks it)."""
    factory = MockFactory(pin_class=MockPWMPin)
    previous = Device.pin_factory
    Device.pin_factory = factory
    yield factory
    factory.close()
    Device.pin_factory = previous


def _wait_for(predicate: Callable[[], bool], timeout: float = 3.0) -> float:
    start = time.monotonic()
    while not predicate():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"condition not met within {timeout} s")
        time.sleep(0.005)
    return time.monotonic() - start


@pytest.fixture
def wait_for() -> Callable[..., float]:
    """Poll a condition until true (fails after a timeout); returns the seconds it took."""
    return _wait_for


@pytest.fixture(scope="session")
def read_only_prefix() -> list[str]:
    """A command prefix under which the folder ``$RO`` is read-only.

    Root ignores permissions, so for root: a read-only bind mount in a private mount
    namespace (``unshare -m``); otherwise an empty prefix (the test chmods the folder).
    Skips the test where neither works.
    """
    import os
    import shutil
    import subprocess

    if os.geteuid() != 0:
        return []
    unshare = shutil.which("unshare")
    probe = unshare and subprocess.run(
        [unshare, "-m", "sh", "-c", "mount --bind /tmp /tmp && mount -o remount,bind,ro /tmp"],
        capture_output=True)
    if not probe or probe.returncode != 0:
        pytest.skip("cannot make a read-only folder here (root without mount namespaces)")
    return [unshare, "-m", "sh", "-c",
            'mount --bind "$RO" "$RO" && mount -o remount,bind,ro "$RO" && exec "$@"', "sh"]


@pytest.fixture(scope="session")
def small_disk_prefix() -> list[str]:
    """A command prefix under which ``$SMALL`` is a 300 KB disk (a tmpfs in a private mount
    namespace; root only). Skips the test elsewhere."""
    import os
    import shutil
    import subprocess

    unshare = shutil.which("unshare")
    probe = os.geteuid() == 0 and unshare and subprocess.run(
        [unshare, "-m", "sh", "-c", "mount -t tmpfs -o size=300k tmpfs /mnt"], capture_output=True)
    if not probe or probe.returncode != 0:
        pytest.skip("cannot make a small disk here (needs root and mount namespaces)")
    return [unshare, "-m", "sh", "-c",
            'mount -t tmpfs -o size=300k tmpfs "$SMALL" && exec "$@"', "sh"]
