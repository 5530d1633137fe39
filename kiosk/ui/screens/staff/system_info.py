"""System and clock (admin): software version, disk space, uptimes, the last warnings
and errors; the clock, and a way to set it (date and time with − and +)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty, StringProperty

from kiosk.staff.clock import ClockSetError
from kiosk.staff.technician import SystemFacts
from kiosk.ui.screens.base import load_kv
from kiosk.ui.screens.staff.technician import TechnicianPage
from kiosk.ui.wording import CLOCK_PROBLEM_WORDS, duration_words

FIELDS = ("year", "month", "day", "hour", "minute")


def wrap_path(path: str, width: int = 30) -> str:
    """A long path broken into lines at its slashes (a label wraps only at spaces)."""
    lines = [""]
    for part in path.split("/")[1:] if path.startswith("/") else path.split("/"):
        piece = "/" + part if path.startswith("/") or lines != [""] else part
        if lines[-1] and len(lines[-1]) + len(piece) > width:
            lines.append("")
        lines[-1] += piece
    return "\n".join(lines)


def facts_text(f: SystemFacts) -> str:
    disk = ("-" if f.disk_free_mb is None or f.disk_total_mb is None
            else f"{f.disk_free_mb / 1000:.1f} GB free of {f.disk_total_mb / 1000:.1f} GB")
    if f.storage_problem == "disk_full":
        disk += "  (too little: export and prune old recordings)"
    elif f.storage_problem:
        disk += "  (the data directory cannot be written)"
    return "\n".join((
        f"Software version {f.version}",
        f"Data: {wrap_path(f.data_dir)}",
        f"Disk: {disk}",
        f"Up for {duration_words(f.uptime_s)} (kiosk: {duration_words(f.kiosk_uptime_s)})",
    ))


def errors_text(f: SystemFacts) -> str:
    if not f.last_errors:
        return "No warnings or errors since the kiosk started."
    return "\n".join(f.last_errors[:8])


class SystemInfoScreen(TechnicianPage):
    back_to = "staff_technician"
    facts = StringProperty("")
    errors = StringProperty("")
    clock_now = StringProperty("")
    sync_note = StringProperty("")
    setting = BooleanProperty(False)
    # The time a first tap on Set clock chose: a second tap sets it. A wrong clock
    # misdates every session after it, so one stray tap must not change it.
    confirming = StringProperty("")

    def on_kv_post(self, *args: Any) -> None:
        super().on_kv_post(*args)
        for name in FIELDS:
            self.ids[f"{name}_field"].bind(value=lambda *_: self.changed())

    def load(self) -> None:
        self.setting = False
        self.confirming = ""
        self.say("")
        technician = self.technician

        def show(f: SystemFacts) -> None:
            self.facts = facts_text(f)
            self.errors = errors_text(f)
            self.sync_note = ("Network time is synchronised." if f.clock_synchronised
                              else "Network time is not synchronised: check the clock.")
            self._fill_editor(f.clock.astimezone())

        self.call(technician.system_facts, show, "read the system facts")

    def _fill_editor(self, now: datetime) -> None:
        for name in FIELDS:
            self.ids[f"{name}_field"].value = getattr(now, name)

    def refresh(self, *_: Any) -> None:
        now = self.technician.clock.now().astimezone()
        self.clock_now = f"{now:%A %d %B %Y, %H:%M:%S}"

    def on_enter(self, *args: Any) -> None:
        self.refresh()
        self._event = Clock.schedule_interval(self.refresh, 1.0)

    def chosen(self) -> datetime | None:
        year, month, day, hour, minute = (int(self.ids[f"{name}_field"].value) for name in FIELDS)
        try:
            return datetime(year, month, day, hour, minute)
        except ValueError:  # e.g. 31 February
            self.ids.day_field.error = "No such day in that month."
            return None

    def changed(self) -> None:
        """A stepper moved: any first tap on Set clock no longer stands."""
        if self.confirming:
            self.confirming = ""
            self.say("")

    def set_clock(self) -> None:
        if self.setting:
            return
        local = self.chosen()
        if local is None:
            self.confirming = ""
            return
        shown = f"{local:%d %b %Y %H:%M}"
        if self.confirming != shown:
            self.confirming = shown
            self.say(f"Tap Set clock again to set the clock to {shown}.")
            return
        self.confirming = ""
        self.setting = True
        technician, member = self.technician, self.member

        def done(after: datetime) -> None:
            self.setting = False
            self.refresh()
            self.say(f"Clock set to {after.astimezone():%d %b %Y %H:%M}.")

        def failed(exc: BaseException) -> None:
            self.setting = False
            if isinstance(exc, ClockSetError):
                self.say(CLOCK_PROBLEM_WORDS.get(exc.code, CLOCK_PROBLEM_WORDS["failed"]),
                         error=True)
            else:
                self.show_failure(exc, "set the clock")

        self.call(lambda: technician.set_clock(member, local), done, "set the clock",
                  failed=failed)


load_kv(__file__)
