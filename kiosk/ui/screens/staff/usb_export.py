"""USB export: the inserted stick with its free space, Export (new since this stick's
last export) and Full export, a progress bar naming the file being written, Cancel
while it runs, and at the end "Safe to remove" only when the service says the stick
was synced, unmounted and powered off. Every failure is one sentence.

Exports are pseudonymised unless staff switch names on (for one export: the service
writes who, the stick and the folder to the audit log first). Encrypted asks for a
passphrase twice on the on-screen keyboard before the export starts.

The ``SyncService`` calls its listeners from its own threads: the screen hands every
event to the Kivy clock and touches its widgets only there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty, NumericProperty, StringProperty

from kiosk.sync.codes import EjectCode, ExportCode
from kiosk.sync.sealed import MIN_PASSPHRASE, passphrase_problem
from kiosk.sync.service import SyncEvent, SyncEventKind, SyncService
from kiosk.sync.sticks import Stick
from kiosk.ui.screens.base import load_kv
from kiosk.ui.screens.staff.base import StaffScreen
from kiosk.ui.widgets.big_button import ChoiceButton
from kiosk.ui.widgets.text_entry import TextEntry
from kiosk.ui.wording import USB_EVENT_WORDS, megabytes, usb_code_text


def stick_line(stick: Stick) -> str:
    if stick.problem is not None:
        return usb_code_text(stick.problem, stick.name)
    if stick.free_bytes is None:
        return stick.name
    size = f" of {megabytes(stick.size_bytes)}" if stick.size_bytes else ""
    return f"{stick.name}: {megabytes(stick.free_bytes)} free{size}"


def finished_text(event: SyncEvent) -> tuple[str, bool]:
    """The end of an export in words, and whether it is an error."""
    name = event.stick.name
    if event.code != ExportCode.DONE:
        return usb_code_text(str(event.code), name), True
    result = event.result
    lines = []
    if result is not None:
        form = USB_EVENT_WORDS["pseudonymised" if result.pseudonymised else "with_names"]
        if result.encrypted:
            form += ", " + USB_EVENT_WORDS["encrypted"]
        lines.append(usb_code_text("done", name, sessions=result.sessions,
                                   s="" if result.sessions == 1 else "s",
                                   mb=megabytes(result.bytes), form=form))
        if result.missing_recordings:
            n = result.missing_recordings
            lines.append(USB_EVENT_WORDS["missing_recordings"].format(
                n=n, s="" if n == 1 else "s"))
    eject = event.eject or EjectCode.EJECT_FAILED
    lines.append(usb_code_text(eject, name))
    return "\n".join(lines), eject != EjectCode.SAFE_TO_REMOVE


class UsbExportScreen(StaffScreen):
    sticks_text = StringProperty(USB_EVENT_WORDS["no_stick"])
    stick_key = StringProperty("")       # the stick Export writes to ("" = none usable)
    with_names = BooleanProperty(False)  # for one export; off again after it and at sign-out
    encrypt = BooleanProperty(False)
    configured_passphrase = BooleanProperty(False)  # every export encrypted, nobody types
    running = BooleanProperty(False)
    progress = NumericProperty(0.0)       # 0..1
    progress_text = StringProperty("")
    safe_to_remove = BooleanProperty(False)
    safe_stick = StringProperty("the stick")  # the stick the banner speaks of
    eject_key = StringProperty("")        # a stick whose eject failed: Eject tries again

    def __init__(self, **kwargs: Any) -> None:
        self._listening = False
        super().__init__(**kwargs)

    @property
    def sync(self) -> SyncService | None:
        return self.controller.services.sync if self.controller else None

    # -- life cycle ------------------------------------------------------------------------

    def load(self) -> None:
        sync = self.sync
        if sync is None:
            self.sticks_text = USB_EVENT_WORDS["unavailable"]
            return
        if not self._listening:  # the screen lives as long as the app: listen once
            sync.add_listener(self._from_service_thread)
            self._listening = True
        self.running = sync.busy
        self.configured_passphrase = sync.passphrase_file is not None
        self._show_sticks()

    def reset(self) -> None:
        """At sign-out: the next member starts without the last one's result (a running
        export keeps its progress)."""
        super().reset()
        self.with_names = self.encrypt = False
        if not self.running:
            self.progress, self.progress_text, self.safe_to_remove = 0.0, "", False

    def _from_service_thread(self, event: SyncEvent) -> None:
        Clock.schedule_once(lambda _dt: self.on_sync_event(event))

    # -- events (on the UI thread) ---------------------------------------------------------

    def on_sync_event(self, event: SyncEvent) -> None:
        kind, name = event.kind, event.stick.name
        if kind == SyncEventKind.EXPORT_STARTED:
            self.running, self.safe_to_remove, self.progress = True, False, 0.0
            self.progress_text = USB_EVENT_WORDS["started"].format(stick=name)
            self.say("")
        elif kind == SyncEventKind.EXPORT_PROGRESS and event.progress is not None:
            p = event.progress
            self.progress = p.fraction
            self.progress_text = USB_EVENT_WORDS["progress"].format(
                file=p.file, index=p.index, count=p.count, done=megabytes(p.bytes_written),
                total=megabytes(p.bytes_total))
        elif kind == SyncEventKind.EXPORT_FINISHED:
            self.running = False
            self.with_names = False  # names are chosen again for every export
            text, error = finished_text(event)
            self.progress = 1.0 if event.code == ExportCode.DONE else 0.0
            self.progress_text = ""
            self.safe_to_remove = event.eject == EjectCode.SAFE_TO_REMOVE
            self.safe_stick = name
            self.eject_key = (event.stick.key if event.code == ExportCode.DONE
                              and not self.safe_to_remove else "")
            self.say(text, error=error)
        elif kind == SyncEventKind.EJECTED:
            self.safe_to_remove = event.eject == EjectCode.SAFE_TO_REMOVE
            self.safe_stick = name
            self.eject_key = "" if self.safe_to_remove else event.stick.key
            self.say(usb_code_text(str(event.eject), name), error=not self.safe_to_remove)
        elif kind == SyncEventKind.STICK_WAITING:
            self.say(USB_EVENT_WORDS["stick_waiting"].format(stick=name))
        elif kind == SyncEventKind.STICK_ARRIVED:
            if event.stick.problem is None:
                self.safe_to_remove = False
        elif kind == SyncEventKind.STICK_REMOVED and not self.safe_to_remove \
                and not self.running and event.stick.key != self.eject_key:
            self.say(USB_EVENT_WORDS["stick_removed"].format(stick=name))
        self._show_sticks()

    def _show_sticks(self) -> None:
        sync = self.sync
        sticks = sync.sticks() if sync is not None else []
        usable = [s for s in sticks if s.usable]
        keys = [s.key for s in usable]
        if self.stick_key not in keys:  # staff's choice stands while that stick is in
            self.stick_key = keys[0] if keys else ""
        if sticks:
            self.sticks_text = "\n".join(stick_line(s) for s in sticks)
        elif self.safe_to_remove:
            # Released, maybe still in the port: "Insert a USB stick" beside "Safe to
            # remove" read as two contradicting orders.
            self.sticks_text = USB_EVENT_WORDS["released"].format(stick=self.safe_stick)
        else:
            self.sticks_text = USB_EVENT_WORDS["no_stick"]
        self._show_choices(usable)

    def _show_choices(self, usable: list[Stick]) -> None:
        """With two or more usable sticks, one button each to say which gets the export."""
        box = self.ids.stick_choices
        box.clear_widgets()
        if len(usable) < 2:
            return
        for stick in usable:
            button = ChoiceButton(
                text=USB_EVENT_WORDS["export_to"].format(stick=stick.name),
                selected=stick.key == self.stick_key, disabled=self.running,
                font_size=20 * self.u, size_hint_y=None, height=max(60, 62 * self.u))
            button.stick_key = stick.key
            button.bind(on_release=lambda b: self.choose_stick(b.stick_key))
            box.add_widget(button)

    def on_running(self, _screen: UsbExportScreen, running: bool) -> None:
        for button in self.ids.stick_choices.children:
            button.disabled = running

    def choose_stick(self, key: str) -> None:
        if not self.running:
            self.stick_key = key
            self._show_sticks()

    # -- buttons ---------------------------------------------------------------------------

    def toggle_names(self) -> None:
        if not self.running:
            self.with_names = not self.with_names

    def toggle_encrypt(self) -> None:
        if not self.running:
            self.encrypt = not self.encrypt

    def start_export(self, full: bool) -> None:
        if self.sync is None or not self.stick_key or self.running:
            return
        if not self.encrypt or self.configured_passphrase:  # the service reads the file
            self._start(full, None)
            return
        self._ask_passphrase(USB_EVENT_WORDS["passphrase_title"].format(n=MIN_PASSPHRASE),
                             lambda first: self._confirm_passphrase(full, first))

    def _ask_passphrase(self, title: str, then: Callable[[str], None]) -> None:
        self.open_overlay(TextEntry(on_done=then, on_activity=self.controller.activity,
                                    title=title, secret=True, max_length=64))

    def _confirm_passphrase(self, full: bool, first: str) -> None:
        if passphrase_problem(first):
            self.say(USB_EVENT_WORDS["passphrase_short"].format(n=MIN_PASSPHRASE), error=True)
            return

        def again(second: str) -> None:
            if second != first:
                self.say(USB_EVENT_WORDS["passphrase_differs"], error=True)
            else:
                self._start(full, first)

        self._ask_passphrase(USB_EVENT_WORDS["passphrase_again"], again)

    def _start(self, full: bool, passphrase: str | None) -> None:
        sync = self.sync
        if sync is None or not self.stick_key or self.running:
            return
        by = self.member.name if self.with_names else ""
        if not sync.export(self.stick_key, full=full, with_names=self.with_names, by=by,
                           passphrase=passphrase):
            self.say(USB_EVENT_WORDS["busy"] if sync.busy else
                     USB_EVENT_WORDS["no_stick"], error=True)

    def cancel_export(self) -> None:
        if self.sync is not None:
            self.sync.cancel()

    def eject(self) -> None:
        sync, key = self.sync, self.eject_key
        if sync is None or not key:
            return

        def done(_code: EjectCode) -> None:
            """The EJECTED event says the outcome."""

        # Eject syncs and powers off the stick: slow, so off the UI thread.
        self.call(lambda: sync.eject(key), done, "eject the stick")


load_kv(__file__)
