"""The audit log screen's queries: by person and date, newest first, paged."""

from __future__ import annotations

from datetime import UTC, datetime

from kiosk.staff.api import PatientRecord


def _entry(store, at, actor, action):
    store.db.execute(
        "INSERT INTO audit_log (id, at, actor, action, updated_at) VALUES (?, ?, ?, ?, ?)",
        [f"{actor}-{at}", at, actor, action, at])


def test_filter_by_person_and_date(service, store):
    with store.transaction():
        _entry(store, "2026-01-01T09:00:00.000Z", "Ann", "sign_in")
        _entry(store, "2026-01-02T09:00:00.000Z", "Bob", "sign_in")
        _entry(store, "2026-01-03T09:00:00.000Z", "Ann", "add_patient")
        _entry(store, "2026-01-04T09:00:00.000Z", "Ann", "sign_out")
    assert [e.action for e in service.audit.entries(actor="Ann")] == ["sign_out", "add_patient",
                                                                      "sign_in"]
    jan2 = datetime(2026, 1, 2, tzinfo=UTC)
    jan4 = datetime(2026, 1, 4, tzinfo=UTC)
    assert [(e.actor, e.action) for e in service.audit.entries(since=jan2, until=jan4)] == [
        ("Ann", "add_patient"), ("Bob", "sign_in")]
    assert [e.action for e in service.audit.entries(actor="Ann", limit=1, offset=1)] == [
        "add_patient"]
    assert service.audit.entries(actor="Nobody") == []
    assert service.audit.actors() == ["Ann", "Bob"]
    assert service.audit.entries()[0].at == datetime(2026, 1, 4, 9, tzinfo=UTC)


def test_entries_name_the_patient_acted_on(service, physio):
    patient = service.patients.save(physio, PatientRecord(id="", name="Ida Øberg"))
    service.patients.archive(physio, patient.id)
    latest = service.audit.entries(actor="Pia Physio")[0]
    assert (latest.action, latest.target, latest.detail) == (
        "archive_patient", "Ida Øberg", "archived=1")
