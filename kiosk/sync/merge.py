"""``smartstep merge TARGET.db EXPORT...``: several kiosks' exports into one database.

Order of work, so a bad input leaves the target exactly as it was:

1. every export's manifest is read and every file checked against it
   (size and SHA-256); an encrypted export's key is opened with the passphrase
   (a wrong one is refused) and its archive decrypted and unpacked into a
   temporary folder beside the target, whose own manifest is checked the same
   way; every snapshot must open as a database of a schema this version knows
   (a newer one is refused, never half-merged);
2. only then is the target opened (created if missing) and all exports are
   merged in ONE transaction, recordings copied in beside it; any failure
   rolls the transaction back and removes the recordings it copied.

Pseudonymised exports and exports with names are never merged into one
database: the same patient's two versions would mix names and pseudonyms field by
field. A run takes exports of one form, and a target that already holds patients
takes only exports of its form.

Records merge by UUID. A record already in the target is replaced only by a
version with a later ``updated_at``; two versions with the same ``updated_at``
resolve to the greater of their values (compared as quoted SQL literals), so
the winner never depends on the order of the exports on the command line.
Running the same merge twice changes nothing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

from kiosk.storage.migrations import PATIENT_LAST_SQL
from kiosk.storage.store import Store, file_digest
from kiosk.sync.codes import MergeRefused
from kiosk.sync.manifest import (
    ARCHIVE,
    KEY,
    MANIFEST,
    SNAPSHOT,
    Manifest,
    read_manifest,
    verify_files,
)
from kiosk.sync.schema import check_snapshot
from kiosk.sync.sealed import open_key, unseal
from kiosk.sync.snapshot import record_tables

# Staff accounts belong to one kiosk (sign-in there; their PINs never leave it): a
# clinic database has no sign-in, and two kiosks' "admin" accounts would collide.
# Per kiosk: its staff accounts and its own strips' calibration mean nothing on another step.
KIOSK_ONLY_TABLES = frozenset({"staff_accounts", "strip_calibrations"})
MERGE_CACHE_KIB = 16_384  # 16 MB of page cache while merging (peak memory stays < 150 MB)


Passphrase = Callable[[], str]  # asked once, when the first encrypted export is met


def merge(target: Path, export_dirs: list[Path], passphrase: Passphrase | None = None
          ) -> dict[str, int]:
    """Merge complete exports into ``target``; returns the rows inserted or updated per table.

    :param passphrase: gives the passphrase of encrypted exports (None: they are refused).
    :raises MergeRefused: one line naming the file; the target is unchanged.
    """
    if not export_dirs:
        raise MergeRefused("name at least one export folder to merge")
    manifests = [read_manifest(d) for d in export_dirs]
    _refuse_export_as_target(target, manifests)
    _refuse_foreign_target(target)
    with contextlib.ExitStack() as unsealed:
        asked: list[str] = []
        for n, manifest in enumerate(manifests):
            verify_files(manifest)
            if manifest.encrypted:
                if not asked:
                    if passphrase is None:
                        raise MergeRefused(f"{manifest.folder} is encrypted: give its "
                                           "passphrase; nothing was merged")
                    asked.append(passphrase())
                work = Path(unsealed.enter_context(tempfile.TemporaryDirectory(
                    prefix=".smartstep-merge-", dir=_work_dir(target))))
                manifests[n] = manifest = _unsealed(manifest, asked[0], work)
                verify_files(manifest)
            _check_snapshot(manifest.folder / SNAPSHOT)
        _refuse_mixed_forms(target, manifests)
        with Store(target, recover=False) as store:
            return _merge_all(store, manifests)


# A pseudonymised export's patient: name and clinic ID are the same keyed pseudonym.
_PSEUDONYMISED_PATIENT = "name = clinic_id AND name GLOB 'P-[0-9a-f]*'"


def _refuse_mixed_forms(target: Path, manifests: list[Manifest]) -> None:
    forms = {bool(m.raw.get("pseudonymised", False)): m.folder for m in manifests}
    if len(forms) > 1:
        raise MergeRefused(f"{forms[True]} is pseudonymised and {forms[False]} has names: "
                           "merge them into different databases; nothing was merged")
    ((pseudonymised, folder),) = forms.items()
    if not target.exists() or target.stat().st_size == 0:
        return
    conn = sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro", uri=True)
    try:
        named, pseudonyms = conn.execute(
            f"SELECT count(*) FILTER (WHERE NOT ({_PSEUDONYMISED_PATIENT})),"
            f" count(*) FILTER (WHERE {_PSEUDONYMISED_PATIENT}) FROM patients").fetchone()
    except sqlite3.DatabaseError:
        return  # no patients table yet: the target takes either form
    finally:
        conn.close()
    if pseudonymised and named:
        raise MergeRefused(f"{target} holds patients with names and {folder} is pseudonymised:"
                           " merge it into another database; nothing was merged")
    if not pseudonymised and pseudonyms:
        raise MergeRefused(f"{target} holds pseudonymised patients and {folder} has names:"
                           " merge it into another database; nothing was merged")


def _work_dir(target: Path) -> Path:
    """Beside the target (the disk that will hold the data), when that folder exists."""
    folder = target.resolve().parent
    return folder if folder.is_dir() else Path(tempfile.gettempdir())


def _unsealed(manifest: Manifest, passphrase: str, work: Path) -> Manifest:
    """An encrypted export opened into ``work``: the manifest of the plain export inside."""
    identity = open_key(manifest.folder / KEY, passphrase)
    unseal(manifest.folder / ARCHIVE, identity, work)
    inner = read_manifest(work)
    if inner.encrypted:
        raise MergeRefused(f"{manifest.folder / ARCHIVE} holds another encrypted export")
    return inner


def _refuse_export_as_target(target: Path, manifests: list[Manifest]) -> None:
    resolved = target.resolve()
    for manifest in manifests:
        if resolved == (manifest.folder / SNAPSHOT).resolve():
            raise MergeRefused(f"{target} is the snapshot of the export {manifest.folder}: "
                               "merge into a database outside the export folders")
    if (resolved.parent / MANIFEST).exists():
        raise MergeRefused(f"{target} is inside an export folder ({resolved.parent}): merge "
                           "into a database outside the export folders")


def _refuse_foreign_target(target: Path) -> None:
    """An existing target must be a SmartStep database (never add our tables to another's)."""
    if not target.exists() or target.stat().st_size == 0:
        return
    try:
        conn = sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise MergeRefused(f"{target} cannot be opened ({exc})") from None
    try:
        found = conn.execute("SELECT 1 FROM sqlite_master WHERE name = '_sqlite_migrations'"
                             ).fetchone()
    except sqlite3.DatabaseError as exc:
        raise MergeRefused(f"{target} is not a database ({exc})") from None
    finally:
        conn.close()
    if not found:
        raise MergeRefused(f"{target} is not a SmartStep database: choose a new file name")


def _check_snapshot(path: Path) -> None:
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as exc:
        raise MergeRefused(f"{path} cannot be opened ({exc})") from None
    try:
        check_snapshot(conn, str(path))
    finally:
        conn.close()


def _merge_all(store: Store, manifests: list[Manifest]) -> dict[str, int]:
    conn = store.db.conn  # merge runs alone in its process: no other thread uses this store
    limit = conn.getlimit(sqlite3.SQLITE_LIMIT_ATTACHED)
    if len(manifests) > limit:
        raise MergeRefused(f"merge at most {limit} exports at a time (got {len(manifests)}); "
                           "run merge again for the rest: merging twice changes nothing")
    conn.execute(f"PRAGMA cache_size = -{MERGE_CACHE_KIB}")
    aliases = []
    try:
        for n, manifest in enumerate(manifests):
            alias = f"export{n}"
            uri = f"{(manifest.folder / SNAPSHOT).resolve().as_uri()}?mode=ro&immutable=1"
            conn.execute(f"ATTACH DATABASE ? AS {alias}", [uri])
            aliases.append(alias)
        return _merge_attached(store, conn, manifests, aliases)
    finally:
        for alias in aliases:
            conn.execute(f"DETACH DATABASE {alias}")


def _merge_attached(store: Store, conn: sqlite3.Connection, manifests: list[Manifest],
                    aliases: list[str]) -> dict[str, int]:
    targets = {t: c for t, c in record_tables(conn, "main").items()
               if t not in KIOSK_ONLY_TABLES}
    changed = dict.fromkeys(targets, 0)
    created: list[Path] = []
    try:
        with store.transaction():
            # Checked at COMMIT: tables other kiosks' versions added come in any order.
            conn.execute("PRAGMA defer_foreign_keys = ON")
            for alias in aliases:
                sources = record_tables(conn, alias)
                for table, target_cols in targets.items():
                    if table in sources:
                        cols = [c for c in target_cols if c in sources[table]]
                        changed[table] += _upsert(conn, alias, table, cols)
            for manifest in manifests:
                created += _copy_recordings_in(store.data_dir, manifest)
            conn.execute(PATIENT_LAST_SQL)
    except sqlite3.IntegrityError as exc:
        _remove(created)
        raise MergeRefused(f"the exports cannot be merged into {store.path}: {exc}; "
                           "nothing was merged") from None
    except BaseException:
        _remove(created)
        raise
    return changed


def _upsert(conn: sqlite3.Connection, alias: str, table: str, cols: list[str]) -> int:
    names = ", ".join(f"[{c}]" for c in cols)
    updates = ", ".join(f"[{c}] = excluded.[{c}]" for c in cols if c != "id")
    # The tie-break on equal updated_at: the greater row, every value as a quoted literal.
    new = ", ".join(f"quote(excluded.[{c}])" for c in cols)
    old = ", ".join(f"quote(main.[{table}].[{c}])" for c in cols)
    conn.execute(
        f"INSERT INTO main.[{table}] ({names}) SELECT {names} FROM {alias}.[{table}] WHERE 1"
        f" ON CONFLICT(id) DO UPDATE SET {updates}"
        f" WHERE excluded.updated_at > main.[{table}].updated_at"
        f" OR (excluded.updated_at = main.[{table}].updated_at"
        f" AND json_array({new}) > json_array({old}))"
    )
    # changes(), not total_changes: rows this statement wrote, not trigger updates.
    written: int = conn.execute("SELECT changes()").fetchone()[0]
    return written


def _copy_recordings_in(data_dir: Path, manifest: Manifest) -> list[Path]:
    """Copy the export's recordings the target lacks (already verified); returns new files."""
    created = []
    for entry in manifest.files:
        if not entry.name.startswith("recordings/"):
            continue
        dest = data_dir / entry.name
        if dest.exists():
            continue  # same name = same session's recording; merging twice copies nothing
        dest.parent.mkdir(parents=True, exist_ok=True)
        temp = dest.with_name(dest.name + ".part")
        shutil.copyfile(manifest.folder / entry.name, temp)
        if file_digest(temp) != (entry.size, entry.sha256):
            temp.unlink()
            raise MergeRefused(f"{manifest.folder / entry.name} changed while merging")
        with temp.open("rb") as file:
            os.fsync(file.fileno())
        os.replace(temp, dest)
        created.append(dest)
    return created


def _remove(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)
