"""The export's ``smartstep.db``: a consistent snapshot holding only finished sessions.

Two ways, both reading the kiosk's database read-only inside one read
transaction (so the kiosk keeps writing reps while it runs, and the snapshot
is one moment of the database):

- ``backup_snapshot``: SQLite's online backup API, page by page (the fast path
  for a full export); then the sessions still running are deleted from the copy.
- ``copy_snapshot``: a fresh database with the same schema, filled with
  ``INSERT ... SELECT`` (incremental exports, and pseudonymised ones: a fresh
  file carries no leftovers of names in free pages, and no name is ever
  written to the stick). A full copy moves the tables that need no change with
  a plain ``INSERT INTO t SELECT * FROM src.t``, which SQLite turns into a
  record-by-record copy (its transfer optimisation: 3.5 s instead of 14.6 s for
  five busy years), and drops the running sessions afterwards.

What a pseudonymised snapshot keeps of a patient is a list of what is known to
identify nobody (``PATIENT_KEEP``); every other column of ``patients``, today's
and any added later (birth year, notes, diagnosis, sign-in codes...), is
emptied, so a new column never leaks by default.

Either way, columns that hold secrets (PIN hashes, salts) are emptied, and
``Marks`` say where this export ended, for the next incremental one.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.storage.migrations import OPEN, PATIENT_LAST_SQL
from kiosk.sync.pseudonym import Pseudonymiser

# Always exported whole: small, and every session points at them.
PARENT_TABLES = ("patients", "programmes")
# Parents before children, so foreign keys hold at every step of a merge.
TABLE_ORDER = ("patients", "programmes", "sessions", "sets", "reps", "fault_events",
               "recordings", "heel_rise_tests", "audit_log")
# Staff PIN hashes and the like never leave the kiosk (the account names may).
SECRET_COLUMN = re.compile(r"(^|_)(pin|password|passphrase|secret|salt|hash)(_|$)", re.I)
# Credentials of this kiosk alone (patients' card and code hashes): dropped whole.
KIOSK_CREDENTIAL_TABLES = ("patient_sign_in",)
# The patient columns a pseudonymised export keeps as they are (name and clinic ID become
# the keyed pseudonym; every other column is emptied).
PATIENT_KEEP = frozenset({"id", "archived", "created_at", "updated_at", "last_session_id",
                          "last_session_at", "session_count", "sex", "body_mass_kg",
                          "injured_side"})
BACKUP_PAGES = 2048  # pages per backup step: progress and Cancel every few MB
PROGRESS_OPS = 200_000  # SQLite VM steps between progress calls of copy_snapshot

Tick = Callable[[int, int], None]  # (done, total) of this file, any unit


class Cancelled(Exception):
    """Raised from a progress callback to stop the export."""


@dataclass(frozen=True)
class Marks:
    """Where an export ended: the highest rowid per table, and sessions still open then.

    Rowids, not clocks: an offline Pi's clock can jump back, rowids only grow.
    """

    rowids: dict[str, int] = field(default_factory=dict)
    open_sessions: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"rowids": dict(self.rowids), "open_sessions": list(self.open_sessions)}

    @classmethod
    def from_json(cls, data: object) -> Marks | None:
        """Marks from a stick's memory; None when unreadable (then: a full export)."""
        if not isinstance(data, dict):
            return None
        rowids, open_sessions = data.get("rowids"), data.get("open_sessions")
        if not isinstance(rowids, dict) or not isinstance(open_sessions, list):
            return None
        if not all(isinstance(k, str) and type(v) is int for k, v in rowids.items()):
            return None
        if not all(isinstance(s, str) for s in open_sessions):
            return None
        return cls(dict(rowids), tuple(open_sessions))


@dataclass(frozen=True)
class SnapshotInfo:
    marks: Marks
    sessions: int
    migrations: list[str]


