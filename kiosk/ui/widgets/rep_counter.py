"""The rep counter: one huge number, readable from two metres."""

from __future__ import annotations

from kivy.properties import StringProperty
from kivy.uix.boxlayout import BoxLayout


class RepCounter(BoxLayout):
    """``text`` (the count, or 3-2-1 before a set) large, ``caption`` small underneath.

    Layout in ``common.kv``: the number's font follows the widget's height.
    """

    text = StringProperty("0")
    caption = StringProperty("")
