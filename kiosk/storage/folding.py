"""Text folded for searching: lower case, accents dropped; clinic IDs compared without
spaces and punctuation. Also registered as SQL functions, so the patient list searches and
sorts folded names inside SQLite (``register_sql_functions``)."""

from __future__ import annotations

import functools
import sqlite3
import unicodedata

__all__ = ["compact_id", "fold", "register_sql_functions"]

# Letters NFKD does not take apart; folded so "Soren" finds "Søren" and "Lodz" "Łódź".
_FOLD_EXTRA = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ı": "i", "æ": "ae",
                             "œ": "oe", "þ": "th", "ð": "d"})


# Cached: the patient list folds every name on each search and sort, and names repeat.
@functools.lru_cache(maxsize=16384)
def fold(text: str | None) -> str:
    """Text for searching: lower case, accents dropped (``"Ésa Ødegård"`` -> ``"esa odegard"``)."""
    if not text:
        return ""
    # Case-folded again after NFKD: compatibility forms may decompose to capitals ("ℌ" -> "H").
    decomposed = unicodedata.normalize(
        "NFKD", text.casefold().translate(_FOLD_EXTRA)).casefold().translate(_FOLD_EXTRA)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@functools.lru_cache(maxsize=16384)
def compact_id(text: str | None) -> str:
    """A clinic ID for comparing: folded, letters and digits only ("PH-1042", "ph 1042"
    and "PH/1042" are all "ph1042"): clinics write their IDs with and without dashes,
    slashes, dots and spaces, and staff type them either way."""
    return "".join(c for c in fold(text) if c.isalnum())


def register_sql_functions(conn: sqlite3.Connection) -> None:
    """``smartstep_fold(text)`` and ``smartstep_compact_id(text)`` on this connection."""
    conn.create_function("smartstep_fold", 1, fold, deterministic=True)
    conn.create_function("smartstep_compact_id", 1, compact_id, deterministic=True)
