"""A merged clinic database served by Datasette with the shipped metadata, via its JSON API."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from kiosk.sync.exporter import export
from kiosk.sync.merge import merge

METADATA = Path(__file__).resolve().parents[2] / "assets" / "datasette" / "metadata.yml"
DATASETTE = Path(sys.executable).with_name("datasette")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


@pytest.fixture
def clinic_db(tmp_path, make_kiosk, usb):
    exports = []
    for step, name in (("step-01", "Ann"), ("step-02", "Bob")):
        k = make_kiosk(step)
        pid, sid = k.add_session(name, reps=4)
        with k.store() as store:
            store.add_heel_rise_test(sid, "left", 18, patient_id=pid, peak_mm=92.0)
        exports.append(export(k.db, k.data, usb, k.step_id, with_names=True).folder)
    target = tmp_path / "clinic" / "clinic.db"
    merge(target, exports)
    return target


@pytest.fixture
def datasette(clinic_db):
    port = _free_port()
    process = subprocess.Popen(
        [str(DATASETTE), "serve", str(clinic_db), "--metadata", str(METADATA),
         "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.stderr.read().decode()
            try:
                _get(f"{base}/-/versions.json")
                break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline:
                    raise AssertionError("datasette did not start within 60 s") from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stderr.close()


def test_datasette_serves_the_merged_database_with_titles_and_queries(datasette):
    tables = {t["name"]: t for t in _get(f"{datasette}/clinic.json")["tables"]}
    assert tables["reps"]["count"] == 8 and tables["weekly_totals"]["hidden"]
    metadata = _get(f"{datasette}/-/metadata.json")["databases"]["clinic"]
    assert metadata["tables"]["reps"]["title"] == "Repetitions"

    weekly = _get(f"{datasette}/clinic/sessions_per_patient_per_week.json?_shape=array")
    assert {(r["patient"], r["sessions"], r["reps"]) for r in weekly} == {
        ("Ann", 1, 4), ("Bob", 1, 4)}
    tests = _get(f"{datasette}/clinic/heel_rise_tests.json?_shape=array")
    assert [(r["patient"], r["reps"], r["side"]) for r in tests] == [
        ("Ann", 18, "left"), ("Bob", 18, "left")]
    symmetry = _get(f"{datasette}/clinic/limb_symmetry.json?_shape=array")
    assert {r["patient"] for r in symmetry} == {"Ann", "Bob"}
    assert all(r["lsi_percent"] == 91.5 for r in symmetry)
