"""The USB sync service the staff export screen talks to (no Kivy).

It joins a stick backend, the exporter and eject:

- ``add_listener(fn)``: ``SyncEvent``s for stick arrivals and removals, a
  second stick refused while one is busy, export progress, and the end of an
  export (its ``ExportCode``, then ``EjectCode.SAFE_TO_REMOVE`` only once the
  stick is synced, unmounted and powered off).
- ``export(key, full=..., with_names=..., by=..., passphrase=...)`` starts an
  export on its own thread (pseudonymised unless ``with_names``; an export with
  names is written to the audit log, who and which stick and folder, before any
  data, or it does not happen); ``cancel()`` stops it (nothing complete is left
  behind); ``eject(key)``.

Listeners are called from the backend's or the export's thread: a screen hands
them to its UI thread (Kivy: ``Clock.schedule_once``).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from kiosk.sync.codes import EjectCode, ExportCode, ExportFailed, StickProblem, SyncError
from kiosk.sync.exporter import CancelToken, ExportProgress, ExportResult, export
from kiosk.sync.sealed import passphrase_in
from kiosk.sync.sticks import Stick, StickBackend, StickEvent, StickEventKind

log = logging.getLogger(__name__)


class SyncEventKind(StrEnum):
    STICK_ARRIVED = "stick_arrived"    # stick: label, free space, problem (if any)
    STICK_REMOVED = "stick_removed"
    STICK_WAITING = "stick_waiting"    # a second stick while one is busy: it waits
    EXPORT_STARTED = "export_started"
    EXPORT_PROGRESS = "export_progress"
    EXPORT_FINISHED = "export_finished"  # code, result; eject when it was attempted
    EJECTED = "ejected"                # eject: SAFE_TO_REMOVE or EJECT_FAILED


@dataclass(frozen=True)
class SyncEvent:
    kind: SyncEventKind
    stick: Stick
    progress: ExportProgress | None = None
    code: ExportCode | StickProblem | None = None
    result: ExportResult | None = None
    eject: EjectCode | None = None
    detail: str = ""  # technical detail for the log, never for the screen


SyncListener = Callable[[SyncEvent], None]
# Writes one audit entry: (who, action, detail). The composition root passes the store's.
ExportAudit = Callable[[str, str, Mapping[str, object]], object]
WITH_NAMES_ACTION = "export_with_names"


class SyncService:
    """See the module docstring.

    :param auto_export: export (new data only) by itself when a stick carrying a
        ``SmartStep/`` folder is inserted.
    :param passphrase_file: every export is encrypted with the passphrase in this file
        (read at each export; nobody types it).
    """

    def __init__(self, backend: StickBackend, db_path: Path, data_dir: Path, step_id: str,
                 auto_export: bool = False, audit: ExportAudit | None = None,
                 passphrase_file: Path | None = None) -> None:
        self._backend = backend
        self._audit = audit
        self.passphrase_file = passphrase_file
        self._db_path, self._data_dir, self._step_id = db_path, data_dir, step_id
        self.auto_export = auto_export
        self._listeners: list[SyncListener] = []
        self._sticks: dict[str, Stick] = {}
        self._waiting: set[str] = set()  # sticks that came in while an export ran
        self._busy_key: str | None = None
        self._cancel: CancelToken | None = None
        self._worker: threading.Thread | None = None
        self._lock = threading.RLock()

    # -- life cycle -----------------------------------------------------------

    def add_listener(self, listener: SyncListener) -> None:
        self._listeners.append(listener)

    def start(self) -> None:
        self._backend.start(self._on_stick)

    def close(self) -> None:
        """Stop watching; cancel an export and wait for it (safe twice)."""
        self.cancel()
        worker = self._worker
        if worker is not None and worker is not threading.current_thread():
            worker.join(timeout=30)
        self._backend.stop()

    # -- state ------------------------------------------------------------------

    def sticks(self) -> list[Stick]:
        with self._lock:
            return list(self._sticks.values())

    @property
    def busy(self) -> bool:
        return self._busy_key is not None

    # -- stick events --------------------------------------------------------------

    def _emit(self, event: SyncEvent) -> None:
        for listener in list(self._listeners):
            listener(event)

    def _on_stick(self, event: StickEvent) -> None:
        stick = event.stick
        if event.kind == StickEventKind.REMOVED:
            with self._lock:
                self._sticks.pop(stick.key, None)
                self._waiting.discard(stick.key)
            self._emit(SyncEvent(SyncEventKind.STICK_REMOVED, stick))
            return
        with self._lock:
            self._sticks[stick.key] = stick
            busy = self._busy_key is not None and self._busy_key != stick.key
            if busy:
                self._waiting.add(stick.key)
        if busy:
            self._emit(SyncEvent(SyncEventKind.STICK_WAITING, stick))
            return
        self._emit(SyncEvent(SyncEventKind.STICK_ARRIVED, stick, code=stick.problem))
        if self.auto_export and stick.usable and stick.has_export_folder:
            self.export(stick.key, full=False)

    # -- export -------------------------------------------------------------------

    def export(self, key: str, *, full: bool = False, with_names: bool = False, by: str = "",
               passphrase: str | None = None) -> bool:
        """Start exporting to the stick ``key``; False when busy, the stick is unusable, or
        names are asked for without a staff member (``by``) or an audit log to record it."""
        if with_names and not (by and self._audit is not None):
            return False
        with self._lock:
            stick = self._sticks.get(key)
            if stick is None or not stick.usable or self._busy_key is not None:
                return False
            self._busy_key = key
            self._cancel = CancelToken()
            cancel = self._cancel
            self._worker = threading.Thread(
                target=self._run_export, args=(stick, full, with_names, by, passphrase,
                                               cancel),
                name="usb-export", daemon=True)
        self._emit(SyncEvent(SyncEventKind.EXPORT_STARTED, stick))
        self._worker.start()
        return True

    def cancel(self) -> None:
        with self._lock:
            if self._cancel is not None:
                self._cancel.cancel()

    def _run_export(self, stick: Stick, full: bool, with_names: bool, by: str,
                    passphrase: str | None, cancel: CancelToken) -> None:
        assert stick.mount_point is not None
        result = None
        eject_code = None
        detail = ""

        def audit_names(folder: Path) -> None:
            """Before any data: who asked for names, when, which stick and folder."""
            if self._audit is None:
                raise ExportFailed(ExportCode.AUDIT_FAILED, "no audit log to record names")
            try:
                self._audit(by, WITH_NAMES_ACTION, {
                    "stick": stick.name, "folder": str(folder), "full": full,
                    "encrypted": passphrase is not None})
            except Exception as exc:
                raise ExportFailed(ExportCode.AUDIT_FAILED,
                                   f"the audit log could not record it ({exc})") from None

        try:
            if passphrase is None and self.passphrase_file is not None:
                try:
                    passphrase = passphrase_in(self.passphrase_file)
                except ValueError as exc:
                    raise ExportFailed(ExportCode.PASSPHRASE_UNUSABLE, str(exc)) from None
            result = export(
                self._db_path, self._data_dir, stick.mount_point, self._step_id, full=full,
                with_names=with_names, passphrase=passphrase, cancel=cancel,
                files=self._backend.files(stick),
                on_start=audit_names if with_names else None,
                progress=lambda p: self._emit(SyncEvent(SyncEventKind.EXPORT_PROGRESS, stick,
                                                        progress=p)))
            code = ExportCode.DONE
        except ExportFailed as exc:
            code, detail = exc.code, str(exc)
            log.warning("USB export to %s: %s", stick.name, detail)
        except Exception as exc:  # never leave staff staring at a progress bar
            code, detail = ExportCode.STICK_ERROR, f"{type(exc).__name__}: {exc}"
            log.exception("USB export to %s failed", stick.name)
        if code == ExportCode.DONE:
            eject_code, eject_detail = self._eject(stick)
            detail = eject_detail
        with self._lock:
            self._busy_key = None
            self._cancel = None
        self._emit(SyncEvent(SyncEventKind.EXPORT_FINISHED, stick, code=code, result=result,
                             eject=eject_code, detail=detail))
        self._announce_waiting()

    def _announce_waiting(self) -> None:
        """Sticks that came in during the export are ready now (the others were announced
        when they came)."""
        with self._lock:
            ready = [self._sticks[k] for k in sorted(self._waiting) if k in self._sticks]
            self._waiting.clear()
        for other in ready:
            self._emit(SyncEvent(SyncEventKind.STICK_ARRIVED, other, code=other.problem))

    # -- eject ----------------------------------------------------------------------

    def eject(self, key: str) -> EjectCode:
        """Sync, unmount and power off a stick that is not busy."""
        with self._lock:
            stick = self._sticks.get(key)
            if stick is None or self._busy_key == key:
                return EjectCode.EJECT_FAILED
        code, detail = self._eject(stick)
        self._emit(SyncEvent(SyncEventKind.EJECTED, stick, eject=code, detail=detail))
        return code

    def _eject(self, stick: Stick) -> tuple[EjectCode, str]:
        os.sync()  # the stick's cache to the stick, before unmount asks again
        try:
            self._backend.eject(stick)
        except (SyncError, OSError) as exc:
            log.warning("ejecting %s failed: %s", stick.name, exc)
            return EjectCode.EJECT_FAILED, str(exc)
        with self._lock:
            self._sticks.pop(stick.key, None)
        return EjectCode.SAFE_TO_REMOVE, ""
