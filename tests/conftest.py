"""Shared fixtures: every test gets its own data directory and no system config;
a mock pin factory and a polling helper for the tests of hardware."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator

import pytest
from gpiozero import Device
from gpiozero.mixins import SharedMixin
from gpiozero.pins.mock import MockFactory, MockPWMPin, MockSPIInterfaceShared
from gpiozero.pins.spi import SPISoftwareBus
from hypothesis import settings as hypothesis_settings

# In CI the property tests try the same examples every run (a clean clone has no
# example database), so a run fails only for a change, never for a lucky draw; on a
# developer's machine they keep exploring.
hypothesis_settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """In a parallel run (pytest-xdist, `make check`) the slow tests, and so their modules
    (`--dist loadscope`), start first: one that started last would keep the run waiting
    while the other workers sit idle. The order is otherwise kept (a stable sort, after
    pytest-randomly's shuffle). One process keeps its order as collected: the UI tests
    share one kiosk in a fixed order."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SMARTSTEP_DATA", str(tmp_path / "data"))
    monkeypatch.delenv("SMARTSTEP_CONFIG", raising=False)
    monkeypatch.setattr("kiosk.config.SYSTEM_CONFIG", tmp_path / "no-system-config.toml")


# gpiozero keeps shared devices (the software SPI bus behind every MCP3008) in one
# class-wide table keyed by pin numbers only, and a shared device's close() always
# deletes its key. When a bus closed in an earlier test is finally collected, its
# __del__ closes it again and so deletes the key of the *current* test's bus on the
# same pins; the next MCP3008 then builds a second bus and finds GPIO11 taken. Whether
# that happens depended on when the garbage collector ran. A closed device is not
# closed again on collection, so no test depends on the collector.
_device_del = Device.__del__


def _del_unless_closed(self: Device) -> None:
    if not getattr(self, "closed", True):
        _device_del(self)


Device.__del__ = _del_unless_closed  # type: ignore[method-assign]
SharedMixin.__del__ = _del_unless_closed  # type: ignore[method-assign]


# The same table's keys for a mock SPI interface and a software SPI bus are pin
# numbers alone, so an MCP3008 built on one test's mock factory would talk over
# another factory's interface (the UI tests' kiosk keeps a simulated step running
# for the whole session) and read that step's counts. The kiosk has one factory
# per process; tests have many at once, so here each factory gets its own.
def _bus_key_per_factory(cls, clock_pin, mosi_pin, miso_pin, *, pin_factory=None):
    return (clock_pin, mosi_pin, miso_pin, id(pin_factory))


def _interface_key_per_factory(cls, clock_pin, mosi_pin, miso_pin, select_pin, *,
                               pin_factory=None):
    return (clock_pin, select_pin, id(pin_factory))


SPISoftwareBus._shared_key = classmethod(_bus_key_per_factory)  # type: ignore[assignment]
MockSPIInterfaceShared._shared_key = classmethod(  # type: ignore[assignment]
    _interface_key_per_factory)


def close_devices_of(factory: MockFactory) -> None:
    """Close every device still holding a pin of ``factory``, and the shared SPI buses
    built on it, so nothing of one test reaches into the next."""
    for refs in list(factory._reservations.values()):
        for ref in list(refs):
            device = ref()
            if device is not None and not device.closed:
                device.close()
    for ref in list(SharedMixin._instances.values()):
        device = ref()
        while device is not None and not device.closed and device.pin_factory is factory:
            device.close()  # shared: each close() drops one reference
    factory.reset()


@pytest.fixture
def mock_factory() -> Iterator[MockFactory]:
    """A fresh PWM-capable mock pin factory for this test, also gpiozero's global one
    (its software SPI asks the global); every device on it is closed afterwards."""
    factory = MockFactory(pin_class=MockPWMPin)
    previous = Device.pin_factory
    Device.pin_factory = factory
    yield factory
    close_devices_of(factory)
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
