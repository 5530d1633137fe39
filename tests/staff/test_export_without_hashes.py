"""An export carries the staff accounts' names, never their PIN hashes."""

from __future__ import annotations

import sqlite3

from kiosk.staff import pins
from kiosk.sync.exporter import export


def test_snapshot_has_names_but_no_hash_bytes(service, admin, store, db_path, tmp_path):
    service.accounts.add(admin, "Nora Nurse", "staff", "60718293")
    stored = [r["pin_hash"] for r in store.query("SELECT pin_hash FROM staff_accounts")]
    salts_and_digests = [part for h in stored for part in h.split("$")[-2:]]
    usb = tmp_path / "usb"
    usb.mkdir()
    out = export(db_path, db_path.parent, usb, "step-01").folder
    snapshot = (out / "smartstep.db").read_bytes()
    assert b"Nora Nurse" in snapshot
    for part in salts_and_digests:
        assert part.encode() not in snapshot
    assert b"$scrypt$" not in snapshot
    with sqlite3.connect(out / "smartstep.db") as conn:
        assert {r[0] for r in conn.execute("SELECT pin_hash FROM staff_accounts")} == {""}
    assert not any(p.name.endswith("-journal") for p in out.iterdir())
    # The kiosk's own accounts are untouched.
    assert all(pins.parse_hash(h) for h in stored)
    assert [r["pin_hash"] for r in store.query("SELECT pin_hash FROM staff_accounts")] == stored
