"""Every text/background pair of the palette reaches WCAG 4.5:1."""

from __future__ import annotations

import pytest

from kiosk.ui import theme


@pytest.mark.parametrize("fg,bg,where", theme.TEXT_PAIRS, ids=[p[2] for p in theme.TEXT_PAIRS])
def test_text_pair_contrast(fg, bg, where):
    assert theme.contrast_ratio(fg, bg) >= 4.5, where


def test_contrast_ratio_known_values():
    assert theme.contrast_ratio("#FFFFFF", "#000000") == pytest.approx(21.0)
    assert theme.contrast_ratio("#777777", "#777777") == pytest.approx(1.0)
    # WCAG's own example: #767676 on white is just above 4.5.
    assert theme.contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)


def test_main_buttons_meet_touch_size():
    assert theme.MAIN_ACTION_PX >= theme.MIN_TOUCH_PX >= 10 * 5.4


def test_secret_dots_are_a_glyph_of_the_bundled_font():
    """PIN and code dots once showed as empty boxes: the font has no U+25CF."""
    from pathlib import Path

    import kivy
    from fontTools.ttLib import TTFont

    from kiosk.ui import theme

    font = Path(kivy.__file__).parent / "data" / "fonts" / "Roboto-Regular.ttf"
    with TTFont(font) as ttf:
        cmap = ttf.getBestCmap()
    assert all(ord(ch) in cmap for ch in theme.SECRET_DOT)
    for kv in Path(theme.__file__).parent.rglob("*.kv"):
        assert "\u25cf" not in kv.read_text(encoding="utf-8"), kv
