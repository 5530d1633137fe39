"""One USB export (the export layout), with progress and Cancel.

``DIR/SmartStep/<step id>/<UTC time>/`` gets ``smartstep.db`` (a consistent
snapshot), ``patients.csv``, ``sessions.csv``, ``reps.csv``, the session
recordings, and last ``manifest.json``. Only finished sessions go in: one still
running is left for the next export. Every file is written under a temporary
name, flushed, fsynced and renamed; the folder is fsynced; the manifest comes
last. If anything fails (or staff cancel) the folder is removed as far as the
stick still allows, and never gets a manifest, so it never looks complete.

Patients are pseudonymised unless staff ask for names (``with_names``): no
names, notes, birth years or other free text, clinic IDs replaced by this
kiosk's keyed pseudonyms (``snapshot.PATIENT_KEEP`` says what stays).

Encrypted exports (``passphrase``): the same files are first written to a
private folder in the kiosk's data directory (SQLite needs a real file for the
snapshot, and the CSVs are made from it), then streamed to the stick as one
age-encrypted archive (``sealed``) beside its key and a manifest written last.
The private folder is removed whatever happens.

Incremental exports: after a complete export the stick remembers where it
ended (``SmartStep/<step id>/last-export.json``, one file per form of export);
the next ``full=False`` export holds the sessions finished since then (patients
and programmes always whole). A stick without that memory gets a full export.

The kiosk's database is only read (read-only connection), so whatever happens
to the stick, the kiosk's data are untouched.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pyrage import x25519

import kiosk
from kiosk.storage.ids import utc_now
from kiosk.storage.store import refuse_newer_schema
from kiosk.sync.codes import ExportCode, ExportFailed
from kiosk.sync.csv_tables import BYTES_PER_ROW, CSV_TABLES, write_csv
from kiosk.sync.manifest import MANIFEST, SNAPSHOT, FileEntry, build_manifest, safe_name
from kiosk.sync.pseudonym import Pseudonymiser, load_or_create_key
from kiosk.sync.sealed import ARCHIVE, KEY, SealFailed, new_key, seal
from kiosk.sync.snapshot import Cancelled, Marks, SnapshotInfo, backup_snapshot, copy_snapshot
from kiosk.sync.stickfs import HashingFile, StickFiles, classify

MEMORY = "last-export.json"
# Each form of export is remembered apart: a research stick's "new since last time"
# must not skip sessions that went to it only in another form, and vice versa.
PSEUDONYMISED_MEMORY = "last-export-pseudonymised.json"
# Where an encrypted export is prepared, in the kiosk's data directory (never on the stick).
STAGING = "export-staging"
EXPORT_ROOT = "SmartStep"
CHUNK = 1 << 20
HEARTBEAT_S = 0.25  # progress (and a Cancel check) at least this often while waiting


@dataclass(frozen=True)
class ExportProgress:
    """What is being written now: for the progress bar."""

    file: str           # e.g. "reps.csv" or "recordings/2026/11/<id>.csv.gz"
    index: int          # 1-based number of this file
    count: int          # files in this export
    bytes_written: int  # so far, all files
    bytes_total: int    # estimate (CSV sizes are known only once written)

    @property
    def fraction(self) -> float:
        if self.bytes_total <= 0:
            return 0.0
        return min(0.99, self.bytes_written / self.bytes_total)


@dataclass(frozen=True)
class ExportResult:
    folder: Path
    kind: str                # "full" or "incremental"
    pseudonymised: bool
    encrypted: bool
    sessions: int
    files: int
    bytes: int
    missing_recordings: int  # registered in the database but not on disk (in the manifest)


def _refuse_newer(db_path: Path) -> None:
    """A database a newer SmartStep wrote is not exported by this one (read-only look)."""
    try:
        conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return  # unreadable: the snapshot step reports it
    try:
        refuse_newer_schema(conn, db_path)
    except sqlite3.Error:
        pass
    finally:
        conn.close()


class CancelToken:
    """Set by staff (Cancel); the exporter stops at its next chunk."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()


