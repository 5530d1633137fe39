"""Checks of the operating system around the kiosk: SPI, UART, GPIO, storage, clock, USB.

Every check takes plain values (paths, the config's settings) and a ``Machine``
that says where the system files are, so the tests can point it at a fake tree.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kiosk.doctor.result import CheckResult, failed, passed, skipped
from kiosk.storage.newest import newest_record_time

# Free space the data directory needs: about two years of recordings (255 MB a year,
# measured) plus room for an export snapshot.
MIN_FREE_MB = 1024
# The kiosk's software is newer than this: a clock before it is certainly stale.
EARLIEST_PLAUSIBLE = datetime(2026, 1, 1, tzinfo=UTC)
# Records may be stamped a little ahead of this machine's clock by another kiosk
# (merges); more than this is a clock that went back.
CLOCK_SLACK_S = 300.0
POLKIT_RULE = "etc/polkit-1/rules.d/50-smartstep-udisks2.rules"
UDISKS_DAEMON = ("usr/libexec/udisks2/udisksd", "usr/lib/udisks2/udisksd")
# What the rule lets the kiosk do, asked of polkit itself when the rule cannot be read
# (Debian's polkitd keeps /etc/polkit-1/rules.d at 0700, polkitd:root): mounting a USB stick
# from outside a seat session.
POLKIT_ACTION = "org.freedesktop.udisks2.filesystem-mount-other-seat"
USB_STICK_DETAILS = {"drive.removable": "true", "drive.removable.bus": "usb"}
PKCHECK_TIMEOUT_S = 10.0


def ask_polkit(action: str, details: dict[str, str]) -> tuple[bool | None, str]:
    """Does polkit allow this process ``action``? True or False with pkcheck's word, or None
    and why nobody answered (no pkcheck, no polkitd or D-Bus, as in a chroot)."""
    argv = ["pkcheck", "--action-id", action, "--process", str(os.getpid())]
    for key, value in details.items():
        argv += ["--detail", key, value]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=PKCHECK_TIMEOUT_S,
                              check=False, stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        return None, "pkcheck not installed"
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"pkcheck: {exc}"
    # pkcheck(1): 0 authorized, 1 not authorized, 2 only after a password (no one to type
    # it on a kiosk), 3 dismissed, 127 an error (polkitd or the bus not reachable).
    if done.returncode == 0:
        return True, "authorized"
    if done.returncode in (1, 2, 3):
        return False, "not authorized" if done.returncode == 1 else "needs a password"
    lines = (done.stderr or done.stdout).strip().splitlines()
    return None, f"pkcheck: {lines[0] if lines else f'exit {done.returncode}'}"


@dataclass(frozen=True)
class Machine:
    """Where to look: ``root`` is ``/`` on the kiosk, a fake tree in tests."""

    root: Path = Path("/")
    now: Callable[[], datetime] = lambda: datetime.now(UTC)
    polkit: Callable[[str, dict[str, str]], tuple[bool | None, str]] = ask_polkit

    def path(self, absolute: str) -> Path:
        return self.root / absolute.lstrip("/")


def check_spi(machine: Machine, spi_port: int, spi_device: int) -> CheckResult:
    node = machine.path(f"/dev/spidev{spi_port}.{spi_device}")
    if not node.exists():
        return failed("spi", "spi_disabled", f"{node} missing")
    return passed("spi", f"{node}")


def check_uart(machine: Machine, port: str) -> CheckResult:
    node = machine.path(port)
    if not node.exists():
        return failed("uart", "uart_missing", f"{port} missing")
    names = {Path(port).name, Path(os.path.realpath(node)).name}
    consoles = _kernel_consoles(machine)
    # console=serial0 names the alias: compare what both point at.
    console_nodes = consoles | {
        Path(os.path.realpath(machine.path(f"/dev/{c}"))).name for c in consoles}
    if names & console_nodes:
        return failed("uart", "serial_console", f"kernel console on {port}")
    return passed("uart", f"{port} -> {Path(os.path.realpath(node)).name}")


def _kernel_consoles(machine: Machine) -> set[str]:
    try:
        cmdline = machine.path("/proc/cmdline").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return set()
    return {word.split("=", 1)[1].split(",")[0]
            for word in cmdline.split() if word.startswith("console=")}


def check_gpio_chip(machine: Machine) -> CheckResult:
    # Pi 4: gpiochip0 is the header; Pi 5 (kernel 6.6.45+): gpiochip0 is the RP1 header
    # (older Pi 5 kernels call it gpiochip4; gpiozero 2.0.1.post3 picks either).
    for name in ("gpiochip0", "gpiochip4"):
        node = machine.path(f"/dev/{name}")
        if node.exists():
            return passed("gpio", str(node))
    return failed("gpio", "no_gpio_chip", "no /dev/gpiochip0")


def check_storage(data_dir: Path) -> CheckResult:
    existing = data_dir
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent  # the kiosk creates the missing part on first start
    try:
        with tempfile.NamedTemporaryFile(dir=existing, prefix=".doctor-"):
            pass
    except OSError as exc:
        return failed("storage", "data_dir_not_writable", f"{existing}: {exc.strerror or exc}")
    free_mb = shutil.disk_usage(existing).free / 1e6
    if free_mb < MIN_FREE_MB:
        return failed("storage", "disk_full", f"{data_dir}: {free_mb:.0f} MB free")
    return passed("storage", f"{data_dir}: {free_mb / 1000:.1f} GB free")


def check_clock(machine: Machine, db_path: Path) -> CheckResult:
    now = machine.now()
    synced = machine.path("/run/systemd/timesync/synchronized").exists()
    sync_note = "network time synchronised" if synced else "not synchronised"
    if now < EARLIEST_PLAUSIBLE:
        return failed("clock", "clock_stale", f"clock says {now:%Y-%m-%d %H:%M} UTC ({sync_note})")
    try:
        newest = newest_record_time(db_path)
    except sqlite3.Error as exc:
        return failed("clock", "database_unreadable", f"{db_path}: {exc}")
    if newest is not None and (newest - now).total_seconds() > CLOCK_SLACK_S:
        return failed("clock", "clock_behind_records",
                      f"clock says {now:%Y-%m-%d %H:%M} UTC, newest record "
                      f"{newest:%Y-%m-%d %H:%M} UTC ({sync_note})")
    newest_note = "no records yet" if newest is None else f"newest record {newest:%Y-%m-%d}"
    return passed("clock", f"{now:%Y-%m-%d %H:%M} UTC, {newest_note}, {sync_note}")


def check_usb(machine: Machine) -> CheckResult:
    if not any(machine.path(p).exists() for p in UDISKS_DAEMON):
        return failed("usb", "udisks2_missing", "udisksd not installed")
    rule = machine.path(POLKIT_RULE)
    try:
        if not rule.exists():
            return failed("usb", "polkit_rule_missing", f"{rule} missing")
        return passed("usb", f"udisks2 and {rule.name}")
    except PermissionError:
        pass  # the rules folder is root's only: ask polkit what the rule would decide
    allowed, answer = machine.polkit(POLKIT_ACTION, USB_STICK_DETAILS)
    unreadable = f"{rule.parent} is not readable by this user"
    if allowed:
        return passed("usb", f"udisks2; polkit lets this user mount USB sticks ({unreadable}, "
                             "so polkit was asked)")
    if allowed is False:
        return failed("usb", "polkit_rule_missing",
                      f"polkit does not let this user mount USB sticks: {answer} ({unreadable})")
    return skipped("usb", f"udisks2 installed; the polkit rule was not checked: {unreadable} "
                          f"and polkit did not answer ({answer}); sudo ls {rule} shows it")
