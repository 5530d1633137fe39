import time

from kiosk.staff.review.service import ReviewService


def test_warm_caches_the_overviews_in_the_background(sample, tmp_path):
    store, ids = sample
    review = ReviewService(store, step_id="s", cache_dir=tmp_path / "cache")
    try:
        review.warm([ids["recorded"], ids["pruned"]])
        deadline = time.monotonic() + 30
        while not list((tmp_path / "cache").glob("*.overview.json")):
            assert time.monotonic() < deadline, "no overview cached"
            time.sleep(0.02)
    finally:
        review.close()
    assert len(list((tmp_path / "cache").glob("*.overview.json"))) == 1  # pruned: nothing


def test_report_goes_to_the_usb_stick_when_present(sample, tmp_path):
    store, ids = sample
    stick = tmp_path / "stick"
    stick.mkdir()
    review = ReviewService(store, step_id="s", usb_folder=lambda: stick)
    result = review.report(ids["one"])
    assert result.path.parent == stick and result.path.name.startswith("smartstep-report-C-1001")
    assert not (tmp_path / "data").exists()


def test_find_patients_by_name_or_clinic_id(sample):
    store, ids = sample
    review = ReviewService(store, step_id="s")
    assert [p.id for p in review.find_patients("mart")] == [ids["many"]]
    assert [p.id for p in review.find_patients("1001")] == [ids["one"]]
    assert review.find_patients("  ") == []


def test_without_a_stick_the_report_is_refused_and_nothing_written(sample, tmp_path):
    import pytest

    from kiosk.staff.review.report import NoStickForReport

    store, ids = sample
    review = ReviewService(store, step_id="s", usb_folder=lambda: None)
    with pytest.raises(NoStickForReport):
        review.report(ids["one"])
    assert not list(store.data_dir.rglob("*.pdf"))
