"""Staff calibration: empty-step baselines and per-strip gains feed the shares."""

from __future__ import annotations

import pytest
from synth_analysis import RepSpec, Script, run

from kiosk.analysis.calibration import Calibration
from kiosk.analysis.samples import Sample
from kiosk.errors import UserError


def test_baselines_from_an_empty_step():
    empty = [Sample(i / 100, None, (8, 10, 12, 6, 4, 2)) for i in range(50)]
    assert Calibration.from_empty_step(empty).baselines == (8, 10, 12, 6, 4, 2)


def test_gains_scale_each_strip_to_the_reference():
    base = Calibration(baselines=(10.0,) * 6)
    loaded = [Sample(0, None, (310, 160, 410, 110, 210, 60))]
    gains = base.with_gains(loaded, reference_counts=300).gains
    assert gains == pytest.approx((1.0, 2.0, 0.75, 3.0, 1.5, 6.0))


def test_a_strip_without_load_cannot_be_calibrated():
    with pytest.raises(UserError, match="strip 6"):
        Calibration().with_gains([Sample(0, None, (300, 300, 300, 300, 300, 0))])


def test_gains_change_the_shares_of_a_rep():
    plain, _ = run(Script(reps=[RepSpec()]))
    # Doubling the left big-toe strip's gain raises its share of the left forefoot.
    cal = Calibration(baselines=(8.0,) * 6, gains=(2.0, 1.0, 1.0, 1.0, 1.0, 1.0))
    weighted, _ = run(Script(reps=[RepSpec()]), calibration=cal)
    assert len(weighted.reps) == 1
    assert weighted.reps[0].toe_share_left > plain.reps[0].toe_share_left + 0.1
    assert weighted.reps[0].toe_share_right == pytest.approx(plain.reps[0].toe_share_right,
                                                             abs=0.03)
