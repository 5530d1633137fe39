"""The installed unit passes systemd-analyze verify and scores 3.5 or better on security."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.config import load_config
from tests.deploy.conftest import REPO

UNIT = REPO / "systemd" / "smartstep.service"
SYSTEM_UNITS = Path("/usr/lib/systemd/system")
MAX_EXPOSURE = 3.5

needs_systemd_analyze = pytest.mark.skipif(
    shutil.which("systemd-analyze") is None or not SYSTEM_UNITS.is_dir(),
    reason="systemd-analyze and systemd's own units are needed",
)


@pytest.fixture
def installed_root(pi_root, install) -> Path:
    """The installer's root plus what verify needs from a real system: systemd's own units
    (for the unit's dependencies) and an executable where the venv's smartstep will be."""
    assert install(pi_root).returncode == 0
    shutil.copytree(SYSTEM_UNITS, pi_root / "usr/lib/systemd/system", symlinks=True)
    exe = pi_root / "opt/smartstep/.venv/bin/smartstep"
    exe.parent.mkdir(parents=True)
    exe.write_text("#!/bin/sh\n")  # stands in for the venv the real install builds
    exe.chmod(0o755)
    return pi_root


def _analyze(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["systemd-analyze", *args], capture_output=True, text=True,
                          timeout=60, check=False)


@needs_systemd_analyze
def test_installed_unit_verifies_without_a_warning(installed_root):
    done = _analyze("verify", f"--root={installed_root}", "smartstep.service")
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "" and done.stdout.strip() == ""


@needs_systemd_analyze
def test_verify_catches_a_misspelt_directive(installed_root):
    # The test above can fail: a typo is reported (as a warning, with exit 0).
    unit = installed_root / "etc/systemd/system/smartstep.service"
    unit.write_text(unit.read_text().replace("DevicePolicy=", "DevicePolcy="))
    done = _analyze("verify", f"--root={installed_root}", "smartstep.service")
    assert "Unknown key 'DevicePolcy'" in done.stderr


@needs_systemd_analyze
def test_security_exposure_is_at_most_3_5(installed_root):
    done = _analyze("security", "--offline=true", f"--root={installed_root}",
                    "smartstep.service")
    match = re.search(r"Overall exposure level for smartstep\.service: ([0-9.]+)", done.stdout)
    assert match, done.stdout + done.stderr
    assert float(match.group(1)) <= MAX_EXPOSURE


def _directives(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line and not line.startswith(("#", "[")) and "=" in line:
            key, value = line.split("=", 1)
            found.setdefault(key, []).append(value)
    return found


def test_unit_runs_the_kiosk_the_way_the_issue_asks():
    unit = _directives(UNIT.read_text())
    assert unit["Type"] == ["notify"] and unit["Restart"] == ["always"]
    assert unit["StateDirectory"] == ["smartstep"] and unit["UMask"] == ["0077"]
    assert unit["ExecStart"] == ["/opt/smartstep/.venv/bin/smartstep run --fullscreen"]
    assert "SDL_VIDEODRIVER=kmsdrm" in unit["Environment"]
    assert unit["Conflicts"] == ["getty@tty1.service"]
    assert unit["DevicePolicy"] == ["closed"]
    allowed = " ".join(unit["DeviceAllow"])
    for device in ("char-drm", "char-input", "char-gpiochip", "char-spi", "char-ttyAMA"):
        assert device in allowed
    assert unit["CapabilityBoundingSet"] == ["CAP_SYS_NICE"]
    assert unit["RestrictAddressFamilies"] == ["AF_UNIX AF_NETLINK"]
    assert "@system-service" in unit["SystemCallFilter"]
    for key in ("ProtectKernelTunables", "ProtectKernelModules", "ProtectKernelLogs",
                "ProtectControlGroups", "ProtectHome", "PrivateTmp", "NoNewPrivileges"):
        assert unit[key] == ["yes"], key


def test_every_directive_left_out_says_why():
    text = UNIT.read_text()
    unit = _directives(text)
    comments = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    for key in ("MemoryDenyWriteExecute", "PrivateDevices", "PrivateNetwork", "PrivateUsers",
                "ProcSubset", "RestrictRealtime", "DynamicUser"):
        assert key not in unit
        assert re.search(rf"^# {key}=\S*\s+\S", comments, re.MULTILINE), key


def test_the_pi_config_keeps_its_data_where_the_unit_lets_it_write():
    config = load_config(REPO / "assets" / "config.pi.toml")
    unit = _directives(UNIT.read_text())
    assert config.data_dir == f"/var/lib/{unit['StateDirectory'][0]}"
    assert "SMARTSTEP_CONFIG=/etc/smartstep/config.toml" in unit["Environment"]
    assert "KIVY_HOME=/etc/smartstep/kivy" in unit["Environment"]


def test_lgpio_gets_a_folder_the_kiosk_may_write():
    # lgpio makes its notification pipe in $LG_WD (else the working directory) and moves the
    # process there; under ProtectSystem=strict /opt is read-only, so gpiozero fell back and
    # the strips and lights ran simulated. The folder is the unit's own RuntimeDirectory.
    unit = _directives(UNIT.read_text())
    runtime = f"/run/{unit['RuntimeDirectory'][0]}"
    assert f"LG_WD={runtime}" in unit["Environment"]
    assert unit["WorkingDirectory"] == [runtime]
    assert unit["RuntimeDirectoryMode"] == ["0700"]
    assert unit["User"] == ["smartstep"]