def record_tables(conn: sqlite3.Connection, schema: str = "main") -> dict[str, list[str]]:
    """Tables with an ``id`` and ``updated_at`` (mergeable records) and their columns,
    in merge order (known tables first, then the rest by name)."""
    names = [r[0] for r in conn.execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table'"
        " AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    tables = {}
    for name in sorted(names, key=lambda n: (n not in TABLE_ORDER, TABLE_ORDER.index(n)
                                             if n in TABLE_ORDER else 0, n)):
        cols = [r[1] for r in conn.execute(f"PRAGMA {schema}.table_info([{name}])")]
        if "id" in cols and "updated_at" in cols:
            tables[name] = cols
    return tables


def _marks(conn: sqlite3.Connection, schema: str, tables: dict[str, list[str]]) -> Marks:
    rowids = {t: conn.execute(f"SELECT coalesce(max(rowid), 0) FROM {schema}.[{t}]").fetchone()[0]
              for t in tables}
    open_ids = tuple(r[0] for r in conn.execute(
        f"SELECT id FROM {schema}.sessions WHERE status = ?", [OPEN]))
    return Marks(rowids, open_ids)


def _migrations(conn: sqlite3.Connection) -> list[str]:
    try:
        return [r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
    except sqlite3.OperationalError:
        return []


def _uri(path: Path, mode: str) -> str:
    return f"{path.resolve().as_uri()}?mode={mode}"


def _secret_columns(conn: sqlite3.Connection, table: str, schema: str = "main"
                    ) -> dict[str, bool]:
    """Secret-looking columns of a table -> NOT NULL."""
    return {r[1]: bool(r[3]) for r in conn.execute(f"PRAGMA {schema}.table_info([{table}])")
            if SECRET_COLUMN.search(r[1])}


# -- the fast path: online backup ---------------------------------------------


def backup_snapshot(source: Path, dest: Path, tick: Tick) -> SnapshotInfo:
    """Copy the whole database with the backup API, then drop sessions still running.

    :param tick: called with (pages done, pages total) after each step; it may
        raise ``Cancelled`` to stop the copy.
    """
    src = sqlite3.connect(_uri(source, "ro"), uri=True, isolation_level=None)
    try:
        # One read transaction for the whole copy: the kiosk's commits during the
        # backup neither restart it nor show up half in it.
        src.execute("BEGIN")
        tables = record_tables(src)
        marks = _marks(src, "main", tables)
        out = sqlite3.connect(dest, isolation_level=None)
        try:
            src.backup(out, pages=BACKUP_PAGES,
                       progress=lambda _status, remaining, total: tick(total - remaining, total))
        finally:
            out.close()
        src.execute("COMMIT")
    finally:
        src.close()
    conn = sqlite3.connect(dest, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = DELETE")  # the copy says WAL: make it one file
        conn.execute("PRAGMA journal_mode = MEMORY")  # the stick gets no journal file
        conn.execute("PRAGMA synchronous = OFF")  # the exporter fsyncs the finished file
        conn.execute("PRAGMA secure_delete = ON")  # what is removed is zeroed, not left behind
        conn.execute("BEGIN")
        if marks.open_sessions:
            _drop_open_sessions(conn, tables)
        for table in KIOSK_CREDENTIAL_TABLES:
            conn.execute(f"DROP TABLE IF EXISTS [{table}]")
        for table in tables:
            secrets = _secret_columns(conn, table)
            if secrets:
                sets = ", ".join(f"[{c}] = {_empty(notnull)}" for c, notnull in secrets.items())
                conn.execute(f"UPDATE [{table}] SET {sets}")
        sessions = conn.execute("SELECT count(*) FROM sessions").fetchone()[0]
        migrations = _migrations(conn)
        conn.execute("COMMIT")
    finally:
        conn.close()
    return SnapshotInfo(marks, sessions, migrations)


def _empty(notnull: bool) -> str:
    return "''" if notnull else "NULL"


def _drop_open_sessions(conn: sqlite3.Connection, tables: dict[str, list[str]]) -> None:
    conn.execute("CREATE TEMP TABLE running AS SELECT id FROM sessions WHERE status = ?", [OPEN])
    for table, cols in reversed(tables.items()):
        if "session_id" in cols and table != "sessions":
            conn.execute(f"DELETE FROM [{table}] WHERE session_id IN (SELECT id FROM running)")
    conn.execute("DELETE FROM sessions WHERE id IN (SELECT id FROM running)")
    conn.execute(PATIENT_LAST_SQL)  # a patient's "last session" may have been a running one
    conn.execute("DROP TABLE running")


# -- the filtered path: a fresh database ----------------------------------------


def copy_snapshot(
    source: Path, dest: Path, tick: Tick, since: Marks | None = None,
    pseudonymiser: Pseudonymiser | None = None,
) -> SnapshotInfo:
    """A fresh database with the same schema holding the finished sessions.

    :param since: only sessions new since these marks (and their reps etc.);
        patients and programmes always whole. None: everything.
    :param pseudonymiser: no names, notes or audit log; clinic IDs replaced by
        the kiosk's keyed pseudonyms.
    :param tick: called with (steps done, steps total); may raise ``Cancelled``.
    """
    conn = sqlite3.connect(dest, isolation_level=None)
    stop: list[BaseException] = []

    def on_progress() -> int:
        try:
            tick(step[0], step[1])
        except BaseException as exc:  # stop SQLite, re-raise below
            stop.append(exc)
            return 1
        return 0

    step = [0, 1]
    try:
        conn.execute("PRAGMA journal_mode = OFF")  # a new file: on failure it is discarded
        conn.execute("PRAGMA synchronous = OFF")  # the exporter fsyncs the finished file
        conn.execute("ATTACH DATABASE ? AS src", [_uri(source, "ro")])
        if pseudonymiser is not None:
            conn.create_function("smartstep_pseudonym", 2, pseudonymiser.pseudonym,
                                 deterministic=True)
        conn.set_progress_handler(on_progress, PROGRESS_OPS)
        conn.execute("BEGIN")  # one read transaction on the kiosk's database
        schema = [(kind, name, sql) for kind, name, table, sql in conn.execute(
            "SELECT type, name, tbl_name, sql FROM src.sqlite_master WHERE sql IS NOT NULL"
            " AND name NOT LIKE 'sqlite_%' ORDER BY rowid")
            if table not in KIOSK_CREDENTIAL_TABLES]
        for kind, _name, sql in schema:
            if kind in ("table", "trigger", "view"):
                conn.execute(sql)
        tables = record_tables(conn, "src")
        marks = _marks(conn, "src", tables)
        step[1] = len(tables) + 2
        conn.execute("CREATE TEMP TABLE chosen (id TEXT PRIMARY KEY)")
        where = "status != ?"
        params: list[str | int] = [OPEN]
        if since is not None:
            where += (" AND (rowid > ? OR id IN (SELECT value FROM json_each(?)))")
            params += [since.rowids.get("sessions", 0), _json_list(since.open_sessions)]
        conn.execute(f"INSERT INTO temp.chosen SELECT id FROM src.sessions WHERE {where}", params)
        for table, cols in tables.items():
            step[0] += 1
            tick(step[0], step[1])
            _copy_table(conn, table, cols, since, pseudonymiser)
        if since is None and marks.open_sessions:
            _drop_open_children(conn, tables)
        if conn.execute("SELECT 1 FROM src.sqlite_master WHERE name = '_sqlite_migrations'"
                        ).fetchone():
            conn.execute("INSERT INTO main._sqlite_migrations SELECT * FROM src._sqlite_migrations")
        for kind, _name, sql in schema:
            if kind == "index":
                conn.execute(sql)
        sessions = conn.execute("SELECT count(*) FROM main.sessions").fetchone()[0]
        conn.execute("COMMIT")
        conn.set_progress_handler(None, 0)
        conn.execute("DETACH DATABASE src")
        migrations = _migrations(conn)
    except sqlite3.OperationalError:
        if stop:
            raise stop[0] from None
        raise
    finally:
        conn.close()
    return SnapshotInfo(marks, sessions, migrations)


def _json_list(values: tuple[str, ...]) -> str:
    return json.dumps(list(values))


def _drop_open_children(conn: sqlite3.Connection, tables: dict[str, list[str]]) -> None:
    """A full copy took the running sessions' reps, sets... whole: drop them again."""
    for table, cols in reversed(tables.items()):
        if "session_id" in cols and table != "sessions":
            conn.execute(f"DELETE FROM main.[{table}] WHERE session_id IN"
                         " (SELECT id FROM src.sessions WHERE status = ?)", [OPEN])
    conn.execute(PATIENT_LAST_SQL)  # unqualified names are the snapshot's (main) tables


def _column_empty(row: tuple[Any, ...]) -> str:
    """The SQL for an emptied column (``PRAGMA table_info`` row): NULL if it may be, else
    its default, else an empty text or zero."""
    _cid, _name, kind, notnull, default, _pk = row
    if not notnull:
        return "NULL"
    if default is not None:
        return str(default)
    return "0" if any(t in str(kind).upper() for t in ("INT", "REAL", "NUM")) else "''"


def _without_name(column: str) -> str:
    return (f"CASE WHEN json_valid([{column}]) THEN json_set([{column}], '$.name', '')"
            f" ELSE [{column}] END")


def _pseudonymised(conn: sqlite3.Connection, table: str, exprs: dict[str, str]) -> None:
    """What a pseudonymised export writes instead of a column that could identify a patient."""
    if table == "patients":
        for row in conn.execute("PRAGMA src.table_info([patients])"):
            if row[1] not in PATIENT_KEEP and row[1] in exprs:
                exprs[row[1]] = _column_empty(row)
        exprs.update(name="smartstep_pseudonym(clinic_id, id)",
                     clinic_id="smartstep_pseudonym(clinic_id, id)")
    elif table == "programmes":
        # Staff may name a programme after its patient, and a note is free text.
        exprs.update({c: "''" for c in ("name", "note") if c in exprs})
    elif table == "sessions" and "programme" in exprs:
        exprs["programme"] = _without_name("programme")
    elif table == "progression_suggestions" and "proposed" in exprs:
        exprs["proposed"] = _without_name("proposed")


def _copy_table(conn: sqlite3.Connection, table: str, cols: list[str], since: Marks | None,
                pseudonymiser: Pseudonymiser | None) -> None:
    if pseudonymiser is not None and table == "audit_log":
        return  # its details carry names
    secrets = _secret_columns(conn, table, "src")
    exprs = {c: (_empty(secrets[c]) if c in secrets else f"[{c}]") for c in cols}
    if pseudonymiser is not None:
        _pseudonymised(conn, table, exprs)
    select = ", ".join(exprs.values())
    names = ", ".join(f"[{c}]" for c in cols)
    params: list[Any] = []
    unchanged = all(e == f"[{c}]" for c, e in exprs.items())
    if since is None and unchanged and table != "sessions":
        # SQLite's transfer optimisation: whole records copied, running sessions' rows
        # dropped afterwards (``_drop_open_children``).
        conn.execute(f"INSERT INTO main.[{table}] SELECT * FROM src.[{table}]")
        return
    if table == "sessions":
        where = "id IN (SELECT id FROM temp.chosen)"
    elif "session_id" in cols:
        where = "session_id IN (SELECT id FROM temp.chosen)"
    elif since is None or table in PARENT_TABLES:
        where = "1"
    else:
        where, params = "rowid > ?", [since.rowids.get(table, 0)]
    conn.execute(f"INSERT INTO main.[{table}] ({names}) SELECT {select} FROM src.[{table}]"
                 f" WHERE {where}", params)
