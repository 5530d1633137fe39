import pytest

from kiosk.staff.review.norms import compare, norms_for
from kiosk.staff.review.progress import patient_progress
from kiosk.storage.store import NotFoundError


def test_500_sessions_by_week(sample):
    store, ids = sample
    p = patient_progress(store, "C-1500")  # by clinic ID
    assert p.patient.id == ids["many"]
    # Three of them poor (heel-sensor dropouts): counted, but left out of the weeks.
    assert sum(w.sessions for w in p.weeks) == 497 and p.left_out_sessions == 3
    assert p.weeks[0].week == 0 and p.weeks[-1].week > 90
    assert p.weeks[-1].mean_peak_mm > p.weeks[0].mean_peak_mm


def test_symmetry_is_injured_against_uninjured_when_known(sample):
    store, ids = sample
    p = patient_progress(store, ids["many"])
    if p.patient.injured_side == "none":
        pytest.skip("this schema has no injured_side column yet (staff mode adds it)")
    assert p.symmetry_kind == "injured_vs_uninjured"
    reps = [s.pct for s in p.symmetry if s.measure == "reps"]
    assert reps[0] < reps[-1] <= 110
    assert {c.norm.median for c in p.lsi_norms} >= {84, 95}


def test_no_sessions_and_unknown_patient(sample):
    store, ids = sample
    p = patient_progress(store, ids["none"])
    assert p.weeks == [] and p.tests == []
    with pytest.raises(NotFoundError):
        patient_progress(store, "no-such-patient")


def test_norms_never_claim_a_range_their_source_lacks():
    for norm in norms_for("reps"):
        assert compare(10, norm).verdict == "beside_median"
    women = norms_for("reps", "female")
    assert [n.median for n in women if n.source.code == "hebert_losier_2017"] == [21]
    assert compare(30, women[0], age=90).outside_ages
