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


def test_a_keyboard_rep_lowered_by_letting_go_is_not_too_fast(tmp_path):
    """Letting go of Space lowers over 3 s as the guide asks; Down drops fast."""
    import json

    from kiosk.programme import Programme, Tempo
    from kiosk.session.view import Stage

    from .conftest import Kiosk

    kiosk = Kiosk(tmp_path)
    try:
        keys = SimKeys(kiosk.control)
        keys.key_down("enter")
        keys.key_up("enter")
        kiosk.run(1.0)
        kiosk.service.begin_session(None, Programme(sets=1, reps=2, tempo=Tempo(1, 0.5, 3, 1)))
        kiosk.run_until(Stage.ACTIVE, 30)
        for drop in (False, True):
            keys.key_down("spacebar")
            kiosk.run(2.0)
            if drop:
                keys.key_down("down")
            keys.key_up("spacebar")
            keys.key_up("down")
            kiosk.run(5.0)
        reps = kiosk.db_reps()
        assert len(reps) == 2
        slow, dropped = (json.loads(r["faults"]) for r in reps)
        assert "too_fast" not in slow and reps[0]["down_s"] >= 0.3 * 3
        assert "too_fast" in dropped
    finally:
        kiosk.service.close()
        kiosk.store.close()
