from datetime import date

import pytest

from kiosk.staff.review.sessions import SessionFilter, session_page


def test_pages_newest_first_without_gaps_or_repeats(sample):
    store, ids = sample
    seen, cursor = [], None
    while True:
        page = session_page(store, SessionFilter(patient_id=ids["many"]), cursor, limit=37)
        seen += page.rows
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert len(seen) == 500
    assert len({r.id for r in seen}) == 500
    assert [r.started_at for r in seen] == sorted((r.started_at for r in seen), reverse=True)


def test_filters_by_status_and_dates(sample):
    store, _ids = sample
    stopped = session_page(store, SessionFilter(status="stopped"), limit=500).rows
    assert stopped and all(r.status == "stopped" for r in stopped)
    day = date(2026, 11, 19)
    rows = session_page(store, SessionFilter(date_from=day, date_to=day)).rows
    assert rows and all(r.started_at.startswith("2026-11-19") for r in rows)
    assert {r.patient_name for r in rows} == {"Olivia Once", "Martin Many"}


def test_patient_without_sessions_has_an_empty_last_page(sample):
    store, ids = sample
    page = session_page(store, SessionFilter(patient_id=ids["none"]))
    assert page.rows == [] and page.next_cursor is None


def test_bad_filter_is_refused():
    with pytest.raises(ValueError):
        SessionFilter(status="running")
    with pytest.raises(ValueError):
        SessionFilter(date_from=date(2026, 2, 1), date_to=date(2026, 1, 1))
