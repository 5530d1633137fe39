"""Staff review screens in the real kiosk window, driven by touch.

The review service is pointed at a sample database (patients with 0, 1 and
500 sessions, a recorded session, a pruned one) for this module only, and a
sample staff member is signed in; the kiosk's own database is left alone.
"""

from __future__ import annotations

import pytest

from kiosk.sim.samples.review import build_review_samples
from kiosk.staff.review.service import ReviewService
from kiosk.staff.review.traces import RecordingState
from kiosk.storage.store import Store
from kiosk.ui.touch import tap

pytestmark = pytest.mark.ui


@pytest.fixture(scope="module")
def review_data(tmp_path_factory):
    root = tmp_path_factory.mktemp("review-ui")
    store = Store(root / "smartstep.db")
    ids = build_review_samples(store)
    yield store, ids, root
    store.close()


@pytest.fixture
def staff_home(staff, review_data):
    """Signed in by touch (name, PIN) as the test admin, on the staff hub, with the
    sample review data."""
    kiosk = staff.k
    store, ids, root = review_data
    services = kiosk.parts.services
    old = services.review
    # The stick a report goes on: a folder (the tests that need no stick set it to None).
    stick = {"folder": root / "stick"}
    stick["folder"].mkdir(exist_ok=True)
    review = ReviewService(store, step_id="step-ui", cache_dir=root / "cache",
                           usb_folder=lambda: stick["folder"])
    review.test_stick = stick
    services.review = review
    staff.sign_in()
    kiosk.pump(3)
    yield kiosk, ids, root
    if kiosk.controller.staff.signed_in:
        kiosk.controller.staff_sign_out("button")
    kiosk.pump(3)
    review.close()
    services.review = old


def _hub_button(kiosk, screen_name):
    grid = kiosk.screen("staff_home").ids.entries
    return next(b for b in grid.children if getattr(b, "screen_name", "") == screen_name)


def _tap_widget(kiosk, widget):
    tap(widget)
    kiosk.pump(2)


def test_from_staff_home_to_a_sessions_plot_in_two_taps(staff_home):
    kiosk, _ids, _root = staff_home
    taps = 0
    _tap_widget(kiosk, _hub_button(kiosk, "staff_sessions"))
    taps += 1
    kiosk.wait_screen("staff_sessions", 5)
    listing = kiosk.screen()
    kiosk.run_until(lambda: listing.page is not None and listing.ids.rows.children, 10,
                    "the session list")
    newest = listing.ids.rows.children[-1]  # GridLayout children are in reverse order
    assert newest.session_id == listing.page.rows[0].id
    _tap_widget(kiosk, newest)
    taps += 1
    kiosk.wait_screen("staff_session", 5)
    detail = kiosk.screen()
    kiosk.run_until(lambda: detail.plot_ready, 15, "the plot")
    assert taps <= 3
    assert detail.view == "plot" and detail.recording is RecordingState.OK
    plot = detail.ids.height_plot
    assert plot.draws >= 1 and plot.bands and plot.spans
    assert len(plot.spans) == len(detail.detail.reps)
    assert detail.ids.share_plot.bands
    # The rep table is one tap away and holds every rep.
    kiosk.tap("table_tab")
    assert detail.view == "table"
    assert len(detail.ids.table.data) == len(detail.detail.reps)


def test_pruned_recording_shows_the_table_and_says_why(staff_home):
    kiosk, ids, _root = staff_home
    kiosk.controller.show_staff("staff_session", ids["pruned"])
    detail = kiosk.screen("staff_session")
    kiosk.run_until(lambda: detail.detail is not None and detail.view == "table", 10,
                    "the pruned session")
    kiosk.pump(2)
    assert detail.recording is RecordingState.PRUNED
    assert "deleted" in detail.ids.message_label.text
    assert detail.ids.message_label.opacity == 1
    assert len(detail.ids.table.data) == len(detail.detail.reps) > 0
    assert not detail.ids.height_plot.bands


def test_patient_without_sessions(staff_home):
    kiosk, ids, _root = staff_home
    kiosk.controller.show_staff("staff_progress", ids["none"])
    progress = kiosk.screen("staff_progress")
    kiosk.run_until(lambda: progress.progress is not None, 10, "the progress")
    kiosk.pump(2)
    assert progress.empty
    assert "No sessions yet" in progress.ids.message_label.text
    # Its session list says so too.
    kiosk.tap("sessions_button")
    kiosk.wait_screen("staff_sessions", 5)
    listing = kiosk.screen()
    kiosk.run_until(lambda: listing.page is not None, 10, "the session list")
    kiosk.pump(2)
    assert not listing.ids.rows.children
    assert "No sessions yet" in listing.ids.message_label.text


