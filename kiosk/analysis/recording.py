"""Recordings: the raw samples of a session as CSV (the recording format).

``RecordingWriter`` writes them while a session runs; ``read_recording`` streams
them back, validating every row, so ``smartstep analyze`` never loads a whole
file and a malformed file gets one clear line naming the problem and the line.
A recording may be plain or gzip-compressed (the kiosk stores ``.csv.gz``):
the reader looks at the file's first bytes, not its name.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import io
import math
import os
import zlib
from collections.abc import Generator, Iterator
from itertools import islice, repeat
from operator import le
from pathlib import Path
from typing import IO, cast

from kiosk.analysis.samples import STRIP_NAMES, Sample
from kiosk.errors import RecordingError

COLUMNS: tuple[str, ...] = ("t", "tof_mm", *STRIP_NAMES)
HEADER_LINE = ",".join(COLUMNS)

# One raw row as the engine's fast path takes it: (t, tof_mm or None, six counts).
Row = tuple[float, float | None, tuple[int, int, int, int, int, int]]
# A chunk of rows as columns: times, tof_mm (or None), strip tuples.
Columns = tuple[list[float], list[float | None], list[tuple[int, int, int, int, int, int]]]


class RecordingWriter:
    """Writes samples in the section-3 CSV format.

    :param target: a path (the file is created, parents too) or an open text file
        (left open on ``close()``; the caller owns it).
    """

    def __init__(self, target: str | os.PathLike[str] | IO[str]) -> None:
        if isinstance(target, (str, os.PathLike)):
            path = Path(target)
            path.parent.mkdir(parents=True, exist_ok=True)
            self._file: IO[str] = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115
            self._owns_file = True
        else:
            self._file = target
            self._owns_file = False
        self._closed = False
        self._last_t = -math.inf
        self._file.write(HEADER_LINE + "\n")

    def write(self, sample: Sample) -> None:
        """Append one sample (time must not go backwards)."""
        if self._closed:
            raise ValueError("recording already closed")
        if sample.t < self._last_t:
            raise ValueError(f"sample time {sample.t} goes backwards (last {self._last_t})")
        self._last_t = sample.t
        tof = "" if sample.tof_mm is None else f"{sample.tof_mm:.6g}"
        s = sample.strips
        self._file.write(
            f"{sample.t:.6f},{tof},{int(s[0])},{int(s[1])},{int(s[2])},"
            f"{int(s[3])},{int(s[4])},{int(s[5])}\n"
        )

    def flush(self) -> None:
        if not self._closed:
            self._file.flush()

    def close(self) -> None:
        """Flush and close (safe to call twice)."""
        if self._closed:
            return
        self._closed = True
        self._file.flush()
        if self._owns_file:
            self._file.close()

    def __enter__(self) -> RecordingWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def read_recording(path: str | os.PathLike[str]) -> Iterator[Sample]:
    """Stream the samples of a recording, validating as it goes.

    The file is opened and its header checked before this returns, so a missing,
    empty, binary or header-less file raises at once; a bad row raises when the
    iteration reaches it.

    :raises RecordingError: one line naming the file, the line number and the problem.
    """
    rows = read_rows(path)
    return (Sample(t, tof, strips) for t, tof, strips in rows)


def read_rows(path: str | os.PathLike[str]) -> Iterator[Row]:
    """Like ``read_recording`` but yields plain tuples."""
    chunks = read_columns(path)
    return (row for ts, tofs, strips in chunks for row in zip(ts, tofs, strips, strict=True))


def read_columns(path: str | os.PathLike[str]) -> Generator[Columns, None, None]:
    """Like ``read_rows`` but a chunk of rows at a time, as columns (the fast path of ``analyze``).

    Each chunk is ``(times, tof_mm or None, strip tuples)``, a few thousand rows;
    the same validation and messages as ``read_recording``.
    """
    name = str(path)
    file = _open(name)
    try:
        header_line = file.readline()
    except UnicodeDecodeError:
        file.close()
        raise RecordingError(f"{name}: not a text CSV file (binary data on line 1)") from None
    except (OSError, EOFError, zlib.error) as exc:  # a damaged or cut-off gzip file
        file.close()
        raise RecordingError(f"{name}: the compressed file is damaged ({exc})") from None
    if not header_line.strip():
        file.close()
        raise RecordingError(f"{name}: the file is empty (expected the header {HEADER_LINE})")
    if "\x00" in header_line:
        file.close()
        raise RecordingError(f"{name}: not a text CSV file (binary data on line 1)")
    header = [h.strip() for h in header_line.strip().lstrip("\ufeff").split(",")]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        file.close()
        raise RecordingError(
            f"{name}: line 1: missing column(s) {', '.join(missing)} "
            f"(expected the header {HEADER_LINE})"
        )
    order = [header.index(c) for c in COLUMNS]
    if order == list(range(8)) and len(header) == 8:
        return _fast_chunks(name, file)
    return _as_chunks(_rows(name, file, order, len(header)))


def _as_chunks(rows: Iterator[Row], size: int = 2048) -> Generator[Columns, None, None]:
    """Rows regrouped as column chunks (the unusual layouts, parsed row by row)."""
    while True:
        chunk = list(islice(rows, size))
        if not chunk:
            return
        ts, tofs, strips = zip(*chunk, strict=True)
        yield list(ts), list(tofs), list(strips)


GZIP_MAGIC = b"\x1f\x8b"


def _open(name: str) -> IO[str]:
    try:
        with open(name, "rb") as probe:
            compressed = probe.read(2) == GZIP_MAGIC
        if compressed:
            return gzip.open(name, "rt", encoding="utf-8", newline="")
        return open(name, encoding="utf-8", newline="")
    except FileNotFoundError:
        raise RecordingError(f"{name}: no such recording file") from None
    except IsADirectoryError:
        raise RecordingError(f"{name}: is a folder, not a recording file") from None
    except OSError as exc:
        raise RecordingError(f"{name}: cannot be read ({exc.strerror or exc})") from None


def _rows(
    name: str,
    file: IO[str] | Iterator[str],
    order: list[int],
    width: int,
    first_line: int = 1,
    last_t: float = -math.inf,
    require_rows: bool = True,
) -> Iterator[Row]:
    """Row-by-row parsing with a precise message for the first bad line."""
    it, io_, i0, i1, i2, i3, i4, i5 = order
    natural = order == list(range(8))
    line = first_line
    seen = False
    try:
        with contextlib.nullcontext() if isinstance(file, Iterator) else file:
            reader = csv.reader(file)
            for row in reader:
                line += 1
                if len(row) != width:
                    if not row or (len(row) == 1 and not row[0].strip()):
                        continue  # a blank line (e.g. at the end) is harmless
                    raise RecordingError(
                        f"{name}: line {line}: expected {width} values, found {len(row)}"
                    )
                try:
                    if natural:
                        # Columns after the eight are someone else's: ignored.
                        ts, tofs, a, b, c, d, e, f = row[:8]
                    else:
                        ts, tofs = row[it], row[io_]
                        a, b, c, d, e, f = row[i0], row[i1], row[i2], row[i3], row[i4], row[i5]
                    t = float(ts)
                    tof = float(tofs) if tofs else None
                    strips = (int(a), int(b), int(c), int(d), int(e), int(f))
                except ValueError:
                    raise RecordingError(f"{name}: line {line}: {_which_bad(row)}") from None
                if not t >= last_t:  # also catches NaN
                    if t != t:
                        raise RecordingError(f"{name}: line {line}: time 't' is not a number")
                    # repr: the shortest text that tells two close times apart.
                    raise RecordingError(
                        f"{name}: line {line}: time goes backwards ({t!r} s after {last_t!r} s)"
                    )
                if tof is not None and not -1e6 < tof < 1e6:
                    raise RecordingError(f"{name}: line {line}: tof_mm {tofs!r} is not a distance")
                if not (min(strips) >= 0 and max(strips) <= 1023):
                    bad = next(
                        (STRIP_NAMES[k], v) for k, v in enumerate(strips) if not 0 <= v <= 1023
                    )
                    raise RecordingError(
                        f"{name}: line {line}: {bad[0]} = {bad[1]} is outside the ADC range 0..1023"
                    )
                last_t = t
                seen = True
                yield t, tof, strips
    except UnicodeDecodeError:
        bad_line = _first_undecodable_line(name)
        raise RecordingError(f"{name}: line {bad_line or line}: binary data, not text") from None
    except (OSError, EOFError, zlib.error) as exc:
        raise RecordingError(f"{name}: the compressed file is damaged ({exc})") from None
    except csv.Error as exc:
        raise RecordingError(f"{name}: line {line}: not valid CSV ({exc})") from None
    if require_rows and not seen:
        raise RecordingError(f"{name}: has a header but no samples")


_CHUNK_CHARS = 1 << 16  # about 1,800 rows: small enough for the CPU cache
_COUNT = {str(i): i for i in range(1024)}
_LAST_COUNT = {f"{i}{end}": i for i in range(1024) for end in ("\n", "\r\n", "")}
# ToF readings repeat (whole millimetres): converted once, looked up after that.
_TOF_CACHE_MAX = 8192
_MISS = object()


def _fast_chunks(name: str, file: IO[str]) -> Generator[Columns, None, None]:
    """The usual layout, parsed a block of whole lines at a time by column (C-speed ``map``).

    Any block that does not convert cleanly is re-read row by row by ``_rows``,
    which finds the exact line and problem (or accepts it: e.g. a blank line).
    """
    last_t = -math.inf
    line = 1
    count = 0
    tof_cache: dict[str, float | None] = {"": None}
    for text in _blocks(name, file):
        if "\r" in text:
            lines = io.StringIO(text, newline="").readlines()  # split as the file would
            columns = _convert(lines, last_t, tof_cache)
        else:
            lines = None
            columns = _convert_text(text, last_t, tof_cache)
        if columns is None:
            if lines is None:
                lines = io.StringIO(text, newline="").readlines()
            rows = list(_rows(name, iter(lines), list(range(8)), 8, first_line=line,
                              last_t=last_t, require_rows=False))
            if rows:
                ts, tofs, strips = zip(*rows, strict=True)
                columns = list(ts), list(tofs), list(strips)
        if columns is not None:
            last_t = columns[0][-1]
            count += len(columns[0])
            yield columns
        line += len(lines) if lines is not None else text.count("\n") + (text[-1] != "\n")
    if count == 0:
        raise RecordingError(f"{name}: has a header but no samples")


def _blocks(name: str, file: IO[str]) -> Iterator[str]:
    """The rest of the file as pieces of whole lines, about ``_CHUNK_CHARS`` each."""
    rest = ""
    line = 1
    with file:
        while True:
            try:
                block = file.read(_CHUNK_CHARS)
            except UnicodeDecodeError:
                bad = _first_undecodable_line(name)
                where = f"line {bad}" if bad else f"after line {line}"
                raise RecordingError(f"{name}: {where}: binary data, not text") from None
            except (OSError, EOFError, zlib.error) as exc:
                raise RecordingError(f"{name}: the compressed file is damaged ({exc})") from None
            if not block:
                if rest:
                    yield rest
                return
            text = rest + block
            cut = text.rfind("\n") + 1
            if cut == 0:
                # No line feed yet: a long line, or old Mac line ends ("\r" before a
                # last character, so never half of a "\r\n").
                cut = text.rfind("\r", 0, len(text) - 1) + 1
                if cut == 0:
                    rest = text
                    continue
            rest = text[cut:]
            piece = text[:cut]
            line += piece.count("\n")
            yield piece


def _convert_text(text: str, last_t: float, tof_cache: dict[str, float | None]) -> Columns | None:
    """Columns of a block of whole ``\n``-ended lines (the last may lack it), or None."""
    ends = text.count("\n")
    lines = ends + (text[-1] != "\n")
    # Keep each line feed at the end of its line's last field, then one flat split.
    flat = text.replace("\n", "\n,").split(",")
    if text[-1] == "\n":
        flat.pop()  # the empty piece after the last line feed
    # 8 fields a line, exactly when there are 8 per line in all and every line's
    # end falls on an 8th field (each line has a multiple of 8, at least 8).
    if len(flat) != 8 * lines or "".join(flat[7::8]).count("\n") != ends:
        return None
    return _columns(flat, last_t, tof_cache)


def _convert(lines: list[str], last_t: float, tof_cache: dict[str, float | None]) -> Columns | None:
    """Columns of a list of lines, or None when anything in it is unusual."""
    # Every line must have exactly 7 commas; then one flat split gives the columns.
    if set(map(str.count, lines, repeat(","))) != {7}:
        return None
    return _columns(",".join(lines).split(","), last_t, tof_cache)


def _columns(flat: list[str], last_t: float, tof_cache: dict[str, float | None]) -> Columns | None:
    """Converted, checked columns of the flat fields of whole rows, or None (slow path decides)."""
    try:
        ts = list(map(float, flat[0::8]))
        raw_tof = flat[1::8]
        cached = list(map(tof_cache.get, raw_tof, repeat(_MISS)))
        if _MISS in cached:
            tofs: list[float | None] = [float(x) if x else None for x in raw_tof]
            present = [x for x in tofs if x is not None]
            # NaN (the mean), infinite or absurd distances: the slow path names them.
            if present and not (-1e6 < sum(present) / len(present) < 1e6
                                and min(present) > -1e6 and max(present) < 1e6):
                return None
            if len(tof_cache) < _TOF_CACHE_MAX:
                tof_cache.update(zip(raw_tof, tofs, strict=True))
        else:
            tofs = cast("list[float | None]", cached)  # no _MISS left: every one from the cache
        # A table lookup both converts a count and checks its range (KeyError).
        get = _COUNT.__getitem__
        strips = list(zip(map(get, flat[2::8]), map(get, flat[3::8]), map(get, flat[4::8]),
                          map(get, flat[5::8]), map(get, flat[6::8]),
                          map(_LAST_COUNT.__getitem__, flat[7::8]), strict=True))
    except (ValueError, KeyError):
        return None
    if not (ts[0] >= last_t and all(map(le, ts, islice(ts, 1, None)))):
        return None  # time going backwards (or NaN)
    return ts, tofs, strips


def _first_undecodable_line(name: str) -> int | None:
    """The number of the first line that is not UTF-8 text (None: not found)."""
    try:
        with open(name, "rb") as probe:
            compressed = probe.read(2) == GZIP_MAGIC
        opener = gzip.open if compressed else open
        with opener(name, "rb") as raw:
            for number, data in enumerate(raw, start=1):
                try:
                    data.decode("utf-8")
                except UnicodeDecodeError:
                    return number
    except (OSError, EOFError, zlib.error):
        return None
    return None


def _which_bad(row: list[str]) -> str:
    """Name the first value that is not a number, for the error line."""
    for col, text in zip(COLUMNS, row, strict=False):
        if col == "tof_mm" and not text:
            continue
        try:
            if col in ("t", "tof_mm"):
                float(text)
            else:
                int(text)
        except ValueError:
            kind = "a number" if col in ("t", "tof_mm") else "a whole number of counts"
            shown = text if len(text) <= 20 else text[:20] + "..."
            return f"{col} {shown!r} is not {kind}"  # repr: a quoted line break stays one line
    return "a value is not a number"


def write_recording(path: str | os.PathLike[str], samples: Iterator[Sample] | list[Sample]) -> None:
    """Write a whole recording at once (tests, corpus)."""
    with RecordingWriter(path) as writer:
        for sample in samples:
            writer.write(sample)


def recording_text(samples: list[Sample]) -> str:
    """The CSV text of some samples (tests)."""
    buffer = io.StringIO()
    with RecordingWriter(buffer) as writer:
        for sample in samples:
            writer.write(sample)
    return buffer.getvalue()
