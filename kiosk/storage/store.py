"""The kiosk's database: one SQLite file, reached only through ``Store``.

Durability rules ("never loses a rep"):

- WAL journal + ``PRAGMA synchronous=FULL``: a write method returns only after
  its commit is on the disk, so whatever the screen shows survives a power cut.
- Grouped writes (a rep and its session summary) run in one transaction:
  nothing half-written is ever seen.
- On open, sessions still ``open`` (the kiosk died mid-session) become
  ``interrupted``; their reps stay.
- A full disk raises ``StorageFullError`` (one plain message); the session
  service shows it and ends the session, which stays readable.

Threads: one ``Store`` may be shared by the UI thread and the session
service's thread. The connection is opened with ``check_same_thread=False`` and
every public method holds the store's lock, so calls are serialised; a long
staff query briefly delays a rep commit but never corrupts it. (Another
process, e.g. ``smartstep export``, opens its own ``Store``; WAL lets it read
while the kiosk writes.)
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import hashlib
import json
import sqlite3
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from sqlite_utils import Database

import kiosk
from kiosk.analysis.events import Rep
from kiosk.errors import StorageFullError, UserError
from kiosk.programme import Programme
from kiosk.storage.folding import register_sql_functions
from kiosk.storage.ids import iso_utc, new_id, utc_now, week_start
from kiosk.storage.migrations import (
    FINAL_STATUSES,
    MIGRATIONS,
    OPEN,
    SUMMARY_SQL,
    apply_migrations,
)

__all__ = [
    "REP_ANALYSIS_FIELDS", "REP_FIELDS", "DatabaseBusyError", "DatabaseFileError",
    "NewerDatabaseError", "NotFoundError", "Store", "database_errors",
]

# One definition of a rep: the analysis's ``Rep`` (kiosk/analysis/events.py). Its fields,
# in order, are the reps table's columns from ``number`` on (``number`` ... ``tut_s``).
REP_ANALYSIS_FIELDS = tuple(f.name for f in dataclasses.fields(Rep))
# Rep columns besides the ids and the number: the analysis rep's, and ``toe_share`` (the
# combined big-toe share a rep handed in as a dict may carry, e.g. the review samples').
REP_FIELDS = (*(f for f in REP_ANALYSIS_FIELDS if f != "number"), "toe_share")
_REP_KEYS_NOT_EXTRA = {*REP_FIELDS, "id", "session_id", "set_number", "number", "set_index"}
PATIENT_FIELDS = ("name", "clinic_id", "birth_year", "notes", "archived",
                  "sex", "body_mass_kg", "injured_side", "diagnosis", "clinician")

FULL_MESSAGE = (
    "the kiosk's storage is full: this session's reps so far are saved, "
    "but no more can be; ask staff to free space (prune old recordings)"
)


class NotFoundError(UserError, LookupError):
    """No record with that id."""


class DatabaseFileError(UserError):
    """The database file cannot be opened (not a database, no permission)."""


class DatabaseBusyError(DatabaseFileError):
    """Another program has held the database longer than ``BUSY_TIMEOUT_S``."""


class NewerDatabaseError(DatabaseFileError):
    """The database has migrations this version does not know: a newer SmartStep wrote it."""


# How long to wait for another process's lock on the database (or its migrations)
# before giving up with "the database is busy".
BUSY_TIMEOUT_S = 10.0


def _prepare_location(path: Path) -> None:
    """Create the database's folder; a path that cannot hold a database is a ``DatabaseFileError``.

    Every message names the path (a bare "Not a directory" tells nobody what to fix).
    """
    if path.is_dir():
        raise DatabaseFileError(f"{path} is a folder, not a database file: move it away")
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        if is_disk_full(exc):
            raise
        blocking = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()),
                        None)
        if blocking == folder:
            why = "it is a file, not a folder"
        elif blocking is not None:
            why = f"{blocking} is a file, not a folder"
        elif exc.filename and Path(exc.filename) != folder:
            why = f"{exc.strerror} ({exc.filename})"
        else:
            why = exc.strerror or str(exc)
        raise DatabaseFileError(
            f"the data directory {folder} cannot be used: {why}") from None
    if not folder.is_dir():  # a file on the way: mkdir(exist_ok) does not say so
        raise DatabaseFileError(
            f"the data directory {folder} cannot be used: it is a file, not a folder")


def _unwritable_reason(folder: Path) -> str | None:
    """Why nothing can be created in ``folder`` ("Read-only file system", ...), or None."""
    try:
        with tempfile.TemporaryFile(dir=folder):
            return None
    except OSError as exc:
        return exc.strerror or str(exc)


def database_error(path: Path, exc: sqlite3.Error) -> DatabaseFileError:
    """One plain line, naming the file, for an SQLite error while opening or writing ``path``."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in str(exc):
        return DatabaseBusyError(
            f"the database {path} is busy: another program has held it for more than "
            f"{BUSY_TIMEOUT_S:g} s; try again when it has finished")
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")):
        reason = _unwritable_reason(path.parent)
        if reason is not None:
            return DatabaseFileError(
                f"the data directory {path.parent} cannot be written: {reason}")
        return DatabaseFileError(f"the database {path} cannot be opened for writing ({exc})")
    return DatabaseFileError(f"{path} cannot be used as the SmartStep database ({exc})")


