"""A session's recording as plot-ready traces: heel height and left/right load share.

The recording (CONTRACTS section 3, gzip CSV) holds raw ToF distances and ADC
counts. Here they become:

- heel height in mm above the zero level. The zero is taken from the stored
  reps themselves: a rep starts and ends where the (smoothed) height crosses
  5 mm, so the raw distance there is the zero plus 5 mm; between reps the zero
  is interpolated (it follows slow sensor drift as the live analysis does).
  A recording without reps is zeroed at the median distance while loaded.
- the left foot's share of the load (0..1), counts minus the strips'
  empty-step baselines; no value while the step carries under 60 counts.

Both are reduced to min/max per bucket (``OVERVIEW_BUCKETS`` over the whole
recording, i.e. at least one bucket per pixel column of any screen), and that
overview is cached beside the database keyed by the recording's size and
modification time, so a session opens a second time without reading the file.
Parsing uses numpy on the decompressed text; a file numpy cannot parse goes
through the validated reader, which names the bad line.
"""

from __future__ import annotations

import gzip
import io
import logging
import os
import tempfile
import zlib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import numpy as np

from kiosk.analysis.recording import read_columns
from kiosk.errors import RecordingError
from kiosk.storage.store import Store

log = logging.getLogger(__name__)

OVERVIEW_BUCKETS = 4096
CACHE_VERSION = 1
LOADED_MIN_COUNTS = 60.0  # below this the step is (nearly) empty: no load share
REP_EDGE_MM = 5.0  # a rep's start/end crossing (CONTRACTS section 4)
STRIP_COLUMNS = ("l_toe", "l_lat", "l_heel", "r_toe", "r_lat", "r_heel")


class RecordingState(StrEnum):
    OK = "ok"
    NONE = "none"  # the session never had a recording
    PRUNED = "pruned"  # deleted by the retention setting
    MISSING = "missing"  # registered, but the file is gone
    DAMAGED = "damaged"  # the file cannot be read


@dataclass(frozen=True, slots=True)
class RepEdges:
    """What the zeroing needs of a stored rep."""

    start_s: float
    end_s: float


