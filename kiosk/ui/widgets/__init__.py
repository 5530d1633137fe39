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
        bound,
        device_notice,
        form,
        heel_gauge,
        phase_indicator,
        pin_pad,
        position_picture,
        rep_counter,
        text_entry,
    )

    Builder.load_file(str(Path(__file__).with_name("common.kv")))
    Builder.load_file(str(Path(__file__).with_name("staff.kv")))
    _loaded = True
