"""A session's plot is cached as soon as it ends, so staff open it without reading the
recording (the listener the composition root connects)."""

import time

from kiosk.staff.review import traces
from kiosk.staff.review.service import ReviewService

from .conftest import small_programme


def test_a_finished_session_opens_from_the_cache(kiosk, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    review = ReviewService(kiosk.store, step_id="s", cache_dir=cache)
    try:
        kiosk.service.add_saved_listener(lambda session_id: review.warm([session_id]))
        patient = kiosk.start(small_programme(sets=1, reps=3))
        kiosk.run(60, patient, until=lambda v: v.rep_count >= 3)
        kiosk.run(5, patient)
        session_id = kiosk.service.summary().session_id
        deadline = time.monotonic() + 30
        while not list(cache.glob("*.overview.json")):
            assert time.monotonic() < deadline, "the finished session was not cached"
            time.sleep(0.02)
    finally:
        review.close()

    def no_reading(*args, **kwargs):
        raise AssertionError("the recording was read again")

    monkeypatch.setattr(traces, "read_samples", no_reading)
    detail = review.detail(session_id)
    state, overview = review.overview(detail)
    assert state is traces.RecordingState.OK and overview is not None
    assert overview.samples > 100 and len(detail.reps) == 3
