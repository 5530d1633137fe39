"""Between sets, "Start next set now" (a main action, >= 80 px) ends the rest early."""

from __future__ import annotations

import pytest

from kiosk.programme import Programme, Tempo
from kiosk.session.view import Stage

pytestmark = pytest.mark.ui

LONG_REST = Programme(position="floor", sets=2, reps=1, tempo=Tempo(1, 0, 1, 0.5),
                      rest_between_sets_s=120)


def test_start_next_set_now_skips_the_rest(at_home):
    k = at_home
    k.to_guest_programme()
    k.screen().set_programme(LONG_REST, prescribed=False, who="Guest")
    k.tap("start_button")
    k.wait_screen("calibration", 5)
    k.start_patient(LONG_REST)
    k.wait_screen("rest", 40)
    rest = k.screen("rest")
    button = rest.ids["next_button"]
    assert button.height >= 80 and rest.ids["stop_button"].height >= 80
    assert k.session.snapshot().rest_remaining_s > 60

    k.tap("next_button")
    # A 120 s rest: within the wait only the button can have ended it.
    k.wait_screen("live", 15)
    k.run_until(lambda: k.session.snapshot().stage is Stage.ACTIVE, 10, "the next set's 3-2-1")
    assert k.session.snapshot().set_index == 2
    k.tap("stop_button")
    k.wait_screen("summary", 5)
