"""Small helpers shared by the simulated person's tests."""

from __future__ import annotations

from kiosk.sim.person import BodyState, SimulatedPerson


def run(person: SimulatedPerson, start: float, end: float, step: float = 0.01) -> list[BodyState]:
    """States from ``start`` to ``end`` (exclusive) every ``step`` seconds."""
    out = []
    n = round((end - start) / step)
    for k in range(n):
        out.append(person.state_at(start + k * step))
    return out


def lateral_share(state: BodyState, foot: int) -> float:
    toe, lat = state.loads_n[foot * 3], state.loads_n[foot * 3 + 1]
    return lat / (toe + lat)