def test_one_session_on_a_week_axis_from_0_with_its_symmetry(staff_home):
    kiosk, ids, _root = staff_home
    kiosk.controller.show_staff("staff_progress", ids["one"])
    progress = kiosk.screen("staff_progress")
    kiosk.run_until(lambda: progress.progress is not None, 10, "the progress")
    kiosk.pump(2)
    low, high = progress.ids.reps_plot.x_range
    assert -0.5 < low < 0 and high >= 4  # week 0 at the start, not the middle of -1..1
    assert "1 session" in progress.heading and "1 sessions" not in progress.heading
    symmetry = progress.ids.symmetry_plot  # her injured side is known, no test yet: the LSI
    assert symmetry.lines and any(p[1] > 0 for line in symmetry.lines for p in line.points)


def test_report_button_writes_the_pdf(staff_home):
    kiosk, ids, root = staff_home
    kiosk.controller.show_staff("staff_progress", ids["many"])
    progress = kiosk.screen("staff_progress")
    kiosk.run_until(lambda: progress.progress is not None, 10, "the progress")
    kiosk.tap("report_button")
    kiosk.run_until(lambda: progress.reports or progress.message_is_error, 30, "the report")
    assert not progress.message_is_error, progress.message
    report = progress.reports[-1]
    assert report.path.parent == root / "stick"
    assert report.path.read_bytes().startswith(b"%PDF-")
    assert 2_000 < report.size_bytes < 1_000_000
    assert progress.message.startswith("Report saved on the USB stick: smartstep-report-")


def test_report_failure_is_said_on_screen(staff_home):
    kiosk, ids, root = staff_home
    blocked = root / "blocked"
    blocked.write_text("a file where the report folder should be")
    kiosk.parts.services.review.test_stick["folder"] = blocked / "stick"
    kiosk.controller.show_staff("staff_progress", ids["one"])
    progress = kiosk.screen("staff_progress")
    kiosk.run_until(lambda: progress.progress is not None, 10, "the progress")
    kiosk.tap("report_button")
    kiosk.run_until(lambda: not progress.reporting, 30, "the report attempt")
    assert progress.message_is_error
    assert "not saved" in progress.message and "blocked" in progress.message


def test_patient_page_has_sessions_progress_and_report(staff):
    """The real kiosk wiring: the patient page's Report asks for a USB stick (none here),
    for a patient without sessions; Sessions and Progress open filtered."""
    kiosk = staff.k
    staff.sign_in()
    staff.tap_text("Patients")
    kiosk.wait_screen("staff_patients", 5)
    staff.idle()
    from kivy.uix.button import ButtonBehavior

    rows = staff.find_all(lambda w: isinstance(w, ButtonBehavior)
                          and str(getattr(w, "text", "")).startswith("Anna Berger"))
    assert rows, "Anna Berger is not on the patient list"
    staff.tap(rows[0])
    kiosk.wait_screen("staff_patient", 5)
    staff.idle()
    page = kiosk.screen()
    kiosk.tap("report_button")
    kiosk.run_until(lambda: getattr(page, "reports", None) or page.message_is_error, 30,
                    "the report")
    # No stick in: the report is not left where staff cannot reach it; they are told.
    assert page.message_is_error and "Please insert a USB stick" in page.message
    assert not getattr(page, "reports", None)
    kiosk.tap("sessions_button")
    kiosk.wait_screen("staff_sessions", 5)
    listing = kiosk.screen()
    kiosk.run_until(lambda: listing.page is not None, 10, "the session list")
    assert listing.patient_id == page.patient_id and not listing.page.rows
    kiosk.tap("progress_button")
    kiosk.wait_screen("staff_progress", 5)
    progress = kiosk.screen()
    kiosk.run_until(lambda: progress.progress is not None, 10, "the progress")
    assert progress.empty
    staff.tap(progress.ids.header.ids.back_button)  # Back: where it was opened from
    kiosk.wait_screen("staff_sessions", 5)
    staff.tap(listing.ids.header.ids.back_button)
    kiosk.wait_screen("staff_patient", 5)


