"""A session's recording as plot-ready traces: heel height and left/right load share.

The recording (docs/recording-format.md, gzip CSV) holds raw ToF distances and ADC
counts. Here they become:

- heel height in mm above the zero level. The zero is taken from the stored
  reps themselves: a rep starts and ends where the (smoothed) height crosses
  5 mm, so the raw distance there is the zero plus 5 mm; between reps the zero
  is interpolated (it follows slow sensor drift as the live analysis does).
  A recording without reps is zeroed at the median distance while loaded.
  A median of three removes the sensor's one-sample spikes, as the live filter does.
- the left foot's share of the load (0..1), counts minus the strips'
  empty-step baselines; no value (and no height: the sensor then sees the
  room, not a heel) while the step carries under 60 counts.

Recordings faster than ``PLOT_RATE_HZ`` are read at every k-th row. Both are
reduced to min/max per bucket (``overview_buckets``: at least ``OVERVIEW_BUCKETS``
over the whole recording, one bucket per pixel column of any screen, and at most
``BUCKET_S`` wide, so a plot zoomed in to a few reps of an hour-long session
still draws a smooth line), and that overview is cached beside the database
keyed by the recording's size and modification time, so a session opens a
second time without reading the file.

Plain Python, no numpy: installing numpy makes sqlite-utils import it at every
start of the kiosk and of every command (0.3-1 s), for a gain only on a
session's first open.
"""

from __future__ import annotations

import bisect
import gzip
import json
import logging
import math
import os
import zlib
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from kiosk.errors import RecordingError
from kiosk.storage.store import Store

log = logging.getLogger(__name__)

NAN = math.nan
OVERVIEW_BUCKETS = 4096
BUCKET_S = 0.1  # the widest bucket, while under MAX_BUCKETS: 20 rows of a 200 Hz read
MAX_BUCKETS = 65536  # 1.8 hours at BUCKET_S; a longer recording gets wider buckets
CACHE_VERSION = 3
LOADED_MIN_COUNTS = 60.0  # below this the step is (nearly) empty: no load share
REP_EDGE_MM = 5.0  # a rep's start/end crossing (docs/analysis-definitions.md)
EDGE_WINDOW_S = 0.05  # raw distances this close to a rep edge give its zero
# Rows read per second of a faster recording: a 10-minute plot's pixel column spans
# 0.75 s and a rep lasts seconds, so 200 rows a second keep every peak's height.
PLOT_RATE_HZ = 200.0
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


@dataclass(frozen=True, slots=True)
class Columns:
    """Min/max per pixel column; NaN where a column has no value."""

    height_min: list[float]
    height_max: list[float]
    share_min: list[float]
    share_max: list[float]


@dataclass(frozen=True)
class Overview:
    """Min/max per bucket over ``[0, duration_s]``; NaN where a bucket has no value."""

    duration_s: float
    samples: int
    height_min: Sequence[float]
    height_max: Sequence[float]
    share_min: Sequence[float]
    share_max: Sequence[float]

    def columns(self, width: int, t0: float = 0.0, t1: float | None = None) -> Columns:
        """Min/max height and share per pixel column for ``width`` columns over [t0, t1].

        Zoomed in past one bucket per column, each column shows the bucket under it
        (a column is never empty only because it falls between two bucket edges)."""
        t1 = self.duration_s if t1 is None else t1
        n = len(self.height_min)
        if self.duration_s <= 0 or n == 0 or width < 1 or t1 <= t0:
            empty = [NAN] * max(width, 0)
            return Columns(empty, empty, empty, empty)
        per_s = n / self.duration_s
        spans = []
        for k in range(width):
            a = t0 + (t1 - t0) * k / width
            b = t0 + (t1 - t0) * (k + 1) / width
            first = min(max(int(a * per_s), 0), n)
            spans.append((first, min(max(math.ceil(b * per_s), first + 1), n)))
        return Columns(_reduce(self.height_min, spans, min), _reduce(self.height_max, spans, max),
                       _reduce(self.share_min, spans, min), _reduce(self.share_max, spans, max))

    def height_range(self) -> tuple[float, float] | None:
        """(lowest, highest) height in the recording, None without any."""
        lows = [v for v in self.height_min if v == v]
        highs = [v for v in self.height_max if v == v]
        return (min(lows), max(highs)) if lows and highs else None


def _reduce(values: Sequence[float], spans: Sequence[tuple[int, int]],
            op: Callable[[list[float]], float]) -> list[float]:
    """``op`` (min/max) over values[a:b] for each (a, b) skipping NaN; NaN for none."""
    out = []
    for a, b in spans:
        found = [v for v in values[a:b] if v == v]  # v == v: not NaN
        out.append(op(found) if found else NAN)
    return out


