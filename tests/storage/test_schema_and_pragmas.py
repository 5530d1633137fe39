"""Every connection runs WAL + synchronous=FULL + foreign keys; the contract tables exist."""

from __future__ import annotations

import sqlite3

import pytest

from kiosk.storage.store import Store

TABLES = ("patients", "programmes", "sessions", "sets", "reps", "fault_events", "recordings",
          "heel_rise_tests", "audit_log")


def test_pragmas_on_every_open(db_path):
    for _ in range(2):  # the first open creates the file, the second reopens it
        with Store(db_path) as store:
            assert store.query("PRAGMA journal_mode")[0]["journal_mode"] == "wal"
            assert store.query("PRAGMA synchronous")[0]["synchronous"] == 2  # FULL
            assert store.query("PRAGMA foreign_keys")[0]["foreign_keys"] == 1


def test_every_table_has_uuid_id_and_updated_at(store):
    for table in TABLES:
        columns = {r["name"]: r for r in store.query(f"PRAGMA table_info({table})")}
        assert columns["id"]["pk"] == 1 and columns["id"]["type"] == "TEXT", table
        assert "updated_at" in columns, table


def test_contract_columns_of_reps_and_sessions(store):
    rep_cols = {r["name"] for r in store.query("PRAGMA table_info(reps)")}
    assert {"session_id", "start_s", "top_s", "end_s", "peak_mm", "up_s", "down_s", "stance",
            "faults", "left_share", "lsi", "toe_share", "tut_s", "set_number",
            "number"} <= rep_cols
    assert "status" in {r["name"] for r in store.query("PRAGMA table_info(sessions)")}


def test_foreign_keys_are_enforced(store, make_rep):
    with pytest.raises(sqlite3.IntegrityError):
        store.add_rep("no-such-session", 1, 1, make_rep())


def test_status_outside_contract_is_refused(store):
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute(
            "INSERT INTO sessions (id, programme, started_at, status, step_id, software_version,"
            " updated_at) VALUES ('x', '{}', 'now', 'finished', 's', 'v', 'now')")
