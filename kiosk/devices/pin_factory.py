"""gpiozero's default pin factory (lgpio on a Pi), or None and the reason why not.

lgpio, the first factory gpiozero tries, makes a notification pipe in ``$LG_WD`` or
else the current folder. Should that fail, gpiozero falls back to another factory with
only a warning, and a kiosk would then run on pins that do nothing: here the warning is
the reason, and no other factory stands in for lgpio. Used by the kiosk's device
builder and by ``smartstep doctor``, so both say the same.
"""

from __future__ import annotations

import contextlib
import os
import warnings

from gpiozero import Device
from gpiozero.pins import Factory

__all__ = ["LGPIO_PIPE", "default_pin_factory"]

# lgpio's notification pipe; it names it in errors when it cannot make it.
LGPIO_PIPE = ".lgd-nfy"


def default_pin_factory() -> tuple[Factory | None, str | None]:
    """gpiozero's global default factory, made now; or (None, why not) in one line."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            Device.ensure_pin_factory()
            error = None
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
    pipe_failure = next((str(w.message) for w in caught if LGPIO_PIPE in str(w.message)), None)
    if pipe_failure is not None:
        with contextlib.suppress(Exception):
            if Device.pin_factory is not None:
                Device.pin_factory.close()
        Device.pin_factory = None
        where = os.environ.get("LG_WD") or "the current folder"
        return None, f"lgpio could not make its pipe in {where} ({pipe_failure})"
    if error is not None:
        # "Unable to load any default pin factory!" alone hides why lgpio, the Pi's, failed.
        lgpio = next((str(w.message) for w in caught if "from lgpio" in str(w.message)), None)
        return None, error + (f" ({lgpio})" if lgpio else "")
    return Device.pin_factory, None
