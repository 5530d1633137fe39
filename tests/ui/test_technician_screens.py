"""Technician screens by touch (admin): live strips and heel sensor, strip calibration
step by step (a loaded empty step refused, saved with a date), the heel sensor check,
lights/buzzer/button on the simulated pins, system facts and setting the clock; and the
production device notice on home until a staff member acknowledges it."""

from __future__ import annotations

from datetime import timedelta

import pytest

pytestmark = pytest.mark.ui


@pytest.fixture
def tech(staff):
    technician = staff.k.parts.services.technician
    yield technician
    technician.report_devices(())
    technician.end_button_test()
    technician.clock.offset = timedelta(0)
    staff.k.control.step_off()
    staff.k.control.set_raise(0.0)


def open_page(staff, button: str, screen: str) -> None:
    staff.sign_in()
    staff.tap_text("Technician")
    staff.k.wait_screen("staff_technician", 5)
    staff.idle()
    if button:
        staff.tap_text(button)
        staff.k.wait_screen(screen, 5)
        staff.idle()


def test_device_notice_on_home_until_staff_acknowledge(staff, tech):
    from kiosk.ui.screens.staff.staff_home import StaffHomeScreen  # noqa: F401

    k = staff.k
    tech.report_devices(("tof_simulated", "strips_failed"))
    k.run_until(lambda: k.screen("home").device_problems, 5, "the notice on home")
    notice = k.screen("home").ids.device_notice
    assert "heel-height sensor is simulated" in notice.text
    assert "Please tell staff." in notice.text and notice.height > 0
    # A member of staff (not only an admin) acknowledges it on the staff hub.
    staff.sign_in("Pia Physio", "7305118264")
    hub = k.screen("staff_home")
    assert hub.ids.device_notice.show_ack and hub.device_problems
    assert not staff.has_button("Technician")  # admin only
    staff.tap(hub.ids.device_notice.ids.acknowledge_button)
    staff.idle()
    assert hub.device_problems == [] and hub.message.startswith("Device notice acknowledged")
    entries = staff.service.audit.entries(actor="Pia Physio", limit=5)
    assert entries[0].action == "acknowledge_devices" and "tof_simulated" in entries[0].detail
    staff.tap_text("Sign out")
    k.wait_screen("home", 5)
    k.pump(3)
    k.run_until(lambda: not k.screen("home").device_problems, 5, "no notice")
    assert k.screen("home").ids.device_notice.height == 0


def test_live_view_shows_the_strips_and_the_heel_sensor_while_somebody_stands(staff, tech):
    k = staff.k
    open_page(staff, "", "staff_technician")
    screen = k.screen()
    k.control.step_on()
    k.run_until(lambda: min(b.counts for b in screen.bars.values()) > 50, 10, "loaded bars")
    k.run_until(lambda: "mm, reading" in screen.tof_text and " 0 frames/s" not in
                screen.tof_text, 10, "heel sensor values")
    assert "dropped" in screen.tof_text and "reconnects" in screen.tof_text
    assert k.controller.staff.signed_in and k.screen_name == "staff_technician"


def test_strip_calibration_step_by_step_saved_with_a_date(staff, tech):
    from kiosk.storage.calibrations import latest_strip_calibration

    k = staff.k
    open_page(staff, "Calibrate strips", "staff_calibration")
    screen = k.screen()
    assert screen.instruction.startswith("Step 1 of 3")
    k.control.step_on()  # somebody still on the step: refused
    k.run_until(lambda: min(b.counts for b in screen.bars.values()) > 50, 10, "loaded bars")
    staff.tap(screen.ids.measure_button)
    k.run_until(lambda: not screen.measuring, 10, "the capture")
    assert screen.message_is_error and "still carries load" in screen.message
    assert screen.instruction.startswith("Step 1 of 3")
    k.control.step_off()
    k.run_until(lambda: max(b.counts for b in screen.bars.values()) < 60, 10, "empty bars")
    for step in ("Step 2 of 3", "Step 3 of 3", "All three steps"):
        staff.tap(screen.ids.measure_button)
        k.run_until(lambda: not screen.measuring, 10, "the capture")
        assert not screen.message_is_error, screen.message
        assert screen.instruction.startswith(step)
        k.control.step_on()  # the sim person loads both feet: the plate and weight
        k.run_until(lambda: min(b.counts for b in screen.bars.values()) > 50, 10, "load")
    assert k.controller.staff.signed_in
    staff.tap(screen.ids.save_button)
    staff.idle()
    assert screen.message.startswith("Calibration saved")
    saved = latest_strip_calibration(k.store)
    assert saved is not None and saved.calibrated_by == "Ada Ádmin" and saved.weight_kg == 10
    assert all(g != 1.0 for g in saved.calibration.gains)
    assert staff.service.audit.entries(actor="Ada Ádmin", limit=1)[0].action == "calibrate_strips"


