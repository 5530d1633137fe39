"""The doctor as the kiosk's user on a real Pi: folders it may not read (Debian keeps
/etc/polkit-1/rules.d root's only), and lgpio's pipe in a folder it may not write."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import sysconfig
import tempfile
import warnings
from pathlib import Path

import pytest
from gpiozero import BadPinFactory, Device, PinFactoryFallback

from kiosk.cli import main
from kiosk.doctor import runner, system
from kiosk.doctor.system import Machine
from kiosk.doctor.words import FIXES, TITLES
from tests.deploy.conftest import REPO

RULE_NAME = Path(system.POLKIT_RULE).name


def _usb_tree(root: Path) -> Path:
    daemon = root / "usr/libexec/udisks2/udisksd"
    daemon.parent.mkdir(parents=True)
    daemon.touch()
    rules = root / "etc/polkit-1/rules.d"
    rules.mkdir(parents=True)
    (rules / RULE_NAME).touch()
    return rules


def _unreadable_rules(monkeypatch, rules: Path) -> None:
    """What a user outside polkitd's folder meets (this test may run as root)."""
    real_exists = Path.exists

    def exists(self, *args, **kwargs):
        if self.parent == rules:
            raise PermissionError(13, "Permission denied", str(self))
        return real_exists(self, *args, **kwargs)

    monkeypatch.setattr(Path, "exists", exists)


@pytest.mark.parametrize(("answer", "status", "problem"), [
    ((True, "authorized"), "pass", None),
    ((False, "not authorized"), "fail", "polkit_rule_missing"),
    ((None, "pkcheck: Error getting authority: Could not connect"), "skip", None),
])
def test_an_unreadable_rules_folder_asks_polkit(tmp_path, monkeypatch, answer, status, problem):
    rules = _usb_tree(tmp_path)
    _unreadable_rules(monkeypatch, rules)
    asked = []

    def polkit(action, details):
        asked.append((action, details))
        return answer

    result = system.check_usb(Machine(root=tmp_path, polkit=polkit))
    assert (result.status, result.problem) == (status, problem)
    assert "not readable by this user" in result.detail
    assert asked == [("org.freedesktop.udisks2.filesystem-mount-other-seat",
                      {"drive.removable": "true", "drive.removable.bus": "usb"})]


def test_a_readable_rule_is_not_asked_about(tmp_path):
    _usb_tree(tmp_path)

    def polkit(action, details):
        raise AssertionError("polkit asked although the rule could be read")

    assert system.check_usb(Machine(root=tmp_path, polkit=polkit)).status == "pass"


def _python_for_anyone() -> str | None:
    """This Python version's interpreter that another user may run (a pyenv one under a
    0700 /root is not), or None."""
    for candidate in (sys.executable, "/usr/bin/python3"):
        real = Path(os.path.realpath(candidate))
        if not real.exists() or not all(
                p.stat().st_mode & stat.S_IXOTH for p in [real, *real.parents]):
            continue
        version = subprocess.run([str(real), "-c", "import sys; print(sys.version_info[:2])"],
                                 capture_output=True, text=True, check=False).stdout.strip()
        if version == str(sys.version_info[:2]):
            return str(real)
    return None


@pytest.mark.skipif(os.geteuid() != 0, reason="making a folder another user cannot read")
def test_as_another_user_the_usb_check_answers_instead_of_dying():
    # The real thing: a 0700 root-owned rules folder, the check run as nobody.
    python = _python_for_anyone()
    if python is None:
        pytest.skip("no interpreter of this Python version that another user may run")
    root = Path(tempfile.mkdtemp(prefix="doctor-polkit-", dir="/tmp"))
    try:
        root.chmod(0o755)
        rules = _usb_tree(root)
        for folder in (root / "usr", root / "usr/libexec", root / "usr/libexec/udisks2",
                       root / "etc", root / "etc/polkit-1"):
            folder.chmod(0o755)
        rules.chmod(0o700)
        code = ("import sys; from pathlib import Path; from kiosk.doctor import system; "
                "r = system.check_usb(system.Machine(root=Path(sys.argv[1]), "
                "polkit=lambda a, d: (None, 'no polkitd here'))); print(r.status, r.detail)")
        path = os.pathsep.join([str(REPO), sysconfig.get_paths()["purelib"],
                                sysconfig.get_paths()["platlib"]])
        done = subprocess.run([python, "-c", code, str(root)], capture_output=True,
                              text=True, timeout=60, user=65534, group=65534, cwd="/",
                              env={"PYTHONPATH": path, "PATH": os.environ["PATH"]},
                              check=False)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("skip udisks2 installed; the polkit rule was not checked")
        assert "no polkitd here" in done.stdout
    finally:
        subprocess.run(["rm", "-rf", str(root)], check=True)