@contextlib.contextmanager
def database_errors(path: Path) -> Iterator[None]:
    """Turn SQLite errors while using ``path`` into one-line ``DatabaseFileError``s.

    A full disk stays a ``StorageFullError``.
    """
    try:
        yield
    except sqlite3.Error as exc:
        if is_disk_full(exc):
            raise
        raise database_error(path, exc) from None


def known_migrations() -> list[str]:
    """Names of every migration this version knows, in order."""
    return [m.name for m in MIGRATIONS.pending(Database(memory=True))]


def refuse_newer_schema(conn: sqlite3.Connection, path: Path) -> None:
    """Raise ``NewerDatabaseError`` when ``conn``'s database has a migration this version lacks.

    Read-only: it only looks at the migrations table.
    """
    table = MIGRATIONS.migrations_table
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                        [table]).fetchone():
        return
    applied = {r[0] for r in conn.execute(
        f"SELECT name FROM [{table}] WHERE migration_set = ?", [MIGRATIONS.name])}
    unknown = sorted(applied - set(known_migrations()))
    if unknown:
        raise NewerDatabaseError(
            f"{path} was written by a newer SmartStep (schema {unknown[-1]}); update this kiosk")


@contextlib.contextmanager
def _migration_lock(path: Path) -> Iterator[None]:
    """Only one process at a time checks and applies migrations (two kiosks' first start,
    or ``demo-data`` while the kiosk starts): a lock file beside the database.

    SQLite's own locks cannot do it: a migration may have to run outside a transaction.
    """
    import filelock  # only here: most opens have nothing to migrate, and it imports slowly

    # mode 0o666: the lock file holds nothing, and a command run by another user (the
    # installer, an admin) must not lock the kiosk's service user out of it.
    lock = filelock.FileLock(path.with_name(path.name + ".lock"), timeout=BUSY_TIMEOUT_S,
                             mode=0o666)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise DatabaseBusyError(
            f"the database {path} is busy: another program has been setting it up for more "
            f"than {BUSY_TIMEOUT_S:g} s; try again when it has finished") from None
    except OSError as exc:
        if is_disk_full(exc):
            raise
        raise DatabaseFileError(
            f"the data directory {path.parent} cannot be written: {exc.strerror or exc}"
        ) from None
    try:
        yield
    finally:
        lock.release()


def is_disk_full(exc: BaseException) -> bool:
    """True for SQLite's SQLITE_FULL and the OS's ENOSPC / EDQUOT."""
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        return code == sqlite3.SQLITE_FULL or "database or disk is full" in str(exc)
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)


