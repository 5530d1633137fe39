"""Reusable kiosk widgets. ``load()`` registers their kv rules once."""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder

_loaded = False


def load() -> None:
    """Import every widget and load the shared kv rules (idempotent)."""
    global _loaded
    if _loaded:
        return
    from kiosk.ui.widgets import (  # noqa: F401  (registers the classes with Factory)
        balance_bars,
        big_button,
        heel_gauge,
        phase_indicator,
        position_picture,
        rep_counter,
    )

    Builder.load_file(str(Path(__file__).with_name("common.kv")))
    _loaded = True