@dataclass(frozen=True)
class Overview:
    """Min/max per bucket over ``[0, duration_s]``; NaN where a bucket has no value."""

    duration_s: float
    samples: int
    height_min: np.ndarray
    height_max: np.ndarray
    share_min: np.ndarray
    share_max: np.ndarray

    def columns(self, width: int, t0: float = 0.0, t1: float | None = None
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Min/max height and share per pixel column for ``width`` columns over [t0, t1]."""
        t1 = self.duration_s if t1 is None else t1
        n = len(self.height_min)
        if self.duration_s <= 0 or n == 0 or width < 1:
            empty = np.full(max(width, 0), np.nan)
            return empty, empty, empty, empty
        first = int(np.clip(t0 / self.duration_s * n, 0, n - 1))
        last = int(np.clip(np.ceil(t1 / self.duration_s * n), first + 1, n))
        edges = np.linspace(first, last, width + 1).astype(np.int64)
        return (
            _reduce(self.height_min, edges, np.fmin),
            _reduce(self.height_max, edges, np.fmax),
            _reduce(self.share_min, edges, np.fmin),
            _reduce(self.share_max, edges, np.fmax),
        )


def _reduce(values: np.ndarray, edges: np.ndarray, op: np.ufunc) -> np.ndarray:
    """``op`` over values[edges[k]:edges[k+1]] per k (contiguous spans), NaN for an empty one.

    ``op`` is fmin/fmax, which skip NaN: a span is NaN only when it holds no value.
    """
    starts, ends = edges[:-1], edges[1:]
    out = np.full(len(starts), np.nan)
    valid = ends > starts
    if valid.any():
        out[valid] = op.reduceat(values[: int(edges[-1])], starts[valid])
    return out


def find_recording(store: Store, session_id: str) -> tuple[RecordingState, Path | None]:
    """Whether the session's recording can be read, and its path."""
    rows = store.query(
        "SELECT path, pruned_at FROM recordings WHERE session_id = ? ORDER BY created_at DESC",
        [session_id],
    )
    if not rows:
        return RecordingState.NONE, None
    row = rows[0]
    path = store.data_dir / str(row["path"])
    if row["pruned_at"] is not None:
        return RecordingState.PRUNED, path
    if not path.is_file():
        return RecordingState.MISSING, path
    return RecordingState.OK, path


def load_overview(
    path: Path, reps: list[RepEdges], baselines: tuple[float, ...] | None = None,
    mount: str = "below", cache_dir: Path | None = None,
) -> Overview:
    """The session's overview, from the cache when it is current, else from the file.

    :raises RecordingError: the file is missing or malformed (one line).
    """
    try:
        stat = path.stat()
    except OSError as exc:
        raise RecordingError(f"{path}: cannot be read ({exc.strerror})") from None
    key = f"{CACHE_VERSION}:{stat.st_size}:{stat.st_mtime_ns}:{mount}:{len(reps)}"
    cached = _read_cache(cache_dir, path, key)
    if cached is not None:
        return cached
    t, tof, strips = read_arrays(path)
    overview = build_overview(t, tof, strips, reps, baselines, mount)
    _write_cache(cache_dir, path, key, overview)
    return overview


def read_arrays(path: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(t, tof_mm with NaN for empty, strips as an (n, 6) array) of a recording."""
    try:
        raw = _read_bytes(path)
    except (OSError, EOFError, zlib.error) as exc:
        raise RecordingError(f"{path}: cannot be read ({exc})") from None
    try:
        return _parse_fast(raw)
    except ValueError:
        return _parse_checked(path, raw)  # names the bad line


def _read_bytes(path: Path) -> bytes:
    with path.open("rb") as file:
        head = file.read(2)
    if head == b"\x1f\x8b":
        with gzip.open(path, "rb") as file:
            return file.read()
    return path.read_bytes()


def _parse_fast(raw: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    header, _, body = raw.partition(b"\n")
    names = [n.strip() for n in header.decode("utf-8-sig").strip().split(",")]
    wanted = ("t", "tof_mm", *STRIP_COLUMNS)
    if any(w not in names for w in wanted):
        raise ValueError("columns")
    width = len(names)
    # Empty fields (no ToF reading) become nan; the text is then one flat list.
    body = body.replace(b"\r", b"").replace(b",,", b",nan,").replace(b",,", b",nan,")
    body = body.replace(b",\n", b",nan\n")
    if body.endswith(b","):
        body += b"nan"
    # numpy's C reader: about 3x faster than float() per field, and it refuses a
    # ragged or non-numeric row (ValueError), which the checked reader then names.
    table = np.loadtxt(io.BytesIO(body), delimiter=",", dtype=np.float64, ndmin=2)
    if table.size == 0:
        table = np.zeros((0, width))
    if table.shape[1] != width:
        raise ValueError("ragged")
    cols = [names.index(w) for w in wanted]
    t = table[:, cols[0]]
    if t.size and not np.all(np.diff(t) >= 0):
        raise ValueError("time order")
    return t, table[:, cols[1]], table[:, cols[2:]]


def _parse_checked(path: Path, raw: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    ts: list[float] = []
    tofs: list[float] = []
    strips: list[tuple[int, ...]] = []
    # The validated reader takes plain files: give it the decompressed text.
    with tempfile.TemporaryDirectory(prefix="smartstep-review-") as tmp:
        plain = Path(tmp, "recording.csv")
        plain.write_bytes(raw)
        try:
            for t_block, tof_block, strip_block in read_columns(plain):
                ts.extend(t_block)
                tofs.extend(np.nan if v is None else v for v in tof_block)
                strips.extend(strip_block)
        except RecordingError as exc:
            raise RecordingError(str(exc).replace(str(plain), str(path))) from None
    return (np.asarray(ts, dtype=np.float64), np.asarray(tofs, dtype=np.float64),
            np.asarray(strips, dtype=np.float64).reshape(-1, 6))


def heights(t: np.ndarray, tof: np.ndarray, reps: list[RepEdges], mount: str = "below"
            ) -> np.ndarray:
    """Heel height (mm above the zero level) per sample; NaN without a reading."""
    distance = tof if mount == "below" else -tof
    # A median of three removes the sensor's one-sample spikes, as the live filter does.
    # (median of a, b, c = max(min(a, b), min(max(a, b), c)); fmin/fmax skip NaN.)
    if distance.size >= 3:
        padded = np.concatenate(([distance[0]], distance, [distance[-1]]))
        a, b, c = padded[:-2], padded[1:-1], padded[2:]
        smooth = np.fmax(np.fmin(a, b), np.fmin(np.fmax(a, b), c))
    else:
        smooth = distance
    anchors_t: list[float] = []
    anchors_zero: list[float] = []
    for rep in reps:
        for edge in (rep.start_s, rep.end_s):
            lo, hi = np.searchsorted(t, (edge - 0.05, edge + 0.05))
            window = smooth[lo:max(hi, lo + 1)]
            if window.size and not np.all(np.isnan(window)):
                anchors_t.append(edge)
                anchors_zero.append(float(np.nanmedian(window)) - REP_EDGE_MM)
    if anchors_t:
        order = np.argsort(anchors_t)
        zero = np.interp(t, np.asarray(anchors_t)[order], np.asarray(anchors_zero)[order])
    else:
        finite = smooth[np.isfinite(smooth)]
        zero = np.full_like(t, float(np.median(finite)) if finite.size else 0.0)
    return smooth - zero


def left_share(strips: np.ndarray, baselines: tuple[float, ...] | None) -> np.ndarray:
    """The left foot's share of the load per sample (0..1), NaN on a nearly empty step."""
    counts = strips - np.asarray(baselines or (0.0,) * 6, dtype=np.float64)
    counts = np.clip(counts, 0.0, None)
    left = counts[:, :3].sum(axis=1)
    total = left + counts[:, 3:].sum(axis=1)
    with np.errstate(all="ignore"):
        return np.where(total >= LOADED_MIN_COUNTS, left / total, np.nan)


def build_overview(
    t: np.ndarray, tof: np.ndarray, strips: np.ndarray, reps: list[RepEdges],
    baselines: tuple[float, ...] | None = None, mount: str = "below",
    buckets: int = OVERVIEW_BUCKETS,
) -> Overview:
    """Min/max per bucket of height and left share over the recording."""
    duration = float(t[-1]) if t.size else 0.0
    height = heights(t, tof, reps, mount)
    share = left_share(strips, baselines) if strips.size else np.full_like(t, np.nan)
    # Off the step the sensor sees the room, not a heel: no height there.
    height = np.where(np.isnan(share), np.nan, height)
    if duration <= 0:
        nan = np.full(buckets, np.nan)
        return Overview(duration, int(t.size), nan, nan, nan, nan)
    edges = np.searchsorted(t, np.linspace(0.0, duration, buckets + 1), side="left")
    edges[-1] = t.size
    return Overview(
        duration, int(t.size),
        _reduce(height, edges, np.fmin), _reduce(height, edges, np.fmax),
        _reduce(share, edges, np.fmin), _reduce(share, edges, np.fmax),
    )


def _cache_file(cache_dir: Path, source: Path) -> Path:
    return cache_dir / f"{source.name.split('.')[0]}.overview.npz"


def _read_cache(cache_dir: Path | None, source: Path, key: str) -> Overview | None:
    if cache_dir is None:
        return None
    file = _cache_file(cache_dir, source)
    try:
        with np.load(file, allow_pickle=False) as data:
            if str(data["key"]) != key:
                return None
            return Overview(float(data["duration_s"]), int(data["samples"]),
                            data["height_min"], data["height_max"],
                            data["share_min"], data["share_max"])
    except (OSError, KeyError, ValueError):
        return None  # no cache yet, or a damaged one: rebuilt from the recording


def _write_cache(cache_dir: Path | None, source: Path, key: str, overview: Overview) -> None:
    if cache_dir is None:
        return
    file = _cache_file(cache_dir, source)
    tmp = file.with_name(file.name + ".tmp")
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as out:
            np.savez(out, key=np.asarray(key), duration_s=overview.duration_s,
                     samples=overview.samples,
                     height_min=overview.height_min.astype(np.float32),
                     height_max=overview.height_max.astype(np.float32),
                     share_min=overview.share_min.astype(np.float32),
                     share_max=overview.share_max.astype(np.float32))
        os.replace(tmp, file)
    except OSError as exc:
        # Only a speed-up is lost: the next open reads the recording again.
        log.warning("review cache %s not written: %s", file, exc)
        tmp.unlink(missing_ok=True)
