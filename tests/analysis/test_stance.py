"""Stance from the loaded feet during the rise and the lowering."""

from __future__ import annotations

import pytest
from synth_analysis import RepSpec, Script, run


@pytest.mark.parametrize("stance", ["both", "left", "right", "ecc_left", "ecc_right"])
def test_stance_of_each_variant(stance):
    engine, _ = run(Script(reps=[RepSpec(stance=stance) for _ in range(3)], noise_mm=1.0))
    assert [r.stance for r in engine.reps] == [stance] * 3


def test_load_shares_and_symmetry():
    engine, _ = run(Script(reps=[RepSpec(stance="both"), RepSpec(stance="left")]))
    even, left = engine.reps
    assert even.left_share == pytest.approx(0.5, abs=0.02)
    assert even.lsi == pytest.approx(100, abs=3)
    assert left.left_share > 0.95
    assert left.lsi < 5
    # The synthetic person puts 55 % of the forefoot load through the big toe.
    assert even.toe_share_left == pytest.approx(0.53, abs=0.04)
