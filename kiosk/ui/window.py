"""Opening the kiosk's window, or saying in one line why it cannot be opened.

Kivy creates its window on the first import of ``kivy.core.window``. When no window
can be made (no display, no GL library, the DRM device not allowed) it logs a
critical record holding every provider's traceback and leaves ``Window`` as None,
and the app then dies on an AttributeError far from the cause. When SDL finds no
display it quietly draws off screen instead: the kiosk runs and nobody sees it.
Both are turned into :class:`NoWindow`, one line with the cause.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import importlib.util
import logging
import os
import re
from pathlib import Path
from typing import Any

from kiosk.errors import UserError

log = logging.getLogger(__name__)

# SDL's video drivers that show nothing on any screen.
INVISIBLE_DRIVERS = ("offscreen", "dummy", "evdev")
# "sdl2 - ImportError: libGL.so.1: cannot open shared object file" in Kivy's record.
_PROVIDER_ERROR = re.compile(r"^(\w+) - (\w+): (.+)$")


class NoWindow(UserError):
    """The kiosk's window cannot be shown; the message says why, in one line."""


class _ProviderFailure(logging.Filter):
    """Keeps Kivy's "no window provider" record out of the log, remembering its causes."""

    def __init__(self) -> None:
        super().__init__()
        self.causes: list[str] = []

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "Unable to find any valuable Window provider" not in message:
            return True
        for line in message.splitlines():
            found = _PROVIDER_ERROR.match(line.strip())
            if found:
                self.causes.append(f"{found[1]}: {_unquote(found[3])}")
        return False


def _unquote(text: str) -> str:
    """SDL's errors reach Kivy as bytes reprs: ``b'kmsdrm not available'``."""
    return text[2:-1] if text.startswith(("b'", 'b"')) and len(text) > 3 else text


def open_window() -> Any:
    """Kivy's window, made now.

    :raises NoWindow: no window could be made, or it would be invisible (SDL drew off
        screen) when nobody asked for that.
    """
    failure = _ProviderFailure()
    kivy_logger = logging.getLogger("kivy")
    kivy_logger.addFilter(failure)
    try:
        from kivy.core.window import Window
    finally:
        kivy_logger.removeFilter(failure)
    if Window is None:
        cause = "; ".join(failure.causes) or "no window provider"
        raise NoWindow(f"cannot open the kiosk's window ({cause}). {_advice(cause)}")
    driver = sdl_video_driver()
    asked = os.environ.get("SDL_VIDEODRIVER", "").lower()
    if driver in INVISIBLE_DRIVERS and driver != asked:
        raise NoWindow(f"cannot open the kiosk's window: no display found (SDL fell back "
                       f"to its {driver} driver). {_advice('')}")
    log.info("window: SDL video driver %s", driver or "unknown")
    return Window


def _advice(cause: str) -> str:
    if re.search(r"lib(GL|EGL|GLES)", cause):
        return "The GL libraries are missing: apt-get install libgl1 libgl1-mesa-dri libegl1"
    if os.environ.get("SDL_VIDEODRIVER", "").lower() == "kmsdrm":
        return ("Is the screen connected, and may the kiosk's user open /dev/dri "
                "(groups video and render)? smartstep doctor checks both")
    return "Start it on a desktop (DISPLAY set), or on the Pi with SDL_VIDEODRIVER=kmsdrm"


def sdl_video_driver() -> str:
    """The video driver SDL chose ("x11", "kmsdrm", "offscreen"...), "" when unknown."""
    sdl = _sdl()
    if sdl is None:
        return ""
    try:
        sdl.SDL_GetCurrentVideoDriver.restype = ctypes.c_char_p
        name = sdl.SDL_GetCurrentVideoDriver()
    except AttributeError:
        return ""
    return name.decode("ascii", "replace").lower() if name else ""


class _DisplayMode(ctypes.Structure):
    _fields_ = [("format", ctypes.c_uint32), ("w", ctypes.c_int), ("h", ctypes.c_int),
                ("refresh_rate", ctypes.c_int), ("driverdata", ctypes.c_void_p)]


def display_size() -> tuple[int, int] | None:
    """The first display's size in pixels, asked of SDL before Kivy makes its window.

    A full-screen window is made this size at the top left: SDL's "full screen desktop"
    is only a request to the window manager, and with none (a kiosk's bare X, Xvfb) the
    window stays at its first size while Kivy lays the screens out for the display.
    None: SDL is not found or has no display (then the window says why when it opens).
    """
    sdl = _sdl()
    if sdl is None:
        return None
    video = 0x20  # SDL_INIT_VIDEO; left initialised: Kivy initialises it again at once
    mode = _DisplayMode()
    try:
        if sdl.SDL_InitSubSystem(video) != 0 or sdl.SDL_GetDesktopDisplayMode(
                0, ctypes.byref(mode)) != 0:
            return None
    except AttributeError:
        return None
    return (mode.w, mode.h) if mode.w > 0 and mode.h > 0 else None


def _sdl() -> ctypes.CDLL | None:
    """The SDL library Kivy uses: the one already loaded in this process, else the one
    its wheel ships (loading it first gives Kivy the same copy: one SDL state)."""
    path = _loaded_library("libSDL2-") or _wheel_library("libSDL2-")
    if path is None:
        found = ctypes.util.find_library("SDL2-2.0")
        path = Path(found) if found else None
    if path is None:
        return None
    try:
        return ctypes.CDLL(str(path))
    except OSError:
        return None


def _wheel_library(prefix: str) -> Path | None:
    """A library in the Kivy wheel's ``Kivy.libs`` folder (beside the package)."""
    spec = importlib.util.find_spec("kivy")
    if spec is None or spec.origin is None:
        return None
    folder = Path(spec.origin).parent.parent / "Kivy.libs"
    return next(iter(sorted(folder.glob(f"{prefix}*.so*"))), None)


def _loaded_library(prefix: str) -> Path | None:
    """A library loaded in this process, found by its file name in the memory map."""
    try:
        with open("/proc/self/maps", encoding="ascii", errors="replace") as maps:
            for line in maps:
                fields = line.split(None, 5)
                path = fields[5].strip() if len(fields) == 6 else ""
                if Path(path).name.startswith(prefix) and ".so" in path:
                    return Path(path)
    except OSError:
        return None
    return None
