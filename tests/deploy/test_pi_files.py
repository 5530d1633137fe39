"""The files the installer puts on the Pi: config template, Kivy config, pinned gpiozero."""

from __future__ import annotations

import configparser
import importlib.util
import subprocess
import sys
import tomllib
from pathlib import Path

from kiosk.config import load_config
from tests.deploy.conftest import REPO
from tests.processes import user_env

PI_CONFIG = REPO / "assets" / "config.pi.toml"
EXAMPLE = REPO / "assets" / "config.example.toml"
KIVY_CONFIG = REPO / "assets" / "kivy" / "config.ini"


def _keys(table: dict, prefix: str = "") -> set[str]:
    keys = set()
    for key, value in table.items():
        keys.add(prefix + key)
        if isinstance(value, dict):
            keys |= _keys(value, f"{prefix}{key}.")
    return keys


def test_pi_template_has_every_key_of_the_example_and_the_hardware_backends():
    pi = tomllib.loads(PI_CONFIG.read_text())
    assert _keys(pi) == _keys(tomllib.loads(EXAMPLE.read_text()))
    config = load_config(PI_CONFIG)
    assert (config.tof.backend, config.strips.backend, config.lights.backend) == (
        "serial", "mcp3008", "gpio")
    assert config.data_dir == "/var/lib/smartstep"
    assert config.tof.port == "/dev/ttyAMA0"  # the PL011 on GPIO 14/15 on a Pi 4 and a Pi 5


def _kivy_defaults(tmp_path: Path) -> configparser.RawConfigParser:
    """Kivy 2.3.1's own default config.ini, written by Kivy into an empty KIVY_HOME."""
    home = tmp_path / "kivy-defaults"
    env = user_env(tmp_path, KIVY_HOME=str(home))
    subprocess.run([sys.executable, "-c", "import kiosk.ui, kivy.config"], env=env, check=True,
                   capture_output=True, timeout=60)
    parser = configparser.RawConfigParser()
    parser.read(home / "config.ini")
    return parser


def test_kivy_config_is_complete_for_this_kivy(tmp_path):
    ours = configparser.RawConfigParser()
    ours.read(KIVY_CONFIG)
    defaults = _kivy_defaults(tmp_path)
    assert ours.get("kivy", "config_version") == defaults.get("kivy", "config_version")
    for section in defaults.sections():
        if section == "input":
            continue
        assert set(ours.options(section)) == set(defaults.options(section)), section


def test_kivy_reads_touches_through_one_provider():
    ours = configparser.RawConfigParser()
    ours.read(KIVY_CONFIG)
    providers = [value for key, value in ours.items("input") if "probesysfs" in value]
    assert providers == ["probesysfs,provider=mtdev"]
    assert ours.get("kivy", "log_enable") == "0"  # the journal, no log files
    assert ours.get("kivy", "exit_on_escape") == "0"


def test_kivy_writes_nothing_into_the_installed_kivy_home(pi_root, install):
    # The service cannot write /etc/smartstep/kivy: Kivy must find all it needs there.
    install(pi_root)
    home = pi_root / "etc/smartstep/kivy"
    before = sorted((p.relative_to(home), p.stat().st_mtime_ns) for p in home.rglob("*"))
    env = user_env(pi_root, KIVY_HOME=str(home))
    done = subprocess.run([sys.executable, "-c", "import kiosk.ui, kivy.config"], env=env,
                          capture_output=True, text=True, timeout=60, check=True)
    assert sorted((p.relative_to(home), p.stat().st_mtime_ns) for p in home.rglob("*")) == before
    assert "Error" not in done.stderr and "Upgrading configuration" not in done.stderr


def test_pinned_gpiozero_finds_the_pi5_chip_after_the_renumbering():
    # Kernel 6.6.45 moved the Pi 5's header GPIOs from gpiochip4 to gpiochip0; gpiozero
    # 2.0.1 always opened 4 on a Pi 5. The pinned release checks that gpiochip4 exists.
    source = Path(importlib.util.find_spec("gpiozero").origin).parent / "pins" / "lgpio.py"
    text = source.read_text()
    assert "os.path.exists('/dev/gpiochip4')" in text
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text())
    assert "gpiozero==2.0.1.post3" in pyproject["project"]["dependencies"]
    pi = pyproject["project"]["optional-dependencies"]["pi"]
    assert any(p.startswith("lgpio==") for p in pi) and any(p.startswith("spidev==") for p in pi)
