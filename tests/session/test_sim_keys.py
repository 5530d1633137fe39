"""Keyboard play: key names move the real simulated person's live control."""

from kiosk.sim.keys import HELP, SimKeys
from kiosk.sim.live import LiveControl


def test_hold_space_to_raise_the_heels():
    control = LiveControl()
    keys = SimKeys(control)
    assert keys.key_down("spacebar")
    assert control.targets()["raise"] == 1.0
    assert keys.key_down("spacebar")  # auto-repeat changes nothing
    assert keys.key_up("spacebar")
    assert control.targets()["raise"] == 0.0


def test_enter_steps_on_and_off():
    control = LiveControl()
    keys = SimKeys(control)
    keys.key_down("enter")
    keys.key_down("enter")  # held: still one step
    keys.key_up("enter")
    assert control.targets()["on_step"] is True
    keys.key_down("enter")
    keys.key_up("enter")
    assert control.targets()["on_step"] is False


def test_lean_lift_and_roll_last_while_held():
    control = LiveControl()
    keys = SimKeys(control)
    keys.key_down("left")
    assert control.targets()["shift"] < 0
    keys.key_down("right")
    keys.key_up("right")
    assert control.targets()["shift"] < 0  # left still held
    keys.key_up("left")
    assert control.targets()["shift"] == 0.0
    keys.key_down("q")
    assert control.targets()["lift"] == "left"
    keys.key_up("q")
    assert control.targets()["lift"] is None
    keys.key_down("o")
    assert control.targets()["roll"] == "out"
    keys.release_all()
    assert control.targets()["roll"] is None


def test_unknown_keys_are_left_alone():
    keys = SimKeys(LiveControl())
    assert not keys.key_down("z")
    assert not keys.key_up("z")
    assert len(HELP) >= 5
