"""Fixtures of the simulated person's tests: the corpus labels are computed once."""

from __future__ import annotations

import pytest

from kiosk.sim.corpus import Scenario, scenarios


@pytest.fixture(scope="session")
def corpus() -> list[Scenario]:
    """Every scenario with its labels computed (about 10 s, shared by the tests)."""
    found = scenarios(seed=1)
    for scenario in found:
        assert scenario.labels is not None
    return found
