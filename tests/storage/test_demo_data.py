"""demo-data makes a plausible, consistent history: progress, asymmetry, faults, interruptions."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from kiosk.cli import main
from kiosk.config import load_config
from kiosk.sim.history import generate
from kiosk.storage import queries
from kiosk.storage.store import Store

END = datetime(2026, 6, 30, 18, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "smartstep.db"
    with Store(path) as store:
        totals = generate(store, patients=30, years=1.0, seed=11, end=END)
    store = Store(path)
    yield store, totals
    store.close()


def test_counts_and_mix(demo):
    store, totals = demo
    assert store.query("SELECT count(*) AS n FROM patients") == [{"n": 30}]
    assert totals.sessions == store.query("SELECT count(*) AS n FROM sessions")[0]["n"] > 300
    assert totals.reps == store.query("SELECT count(*) AS n FROM reps")[0]["n"]
    statuses = {r["status"]: r["n"] for r in store.query(
        "SELECT status, count(*) AS n FROM sessions GROUP BY status")}
    assert set(statuses) == {"completed", "stopped", "interrupted"}
    assert statuses["completed"] > 0.8 * totals.sessions
    guests = store.query("SELECT count(*) AS n FROM sessions WHERE patient_id IS NULL")[0]["n"]
    assert 0 < guests < 0.2 * totals.sessions
    assert store.query("SELECT count(*) AS n FROM heel_rise_tests")[0]["n"] > 0
    faults = {f for r in store.query("SELECT DISTINCT faults FROM reps")
              for f in json.loads(r["faults"])}
    assert faults == {"ankles_out", "heels_in", "too_fast", "partial"}
    assert store.query("SELECT max(started_at) AS m FROM sessions")[0]["m"] < "2026-06-30T18"
    assert store.integrity_ok()


def test_summaries_match_the_reps(demo):
    store, _ = demo
    stored = store.query("SELECT id, rep_count, peak_mean_mm, peak_max_mm, lsi_mean, fault_reps,"
                         " fault_counts FROM sessions ORDER BY id")
    # Recomputed from the reps themselves, independently of the generator.
    from_reps = {r["session_id"]: r for r in store.query(
        "SELECT session_id, count(*) AS rep_count, avg(peak_mm) AS peak_mean_mm,"
        " max(peak_mm) AS peak_max_mm, avg(CASE WHEN stance = 'both' THEN lsi END) AS lsi_mean,"
        " sum(faults != '[]') AS fault_reps, group_concat(faults, '|') AS all_faults"
        " FROM reps GROUP BY session_id")}
    for b in stored:
        a = from_reps.get(b["id"], {"rep_count": 0, "fault_reps": 0, "all_faults": None,
                                    "peak_mean_mm": None, "peak_max_mm": None,
                                    "lsi_mean": None})
        assert b["rep_count"] == a["rep_count"] and b["fault_reps"] == a["fault_reps"]
        counts: dict[str, int] = {}
        for faults in (a["all_faults"] or "[]").split("|"):
            for f in json.loads(faults):
                counts[f] = counts.get(f, 0) + 1
        assert json.loads(b["fault_counts"] or "{}") == counts
        for key in ("peak_mean_mm", "peak_max_mm", "lsi_mean"):
            assert b[key] == pytest.approx(a[key]), key
    patients = queries.patients_with_last_session(store)
    for p in patients:
        real = store.query("SELECT count(*) AS n FROM sessions WHERE patient_id = ?", [p["id"]])
        assert p["sessions"] == real[0]["n"]


def test_kiosk_weekly_totals_match_the_sessions(demo):
    store, _ = demo
    per_patient_path = {}
    for row in store.query(
        "SELECT week_start, count(*) AS sessions, sum(rep_count) AS reps,"
        " sum(peak_mean_mm * rep_count) AS peak_sum FROM sessions GROUP BY week_start"
    ):
        per_patient_path[row["week_start"]] = row
    weeks = queries.weekly_trends(store)
    assert len(weeks) == len(per_patient_path) > 40
    for w in weeks:
        direct = per_patient_path[w["week_start"]]
        assert (w["sessions"], w["reps"]) == (direct["sessions"], direct["reps"])
        assert w["mean_peak_mm"] == pytest.approx(direct["peak_sum"] / direct["reps"])


def test_injured_side_improves_over_a_course(demo):
    store, _ = demo
    improved = []
    for patient in store.query("SELECT id FROM patients WHERE notes LIKE 'achilles rupture%'"):
        history = [h for h in queries.patient_history(store, patient["id"])
                   if h["lsi_mean"] is not None and h["rep_count"] >= 10]
        if len(history) >= 10:
            newest, oldest = history[:3], history[-3:]
            improved.append(sum(h["lsi_mean"] for h in newest)
                            > sum(h["lsi_mean"] for h in oldest))
            assert min(h["lsi_mean"] for h in oldest) < 75  # 4-6 cm lower at the start
    assert improved and all(improved)


def test_command_fills_the_configured_database(capsys):
    assert main(["demo-data", "--patients", "3", "--years", "0.3", "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("demo data: 3 patients")
    with Store(load_config().db_path()) as store:
        assert store.query("SELECT count(*) AS n FROM patients") == [{"n": 3}]


@pytest.mark.parametrize("argv", [["demo-data", "--patients", "0"],
                                  ["demo-data", "--years", "soon"]])
def test_command_refuses_bad_options(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("smartstep: ") and err.count("\n") == 1