ProgressCallback = Callable[[ExportProgress], None]


def export_folder_root(target: Path, step_id: str) -> Path:
    return target / EXPORT_ROOT / step_id


def memory_name(pseudonymised: bool, encrypted: bool = False) -> str:
    name = PSEUDONYMISED_MEMORY if pseudonymised else MEMORY
    return name.replace(".json", "-encrypted.json") if encrypted else name


def read_stick_memory(target: Path, step_id: str, pseudonymised: bool = True,
                      encrypted: bool = False) -> Marks | None:
    """Where this stick's last complete export of this kiosk in this form ended (None: never,
    or unreadable)."""
    path = export_folder_root(target, step_id) / memory_name(pseudonymised, encrypted)
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return Marks.from_json(data)


def export(
    db_path: Path, data_dir: Path, target: Path, step_id: str, *, full: bool = True,
    with_names: bool = False, passphrase: str | None = None,
    progress: ProgressCallback | None = None, cancel: CancelToken | None = None,
    files: StickFiles | None = None, on_start: Callable[[Path], None] | None = None,
) -> ExportResult:
    """Write one export under ``target`` (the stick's mount point); see the module docstring.

    :param full: everything; False: only what is new since this stick's last export.
    :param with_names: patients as they are; otherwise pseudonymised.
    :param passphrase: encrypt the export with it (one archive, see ``sealed``).
    :param files: how to write to the stick (the simulated stick passes its own).
    :param on_start: called with the export's folder once it exists, before any data is
        written (the audit of an export with names); raising stops the export.
    :raises ExportFailed: with a code; nothing complete is left on the stick.
    """
    if not db_path.is_file():
        raise ExportFailed(ExportCode.NO_DATABASE, f"no database at {db_path}: nothing to export")
    if not target.is_dir():
        raise ExportFailed(ExportCode.NOT_A_FOLDER,
                           f"{target} is not a folder (is the USB stick mounted?)")
    _refuse_newer(db_path)
    files = files or StickFiles(target)
    cancel = cancel or CancelToken()
    encrypted = passphrase is not None
    since = None if full else read_stick_memory(target, step_id, not with_names, encrypted)
    try:
        pseudonymiser = None if with_names else Pseudonymiser(load_or_create_key(data_dir))
    except (OSError, ValueError) as exc:
        raise ExportFailed(ExportCode.KIOSK_STORAGE,
                           f"cannot read or make the pseudonym key in {data_dir} ({exc})") from None
    if passphrase is None:
        run = _Export(db_path, data_dir, target, step_id, files, progress, cancel, on_start)
        return run.write(since, pseudonymiser)
    return _EncryptedExport(db_path, data_dir, target, step_id, files, progress, cancel,
                            on_start).write(since, pseudonymiser, passphrase)


