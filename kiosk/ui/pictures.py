"""The start/end position pictures in ``assets/pictures``, and their generator.

``python -m kiosk.ui.pictures [DIR]`` (under a display) draws every picture with
``widgets.position_picture.PositionPicture`` and writes the PNGs the screens show.
"""

from __future__ import annotations

import sys
from pathlib import Path

PICTURES_DIR = Path(__file__).resolve().parents[2] / "assets" / "pictures"
PICTURE_PX = 360


def picture_path(position: str, pose: str) -> str:
    """Path of one picture, e.g. ``assets/pictures/step-end.png``."""
    return str(PICTURES_DIR / f"{position}-{pose}.png")


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
    import os

    os.environ.setdefault("KIVY_NO_ARGS", "1")
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else PICTURES_DIR
    for p in render_all(target):
        print(p)
