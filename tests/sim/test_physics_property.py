"""Property: whatever the script, the body stays physical."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.sim.person import G, Reps, Script, SimulatedPerson, Stand, Wobble
from kiosk.sim.script import FAULTS, POSITIONS, SPACINGS, SURFACES, VARIANTS

reps = st.builds(
    Reps,
    n=st.integers(1, 4),
    tempo=st.tuples(st.floats(0.5, 4), st.floats(0, 3), st.floats(0.5, 4)),
    rest_s=st.floats(0.2, 2),
    position=st.sampled_from(POSITIONS),
    variant=st.sampled_from(VARIANTS),
    faults=st.dictionaries(
        st.integers(0, 3), st.lists(st.sampled_from(FAULTS), max_size=2, unique=True), max_size=2
    ),
    fatigue=st.floats(0, 1),
    bottom_mm=st.floats(-40, 0),
    spacing=st.sampled_from(SPACINGS),
    surface=st.sampled_from(SURFACES),
    added_kg=st.floats(0, 30),
)


@settings(max_examples=25, deadline=None)
@given(mass=st.floats(40, 150), seed=st.integers(0, 10_000), block=reps,
       wobble=st.floats(1, 9.9))
def test_any_script_stays_physical(mass, seed, block, wobble):
    person = SimulatedPerson(mass, seed=seed,
                             script=Script([Stand(2), block, Wobble(1, wobble), Stand(1)]))
    t = 0.0
    while t < person.duration_s:
        state = person.state_at(t)
        assert -40.0 <= state.heel_mm <= 110.0
        assert min(state.loads_n) >= 0.0
        # Never more than twice the body (plus carried weight): the movements are gentle.
        assert sum(state.loads_n) <= 2.0 * (mass + block.added_kg) * G
        t += 0.02