def test_heel_rise_tests_show_change_end_record_and_staff_include_a_poor_one(staff, staff_home):
    kiosk, ids, _root = staff_home
    kiosk.controller.show_staff("staff_progress", ids["many"])
    progress = kiosk.screen("staff_progress")
    kiosk.run_until(lambda: progress.progress is not None, 10, "the progress")
    kiosk.tap("tests_tab")
    text = progress.tests
    # Change first (limb symmetry index first), then each test with its end and record.
    assert (text.index("Change against what the test can detect")
            < text.index("Limb symmetry index") < text.index("Left (injured), ")
            < text.index("[b]Heel-rise tests[/b]"))
    assert "MDC 19" in text and "within what the test can detect" in text
    assert "ended: heel no longer rose" in text and "60 beats/min, kept" in text
    poor = next(t for t in progress.progress.tests if t.quality == "poor")
    assert not poor.in_trend
    (button,) = progress.ids.include_box.children
    assert button.text == f"Show the {poor.day} left test in the trends (poor quality)"
    loaded = progress.progress
    staff.tap(button)
    kiosk.run_until(lambda: progress.progress not in (None, loaded), 10, "the new progress")
    assert next(t for t in progress.progress.tests if t.id == poor.id).in_trend
    (button,) = progress.ids.include_box.children
    assert button.text.startswith(f"Leave the {poor.day} left test out")
    store = kiosk.parts.services.review.store
    (entry,) = store.query("SELECT actor FROM audit_log WHERE action = 'include_heel_rise_test'"
                           " AND target_id = ?", [poor.id])
    assert entry["actor"] == kiosk.controller.staff.member.name
    loaded = progress.progress
    staff.tap(button)  # and back out, as the sample data had it
    kiosk.run_until(lambda: progress.progress not in (None, loaded), 10, "the new progress")
    assert not next(t for t in progress.progress.tests if t.id == poor.id).in_trend


def test_a_poor_session_is_flagged_and_staff_include_it_by_touch(staff, staff_home):
    kiosk, ids, _root = staff_home
    kiosk.controller.show_staff("staff_session", ids["pruned"])  # heel-sensor dropouts
    detail = kiosk.screen("staff_session")
    kiosk.run_until(lambda: detail.detail is not None and detail.quality_text, 10,
                    "the poor session")
    kiosk.pump(2)
    label, button = detail.ids.quality_label, detail.ids.include_button
    assert label.text == ("Quality: poor (heel sensor dropped 18 % of readings), "
                          "left out of the trends")
    assert button.opacity == 1 and not button.disabled and button.text == "Show in the trends"
    loaded = detail.detail
    store = kiosk.parts.services.review.store
    try:
        _include_by_touch(staff, kiosk, detail, loaded, ids)
    finally:  # back to its verdict, as the sample data had it (the data is shared)
        store.include_session(ids["pruned"], None, "test")


def _include_by_touch(staff, kiosk, detail, loaded, ids):
    label, button = detail.ids.quality_label, detail.ids.include_button
    staff.tap(button)
    kiosk.run_until(lambda: detail.detail is not loaded, 10, "the session after the tap")
    kiosk.pump(2)
    assert detail.detail.quality.in_trend and detail.detail.quality.staff_included is True
    assert label.text.endswith("shown in the trends by staff")
    assert button.text == "Leave out of the trends"
    store = kiosk.parts.services.review.store
    (entry,) = store.query("SELECT actor, detail FROM audit_log WHERE action = 'include_session'"
                           " AND target_id = ?", [ids["pruned"]])
    assert entry["actor"] == kiosk.controller.staff.member.name
    # The progress screen counts one session fewer left out of the trends.
    kiosk.controller.show_staff("staff_progress", ids["many"])
    progress = kiosk.screen("staff_progress")
    kiosk.run_until(lambda: progress.progress is not None, 10, "the progress")
    assert progress.progress.left_out_sessions == 2
    assert "2 poor-quality sessions left out of the trends" in progress.heading


def test_a_good_sessions_detail_has_no_include_button(staff_home):
    kiosk, ids, _root = staff_home
    kiosk.controller.show_staff("staff_session", ids["recorded"])  # fair: strips
    detail = kiosk.screen("staff_session")
    kiosk.run_until(lambda: detail.detail is not None and detail.quality_text, 10,
                    "the session")
    assert detail.quality_text == "Quality: fair (strips not calibrated by staff)"
    assert detail.ids.include_button.opacity == 0 and detail.ids.include_button.disabled
