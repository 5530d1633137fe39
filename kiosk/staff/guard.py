"""The edge every staff service shares: a refused request is a ``StaffRequestError``
with a code per field, and changes nothing; the screen gets a code, never a traceback.

A database that cannot be written (full, locked, read-only) is ``Problem.STORAGE``
(logged with its cause): the screen says so, never "Saved".
"""

from __future__ import annotations

import functools
import logging
import sqlite3
import unicodedata
from collections.abc import Callable
from datetime import datetime
from typing import ParamSpec, TypeVar

from kiosk.errors import StorageFullError
from kiosk.staff.api import Problem, StaffRequestError
from kiosk.storage.ids import parse_utc
from kiosk.storage.store import NotFoundError

log = logging.getLogger(__name__)

PAGE_MAX = 500  # rows in one page of any list

P = ParamSpec("P")
R = TypeVar("R")


def refuse(field: str, problem: Problem) -> StaffRequestError:
    return StaffRequestError({field: problem})


def guarded(method: Callable[P, R]) -> Callable[P, R]:
    """Database trouble becomes ``Problem.STORAGE`` (logged with its cause), a missing
    record ``Problem.NOT_FOUND``."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except NotFoundError:
            raise refuse("", Problem.NOT_FOUND) from None
        except (sqlite3.Error, StorageFullError, OSError) as exc:
            log.exception("staff: %s failed on the database", method.__qualname__)
            raise refuse("", Problem.STORAGE) from exc

    return wrapper


def page(limit: int, offset: int) -> tuple[int, int]:
    """A list page's (limit, offset) within bounds: 1..PAGE_MAX rows from 0 on."""
    return max(1, min(int(limit), PAGE_MAX)), max(0, int(offset))


def text_ok(text: str) -> bool:
    """No control characters (a name or ID typed on the keyboard never has them)."""
    return not any(unicodedata.category(c).startswith("C") for c in text)


def name_problem(name: str, longest: int) -> Problem | None:
    """What is wrong with a tidied name typed on a form (None: nothing)."""
    if not name:
        return Problem.REQUIRED
    if len(name) > longest:
        return Problem.TOO_LONG
    if not text_ok(name):
        return Problem.BAD_VALUE
    return None


def utc_or_none(text: str | None) -> datetime | None:
    return parse_utc(text) if text else None