def test_a_refused_file_is_a_failed_line_and_the_other_checks_still_run(monkeypatch, capsys):
    # The doctor used to die before printing anything ("Permission denied", exit 2).
    def refused(machine):
        raise PermissionError(13, "Permission denied", "/etc/polkit-1/rules.d/" + RULE_NAME)

    monkeypatch.setattr(system, "check_usb", refused)
    code = main(["doctor"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    assert len(lines) == len(TITLES) + 1
    usb = next(line for line in lines if TITLES["usb"] in line)
    assert usb.startswith("FAIL") and "rules.d/50-smartstep-udisks2.rules: Permission denied" in usb
    assert usb.endswith(FIXES["cannot_check"])
    assert lines[-1].startswith("doctor: ")


@pytest.fixture
def pin_factory_reset(monkeypatch):
    """Whatever the doctor does to gpiozero's global factory is undone."""
    monkeypatch.setattr(Device, "pin_factory", Device.pin_factory)


def test_lgpio_without_a_folder_for_its_pipe_gets_its_own_fix(monkeypatch, capsys,
                                                            pin_factory_reset):
    # What gpiozero does when lgpio cannot make its pipe: a warning, then the next factory.
    def ensure_pin_factory():
        warnings.warn(PinFactoryFallback(
            "Falling back from lgpio: [Errno 2] No such file or directory: '.lgd-nfy-3'"),
            stacklevel=1)
        raise BadPinFactory("Unable to load any default pin factory!")

    monkeypatch.setattr(Device, "ensure_pin_factory", ensure_pin_factory)
    monkeypatch.setenv("LG_WD", "/run/smartstep")
    assert main(["doctor"]) == 1
    lines = capsys.readouterr().out.splitlines()
    for title in (TITLES["adc"], TITLES["lights"]):
        line = next(x for x in lines if title in x)
        assert "lgpio could not make its pipe in /run/smartstep" in line, line
        assert line.endswith(FIXES["lgpio_workdir"])
    assert "LG_WD=/run/smartstep" in FIXES["lgpio_workdir"]


def test_another_lgpio_failure_keeps_the_general_fix_and_says_why(monkeypatch,
                                                                    pin_factory_reset):
    def ensure_pin_factory():  # lgpio loaded, but the chip is not there or not allowed
        warnings.warn(PinFactoryFallback("Falling back from lgpio: 'can not open gpiochip'"),
                      stacklevel=1)
        raise BadPinFactory("Unable to load any default pin factory!")

    monkeypatch.setattr(Device, "ensure_pin_factory", ensure_pin_factory)
    factory, error = runner._pin_factory()
    assert factory is None and runner._gpio_problem(error) == "gpio_unusable"
    assert error == ("BadPinFactory: Unable to load any default pin factory! "
                     "(Falling back from lgpio: 'can not open gpiochip')")


def test_by_hand_from_an_unwritable_folder_lgpio_gets_a_private_one(
        tmp_path, monkeypatch, pin_factory_reset):
    # sudo -u smartstep smartstep doctor, run from a home the kiosk's user cannot write.
    monkeypatch.delenv("LG_WD", raising=False)
    monkeypatch.chdir(tmp_path)
    real_access = os.access
    monkeypatch.setattr(runner.os, "access", lambda path, mode: (
        False if path == "." else real_access(path, mode)))
    seen = {}

    def ensure_pin_factory():  # as lgpio does: its pipe in $LG_WD, and a chdir there
        folder = Path(os.environ["LG_WD"])
        os.mkfifo(folder / ".lgd-nfy0")
        os.chdir(folder)
        seen["folder"] = folder
        seen["writable"] = real_access(folder, os.W_OK)

    monkeypatch.setattr(Device, "ensure_pin_factory", ensure_pin_factory)
    runner._pin_factory()
    assert seen["writable"] and seen["folder"] != tmp_path
    assert "LG_WD" not in os.environ
    assert Path.cwd() == tmp_path  # lgpio's chdir undone
    assert not seen["folder"].exists()


def test_a_set_lg_wd_is_used_as_it_is(tmp_path, monkeypatch, pin_factory_reset):
    monkeypatch.setenv("LG_WD", str(tmp_path / "run"))
    seen = []
    monkeypatch.setattr(Device, "ensure_pin_factory",
                        lambda: seen.append(os.environ["LG_WD"]))
    runner._pin_factory()
    assert seen == [str(tmp_path / "run")] and os.environ["LG_WD"] == str(tmp_path / "run")


def test_the_kiosk_names_lgpios_reason_and_never_runs_on_fallback_pins(monkeypatch,
                                                                        pin_factory_reset):
    """The device builder once dropped gpiozero's warnings: with lgpio's pipe refused,
    gpiozero fell back and the kiosk ran with the strips and lights doing nothing."""
    from kiosk.config import Config, LightsConfig, StripsConfig, ToFConfig
    from kiosk.devices.hardware import HardwareError, build_hardware

    def ensure_pin_factory():  # lgpio refused; a fallback factory that "works"
        warnings.warn(PinFactoryFallback(
            "Falling back from lgpio: [Errno 13] Permission denied: '.lgd-nfy-3'"),
            stacklevel=1)
        Device.pin_factory = object()

    monkeypatch.setattr(Device, "ensure_pin_factory", ensure_pin_factory)
    monkeypatch.setenv("LG_WD", "/run/smartstep")
    config = Config(strips=StripsConfig(backend="sim"), tof=ToFConfig(backend="sim"),
                    lights=LightsConfig(backend="gpio"))
    with pytest.raises(HardwareError) as refused:
        build_hardware(config)
    assert "lgpio could not make its pipe in /run/smartstep" in str(refused.value)
    assert "Permission denied" in str(refused.value) and refused.value.devices == ("lights",)
