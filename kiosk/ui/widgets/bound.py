"""``ScreenBound``: a ``screen`` property kv rules can follow (``self.screen.message``).

A property declared in a kv rule (``screen: None``) is an ``ObjectProperty``
without ``rebind``: an expression such as ``self.screen.message`` then keeps
showing the first value. Mixing this class in (``<Name@Label+ScreenBound>``)
gives the widget a rebinding ``screen`` (also used for a pad, a form row or a
keyboard that owns the widget).
"""

from __future__ import annotations

from kivy.event import EventDispatcher
from kivy.factory import Factory
from kivy.properties import ObjectProperty


class ScreenBound(EventDispatcher):
    screen = ObjectProperty(None, allownone=True, rebind=True)


Factory.register("ScreenBound", cls=ScreenBound)