@contextlib.contextmanager
def full_disk_as_storage_error() -> Iterator[None]:
    """Turn a full-disk error (database or file) into ``StorageFullError``."""
    try:
        yield
    except (sqlite3.Error, OSError) as exc:
        if isinstance(exc, StorageFullError) or not is_disk_full(exc):
            raise
        error = StorageFullError(FULL_MESSAGE)  # one plain line as its str()
        error.errno = errno.ENOSPC
        raise error from exc


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, separators=(",", ":"), sort_keys=True)


def _as_dict(record: Mapping[str, Any] | Any) -> dict[str, Any]:
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return dataclasses.asdict(record)
    return dict(cast(Mapping[str, Any], record))


def rep_row(
    session_id: str, set_number: int, number: int, rep: Mapping[str, Any] | Any,
    *, rep_id: str | None = None, updated_at: str | None = None,
) -> dict[str, Any]:
    """The ``reps`` row for one analysis rep (a dataclass or a dict of section 4 fields).

    Fields the table has no column for are kept in ``extras`` (JSON).
    """
    data = _as_dict(rep)
    faults = data.get("faults") or ()
    row = {
        "id": rep_id or data.get("id") or new_id(),
        "session_id": session_id,
        "set_number": int(set_number),
        "number": int(number),
        **{f: data.get(f) for f in REP_FIELDS},
        "faults": _json(sorted(str(f) for f in faults)),
        "stance": str(data.get("stance") or "both"),
        "updated_at": updated_at or utc_now(),
    }
    for required in ("start_s", "top_s", "end_s", "peak_mm"):
        if row[required] is None:
            raise ValueError(f"a rep needs '{required}'")
    extras = {k: v for k, v in data.items() if k not in _REP_KEYS_NOT_EXTRA and v is not None}
    row["extras"] = _json(extras) if extras else None
    return row


