"""The start/end position pictures, shipped as package data, and their generator.

The PNGs live in ``kiosk/ui/assets/pictures`` and are found with
``importlib.resources``, so an installed kiosk (a wheel, not the source tree)
shows them too. ``python -m kiosk.ui.pictures [DIR]`` (under a display) draws
every picture with ``widgets.position_picture.PositionPicture`` and writes the
PNGs (by default into that package folder of the source tree).
"""

from __future__ import annotations

import atexit
import contextlib
import sys
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

PICTURE_PX = 360
_PACKAGE_DIR = ("assets", "pictures")
# Pictures extracted to temporary files when the package is not plain files (a zip).
_extracted = contextlib.ExitStack()
atexit.register(_extracted.close)


def _pictures() -> Traversable:
    return resources.files("kiosk.ui").joinpath(*_PACKAGE_DIR)


def picture_path(position: str, pose: str) -> str:
    """A file path Kivy can load for one picture, e.g. ``.../pictures/step-end.png``."""
    picture = _pictures().joinpath(f"{position}-{pose}.png")
    if isinstance(picture, Path):
        return str(picture)
    return str(_extracted.enter_context(resources.as_file(picture)))


def render_all(out_dir: Path) -> list[Path]:
    """Draw every position and pose into ``out_dir`` (needs a GL context: a Kivy window)."""
    from kivy.core.window import Window  # noqa: F401  (creates the GL context)

    from kiosk.ui.widgets.position_picture import POSES, POSITIONS, PositionPicture, picture_name

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for position in POSITIONS:
        for pose in POSES:
            widget = PositionPicture(position=position, pose=pose, size=(PICTURE_PX, PICTURE_PX))
            widget.redraw()
            path = out_dir / picture_name(position, pose)
            widget.export_to_png(str(path))
            written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent.joinpath(
        *_PACKAGE_DIR)
    for p in render_all(target):
        print(p)
