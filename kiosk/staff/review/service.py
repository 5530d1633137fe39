"""What the staff review screens may ask for (``ReviewPort``), and the service behind it.

Every call reads the database (and for ``overview`` a recording): call them off
the UI thread. Results are the plain records of the review modules; the words
for their codes live in the UI's wording module.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import threading
from collections import deque
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from kiosk.staff.review.change import Detectable
from kiosk.staff.review.detail import SessionDetail, session_detail, session_overview
from kiosk.staff.review.progress import PatientInfo, Progress, patient_info, patient_progress
from kiosk.staff.review.report import NoStickForReport, ReportResult, write_report
from kiosk.staff.review.sessions import Cursor, SessionFilter, SessionPage, session_page
from kiosk.staff.review.traces import Overview, RecordingState
from kiosk.storage.folding import compact_id, fold
from kiosk.storage.store import Store

log = logging.getLogger(__name__)

WARM_NICE = 10  # niceness of the thread that caches recordings' overviews (0 is normal)


class ReviewPort(Protocol):
    def sessions(self, flt: SessionFilter, after: Cursor | None = None,
                 limit: int = 20) -> SessionPage: ...
    def find_patients(self, query: str, limit: int = 8) -> Sequence[PatientInfo]: ...
    def patient(self, patient: str) -> PatientInfo: ...
    def detail(self, session_id: str) -> SessionDetail: ...
    def overview(self, detail: SessionDetail) -> tuple[RecordingState, Overview | None]: ...
    def warm(self, session_ids: Sequence[str]) -> None: ...
    def progress(self, patient_id: str) -> Progress: ...
    def report(self, patient_id: str) -> ReportResult: ...
    def include_test(self, test_id: str, included: bool | None, actor: str) -> None: ...
    def include_session(self, session_id: str, included: bool | None, actor: str) -> None: ...


class ReviewService:
    """``ReviewPort`` over the kiosk's ``Store``.

    :param mount: the ToF sensor's mount ("below" / "above"), for heel heights.
    :param cache_dir: where recording overviews are cached (None: no cache).
    :param usb_folder: returns a mounted USB stick's folder, or None when there is none;
        a report is written there (none: the report is refused, staff could not reach
        a file left on the kiosk).
    :param clinic_name: the clinic's name on every report ("" = none).
    """

    def __init__(self, store: Store, *, step_id: str,
                 mount: str = "below", cache_dir: Path | None = None,
                 usb_folder: Callable[[], Path | None] = lambda: None, clinic_name: str = "",
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC),
                 detectable: Detectable | None = None) -> None:
        self.store = store
        self.step_id = step_id
        # On every report; the composition root keeps it to the saved setting.
        self.clinic_name = clinic_name
        self.mount = mount
        self.cache_dir = cache_dir
        self.usb_folder = usb_folder
        self.clock = clock
        self.detectable = detectable  # minimal detectable changes (None: the published)
        self._warm_queue: deque[str] = deque()
        self._warm_lock = threading.Lock()
        self._warm_thread: threading.Thread | None = None
        self._closed = False

    def sessions(self, flt: SessionFilter, after: Cursor | None = None,
                 limit: int = 20) -> SessionPage:
        return session_page(self.store, flt, after, limit)

    def find_patients(self, query: str, limit: int = 8) -> list[PatientInfo]:
        """Active patients with a name word starting with ``query`` (accents and case
        ignored) or a clinic ID containing it (case, spaces and punctuation ignored)."""
        name, clinic = fold(query.strip()), compact_id(query)
        if not name:
            return []
        rows = self.store.query(
            "SELECT id FROM patients WHERE archived = 0 AND ("
            "instr(' ' || smartstep_fold(name), ?) > 0"
            " OR (? != '' AND instr(smartstep_compact_id(clinic_id), ?) > 0))"
            " ORDER BY smartstep_fold(name), id LIMIT ?",
            [f" {name}", clinic, clinic, limit])
        return [patient_info(self.store, r["id"]) for r in rows]

    def patient(self, patient: str) -> PatientInfo:
        return patient_info(self.store, patient)

    def detail(self, session_id: str) -> SessionDetail:
        return session_detail(self.store, session_id)

    def overview(self, detail: SessionDetail) -> tuple[RecordingState, Overview | None]:
        return session_overview(detail, self.mount, self.cache_dir)

    def warm(self, session_ids: Sequence[str]) -> None:
        """Read these sessions' recordings into the overview cache on a background thread
        (returns at once), so opening one later skips the file (0.3-3 s on a Pi)."""
        if self.cache_dir is None or self._closed:
            return
        with self._warm_lock:
            self._warm_queue.extend(s for s in session_ids if s not in self._warm_queue)
            if self._warm_thread is None or not self._warm_thread.is_alive():
                self._warm_thread = threading.Thread(target=self._warm_loop,
                                                     name="review-warm", daemon=True)
                self._warm_thread.start()

    def _warm_loop(self) -> None:
        # Behind the screens and the session thread for the CPU (Linux: per thread); where
        # that is not permitted or not Linux it runs at the kiosk's priority.
        with contextlib.suppress(AttributeError, OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), WARM_NICE)
        while not self._closed:
            with self._warm_lock:
                if not self._warm_queue:
                    return
                session_id = self._warm_queue.popleft()
            try:
                self.overview(self.detail(session_id))
            except Exception as exc:  # a cache miss later costs only time
                log.warning("review: overview of %s not cached: %s", session_id, exc)

    def close(self) -> None:
        """Stop warming (safe twice)."""
        self._closed = True
        thread = self._warm_thread
        if thread is not None:
            thread.join(5)

    def include_test(self, test_id: str, included: bool | None, actor: str) -> None:
        """Show a heel-rise test in the trends (or not) whatever its quality verdict."""
        self.store.include_heel_rise_test(test_id, included, actor)

    def include_session(self, session_id: str, included: bool | None, actor: str) -> None:
        """Show a session in the trends (or not) whatever its quality verdict."""
        self.store.include_session(session_id, included, actor)

    def progress(self, patient_id: str) -> Progress:
        return patient_progress(self.store, patient_id, self.clock().date(), self.detectable)

    def report(self, patient_id: str) -> ReportResult:
        """Write the patient's report onto the USB stick, named after the clinic ID (or
        name) and the date.

        :raises NoStickForReport: no usable stick is in (or it is being exported to).
        :raises ReportWriteError: the stick refused the file.
        """
        info = patient_info(self.store, patient_id)
        now = self.clock()
        folder = self.usb_folder()
        if folder is None:
            raise NoStickForReport("no USB stick for the report")
        label = re.sub(r"[^A-Za-z0-9_-]+", "-", info.clinic_id or info.name).strip("-") or "patient"
        path = folder / f"smartstep-report-{label}-{now:%Y-%m-%d-%H%M}.pdf"
        return write_report(self.store, info.id, path, self.step_id, now, self.clinic_name,
                            self.detectable)