def overview_buckets(duration_s: float) -> int:
    """How many buckets an overview of a ``duration_s`` recording has."""
    wanted = math.ceil(max(duration_s, 0.0) / BUCKET_S)
    return min(max(OVERVIEW_BUCKETS, wanted), MAX_BUCKETS)


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
    path: Path, reps: Sequence[RepEdges], baselines: Sequence[float] | None = None,
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
    samples = read_samples(path, baselines, PLOT_RATE_HZ)
    overview = build_overview(samples, reps, mount)
    _write_cache(cache_dir, path, key, overview)
    return overview


@dataclass(frozen=True)
class Samples:
    """A recording reduced to what the plots need, one entry per row."""

    t: array[float]  # seconds
    distance: array[float]  # raw ToF mm, NaN without a reading
    share: array[float]  # left foot's share of the load, NaN on a nearly empty step


def read_samples(path: Path, baselines: Sequence[float] | None = None,
                 max_rate_hz: float | None = None) -> Samples:
    """Parse a recording (plain or gzip CSV, columns found by name).

    :param max_rate_hz: read only every k-th row of a faster recording (the plots'
        min/max per column spans 0.1 s or more of a heel that moves over seconds).

    :raises RecordingError: unreadable or malformed (one line with the line number).
    """
    try:
        raw = _read_bytes(path)
    except (OSError, EOFError, zlib.error) as exc:
        raise RecordingError(f"{path}: cannot be read ({exc})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RecordingError(f"{path}: not a text CSV file") from None
    lines = text.split("\n")
    names = [n.strip() for n in lines[0].strip().split(",")]
    step = 1
    if max_rate_hz and len(lines) > 1000:
        try:
            last = next(x for x in reversed(lines) if x.strip())
            span = float(last.split(",")[names.index("t")]) - float(lines[1].split(",")[0])
            step = max(1, int(len(lines) / max(span, 1e-3) / max_rate_hz))
        except (ValueError, IndexError):
            step = 1  # the row-by-row checks below name the bad line
    missing = [c for c in ("t", "tof_mm", *STRIP_COLUMNS) if c not in names]
    if missing:
        raise RecordingError(f"{path}: line 1: missing column(s) {', '.join(missing)}")
    it, itof = names.index("t"), names.index("tof_mm")
    il = [names.index(c) for c in STRIP_COLUMNS[:3]]
    ir = [names.index(c) for c in STRIP_COLUMNS[3:]]
    bl = [float(b) for b in (baselines or (0.0,) * 6)]
    # Per foot: counts above the strips' summed empty-step baselines.
    base_left, base_right = bl[0] + bl[1] + bl[2], bl[3] + bl[4] + bl[5]
    l0, l1, l2 = il
    r0, r1, r2 = ir
    t_out, d_out, s_out = array("d"), array("d"), array("d")
    add_t, add_d, add_s = t_out.append, d_out.append, s_out.append
    last_t = -math.inf
    for index in range(1, len(lines), step):
        line = lines[index]
        if not line or line.isspace():
            continue
        f = line.split(",")
        try:
            t = float(f[it])
            tof = f[itof]
            left = float(f[l0]) + float(f[l1]) + float(f[l2]) - base_left
            right = float(f[r0]) + float(f[r1]) + float(f[r2]) - base_right
            add_d(float(tof) if tof and not tof.isspace() else NAN)
        except (ValueError, IndexError):
            raise RecordingError(f"{path}: line {index + 1}: not a recording row") from None
        if t < last_t:
            raise RecordingError(f"{path}: line {index + 1}: time goes backwards")
        last_t = t
        left = left if left > 0.0 else 0.0
        right = right if right > 0.0 else 0.0
        total = left + right
        add_t(t)
        add_s(left / total if total >= LOADED_MIN_COUNTS else NAN)
    return Samples(t_out, d_out, s_out)


def _read_bytes(path: Path) -> bytes:
    with path.open("rb") as file:
        head = file.read(2)
    if head == b"\x1f\x8b":
        with gzip.open(path, "rb") as file:
            return file.read()
    return path.read_bytes()


def heights(samples: Samples, reps: Sequence[RepEdges], mount: str = "below"
            ) -> array[float]:
    """Heel height (mm above the zero level) per sample; NaN without a reading or load."""
    sign = 1.0 if mount == "below" else -1.0
    d = samples.distance
    n = len(d)
    smooth = array("d", d)
    for k in range(1, n - 1):  # median of three; NaN neighbours are skipped
        trio = [v for v in (d[k - 1], d[k], d[k + 1]) if v == v]
        if len(trio) == 3:
            a, b, c = trio
            smooth[k] = max(min(a, b), min(max(a, b), c))
        elif len(trio) == 2:
            smooth[k] = (trio[0] + trio[1]) / 2
    t = samples.t
    anchors: list[tuple[float, float]] = []
    for rep in reps:
        for edge in (rep.start_s, rep.end_s):
            lo = bisect.bisect_left(t, edge - EDGE_WINDOW_S)
            hi = max(bisect.bisect_right(t, edge + EDGE_WINDOW_S), lo + 1)
            near = sorted(sign * v for v in smooth[lo:hi] if v == v)
            if near:
                anchors.append((edge, near[len(near) // 2] - REP_EDGE_MM))
    anchors.sort()
    out = array("d", bytes(8 * n))
    share = samples.share
    if anchors:
        at = [a[0] for a in anchors]
        zero = [a[1] for a in anchors]
        j = 0
        for k in range(n):
            tk = t[k]
            while j < len(at) - 1 and at[j + 1] <= tk:
                j += 1
            if tk <= at[0]:
                z = zero[0]
            elif j >= len(at) - 1:
                z = zero[-1]
            else:
                w = (tk - at[j]) / (at[j + 1] - at[j])
                z = zero[j] + w * (zero[j + 1] - zero[j])
            out[k] = sign * smooth[k] - z if share[k] == share[k] else NAN
    else:
        loaded = sorted(sign * v for v, s in zip(smooth, share, strict=True) if v == v and s == s)
        z = loaded[len(loaded) // 2] if loaded else 0.0
        for k in range(n):
            out[k] = sign * smooth[k] - z if share[k] == share[k] else NAN
    return out


def build_overview(samples: Samples, reps: Sequence[RepEdges], mount: str = "below",
                   buckets: int | None = None) -> Overview:
    """Min/max per bucket of height and left share over the recording (``buckets``
    default: ``overview_buckets`` of its length)."""
    t = samples.t
    n = len(t)
    duration = t[-1] if n else 0.0
    buckets = overview_buckets(duration) if buckets is None else buckets
    if duration <= 0:
        nan = [NAN] * buckets
        return Overview(0.0, n, nan, nan, nan, nan)
    height = heights(samples, reps, mount)
    share = samples.share
    h_min, h_max = [math.inf] * buckets, [-math.inf] * buckets
    s_min, s_max = [math.inf] * buckets, [-math.inf] * buckets
    scale = buckets / duration
    last = buckets - 1
    for k in range(n):
        b = int(t[k] * scale)
        if b > last:
            b = last
        h = height[k]
        if h == h:
            if h < h_min[b]:
                h_min[b] = h
            if h > h_max[b]:
                h_max[b] = h
        s = share[k]
        if s == s:
            if s < s_min[b]:
                s_min[b] = s
            if s > s_max[b]:
                s_max[b] = s

    def finite(values: list[float]) -> array[float]:
        return array("d", (v if math.isfinite(v) else NAN for v in values))

    return Overview(duration, n, finite(h_min), finite(h_max), finite(s_min), finite(s_max))


def _cache_file(cache_dir: Path, source: Path) -> Path:
    return cache_dir / f"{source.name.split('.')[0]}.overview.json"


def _read_cache(cache_dir: Path | None, source: Path, key: str) -> Overview | None:
    if cache_dir is None:
        return None
    return read_cache_file(_cache_file(cache_dir, source), key)


def read_cache_file(file: Path, key: str | None = None) -> Overview | None:
    """A cached overview (None when missing, damaged, or not for ``key``)."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        if key is not None and data.get("key") != key:
            return None

        def values(name: str) -> array[float]:
            return array("d", (NAN if v is None else float(v) for v in data[name]))

        return Overview(float(data["duration_s"]), int(data["samples"]), values("height_min"),
                        values("height_max"), values("share_min"), values("share_max"))
    except (OSError, KeyError, ValueError, TypeError):
        return None  # no cache yet, or a damaged one: rebuilt from the recording


def _write_cache(cache_dir: Path | None, source: Path, key: str, overview: Overview) -> None:
    if cache_dir is None:
        return
    file = _cache_file(cache_dir, source)
    tmp = file.with_name(file.name + ".tmp")

    def plain(values: Sequence[float], digits: int) -> list[float | None]:
        return [round(v, digits) if v == v else None for v in values]

    data = {"key": key, "duration_s": overview.duration_s, "samples": overview.samples,
            "height_min": plain(overview.height_min, 1),
            "height_max": plain(overview.height_max, 1),
            "share_min": plain(overview.share_min, 3), "share_max": plain(overview.share_max, 3)}
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        os.replace(tmp, file)
    except OSError as exc:
        # Only a speed-up is lost: the next open reads the recording again.
        log.warning("review cache %s not written: %s", file, exc)
        tmp.unlink(missing_ok=True)
