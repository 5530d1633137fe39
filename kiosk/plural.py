"""Counts in words: "1 session", "2 sessions", "0 sessions" (English plurals).

One rule for the report, the staff screens and the patient's screens, so no
screen says "1 sessions".
"""

from __future__ import annotations


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` and the noun, singular for exactly one: ``counted(1, "rep")`` -> "1 rep".

    :param plural: the plural when it is not the noun plus "s" ("entry" -> "entries").
    """
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"
