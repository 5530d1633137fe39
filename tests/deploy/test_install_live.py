"""scripts/install-pi on the machine itself (not --root): its system steps, with the system
calls recorded instead of run. The whole live install is rehearsed by scripts/rehearse-pi."""

from __future__ import annotations

import grp
import pwd
import subprocess
from pathlib import Path

import pytest

from tests.deploy.conftest import load_installer


@pytest.fixture
def module():
    return load_installer("install_pi_live")


@pytest.fixture
def live(module, monkeypatch):
    """A live installer whose system steps are recorded (and count as changes, as when run),
    on a machine where getty@tty1 is enabled and the kiosk is not."""
    installer = module.Installer(Path("/"))
    assert installer.live
    ran: list[list[str]] = []

    def run(argv, why):
        ran.append(argv)
        installer.changed.append(f"ran {argv[0]} {argv[1]}")

    monkeypatch.setattr(installer, "run", run)
    enabled = {"getty@tty1.service"}
    monkeypatch.setattr(module, "_systemctl_quiet",
                        lambda verb, unit: verb == "is-enabled" and unit in enabled)
    installer.ran = ran
    installer.enabled = enabled
    return installer


def test_without_systemd_the_unit_is_enabled_and_the_reload_left_to_the_boot(
        module, live, capsys):
    # An image build or a chroot: systemctl enable/disable work on the files, but
    # daemon-reload has no systemd to talk to. Before, the install stopped there.
    live.systemd_running = False
    live.unit_changed = True
    live.changed.append("/etc/systemd/system/smartstep.service")
    live.enable()
    assert live.ran == [["systemctl", "disable", "getty@tty1.service"],
                        ["systemctl", "enable", "smartstep.service"]]
    assert live.skipped_offline == ["systemctl daemon-reload"]
    module.report(live)
    out = capsys.readouterr().out.splitlines()
    assert "changed: /etc/systemd/system/smartstep.service" in out
    assert "install-pi: 3 changes" in out
    offline = [line for line in out if "systemd is not running here" in line]
    assert len(offline) == 1 and "systemctl daemon-reload" in offline[0]
    assert out[-1].startswith("install-pi: reboot needed (sudo reboot): ")


def test_with_systemd_the_unit_is_reloaded_only_when_it_changed(live):
    live.systemd_running = True
    live.unit_changed = True
    live.enable()
    assert live.ran[0] == ["systemctl", "daemon-reload"]
    assert live.skipped_offline == [] and live.reboot_reasons == []


def test_a_second_run_reloads_nothing(live, capsys, module):
    # Every later run used to report a change: the daemon-reload it always ran.
    live.enabled.clear()
    live.enabled.add("smartstep.service")  # and getty@tty1 already disabled
    for running in (True, False):
        live.systemd_running = running
        live.unit_changed = False
        live.enable()
        assert live.ran == [] and live.changed == [] and live.skipped_offline == []
    module.report(live)
    assert capsys.readouterr().out == "install-pi: nothing to change\n"


def test_upgrade_restarts_the_kiosk_only_where_systemd_runs(module, monkeypatch):
    for running, expected in ((True, [["systemctl", "restart", "smartstep.service"]]),
                              (False, [])):
        installer = module.Installer(Path("/"), upgrade=True)
        ran = []
        monkeypatch.setattr(installer, "run", lambda argv, why, ran=ran: ran.append(argv))
        monkeypatch.setattr(module, "_systemctl_quiet",
                            lambda verb, unit: unit == "smartstep.service")
        installer.systemd_running = running
        installer.enable()
        assert ran == expected
        assert installer.skipped_offline == ([] if running else
                                             ["systemctl restart smartstep.service"])


def test_uninstall_without_systemd_disables_without_stopping(live, monkeypatch):
    live.systemd_running = False
    live.enabled.clear()
    live.enabled.add("smartstep.service")
    monkeypatch.setattr(live, "remove", lambda absolute: live.changed.append(
        f"removed {absolute}"))
    live.uninstall()
    assert ["systemctl", "disable", "smartstep.service"] in live.ran
    assert not any("--now" in argv or "daemon-reload" in argv for argv in live.ran)
    assert live.skipped_offline == ["systemctl daemon-reload"]
    assert ["systemctl", "enable", "getty@tty1.service"] in live.ran


def _group(name: str, members: list[str]) -> grp.struct_group:
    return grp.struct_group((name, "x", 1000, members))


def test_missing_groups_are_made_and_the_user_joins_them(module, live, monkeypatch):
    # Plain Debian: no gpio, no spi. The unit's SupplementaryGroups= would refuse to start.
    groups = [_group(g, []) for g in ("dialout", "video", "render", "input")]

    def groupadd_then_run(argv, why):
        live.ran.append(argv)
        if argv[0] == "groupadd":
            groups.append(_group(argv[-1], []))

    monkeypatch.setattr(live, "run", groupadd_then_run)
    monkeypatch.setattr(module.grp, "getgrall", lambda: list(groups))
    monkeypatch.setattr(module.pwd, "getpwnam", lambda name: pwd.struct_passwd(
        (name, "x", 999, 999, "", "/var/lib/smartstep", "/usr/sbin/nologin")))
    monkeypatch.setattr(live, "data_dir", lambda: None)
    live.user()
    assert live.ran[:2] == [["groupadd", "--system", "gpio"], ["groupadd", "--system", "spi"]]
    assert live.ran[2] == ["usermod", "-a", "-G", "gpio,spi,dialout,video,render,input",
                           "smartstep"]


def test_a_failure_still_lists_what_was_changed_before_it(module, monkeypatch, tmp_path,
                                                          capsys):
    def install(self):
        self.changed.append("/etc/smartstep/config.toml")
        raise module.InstallError("pip failed")

    monkeypatch.setattr(module.Installer, "install", install)
    assert module.main(["--root", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert "changed: /etc/smartstep/config.toml" in captured.out.splitlines()
    assert captured.err == "install-pi: pip failed\n"


@pytest.mark.parametrize(("status", "installed"), [
    ("install ok installed", True),
    ("unknown ok not-installed", False),  # known to apt, never installed: python3-venv on Lite
    ("deinstall ok config-files", False),
])
def test_only_an_installed_package_counts_as_installed(module, monkeypatch, status, installed):
    # The rehearsal found python3-venv, python3-dev and polkitd never installed: their
    # "not-installed" status ends in "installed".
    monkeypatch.setattr(module.subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(
        a[0], 0, stdout=status, stderr=""))
    assert module._dpkg_installed("python3-venv") is installed
