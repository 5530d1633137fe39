"""The audit log: who did what and when, filtered by person and by date."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kivy.properties import BooleanProperty, ListProperty, StringProperty
from kivy.utils import escape_markup

from kiosk.staff.api import AuditEntry
from kiosk.ui import theme
from kiosk.ui.screens.base import load_kv
from kiosk.ui.screens.staff.base import StaffScreen
from kiosk.ui.wording import AUDIT_ACTION_WORDS, STAFF_SAY, words

PAGE = 100
DETAIL_CHARS = 60  # fits one line in landscape; portrait (larger text) takes 40
EVERYONE = "*"
# date filter code -> (words, days back; None: all)
PERIODS = {"today": ("Today", 0), "week": ("7 days", 7), "month": ("30 days", 30),
           "all": ("All", None)}


def since_for(period: str, now: datetime) -> datetime | None:
    days = PERIODS[period][1]
    if days is None:
        return None
    local_midnight = now.astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
    return (local_midnight - timedelta(days=days)).astimezone(UTC)


def entry_text(e: AuditEntry, u: float = 1.0, detail_chars: int = DETAIL_CHARS) -> str:
    """``20 Nov 10:30  Maria  Signed in`` and the target/detail smaller underneath (markup)."""
    when = e.at.astimezone() if e.at.tzinfo else e.at
    head = f"{when:%d %b %H:%M}   {e.actor}   {words(AUDIT_ACTION_WORDS, e.action)}"
    text = escape_markup(head)
    more = "  ·  ".join(x for x in (e.target, e.detail) if x)
    if len(more) > detail_chars:  # one line under the entry; the rest is in exports
        more = more[:detail_chars - 1].rstrip() + "…"
    if more:
        text += (f"\n[size={round(17 * u)}][color={theme.TEXT_DIM}]{escape_markup(more)}"
                 f"[/color][/size]")
    return text


class AuditScreen(StaffScreen):
    person = StringProperty(EVERYONE)
    period = StringProperty("week")
    rows = ListProperty([])
    people = ListProperty([(EVERYONE, "Everyone")])
    period_choices = tuple((code, w) for code, (w, _) in PERIODS.items())
    more = BooleanProperty(False)

    def load(self, offset: int = 0) -> None:
        actor = None if self.person == EVERYONE else self.person
        since = since_for(self.period, datetime.now(UTC))
        staff = self.staff
        key = (self.person, self.period)

        def fetch() -> tuple[list[str], list[AuditEntry]]:
            return list(staff.audit.actors()), list(staff.audit.entries(actor, since, None, PAGE,
                                                                offset))

        self.call(fetch, lambda found: self._show(found, key, offset), "load the audit log")

    def _show(self, found: tuple[list[str], list[AuditEntry]],
              key: tuple[str, str], offset: int) -> None:
        if key != (self.person, self.period):
            return
        actors, entries = found
        names = sorted(set(actors), key=str.casefold)
        people = [(EVERYONE, "Everyone"), *((n, n) for n in names)]
        if people != self.people:
            self.people = people
        chars = 40 if self.portrait else DETAIL_CHARS
        new = [{"text": entry_text(e, self.u, chars), "font_size": 19 * self.u}
               for e in entries]
        self.rows = (self.rows + new) if offset else new
        self.more = len(entries) >= PAGE
        self.say("" if self.rows else STAFF_SAY["nothing_in_log"])

    def load_more(self) -> None:
        self.load(offset=len(self.rows))

    def on_person(self, *_):
        if self.controller is not None and self.controller.staff.signed_in:
            self.load()

    def on_period(self, *_):
        if self.controller is not None and self.controller.staff.signed_in:
            self.load()

    def reset(self) -> None:
        super().reset()
        self.rows = []
        self.people = [(EVERYONE, "Everyone")]
        self.person = EVERYONE
        self.period = "week"


load_kv(__file__)
