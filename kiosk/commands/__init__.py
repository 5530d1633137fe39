"""The ``smartstep`` commands (CONTRACTS.md section 2), one module each.

Every command module has ``add_parser(subparsers)`` (its options) and
``run(args) -> int`` (its exit code). Only here are arguments parsed and the
config file loaded; the modules underneath take plain values.
"""

from __future__ import annotations

# command name -> module under kiosk.commands (imported only when that command runs,
# so ``smartstep analyze`` never loads Kivy).
COMMANDS: dict[str, str] = {
    "run": "run",
    "analyze": "analyze",
    "simulate": "simulate",
    "monitor": "monitor",
    "export": "export",
    "merge": "merge",
    "screenshots": "screenshots",
    "demo-data": "demo_data",
    "doctor": "doctor",
}
