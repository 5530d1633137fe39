"""Is an export's snapshot a schema this version knows? (checked before any merge)

A snapshot from a newer SmartStep (a migration, table or column this version
does not know) is refused: merging it would silently drop the new data. An
older snapshot is fine: its missing columns take their defaults.
"""

from __future__ import annotations

import functools
import sqlite3

from sqlite_utils import Database

from kiosk.storage.migrations import MIGRATIONS, apply_migrations, known_migration_names
from kiosk.sync.codes import MergeRefused

MIGRATIONS_TABLE = "_sqlite_migrations"


def table_columns(conn: sqlite3.Connection, schema: str = "main") -> dict[str, set[str]]:
    names = [r[0] for r in conn.execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table'"
        f" AND name NOT LIKE 'sqlite_%' AND name != '{MIGRATIONS_TABLE}'")]
    return {n: {r[1] for r in conn.execute(f"PRAGMA {schema}.table_info([{n}])")} for n in names}


@functools.cache
def current_schema() -> dict[str, frozenset[str]]:
    """Tables and columns of a database made by this version."""
    db = Database(memory=True)
    try:
        apply_migrations(db)
        return {t: frozenset(c) for t, c in table_columns(db.conn).items()}
    finally:
        db.close()


def check_snapshot(conn: sqlite3.Connection, where: str) -> None:
    """Refuse a snapshot that is not a SmartStep database or is newer than this version.

    :param conn: a connection to the snapshot (read-only).
    :param where: the snapshot's path, for the message.
    :raises MergeRefused: one line naming the file and what is wrong.
    """
    try:
        tables = table_columns(conn)
        has_migrations = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [MIGRATIONS_TABLE]
        ).fetchone()
        applied = [r[0] for r in conn.execute(
            f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ?", [MIGRATIONS.name]
        )] if has_migrations else []
    except sqlite3.DatabaseError as exc:
        raise MergeRefused(f"{where} is not a database ({exc})") from None
    if not applied or not {"patients", "sessions", "reps"} <= set(tables):
        raise MergeRefused(f"{where} is not a SmartStep database snapshot")
    newer = "update SmartStep on this computer to merge it; nothing was merged"
    unknown = [name for name in applied if name not in known_migration_names()]
    if unknown:
        raise MergeRefused(f"{where} comes from a newer SmartStep (schema step {unknown[0]}"
                           f" is unknown here): {newer}")
    known = current_schema()
    for table, columns in sorted(tables.items()):
        if table not in known:
            raise MergeRefused(f"{where} has a table '{table}' this version does not know: "
                               f"{newer}")
        extra = sorted(columns - known[table])
        if extra:
            raise MergeRefused(f"{where} has a column '{table}.{extra[0]}' this version does "
                               f"not know: {newer}")
