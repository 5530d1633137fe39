"""Sample data for the screens: what ``smartstep screenshots`` shows (and the review
tests and benchmarks reuse). The screenshot tool itself is ``kiosk.ui.screenshots``;
the composition root (``kiosk.app.render_screenshots``) hands it these services.

- ``clinic``: patients on the sign-in list and staff mode on the same store.
- ``review``: sessions the simulated person performed, with recordings (the review screens).
- ``technician``: a technician service on the simulated step.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kiosk.session.directory import StoreDirectory
from kiosk.sim.samples.clinic import (
    SAMPLE_STAFF,
    sample_staff_services,
    sample_store,
    sign_in_sample,
)
from kiosk.sim.samples.review import build_review_samples
from kiosk.sim.samples.technician import sample_technician
from kiosk.staff.api import StaffMember
from kiosk.staff.review.service import ReviewService
from kiosk.staff.service import StaffServices
from kiosk.staff.technician import TechnicianService
from kiosk.storage.store import Store
from kiosk.sync.service import SyncService

__all__ = ["ScreenSamples", "open_screen_samples"]


@dataclass(frozen=True)
class ScreenSamples:
    """The services the sample screens are drawn from."""

    directory: StoreDirectory
    staff: StaffServices
    review: ReviewService
    technician: TechnicianService
    sync: SyncService
    review_ids: dict[str, str]  # sample record -> id (``build_review_samples``)
    sign_in_admin: Callable[[], StaffMember]  # the sample admin, signed in


@contextlib.contextmanager
def open_screen_samples(folder: Path) -> Iterator[ScreenSamples]:
    """Every sample service, on throw-away stores under ``folder``; closed on exit."""
    store = sample_store(folder / "sample.db")
    review_store = None
    try:
        review_store = Store(folder / "review" / "smartstep.db")
        review_ids = build_review_samples(review_store)
        review = ReviewService(review_store, step_id="step-01",
                               clock=lambda: datetime(2026, 11, 20, 12, tzinfo=UTC))
        staff = sample_staff_services(store)
        with sample_technician(store, staff.accounts) as technician, \
                _sample_sync(folder) as sync:
            yield ScreenSamples(
                directory=StoreDirectory(store), staff=staff, review=review,
                technician=technician, sync=sync, review_ids=review_ids,
                sign_in_admin=lambda: sign_in_sample(staff, SAMPLE_STAFF[0][0]),
            )
    finally:
        store.close()
        if review_store is not None:
            review_store.close()


@contextlib.contextmanager
def _sample_sync(folder: Path) -> Iterator[SyncService]:
    """A sync service on two simulated sticks, KINGSTON (16 GB) and SANDISK (32 GB), never
    exported to: the screen then shows its choice of stick."""
    from kiosk.sync.sim_sticks import SETTINGS, SimStickBackend

    for label, capacity_mb in (("KINGSTON", 16_000), ("SANDISK", 32_000)):
        stick = folder / "sim-usb" / label
        stick.mkdir(parents=True)
        (stick / SETTINGS).write_text(json.dumps({"capacity_mb": capacity_mb}),
                                      encoding="utf-8")
    sync = SyncService(SimStickBackend(stick.parent, poll_s=60), folder / "none.db", folder,
                       "step-01")
    sync.start()
    try:
        yield sync
    finally:
        sync.close()
