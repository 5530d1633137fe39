"""Admin settings: validated as the config file is, saved at once, applied, audited."""

from __future__ import annotations

import sqlite3

import pytest

from kiosk.config import Config, parse_config
from kiosk.errors import ConfigError
from kiosk.staff import settings as rules
from kiosk.staff.api import Problem, StaffRequestError


def test_every_settings_key_is_a_config_key_with_its_default(service):
    values = service.settings.values()
    assert set(values.values) == set(rules.SETTINGS_KEYS)
    assert values.defaults["session.idle_timeout_s"] == Config().session.idle_timeout_s
    assert values.ranges["lights.volume"] == (0.0, 1.0)
    assert values.choices["session.pacing_mode"] == ("adaptive", "lead")
    assert values.kinds["lights.mute"] == "bool"
    assert values.kinds["session.sets"] == "int"


def test_save_applies_and_audits_and_survives_a_restart(service, admin, make_service):
    seen = []
    service.settings.on_changed.append(seen.append)
    result = service.settings.save(admin, {"session.idle_timeout_s": 120.0,
                                           "lights.brightness": 0.5, "step_id": "clinic-2"})
    assert result.values["session.idle_timeout_s"] == 120.0
    assert service.config.lights.brightness == 0.5 and service.config.step_id == "clinic-2"
    assert [c.session.idle_timeout_s for c in seen] == [120.0]
    entry = service.audit.entries(actor="Ada Admin")[0]
    assert entry.action == "change_settings"
    assert "session.idle_timeout_s=90.0→120.0" in entry.detail
    restarted = make_service()
    assert restarted.config.session.idle_timeout_s == 120.0
    assert restarted.settings.values().values["step_id"] == "clinic-2"


def test_settings_lie_over_the_config_file(make_service, admin, service, tmp_path):
    file_config = parse_config({"session": {"reps": 15}, "lights": {"volume": 0.2}},
                               source="clinic.toml")
    service.settings.save(admin, {"lights.volume": 0.9})
    over = make_service(file_config)
    assert (over.config.session.reps, over.config.lights.volume) == (15, 0.9)


def test_reset_to_default(service, admin):
    service.settings.save(admin, {"analysis.partial_ratio": 0.5})
    default = service.settings.values().defaults["analysis.partial_ratio"]
    assert service.settings.save(admin, {"analysis.partial_ratio": default}).values[
        "analysis.partial_ratio"] == 0.7


@pytest.mark.parametrize(("changes", "expected"), [
    ({"session.idle_timeout_s": 5.0}, {"session.idle_timeout_s": Problem.OUT_OF_RANGE}),
    ({"lights.volume": "loud"}, {"lights.volume": Problem.BAD_VALUE}),
    ({"lights.mute": 1}, {"lights.mute": Problem.BAD_VALUE}),
    ({"session.pacing_mode": "fast"}, {"session.pacing_mode": Problem.BAD_VALUE}),
    ({"session.tempo": "2-x-3"}, {"session.tempo": Problem.BAD_VALUE}),
    ({"step_id": "my step/1"}, {"step_id": Problem.BAD_VALUE}),
    ({"tof.port": "/dev/ttyS9"}, {"tof.port": Problem.NOT_ALLOWED}),
    ({"clinic_name": "c" * 81}, {"clinic_name": Problem.TOO_LONG}),
    ({"session.sets": 3.5, "storage.recordings_keep_days": -1},
     {"session.sets": Problem.BAD_VALUE, "storage.recordings_keep_days": Problem.OUT_OF_RANGE}),
])
def test_bad_values_are_refused_like_in_the_config_file(service, admin, changes, expected):
    with pytest.raises(StaffRequestError) as caught:
        service.settings.save(admin, {"lights.volume": 0.3, **changes})
    assert caught.value.problems == expected
    assert service.config == Config()  # nothing applied, nothing saved
    assert service.settings.rows.settings() == {}


def test_same_rules_as_the_file(service):
    # The file refuses what the screen refuses, with the same key in the message.
    with pytest.raises(ConfigError, match=r"session\.idle_timeout_s"):
        parse_config({"session": {"idle_timeout_s": 5.0}})
    with pytest.raises(ConfigError, match="step_id"):
        parse_config({"step_id": "a b"})


def test_a_saved_value_that_became_invalid_is_reported_not_fatal(store, make_service):
    store.db.execute("INSERT INTO settings VALUES ('lights.volume', '7.0', 'old', 'x')")
    store.db.conn.commit()
    service = make_service()
    assert service.config.lights.volume == Config().lights.volume
    assert "lights.volume" in service.settings.refused


def test_a_failing_listener_does_not_undo_the_save(service, admin):
    def broken(_config):
        raise RuntimeError("device gone")
    service.settings.on_changed.append(broken)
    service.settings.save(admin, {"lights.volume": 0.1})
    assert service.config.lights.volume == 0.1


def test_read_only_database_is_a_storage_problem(service, admin, store, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise sqlite3.OperationalError("attempt to write a readonly database")
    monkeypatch.setattr(service.settings.rows, "save_settings", refuse)
    with pytest.raises(StaffRequestError) as caught:
        service.settings.save(admin, {"lights.volume": 0.1})
    assert caught.value.problems == {"": Problem.STORAGE}
    assert service.config.lights.volume == Config().lights.volume


def test_the_clinic_name_is_a_setting(service, admin):
    service.settings.save(admin, {"clinic_name": "Physio am Stadtpark"})
    assert service.config.clinic_name == "Physio am Stadtpark"
