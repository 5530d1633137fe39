"""Starting ``smartstep`` as its users do: the console script, in a clean environment.

A test process carries what a real start does not have (Kivy's variables, pytest's
``KIVY_UNITTEST``, ``SMARTSTEP_*`` of a fixture, the developer's shell), and a child
given ``os.environ`` inherits all of it: the kiosk once passed every test and crashed
at every real start. So no test passes ``os.environ`` on to ``smartstep``
(``tests/core/test_clean_starts.py`` checks the tests' source); they build the
environment here, from nothing.
"""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

# The console script pip made in the venv: what `make run`, the README and the unit run.
SMARTSTEP = str(Path(sys.executable).with_name("smartstep"))
# A login shell's PATH without the venv: nobody activates it to start the kiosk.
USER_PATH = "/usr/local/bin:/usr/bin:/bin"
# What systemd 252 gives a system service's PATH (systemd.exec(5), "Environment").
SYSTEMD_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin"


def user_env(home: Path, **extra: str) -> dict[str, str]:
    """What a person's terminal gives a command: PATH, HOME, LANG, and the display.

    :param home: an existing folder standing in for the person's home (Kivy writes
        its config there).
    :param extra: the variables the test sets on purpose (``SMARTSTEP_DATA``...).
    """
    env = {"PATH": USER_PATH, "HOME": str(home), "LANG": "C.UTF-8"}
    if os.environ.get("DISPLAY"):
        env["DISPLAY"] = os.environ["DISPLAY"]
    env.update(extra)
    return env


def unit_settings(unit: Path) -> dict[str, list[str]]:
    """The ``[Service]`` settings of a unit file, each key's values in order."""
    settings: dict[str, list[str]] = {}
    section = ""
    for raw in unit.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        if section == "Service" and "=" in line:
            key, value = line.split("=", 1)
            settings.setdefault(key.strip(), []).append(value.strip())
    return settings


def unit_env(unit: Path, *, root: Path, home: Path, **extra: str) -> dict[str, str]:
    """The environment systemd gives the unit's process, with its paths under ``root``.

    systemd's own part (systemd.exec(5)): PATH, the service user's HOME, USER, LOGNAME
    and SHELL, ``STATE_DIRECTORY`` and ``RUNTIME_DIRECTORY`` for the directories it
    makes; then every ``Environment=`` line. Absolute paths in them are moved under
    ``root`` (the installer's ``--root``), the only change.
    """
    settings = unit_settings(unit)
    user = settings.get("User", ["root"])[-1]
    env = {"PATH": SYSTEMD_PATH, "HOME": str(home), "USER": user, "LOGNAME": user,
           "SHELL": "/usr/sbin/nologin"}
    for key, folder in (("StateDirectory", "/var/lib"), ("RuntimeDirectory", "/run")):
        names = [n for value in settings.get(key, []) for n in value.split()]
        if names:
            env[f"{key.upper().replace('DIRECTORY', '_DIRECTORY')}"] = ":".join(
                str(under(root, f"{folder}/{n}")) for n in names)
    for value in settings.get("Environment", []):
        for assignment in shlex.split(value):
            key, _, val = assignment.partition("=")
            env[key] = str(under(root, val)) if val.startswith("/") else val
    env.update(extra)
    return env


def under(root: Path, path: str) -> Path:
    """An absolute path of the installed system, inside the installer's ``--root``."""
    return root / path.lstrip("/")
