"""One definition of a rep (the analysis's ``Rep``): the stored columns, the screens'
``RepView`` and the review's ``RepLine`` are its fields, by name."""

from __future__ import annotations

import dataclasses

from kiosk.analysis.events import Rep
from kiosk.session.view import RepView
from kiosk.staff.review.detail import RepLine
from kiosk.storage.store import REP_ANALYSIS_FIELDS, REP_FIELDS

REP = Rep(number=4, start_s=1.0, top_s=1.6, end_s=3.1, peak_mm=61.5, up_s=0.6, down_s=1.5,
          stance="both", faults=("too_fast",), left_share=0.48, lsi=92.3,
          toe_share_left=0.5, toe_share_right=0.4, tut_s=2.1)


def _names(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls)]


def test_the_stored_columns_are_the_analysis_reps_fields(store):
    columns = [r["name"] for r in store.query("PRAGMA table_info(reps)")]
    assert list(REP_ANALYSIS_FIELDS) == _names(Rep)
    assert set(columns) == {"id", "session_id", "set_number", "number", *REP_FIELDS,
                            "extras", "updated_at"}


def test_the_views_take_their_fields_from_the_rep():
    assert set(_names(RepView)) - {"set_index"} <= set(_names(Rep))
    assert set(_names(RepLine)) <= {"set_number", "number", *REP_FIELDS}


def test_a_rep_view_copies_every_shared_field():
    view = RepView.of(REP, number=7, set_index=2)
    assert (view.number, view.set_index) == (7, 2)
    for name in set(_names(RepView)) - {"number", "set_index"}:
        assert getattr(view, name) == getattr(REP, name), name