class _Export:
    def __init__(self, db_path: Path, data_dir: Path, target: Path, step_id: str,
                 files: StickFiles, progress: ProgressCallback | None, cancel: CancelToken,
                 on_start: Callable[[Path], None] | None = None, remember: bool = True,
                 link_recordings: bool = False) -> None:
        self.db_path, self.data_dir, self.target, self.step_id = db_path, data_dir, target, step_id
        self.files, self.progress, self.cancel = files, progress, cancel
        self.on_start, self.remember = on_start, remember
        # Staging an encrypted export on the kiosk's own disk: recordings are hard links
        # to the kiosk's files, not copies (gigabytes of recordings need no room twice).
        self.link_recordings = link_recordings
        self.marks = Marks()
        self.done_bytes = 0  # bytes of files already finished
        self.total_bytes = 0
        self.count = 1
        self.index = 0
        self.current = SNAPSHOT
        self.hash_stop = threading.Event()

    # -- progress ------------------------------------------------------------

    def tick(self, file_bytes: int) -> None:
        if self.progress is not None:
            self.progress(ExportProgress(self.current, self.index, self.count,
                                         self.done_bytes + file_bytes,
                                         max(self.total_bytes, self.done_bytes + file_bytes)))
        if self.cancel.cancelled:
            raise Cancelled

    def start_file(self, name: str) -> None:
        self.index += 1
        self.current = name
        self.tick(0)

    # -- the export ----------------------------------------------------------

    def write(self, since: Marks | None, pseudonymiser: Pseudonymiser | None) -> ExportResult:
        source_size = self.db_path.stat().st_size
        recordings = self._count_recordings()
        self.count = 1 + len(CSV_TABLES) + recordings + 1
        self.total_bytes = source_size if since is None else 0
        self._check_space_for(source_size if since is None and pseudonymiser is None else 0)
        out = self._new_folder()
        try:
            if self.on_start is not None:
                self.on_start(out)
            return self._write_into(out, since, pseudonymiser)
        except Cancelled:
            self.files.remove_tree(out)
            raise ExportFailed(ExportCode.CANCELLED, "export cancelled") from None
        except ExportFailed:
            self.files.remove_tree(out)
            raise
        except (OSError, sqlite3.Error) as exc:
            code = classify(exc, self.files)
            self.files.remove_tree(out)  # frees the stick; fails harmlessly if it is gone
            raise ExportFailed(code, f"export to {self.target} failed: {exc}") from None
        except BaseException:
            self.files.remove_tree(out)
            raise

    def _write_into(self, out: Path, since: Marks | None,
                    pseudonymiser: Pseudonymiser | None) -> ExportResult:
        entries: list[FileEntry] = []
        info = self._snapshot(out, since, pseudonymiser)
        snapshot_size = (out / SNAPSHOT).stat().st_size
        self.done_bytes += snapshot_size  # written: its hash is bookkeeping, done meanwhile
        snapshot = sqlite3.connect(f"{(out / SNAPSHOT).resolve().as_uri()}?mode=ro", uri=True)
        # The snapshot is hashed on a thread of its own while the CSVs are written (the
        # hash lets go of the GIL): 1-2 s less for a large database on two cores or more.
        hashing = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hash-snapshot")
        snapshot_hash = hashing.submit(self._hash_back, out / SNAPSHOT)
        try:
            # Row estimates for the progress bar (a count(*) of millions of reps takes seconds).
            rows = {t: snapshot.execute(f"SELECT coalesce(max(rowid) - min(rowid) + 1, 0)"
                                        f" FROM [{t}]").fetchone()[0] for t in CSV_TABLES}
            recs = snapshot.execute(
                "SELECT session_id, path, pruned_at, size_bytes FROM recordings ORDER BY path"
            ).fetchall()
            self.count = 1 + len(CSV_TABLES) + len(recs) + 1
            self.total_bytes = (snapshot_size + sum(n * BYTES_PER_ROW[t] for t, n in rows.items())
                                + sum(r[3] or 0 for r in recs))
            for table in CSV_TABLES:
                self.start_file(f"{table}.csv")
                csv_file = HashingFile(self.files, out / f"{table}.csv")
                try:
                    write_csv(out / SNAPSHOT, table, csv_file, self.tick)
                    entries.append(FileEntry(f"{table}.csv", *csv_file.commit()))
                except BaseException:
                    csv_file.abandon()
                    raise
                self.done_bytes += entries[-1].size
            entries.insert(0, FileEntry(SNAPSHOT, *self._wait_for(snapshot_hash)))
        finally:
            self.hash_stop.set()  # an export that failed or was cancelled stops hashing
            hashing.shutdown(wait=True)
            snapshot.close()
        copied, missing = self._copy_recordings(out, recs)
        entries += copied
        self.start_file(MANIFEST)
        manifest = build_manifest(
            step_id=self.step_id, created_at=utc_now(), software_version=kiosk.__version__,
            kind="full" if since is None else "incremental",
            pseudonymised=pseudonymiser is not None, sessions=info.sessions,
            migrations=info.migrations, files=entries, missing=missing)
        self._write_small(out / MANIFEST, manifest)
        self.files.fsync_dir(out.parent)
        self.marks = info.marks
        if self.remember:
            self._remember(info.marks, pseudonymiser is not None)
        return ExportResult(out, "full" if since is None else "incremental",
                            pseudonymiser is not None, False, info.sessions, len(entries) + 1,
                            sum(e.size for e in entries) + len(manifest), len(missing))

    def _snapshot(self, out: Path, since: Marks | None,
                  pseudonymiser: Pseudonymiser | None) -> SnapshotInfo:
        self.start_file(SNAPSHOT)
        temp = out / (SNAPSHOT + ".part")
        page_size = 4096

        def tick_pages(done: int, total: int) -> None:
            self.total_bytes = max(self.total_bytes, total * page_size)
            self.tick(done * page_size)

        def tick_steps(done: int, total: int) -> None:
            self.tick(0)

        try:
            if since is None and pseudonymiser is None:
                page_size = self._page_size()
                info = backup_snapshot(self.db_path, temp, tick_pages)
            else:
                info = copy_snapshot(self.db_path, temp, tick_steps, since, pseudonymiser)
        except sqlite3.DatabaseError as exc:
            text = str(exc)
            if "not a database" in text or "malformed" in text or "unable to open" in text:
                self.files.remove(temp)
                raise ExportFailed(ExportCode.DATABASE_UNREADABLE,
                                   f"{self.db_path} cannot be read as a database ({exc})"
                                   ) from None
            raise
        self.files.fsync_path(temp)
        self.files.replace(temp, out / SNAPSHOT)
        return info

    def _page_size(self) -> int:
        conn = sqlite3.connect(f"{self.db_path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            page_size: int = conn.execute("PRAGMA page_size").fetchone()[0]
            return page_size
        except sqlite3.DatabaseError:
            return 4096  # the backup itself reports what is wrong
        finally:
            conn.close()

    def _wait_for(self, snapshot_hash: Future[tuple[int, str]]) -> tuple[int, str]:
        """The snapshot's hash, when the CSVs were done first (a large database with few
        reps): progress keeps coming and Cancel is honoured meanwhile."""
        while True:
            try:
                return snapshot_hash.result(timeout=HEARTBEAT_S)
            except FutureTimeout:
                self.tick(0)

    def _hash_back(self, path: Path) -> tuple[int, str]:
        """Size and SHA-256 of a file SQLite wrote (read back: it is in the page cache).

        Runs beside the CSV writing, which reports progress and Cancel; it stops (with
        ``Cancelled``) once ``hash_stop`` is set.
        """
        digest = hashlib.sha256()
        size = 0
        with path.open("rb") as file:
            while chunk := file.read(4 * CHUNK):
                if self.hash_stop.is_set():
                    raise Cancelled
                digest.update(chunk)
                size += len(chunk)
        return size, digest.hexdigest()

    def _copy_recordings(self, out: Path, recs: list[tuple[Any, ...]]
                         ) -> tuple[list[FileEntry], list[dict[str, Any]]]:
        copied: list[FileEntry] = []
        missing: list[dict[str, Any]] = []
        folders: set[Path] = set()
        for session_id, rel, pruned_at, _size in recs:
            self.start_file(rel)
            source = self.data_dir / rel
            if not safe_name(rel):
                missing.append({"name": rel, "session_id": session_id, "reason": "unsafe_path"})
                continue
            if pruned_at is not None or not source.is_file():
                missing.append({"name": rel, "session_id": session_id,
                                "reason": "pruned" if pruned_at is not None else "lost"})
                continue
            dest = out / rel
            if dest.parent not in folders:
                self.files.makedirs(dest.parent)
                folders.add(dest.parent)
            if self.link_recordings:
                linked = self._link(source, dest)
                if linked is not None:
                    copied.append(FileEntry(rel, *linked))
                    self.done_bytes += linked[0]
                    continue
            copy = HashingFile(self.files, dest)
            try:
                with source.open("rb") as file:
                    while chunk := file.read(CHUNK):
                        copy.write(chunk)
                        self.tick(copy.size)
                copied.append(FileEntry(rel, *copy.commit()))
            except BaseException:
                copy.abandon()
                raise
            self.done_bytes += copy.size
        for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
            self.files.fsync_dir(folder)
            if folder.parent != out:
                self.files.fsync_dir(folder.parent)
        self.files.fsync_dir(out)
        return copied, missing

    def _link(self, source: Path, dest: Path) -> tuple[int, str] | None:
        """Hard-link ``source`` at ``dest`` and hash it: (size, sha256); None when the
        file system cannot link (then it is copied)."""
        try:
            os.link(source, dest)
        except OSError:
            return None
        sha, size = hashlib.sha256(), 0
        with source.open("rb") as file:
            while chunk := file.read(CHUNK):
                sha.update(chunk)
                size += len(chunk)
                self.tick(size)
        return size, sha.hexdigest()

    # -- small files and folders -------------------------------------------------

    def _write_small(self, path: Path, data: bytes) -> None:
        file = HashingFile(self.files, path)
        try:
            file.write(data)
            file.commit()
        except BaseException:
            file.abandon()
            raise
        self.files.fsync_dir(path.parent)

    def _remember(self, marks: Marks, pseudonymised: bool, encrypted: bool = False) -> None:
        """The stick's memory of this export, for the next incremental one."""
        memory = {"step_id": self.step_id, "exported_at": utc_now(), **marks.to_json()}
        self._write_small(export_folder_root(self.target, self.step_id) /
                          memory_name(pseudonymised, encrypted),
                          json.dumps(memory).encode("utf-8"))

    def _new_folder(self) -> Path:
        root = export_folder_root(self.target, self.step_id)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        out, n = root / stamp, 1
        try:
            # mkdir decides, not an exists() check: two exports started at the same
            # moment (two processes, a double tap) each get their own folder.
            while True:
                try:
                    self.files.make_new_folder(out)
                    break
                except FileExistsError:
                    n += 1
                    out = root / f"{stamp}-{n}"
            self.files.fsync_dir(root)
        except OSError as exc:
            raise ExportFailed(classify(exc, self.files),
                               f"cannot make {out} on the stick: {exc}") from None
        return out

    def _count_recordings(self) -> int:
        try:
            conn = sqlite3.connect(f"{self.db_path.resolve().as_uri()}?mode=ro", uri=True)
        except sqlite3.Error:
            return 0
        try:
            count: int = conn.execute("SELECT count(*) FROM recordings").fetchone()[0]
            return count
        except sqlite3.Error:
            return 0  # an unreadable database is reported by the snapshot step
        finally:
            conn.close()

    def _check_space_for(self, at_least: int) -> None:
        """Refuse at once when the stick cannot even hold the database copy."""
        try:
            free = self.files.free_bytes()
        except OSError:
            return  # writing will tell
        if at_least > free:
            raise ExportFailed(
                ExportCode.STICK_FULL,
                f"the USB stick at {self.target} has {free / 1e6:.0f} MB free; this export "
                f"needs more than {at_least / 1e6:.0f} MB")


class _EncryptedExport:
    """An export prepared in the kiosk's private staging folder, then sealed onto the stick
    as one encrypted archive, its key and a manifest (written last)."""

    def __init__(self, db_path: Path, data_dir: Path, target: Path, step_id: str,
                 files: StickFiles, progress: ProgressCallback | None, cancel: CancelToken,
                 on_start: Callable[[Path], None] | None) -> None:
        self.db_path, self.data_dir, self.target, self.step_id = db_path, data_dir, target, step_id
        self.files, self.progress, self.cancel, self.on_start = files, progress, cancel, on_start
        self.stick = _Export(db_path, data_dir, target, step_id, files, None, cancel)

    def write(self, since: Marks | None, pseudonymiser: Pseudonymiser | None,
              passphrase: str) -> ExportResult:
        out = self.stick._new_folder()
        staging = self.data_dir / STAGING
        try:
            if self.on_start is not None:
                self.on_start(out)
            plain, marks = self._stage(staging, since, pseudonymiser)
            recipient, key = new_key(passphrase)
            return self._seal(out, plain, marks, recipient, key)
        except Cancelled:
            self.files.remove_tree(out)
            raise ExportFailed(ExportCode.CANCELLED, "export cancelled") from None
        except ExportFailed:
            self.files.remove_tree(out)
            raise
        except SealFailed as exc:
            self.files.remove_tree(out)
            raise ExportFailed(ExportCode.KIOSK_STORAGE, str(exc)) from None
        except OSError as exc:
            code = classify(exc, self.files)
            self.files.remove_tree(out)
            raise ExportFailed(code, f"export to {self.target} failed: {exc}") from None
        except BaseException:
            self.files.remove_tree(out)
            raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def _stage(self, staging: Path, since: Marks | None, pseudonymiser: Pseudonymiser | None
               ) -> tuple[ExportResult, Marks]:
        """The plain export in the kiosk's own staging folder (same disk as its database)."""
        shutil.rmtree(staging, ignore_errors=True)  # what a crash may have left
        try:
            staging.mkdir(mode=0o700, parents=True)
        except OSError as exc:
            raise ExportFailed(ExportCode.KIOSK_STORAGE,
                               f"cannot make {staging} to prepare the export ({exc})") from None

        def forward(p: ExportProgress) -> None:
            if self.progress is not None:  # staging is the first half of the work
                self.progress(ExportProgress(p.file, p.index, p.count + 1, p.bytes_written,
                                             2 * p.bytes_total))

        run = _Export(self.db_path, self.data_dir, staging, self.step_id, StickFiles(staging),
                      forward, self.cancel, remember=False, link_recordings=True)
        try:
            return run.write(since, pseudonymiser), run.marks
        except ExportFailed as exc:
            if exc.code in (ExportCode.CANCELLED, ExportCode.NO_DATABASE,
                            ExportCode.DATABASE_UNREADABLE):
                raise
            raise ExportFailed(ExportCode.KIOSK_STORAGE,
                               f"the kiosk could not prepare the encrypted export in {staging}"
                               f" ({exc})") from None

    def _seal(self, out: Path, plain: ExportResult, marks: Marks, recipient: x25519.Recipient,
              key: bytes) -> ExportResult:
        inner = json.loads((plain.folder / MANIFEST).read_text("utf-8"))
        names = [entry["name"] for entry in inner["files"]] + [MANIFEST]
        members = [(name, plain.folder / name) for name in names]
        staged = sum(path.stat().st_size for _name, path in members)
        count = len(inner["files"]) + 2
        self.stick._check_space_for(staged)

        def tick(written: int) -> None:
            if self.progress is not None:
                self.progress(ExportProgress(ARCHIVE, count, count, staged + written,
                                             2 * staged))
            if self.cancel.cancelled:
                raise Cancelled

        tick(0)
        archive = HashingFile(self.files, out / ARCHIVE)
        try:
            seal(members, recipient, archive, tick)
            entries = [FileEntry(ARCHIVE, *archive.commit())]
        except BaseException:
            archive.abandon()
            raise
        key_file = HashingFile(self.files, out / KEY)
        try:
            key_file.write(key)
            entries.append(FileEntry(KEY, *key_file.commit()))
        except BaseException:
            key_file.abandon()
            raise
        self.files.fsync_dir(out)
        manifest = build_manifest(
            step_id=self.step_id, created_at=utc_now(), software_version=kiosk.__version__,
            kind=plain.kind, pseudonymised=plain.pseudonymised, sessions=plain.sessions,
            migrations=list(inner.get("schema_migrations", [])), files=entries,
            missing=list(inner.get("missing", [])), encrypted=True)
        self.stick._write_small(out / MANIFEST, manifest)
        self.files.fsync_dir(out.parent)
        self.stick._remember(marks, plain.pseudonymised, encrypted=True)
        return ExportResult(out, plain.kind, plain.pseudonymised, True, plain.sessions,
                            len(entries) + 1, sum(e.size for e in entries) + len(manifest),
                            plain.missing_recordings)
