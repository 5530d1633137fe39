"""Play the patient on the simulated step with a keyboard (no Kivy here).

The UI passes key names (Kivy's keycode names: "spacebar", "left", "q" ...) to
``SimKeys.key_down`` / ``key_up``; this turns them into calls on the simulated
person's live ``control`` (kiosk/sim/person.py). Held keys act while held:
keyboards repeat key-down events, so every handler is idempotent.
"""

from __future__ import annotations

from kiosk.sim.live import LiveControl

# Shown by the UI as the key help on the simulated step.
HELP: tuple[tuple[str, str], ...] = (
    ("Enter", "step on / off"),
    ("Space or Up (hold)", "raise your heels; let go to lower slowly"),
    ("Down (with Space let go)", "drop the heels fast"),
    ("Left / Right (hold)", "lean on the left / right foot"),
    ("Q / E (hold)", "lift the left / right foot"),
    ("O (hold)", "ankles roll out"),
    ("I (hold)", "heels roll in"),
)

RAISE_KEYS = frozenset({"spacebar", "space", "up"})
LEAN = {"left": -0.6, "right": 0.6}  # shift_weight: -1 all left .. 1 all right
LIFT = {"q": "left", "e": "right"}
ROLL = {"o": "out", "i": "in"}
STEP_KEYS = frozenset({"enter", "return", "numpadenter"})
DROP_KEYS = frozenset({"down"})
# Letting go of Space lowers the heels over this long, as the guide asks ("lower
# slowly"): a keyboard rep is then not too fast unless Down drops it.
LOWER_S = 3.0


class SimKeys:
    """Key names -> simulated person control calls.

    :param control: the person's live control (``step_on``, ``step_off``,
        ``set_raise``, ``shift_weight``, ``lift_foot``, ``roll``).
    """

    def __init__(self, control: LiveControl) -> None:
        self.control = control
        self._held: set[str] = set()
        self.on_step = False

    def key_down(self, name: str) -> bool:
        """A key went down (or repeats). True when the key means something here."""
        name = name.lower()
        repeat = name in self._held
        self._held.add(name)
        if name in STEP_KEYS:
            if not repeat:
                self._toggle_step()
            return True
        if repeat:
            return self._known(name)
        if name in RAISE_KEYS:
            self.control.set_raise(1.0)
        elif name in DROP_KEYS:
            if not self._held & RAISE_KEYS:
                self.control.set_raise(0.0)  # a fast drop, even mid-way down
        elif name in LEAN:
            self.control.shift_weight(LEAN[name])
        elif name in LIFT:
            self.control.lift_foot(LIFT[name])
        elif name in ROLL:
            self.control.roll(ROLL[name])
        else:
            self._held.discard(name)
            return False
        return True

    def key_up(self, name: str) -> bool:
        """A key was released: undo what holding it did."""
        name = name.lower()
        self._held.discard(name)
        if name in RAISE_KEYS:
            if not self._held & RAISE_KEYS:
                self.control.set_raise(0.0, lower_s=0.0 if self._held & DROP_KEYS else LOWER_S)
        elif name in DROP_KEYS:
            pass
        elif name in LEAN:
            other = next((LEAN[k] for k in LEAN if k in self._held), 0.0)
            self.control.shift_weight(other)
        elif name in LIFT:
            self.control.lift_foot(None)
        elif name in ROLL:
            self.control.roll(None)
        else:
            return name in STEP_KEYS
        return True

    def release_all(self) -> None:
        """The window lost focus: let go of every held key."""
        for name in list(self._held):
            self.key_up(name)

    def _known(self, name: str) -> bool:
        return (name in RAISE_KEYS or name in DROP_KEYS or name in LEAN or name in LIFT
                or name in ROLL)

    def _toggle_step(self) -> None:
        if self.on_step:
            self.control.step_off()
        else:
            self.control.step_on()
        self.on_step = not self.on_step