def test_heel_sensor_check_down_then_raised(staff, tech):
    k = staff.k
    open_page(staff, "Heel sensor check", "staff_tof_check")
    screen = k.screen()
    k.control.step_on()
    k.run_until(lambda: "mm, reading" in screen.tof_text, 10, "a reading")
    staff.tap(screen.ids.down_button)
    k.run_until(lambda: not screen.measuring, 10, "the capture")
    assert screen.down_text.startswith("Heel down (zero level): "), screen.down_text
    k.control.set_raise(1.0)
    k.wait_seconds(0.5)
    staff.tap(screen.ids.up_button)
    k.run_until(lambda: not screen.measuring, 10, "the capture")
    assert "the mount matches the settings" in screen.up_text, screen.up_text


def test_lights_buzzer_and_button_on_the_simulated_pins(staff, tech):
    from kiosk.session.view import Stage

    k = staff.k
    hardware = tech.hardware
    lights = hardware.config.lights
    factory = hardware.sim_factory
    for pin in (*lights.bar_pins, *lights.rgb_pins, lights.buzzer_pin):
        factory.pin(pin).clear_states()
    open_page(staff, "Lights, buzzer, button", "staff_device_test")
    screen = k.screen()
    staff.tap(screen.ids.lights_button)
    k.run_until(lambda: not screen.busy, 10, "the lights test")
    for pin in (*lights.bar_pins, *lights.rgb_pins):
        states = [s.state for s in factory.pin(pin).states]
        assert max(states) > 0 and states[-1] == 0, (pin, states)
    staff.tap(screen.ids.buzzer_button)
    k.run_until(lambda: not screen.busy, 10, "the buzzer test")
    buzz = [s.state for s in factory.pin(lights.buzzer_pin).states]
    assert max(buzz) > 0 and buzz[-1] == 0
    button = factory.pin(lights.button_pin)
    button.drive_low()
    button.drive_high()
    k.run_until(lambda: screen.presses == 1, 5, "the press counted")
    assert "Pressed 1 time" in screen.ids.presses_line.text
    k.pump(5)
    assert k.session.snapshot().stage is Stage.IDLE  # the press started no session
    staff.tap_text("Back")
    k.wait_screen("staff_technician", 5)
    assert hardware.button.on_press == k.session.toggle  # the session has its button back


def test_system_facts_and_setting_the_clock(staff, tech):
    k = staff.k
    open_page(staff, "System and clock", "staff_system")
    screen = k.screen()
    assert "Software version 0.1.0" in screen.facts and "free of" in screen.facts
    year = screen.ids.year_field
    before = int(year.value)
    staff.tap(year.ids.plus_button)
    assert int(year.value) == before + 1
    # One tap asks; nothing changes until the second (a stray tap once set it).
    staff.tap(screen.ids.set_clock_button)
    staff.idle()
    assert screen.message.startswith("Tap Set clock again"), screen.message
    assert screen.ids.set_clock_button.text.startswith("Set clock to ")
    assert tech.clock.offset == timedelta(0)
    # A stepper moved in between: the first tap no longer stands.
    staff.tap(year.ids.minus_button)
    staff.tap(year.ids.plus_button)
    assert screen.ids.set_clock_button.text == "Set clock"
    staff.tap(screen.ids.set_clock_button)
    staff.tap(screen.ids.set_clock_button)
    staff.idle()
    assert screen.message.startswith("Clock set to"), screen.message
    assert tech.clock.offset > timedelta(days=300)
    assert staff.service.audit.entries(actor="Ada Ádmin", limit=1)[0].action == "set_clock"
    # An impossible date is refused on the screen, before asking the system.
    screen.ids.month_field.value = 2
    screen.ids.day_field.value = 31
    staff.tap(screen.ids.set_clock_button)
    assert screen.ids.day_field.error == "No such day in that month."


def test_a_session_line_on_the_patient_page_names_the_calibration_date():
    from datetime import UTC, datetime

    from kiosk.staff.api import SessionRecord
    from kiosk.ui.screens.staff.patient import session_line

    record = SessionRecord(id="s", started_at=datetime(2026, 11, 28, 10, tzinfo=UTC),
                           status="completed", mode="exercise", position="step",
                           variant="both", rep_count=12, peak_mean_mm=70.0, peak_max_mm=80.0,
                           lsi_mean=None, fault_reps=0,
                           calibrated_at=datetime(2026, 11, 20, 9, tzinfo=UTC))
    assert session_line(record).endswith("strips calibrated 20 Nov 2026")
    plain = SessionRecord(**{**{f: getattr(record, f) for f in record.__slots__},
                             "calibrated_at": None})
    assert "calibrated" not in session_line(plain)
