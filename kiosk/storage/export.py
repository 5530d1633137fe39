"""USB export and merge (CONTRACTS.md sections 2 and 6).

``smartstep export DIR`` writes ``DIR/SmartStep/<step id>/<UTC time>/`` with a
consistent snapshot of the database (SQLite online backup: safe while the kiosk
writes), ``patients.csv``, ``sessions.csv``, ``reps.csv``, the recordings, and
last ``manifest.json`` (every file's size and SHA-256). Each file is fsynced
before the manifest is written to a temp file, fsynced, renamed into place and
the folder fsynced, so an export without its manifest is known incomplete.

``smartstep merge TARGET.db EXPORT...`` copies the records of complete exports
into one database by UUID; a record already there is replaced only by a newer
``updated_at``, so merging the same export twice changes nothing.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import kiosk
from kiosk.config import load_config
from kiosk.errors import UserError
from kiosk.storage.ids import utc_now
from kiosk.storage.migrations import PATIENT_LAST_SQL
from kiosk.storage.store import Store, file_digest, full_disk_as_storage_error, is_disk_full

MANIFEST = "manifest.json"
SNAPSHOT = "smartstep.db"
CSV_TABLES = ("patients", "sessions", "reps")
# Parents before children, so foreign keys hold at every step of a merge.
MERGE_ORDER = ("patients", "programmes", "sessions", "sets", "reps", "fault_events",
               "recordings", "heel_rise_tests", "audit_log")


class ExportError(UserError):
    """An export cannot be written or read."""


def _fsync_file(path: Path) -> None:
    with path.open("rb") as file:
        os.fsync(file.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def export(db_path: Path, data_dir: Path, target: Path, step_id: str) -> Path:
    """Write one export under ``target``; returns its folder. See the module docstring.

    :raises ExportError: no database, or ``target`` is not a folder.
    :raises StorageFullError: the stick is full.
    """
    if not db_path.exists():
        raise ExportError(f"no database at {db_path}: nothing to export")
    if not target.is_dir():
        raise ExportError(f"{target} is not a folder (is the USB stick mounted?)")
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = target / "SmartStep" / step_id / stamp
    n = 1
    while out.exists():
        n += 1
        out = target / "SmartStep" / step_id / f"{stamp}-{n}"
    with full_disk_as_storage_error():
        out.mkdir(parents=True)
        try:
            try:
                files = _write_snapshot_and_csvs(db_path, out)
            except sqlite3.DatabaseError as exc:
                if is_disk_full(exc):
                    raise
                raise ExportError(f"{db_path} cannot be read as a database ({exc})") from None
            files += _copy_recordings(out / SNAPSHOT, data_dir, out)
            for name in files:
                _fsync_file(out / name)
            _write_manifest(out, files, step_id)
        except BaseException:
            # A failed export leaves nothing behind (and frees the stick's space).
            shutil.rmtree(out, ignore_errors=True)
            raise
    return out


def _write_snapshot_and_csvs(db_path: Path, out: Path) -> list[str]:
    # Read-only: the export never writes to (or "recovers") the kiosk's database.
    source = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    snapshot = sqlite3.connect(out / SNAPSHOT)
    try:
        source.backup(snapshot)  # a consistent copy even while the kiosk writes
        snapshot.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        _drop_pin_hashes(snapshot)
        files = [SNAPSHOT]
        for table in CSV_TABLES:
            cursor = snapshot.execute(f"SELECT * FROM {table} ORDER BY rowid")
            with (out / f"{table}.csv").open("w", encoding="utf-8", newline="") as file:
                writer = csv.writer(file)
                writer.writerow([d[0] for d in cursor.description])
                writer.writerows(cursor)
            files.append(f"{table}.csv")
        return files
    finally:
        snapshot.close()
        source.close()


def _drop_pin_hashes(snapshot: sqlite3.Connection) -> None:
    """An export carries staff names, never their PIN hashes (nor the lock state).

    ``secure_delete`` zeroes the overwritten bytes, so no page keeps a hash, and the
    journal stays in memory, so no deleted journal file on the stick holds one either.
    """
    has_accounts = snapshot.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'staff_accounts'"
    ).fetchone()
    if not has_accounts:
        return
    snapshot.execute("PRAGMA secure_delete = ON")
    snapshot.execute("PRAGMA journal_mode = MEMORY")
    with snapshot:
        snapshot.execute("UPDATE staff_accounts SET pin_hash = '', failures = 0,"
                         " locked_until = NULL")
    snapshot.execute("PRAGMA journal_mode = DELETE")


def _copy_recordings(snapshot_path: Path, data_dir: Path, out: Path) -> list[str]:
    snapshot = sqlite3.connect(snapshot_path)
    try:
        paths = [r[0] for r in snapshot.execute(
            "SELECT path FROM recordings WHERE pruned_at IS NULL ORDER BY path")]
    finally:
        snapshot.close()
    copied = []
    for rel in paths:
        source = data_dir / rel
        if not source.is_file() or Path(rel).is_absolute() or ".." in Path(rel).parts:
            continue  # a lost file, or a path that would leave the export folder
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, out / rel)
        copied.append(rel)
    return copied


def _write_manifest(out: Path, files: list[str], step_id: str) -> None:
    entries = []
    for name in files:
        size, sha = file_digest(out / name)
        entries.append({"name": name, "size": size, "sha256": sha})
    manifest = {"format": 1, "step_id": step_id, "created_at": utc_now(),
                "software_version": kiosk.__version__, "files": entries}
    temp = out / (MANIFEST + ".tmp")
    with temp.open("w", encoding="utf-8") as file:
        json.dump(manifest, file, indent=1)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temp, out / MANIFEST)
    _fsync_dir(out)


def export_command(args: argparse.Namespace) -> int:
    """``smartstep export DIR [--config F]``."""
    config = load_config(args.config)
    out = export(config.db_path(), config.data_path(), Path(args.dir), config.step_id)
    size = sum(e["size"] for e in json.loads((out / MANIFEST).read_text())["files"])
    print(f"export complete: {out} ({size / 1e6:.1f} MB)")
    return 0


# -- merge ------------------------------------------------------------------


def read_manifest(export_dir: Path) -> dict[str, Any]:
    """The manifest of a complete export, checking the snapshot's checksum.

    :raises ExportError: not an export folder, incomplete (no manifest) or corrupt.
    """
    if not export_dir.is_dir():
        raise ExportError(f"{export_dir} is not a folder")
    try:
        manifest = json.loads((export_dir / MANIFEST).read_text(encoding="utf-8"))
        files = {e["name"]: e for e in manifest["files"]}
    except FileNotFoundError:
        raise ExportError(f"{export_dir} is not a complete export (no {MANIFEST})") from None
    except (ValueError, KeyError, TypeError):
        raise ExportError(f"{export_dir}/{MANIFEST} is not a valid manifest") from None
    entry = files.get(SNAPSHOT)
    snapshot = export_dir / SNAPSHOT
    if entry is None or not snapshot.is_file():
        raise ExportError(f"{export_dir} has no database snapshot")
    if file_digest(snapshot) != (entry["size"], entry["sha256"]):
        raise ExportError(f"{snapshot} does not match its manifest (damaged copy?)")
    return {"files": files, **{k: v for k, v in manifest.items() if k != "files"}}


def merge(target: Path, export_dirs: list[Path]) -> dict[str, int]:
    """Merge complete exports into ``target``; returns rows inserted or updated per table."""
    manifests = [read_manifest(d) for d in export_dirs]  # check them all before writing
    changed = dict.fromkeys(MERGE_ORDER, 0)
    with Store(target, recover=False) as store:
        for export_dir, manifest in zip(export_dirs, manifests, strict=True):
            _merge_one(store, export_dir, changed)
            _copy_recordings_in(store, export_dir, manifest)
        with store.transaction() as db:
            db.execute(PATIENT_LAST_SQL)
    return changed


def _merge_one(store: Store, export_dir: Path, changed: dict[str, int]) -> None:
    snapshot = (export_dir / SNAPSHOT).resolve()
    conn = store.db.conn  # merge runs alone in its process: no other thread uses this store
    conn.execute("ATTACH DATABASE ? AS src", [str(snapshot)])
    try:
        with store.transaction():
            for table in MERGE_ORDER:
                target_cols = [r[1] for r in conn.execute(f"PRAGMA main.table_info({table})")]
                source_cols = {r[1] for r in conn.execute(f"PRAGMA src.table_info({table})")}
                cols = [c for c in target_cols if c in source_cols]
                if "id" not in cols:
                    continue
                names = ", ".join(cols)
                updates = ", ".join(f"{c} = excluded.{c}" for c in cols if c != "id")
                conn.execute(
                    f"INSERT INTO main.{table} ({names}) SELECT {names} FROM src.{table} WHERE 1"
                    f" ON CONFLICT(id) DO UPDATE SET {updates}"
                    f" WHERE excluded.updated_at > main.{table}.updated_at"
                )
                # changes(), not total_changes: rows this statement wrote, not the
                # summary rows that triggers updated because of them.
                changed[table] += conn.execute("SELECT changes()").fetchone()[0]
    except sqlite3.IntegrityError as exc:
        raise ExportError(f"{export_dir} cannot be merged: {exc}") from None
    finally:
        conn.execute("DETACH DATABASE src")


def _copy_recordings_in(store: Store, export_dir: Path, manifest: dict[str, Any]) -> None:
    for name, entry in manifest["files"].items():
        if not name.startswith("recordings/") or ".." in Path(name).parts:
            continue
        source, dest = export_dir / name, store.data_dir / name
        if dest.exists() or not source.is_file():
            continue
        if file_digest(source) != (entry["size"], entry["sha256"]):
            raise ExportError(f"{source} does not match its manifest (damaged copy?)")
        dest.parent.mkdir(parents=True, exist_ok=True)
        temp = dest.with_name(dest.name + ".tmp")
        shutil.copyfile(source, temp)
        os.replace(temp, dest)


def merge_command(args: argparse.Namespace) -> int:
    """``smartstep merge TARGET.db EXPORT...``."""
    changed = merge(Path(args.target), [Path(e) for e in args.exports])
    total = sum(changed.values())
    detail = ", ".join(f"{n} {t}" for t, n in changed.items() if n)
    print(f"merged {len(args.exports)} export(s) into {args.target}: "
          f"{total} records added or updated" + (f" ({detail})" if detail else ""))
    return 0
