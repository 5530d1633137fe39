"""Migrations build an empty database and upgrade an older (v1) one without loss."""

from __future__ import annotations

import json
import sqlite3

from sqlite_utils import Database

from kiosk.storage import queries
from kiosk.storage.migrations import MIGRATIONS
from kiosk.storage.store import Store

ALL = ["0001_tables", "0002_wal", "0003_session_summary", "0004_staff_indexes",
       "0005_weekly_totals", "0006_lsi_two_foot_reps", "0007_heel_rise_body_mass",
       "staff_mode_01_accounts_prescriptions_settings",
       "staff_review_01_session_list_indexes", "0010_strip_calibrations",
       "0011_patient_sign_in", "0012_patient_clinician", "0013_heel_rise_protocol",
       "0014_session_quality"]


def _v1_database(path):
    """A database as the first release left it: only the first migration, with data."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = Database(sqlite3.connect(path))
    MIGRATIONS.apply(db, stop_before="0002_wal")
    now = "2025-01-02T10:00:00.000Z"
    db.execute("INSERT INTO patients (id, name, created_at, updated_at)"
               " VALUES ('p1', 'Old Patient', ?, ?)", [now, now])
    db.execute("INSERT INTO sessions (id, patient_id, programme, started_at, status, step_id,"
               " software_version, updated_at) VALUES ('s1', 'p1', '{}', ?, 'completed',"
               " 'step-01', '0.0.1', ?)", [now, now])
    for n, (peak, faults) in enumerate([(60.0, []), (80.0, ["partial", "too_fast"])], 1):
        db.execute("INSERT INTO reps (id, session_id, set_number, number, start_s, top_s, end_s,"
                   " peak_mm, stance, faults, lsi, updated_at)"
                   " VALUES (?, 's1', 1, ?, 0, 1, 2, ?, 'both', ?, 90, ?)",
                   [f"r{n}", n, peak, json.dumps(faults), now])
    db.close()


def test_empty_database_gets_every_migration(db_path):
    with Store(db_path) as store:
        assert store.applied_migrations == ALL
    with Store(db_path) as store:
        assert store.applied_migrations == []


def test_v1_database_is_upgraded_and_keeps_its_data(db_path):
    _v1_database(db_path)
    with Store(db_path) as store:
        assert store.applied_migrations == ALL[1:]
        assert store.query("PRAGMA journal_mode")[0]["journal_mode"] == "wal"
        session = store.get_session("s1")
        assert session["status"] == "completed"
        # The summary columns added later are back-filled from the old reps.
        assert session["rep_count"] == 2
        assert session["peak_mean_mm"] == 70.0 and session["peak_max_mm"] == 80.0
        assert session["fault_reps"] == 1
        assert session["fault_counts"] == {"partial": 1, "too_fast": 1}
        assert store.get_patient("p1")["name"] == "Old Patient"
        indexes = {r["name"] for r in store.query("PRAGMA index_list(sessions)")}
        assert "sessions_patient_started" in indexes
        assert queries.weekly_trends(store) == [
            {"week": "2025-W01", "week_start": "2024-12-30", "sessions": 1, "reps": 2,
             "mean_peak_mm": 70.0, "mean_lsi": 90.0}]
        assert store.get_patient("p1")["last_session_id"] == "s1"
        assert store.integrity_ok()