def file_digest(path: Path) -> tuple[int, str]:
    """Size in bytes and SHA-256 (hex) of a file, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def programme_from_row(row: Mapping[str, Any]) -> Programme:
    """The ``Programme`` of a ``programmes`` row."""
    return Programme.from_dict({
        "name": row["name"], "mode": row["mode"], "position": row["position"],
        "variant": row["variant"], "spacing": row["spacing"], "surface": row["surface"],
        "weight_kg": row["weight_kg"], "sets": row["sets"], "reps": row["reps"],
        "tempo": {"up_s": row["tempo_up_s"], "hold_s": row["tempo_hold_s"],
                  "down_s": row["tempo_down_s"], "rest_s": row["tempo_rest_s"]},
        "rest_between_sets_s": row["rest_between_sets_s"], "target_mm": row["target_mm"],
        # The prescription's pacing goes with the programme to the session's lights.
        "pacing": row.get("pacing") or "",
    })


class Store:
    """The SQLite database of one kiosk.

    :param path: the database file (created with its parents if missing).
    :param data_dir: root of the recordings; default: the database's folder.
    :param recover: mark sessions left open ``interrupted`` (the kiosk's own
        start-up); pass False from any other process while the kiosk may run.
    """

    def __init__(
        self, path: str | Path, data_dir: str | Path | None = None, recover: bool = True,
    ) -> None:
        self.path = Path(path)
        self.data_dir = Path(data_dir) if data_dir is not None else self.path.parent
        self._lock = threading.RLock()
        with full_disk_as_storage_error():
            _prepare_location(self.path)
            try:
                # check_same_thread=False: the lock above serialises every use instead.
                conn = sqlite3.connect(
                    str(self.path), timeout=BUSY_TIMEOUT_S, check_same_thread=False)
            except sqlite3.Error as exc:
                raise database_error(self.path, exc) from None
            try:
                self.db = Database(conn)
                self._configure_connection()
                # Read-only look first: a newer kiosk's database is left exactly as it is.
                refuse_newer_schema(conn, self.path)
                self.applied_migrations = []
                if MIGRATIONS.pending(self.db):  # first start or an upgrade: rare
                    with _migration_lock(self.path):
                        refuse_newer_schema(conn, self.path)
                        self.applied_migrations = apply_migrations(self.db)
                self.db.enable_wal()  # also for a file made by something else
                self.recovered_sessions = self._recover_open_sessions() if recover else []
            except sqlite3.DatabaseError as exc:
                conn.close()
                if is_disk_full(exc):
                    raise
                raise database_error(self.path, exc) from None
            except BaseException:
                conn.close()
                raise
        self._closed = False

    # -- connection ---------------------------------------------------------

    def _configure_connection(self) -> None:
        # Per-connection settings (not stored in the file): run them on every open.
        self.db.execute("PRAGMA synchronous = FULL")
        self.db.execute("PRAGMA foreign_keys = ON")
        # 16 MB of page cache (default 2 MB): the staff queries' indexes stay in memory.
        self.db.execute("PRAGMA cache_size = -16384")
        # Folded names and compact clinic IDs, wherever a patient is looked up.
        register_sql_functions(self.db.conn)

    def close(self) -> None:
        """Close the database (safe to call twice)."""
        with self._lock:
            if getattr(self, "_closed", True):
                return
            self._closed = True
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("PRAGMA optimize")
            self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Database]:
        """One atomic, durable group of writes (bulk loaders use it; nested = savepoint)."""
        with self._lock, full_disk_as_storage_error(), self.db.atomic():
            yield self.db

    @contextlib.contextmanager
    def bulk_load(self) -> Iterator[None]:
        """Bulk inserts (demo data): no fsync per commit, a big cache, one checkpoint at the end.

        Only for data that can be regenerated: a power cut during the block may lose it.
        """
        with self._lock:
            self.db.execute("PRAGMA synchronous = OFF")
            self.db.execute("PRAGMA cache_size = -131072")  # 128 MB
            try:
                yield
            finally:
                self._configure_connection()
                with full_disk_as_storage_error():
                    self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # now durable

    def query(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()
              ) -> list[dict[str, Any]]:
        """Rows of a read-only SQL query as dicts (for ``queries.py`` and tests)."""
        with self._lock:
            cursor = self.db.conn.execute(sql, params)
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def insert_many(self, table: str, rows: Iterable[Mapping[str, Any]]) -> int:
        """Insert many rows in the current transaction (demo data, merge); returns the count.

        One ``executemany``, not sqlite-utils' ``insert_all``: a bulk loader, and
        ``insert_all`` took 30-60 % longer (100,000 audit rows: 1.4-2.3 s against 1.1-1.4 s)."""
        rows = list(rows)
        if not rows:
            return 0
        columns = list(rows[0])
        sql = (
            f"INSERT INTO [{table}] ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' * len(columns))})"
        )
        with self.transaction() as db:
            db.conn.executemany(sql, ([r[c] for c in columns] for r in rows))
        return len(rows)

    def integrity_ok(self) -> bool:
        return bool(self.query("PRAGMA integrity_check")[0]["integrity_check"] == "ok")

    def _get(self, table: str, record_id: str) -> dict[str, Any]:
        rows = self.query(f"SELECT * FROM [{table}] WHERE id = ?", [record_id])
        if not rows:
            raise NotFoundError(f"no {table[:-1].replace('_', ' ')} with id {record_id}")
        return rows[0]

    # -- recovery -------------------------------------------------------------

    def _recover_open_sessions(self) -> list[str]:
        """Mark sessions left open by a crash or power cut ``interrupted``; keep their reps."""
        open_ids = [r["id"] for r in self.query("SELECT id FROM sessions WHERE status = ?", [OPEN])]
        if not open_ids:
            return []
        with self.transaction() as db:
            for session_id in open_ids:
                # The last write to the session (its last rep) is when it stopped.
                db.execute(
                    "UPDATE sessions SET status = 'interrupted',"
                    " end_reason = 'crash_or_power_loss',"
                    " ended_at = coalesce(ended_at, updated_at), updated_at = ? WHERE id = ?",
                    [utc_now(), session_id],
                )
                db.execute(
                    "UPDATE sets SET ended_at = coalesce(ended_at, updated_at)"
                    " WHERE session_id = ?",
                    [session_id],
                )
        for rec in self.query(
            "SELECT id, path FROM recordings WHERE sha256 IS NULL AND session_id IN "
            f"({', '.join('?' * len(open_ids))})", open_ids,
        ):
            self._finish_recording_row(rec["id"], rec["path"], samples=None)
        return open_ids

    # -- patients -------------------------------------------------------------

    def add_patient(
        self, name: str, clinic_id: str | None = None, birth_year: int | None = None,
        notes: str = "", actor: str = "staff", *, sex: str = "",
        body_mass_kg: float | None = None, injured_side: str = "none", diagnosis: str = "",
        clinician: str = "",
    ) -> str:
        """Register a patient; returns the new patient id."""
        name = name.strip()
        if not name:
            raise UserError("a patient needs a name")
        if birth_year is not None and not 1900 <= int(birth_year) <= datetime.now(UTC).year:
            raise UserError(f"birth year {birth_year} is not plausible")
        now = utc_now()
        patient_id = new_id()
        with self.transaction() as db:
            db.table("patients").insert({
                "id": patient_id, "name": name, "clinic_id": clinic_id or None,
                "birth_year": birth_year, "notes": notes, "archived": 0, "sex": sex,
                "body_mass_kg": body_mass_kg, "injured_side": injured_side,
                "diagnosis": diagnosis, "clinician": clinician, "created_at": now,
                "updated_at": now,
            })
            self._audit(db, actor, "add_patient", "patients", patient_id, {"name": name})
        return patient_id

    def update_patient(
        self, patient_id: str, actor: str = "staff", action: str = "update_patient",
        **fields: Any,
    ) -> None:
        """Change some of ``PATIENT_FIELDS``; ``action`` is the audit log's code for it."""
        unknown = set(fields) - set(PATIENT_FIELDS)
        if unknown:
            raise UserError(f"unknown patient field(s): {', '.join(sorted(unknown))}")
        self._get("patients", patient_id)
        if not fields:
            return
        with self.transaction() as db:
            db.table("patients").update(patient_id, {**fields, "updated_at": utc_now()})
            self._audit(db, actor, action, "patients", patient_id, fields)

    def archive_patient(self, patient_id: str, actor: str = "staff") -> None:
        self.update_patient(patient_id, actor=actor, archived=1)

    def get_patient(self, patient_id: str) -> dict[str, Any]:
        return self._get("patients", patient_id)

    # -- programmes -----------------------------------------------------------

    def prescribe(
        self, patient_id: str, programme: Programme, actor: str = "staff", *,
        note: str = "", target_share: float | None = None, pacing: str = "adaptive",
        progression: Mapping[str, Any] | None = None, action: str = "prescribe",
    ) -> str:
        """Store a staff prescription; it becomes the patient's active programme.

        The previous version stays (inactive) as the patient's history.
        :param progression: the rule that suggests the next step (JSON-ready), or None.
        """
        self._get("patients", patient_id)
        now = utc_now()
        programme_id = new_id()
        t = programme.tempo
        with self.transaction() as db:
            db.execute(
                "UPDATE programmes SET active = 0, updated_at = ? WHERE patient_id = ? AND active",
                [now, patient_id],
            )
            db.table("programmes").insert({
                "id": programme_id, "patient_id": patient_id, "name": programme.name,
                "mode": programme.mode, "position": programme.position,
                "variant": programme.variant, "spacing": programme.spacing,
                "surface": programme.surface, "weight_kg": programme.weight_kg,
                "sets": programme.sets, "reps": programme.reps, "tempo_up_s": t.up_s,
                "tempo_hold_s": t.hold_s, "tempo_down_s": t.down_s, "tempo_rest_s": t.rest_s,
                "rest_between_sets_s": programme.rest_between_sets_s,
                "target_mm": programme.target_mm, "active": 1, "created_at": now,
                "updated_at": now, "note": note, "created_by": actor,
                "target_share": target_share, "pacing": pacing,
                "progression": _json(progression),
            })
            self._audit(db, actor, action, "programmes", programme_id,
                        {"patient_id": patient_id, **programme.to_dict()})
        return programme_id

    def active_programme(self, patient_id: str) -> tuple[str, Programme] | None:
        """The patient's current prescription (id, programme), or None."""
        rows = self.query(
            "SELECT * FROM programmes WHERE patient_id = ? AND active"
            " ORDER BY created_at DESC LIMIT 1", [patient_id],
        )
        if not rows:
            return None
        return rows[0]["id"], programme_from_row(rows[0])

    # -- sessions, sets, reps -------------------------------------------------

    def start_session(
        self, patient_id: str | None, programme: Programme, *, step_id: str,
        programme_id: str | None = None, calibration: Mapping[str, Any] | None = None,
        software_version: str = kiosk.__version__, started_at: str | None = None,
    ) -> str:
        """Open a session (``patient_id`` None for a guest); returns its id."""
        now = utc_now()
        started_at = started_at or now
        session_id = new_id()
        with self.transaction() as db:
            db.table("sessions").insert({
                "id": session_id, "patient_id": patient_id, "programme_id": programme_id,
                "programme": _json(programme.to_dict()), "mode": programme.mode,
                "started_at": started_at, "week_start": week_start(started_at),
                "status": OPEN, "step_id": step_id, "software_version": software_version,
                "calibration": _json(dict(calibration)) if calibration is not None else None,
                "updated_at": now,
            })
            if patient_id is not None:
                db.execute(
                    "UPDATE patients SET last_session_id = ?, last_session_at = ?,"
                    " session_count = session_count + 1 WHERE id = ?",
                    [session_id, started_at, patient_id],
                )
        return session_id

    def start_set(self, session_id: str, number: int, target_reps: int | None = None) -> str:
        """Record the start of set ``number`` (1-based); returns the set id."""
        now = utc_now()
        set_id = new_id()
        with self.transaction() as db:
            db.table("sets").insert({
                "id": set_id, "session_id": session_id, "number": number,
                "target_reps": target_reps, "started_at": now, "updated_at": now,
            })
        return set_id

    def end_set(self, session_id: str, number: int) -> None:
        now = utc_now()
        with self.transaction() as db:
            db.execute(
                "UPDATE sets SET ended_at = ?, updated_at = ? WHERE session_id = ? AND number = ?",
                [now, now, session_id, number],
            )

    def add_rep(
        self, session_id: str, set_number: int, number: int, rep: Mapping[str, Any] | Any,
    ) -> str:
        """Store one counted rep and update its session's summary, durably.

        Returns only after the commit is on disk (``synchronous=FULL``): show the
        rep on screen after this returns, never before. Storing the same
        (session, set, number) twice raises ``sqlite3.IntegrityError``.

        :param rep: a ``Rep`` dataclass or a dict with the section-4 fields and extras.
        :raises StorageFullError: the disk is full (the rep is not stored).
        """
        row = rep_row(session_id, set_number, number, rep)
        with self.transaction() as db:
            # Plain SQL, not sqlite-utils' insert: this runs during the exercise, and its
            # table checks cost ~40 % more per rep (bench: 0.19 vs 0.27 ms before fsync).
            db.conn.execute(
                f"INSERT INTO reps ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                list(row.values()),
            )
            self._refresh_summary(db, session_id, row["updated_at"])
        rep_id: str = row["id"]
        return rep_id

    def _refresh_summary(self, db: Database, session_id: str, now: str) -> None:
        db.conn.execute(SUMMARY_SQL + " , updated_at = ? WHERE id = ?", [now, session_id])

    def add_fault_event(
        self, session_id: str, code: str, t_s: float, rep_id: str | None = None,
        detail: Mapping[str, Any] | None = None,
    ) -> str:
        event_id = new_id()
        with self.transaction() as db:
            db.table("fault_events").insert({
                "id": event_id, "session_id": session_id, "rep_id": rep_id, "t_s": t_s,
                "code": code, "detail": _json(detail), "updated_at": utc_now(),
            })
        return event_id

    def end_session(
        self, session_id: str, status: str = "completed", reason: str | None = None, *,
        quality: str | None = None, quality_record: str | None = None,
    ) -> None:
        """Close a session as ``completed``, ``stopped`` or ``interrupted``, with its
        measurement quality (verdict and JSON record; None: not judged).

        :raises StorageFullError: the disk is full; the session then stays open
            and the next start marks it ``interrupted`` with all its reps.
        """
        if status not in FINAL_STATUSES:
            raise UserError(f"session status must be one of {', '.join(FINAL_STATUSES)}")
        now = utc_now()
        with self.transaction() as db:
            cursor = db.execute(
                "UPDATE sessions SET status = ?, end_reason = ?, ended_at = ?, updated_at = ?,"
                " quality = ?, quality_record = ? WHERE id = ? AND status = 'open'",
                [status, reason, now, now, quality, quality_record, session_id],
            )
            if cursor.rowcount != 1:
                raise NotFoundError(f"no open session with id {session_id}")
            db.execute(
                "UPDATE sets SET ended_at = ?, updated_at = ?"
                " WHERE session_id = ? AND ended_at IS NULL",
                [now, now, session_id],
            )

    def get_session(self, session_id: str) -> dict[str, Any]:
        """The session row with ``programme``, ``calibration``, ``fault_counts`` decoded."""
        row = self._get("sessions", session_id)
        for key in ("programme", "calibration", "fault_counts"):
            if row.get(key) is not None:
                row[key] = json.loads(row[key])
        return row

    def add_heel_rise_test(
        self, session_id: str, side: str, reps: int, *, patient_id: str | None = None,
        travel_m: float | None = None, work_j: float | None = None,
        peak_mm: float | None = None, mean_peak_mm: float | None = None,
        duration_s: float | None = None, body_mass_kg: float | None = None,
        ended_by: str | None = None, protocol: str | None = None, quality: str | None = None,
    ) -> str:
        """Store a heel-rise test result (reps to fatigue, total travel, work, and the
        body mass the work was computed with; no work without a mass), why it ended, its
        protocol record (JSON) and its measurement quality verdict."""
        if side not in ("both", "left", "right"):
            raise UserError("heel-rise test side must be both, left or right")
        now = utc_now()
        test_id = new_id()
        with self.transaction() as db:
            db.table("heel_rise_tests").insert({
                "id": test_id, "session_id": session_id, "patient_id": patient_id,
                "side": side, "reps": reps, "travel_m": travel_m,
                "work_j": work_j if body_mass_kg is not None else None, "peak_mm": peak_mm,
                "mean_peak_mm": mean_peak_mm, "duration_s": duration_s,
                "body_mass_kg": body_mass_kg, "ended_by": ended_by, "protocol": protocol,
                "quality": quality, "created_at": now, "updated_at": now,
            })
        return test_id

    def include_heel_rise_test(self, test_id: str, included: bool | None, actor: str) -> None:
        """Staff's choice to show a test in the trends whatever its quality verdict
        (True: in, False: out, None: by its verdict: a poor test stays out), audited.

        :raises NotFoundError: no such test.
        """
        value = None if included is None else int(included)
        with self.transaction() as db:
            db.execute("UPDATE heel_rise_tests SET staff_included = ?, updated_at = ?"
                       " WHERE id = ?", [value, utc_now(), test_id])
            if db.execute("SELECT changes()").fetchone()[0] == 0:
                raise NotFoundError(f"no heel-rise test with the id '{test_id}'")
            self._audit(db, actor, "include_heel_rise_test", "heel_rise_tests", test_id,
                        {"included": included})

    def include_session(self, session_id: str, included: bool | None, actor: str) -> None:
        """Staff's choice to show a session in the trends whatever its quality verdict
        (True: in, False: out, None: by its verdict: a poor session stays out), audited.

        :raises NotFoundError: no such session.
        """
        value = None if included is None else int(included)
        with self.transaction() as db:
            db.execute("UPDATE sessions SET staff_included = ?, updated_at = ?"
                       " WHERE id = ?", [value, utc_now(), session_id])
            if db.execute("SELECT changes()").fetchone()[0] == 0:
                raise NotFoundError(f"no session with the id '{session_id}'")
            self._audit(db, actor, "include_session", "sessions", session_id,
                        {"included": included})

    # -- recordings -----------------------------------------------------------

    def recording_path(self, session_id: str, at: datetime | None = None) -> Path:
        """Where a session's recording lives, relative to the data dir."""
        at = at or datetime.now(UTC)
        return Path("recordings", f"{at:%Y}", f"{at:%m}", f"{session_id}.csv.gz")

    def register_recording(self, session_id: str, relative_path: Path) -> str:
        """Register a recording being written (size and checksum come at ``finish``)."""
        now = utc_now()
        rec_id = new_id()
        with self.transaction() as db:
            db.table("recordings").insert({
                "id": rec_id, "session_id": session_id, "path": relative_path.as_posix(),
                "created_at": now, "updated_at": now,
            })
        return rec_id

    def finish_recording(self, recording_id: str, samples: int | None = None) -> dict[str, Any]:
        """Record the finished file's size and SHA-256; returns the recordings row."""
        rec = self._get("recordings", recording_id)
        self._finish_recording_row(recording_id, rec["path"], samples)
        return self._get("recordings", recording_id)

    def _finish_recording_row(self, recording_id: str, rel_path: str, samples: int | None) -> None:
        file = self.data_dir / rel_path
        size, sha = file_digest(file) if file.exists() else (0, None)
        with self.transaction() as db:
            db.table("recordings").update(recording_id, {
                "size_bytes": size, "sha256": sha, "samples": samples, "updated_at": utc_now(),
            })

    def prune_recordings(
        self, older_than_days: int, actor: str = "staff", now: datetime | None = None,
    ) -> dict[str, int]:
        """Delete recording files older than ``older_than_days`` (0: none) and log it.

        The database rows stay, marked ``pruned_at``, so the history still says a
        recording existed. Returns ``{"files": n, "bytes": b}``.
        """
        if older_than_days < 0:
            raise UserError("days to keep recordings must be 0 (keep all) or more")
        if older_than_days == 0:
            return {"files": 0, "bytes": 0}
        cutoff = iso_utc((now or datetime.now(UTC)) - timedelta(days=older_than_days))
        old = self.query(
            "SELECT id, path FROM recordings WHERE created_at < ? AND pruned_at IS NULL",
            [cutoff],
        )
        freed = 0
        for rec in old:
            file = self.data_dir / rec["path"]
            with contextlib.suppress(FileNotFoundError):
                freed += file.stat().st_size
                file.unlink()
        stamp = utc_now()
        with self.transaction() as db:
            db.conn.executemany(
                "UPDATE recordings SET pruned_at = ?, updated_at = ? WHERE id = ?",
                [(stamp, stamp, rec["id"]) for rec in old],
            )
            self._audit(db, actor, "prune_recordings", "recordings", None,
                        {"older_than_days": older_than_days, "files": len(old), "bytes": freed})
        return {"files": len(old), "bytes": freed}

    # -- audit ----------------------------------------------------------------

    def audit(
        self, actor: str, action: str, target_table: str | None = None,
        target_id: str | None = None, detail: Mapping[str, Any] | None = None,
    ) -> str:
        """Log a staff action (who, what, on which record)."""
        with self.transaction() as db:
            return self._audit(db, actor, action, target_table, target_id, detail)

    def _audit(
        self, db: Database, actor: str, action: str, target_table: str | None,
        target_id: str | None, detail: Mapping[str, Any] | None,
    ) -> str:
        now = utc_now()
        entry_id = new_id()
        db.table("audit_log").insert({
            "id": entry_id, "at": now, "actor": actor, "action": action,
            "target_table": target_table, "target_id": target_id,
            "detail": _json(dict(detail)) if detail is not None else None, "updated_at": now,
        })
        return entry_id
