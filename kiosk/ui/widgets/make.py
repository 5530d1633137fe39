"""Build a kv-defined widget class and set its properties (kv classes declared with
``<Name@Base>`` reject their own properties as constructor arguments)."""

from __future__ import annotations

from kivy.factory import Factory
from kivy.uix.widget import Widget


def make(kv_class: str, **props: object) -> Widget:
    widget = Factory.get(kv_class)()
    for name, value in props.items():
        setattr(widget, name, value)
    return widget
