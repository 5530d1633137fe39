"""The audit log: who did what and when, filtered by person, action and date.

The filters are one row of buttons (each opens its choices), so the entries get the
screen's height. Each entry is its time, who and what, and under it whom it concerns
and what changed, in words, cut to the row's width at a whole item; a tap shows the
entry in full.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kivy.core.text import Label as CoreLabel
from kivy.properties import BooleanProperty, ListProperty, StringProperty
from kivy.utils import escape_markup

from kiosk.staff.api import AuditEntry
from kiosk.ui import theme
from kiosk.ui.audit_words import concerns, detail_lines, detail_text
from kiosk.ui.screens.base import load_kv
from kiosk.ui.screens.staff.base import StaffScreen
from kiosk.ui.widgets.make import make
from kiosk.ui.wording import AUDIT_ACTION_WORDS, STAFF_SAY, words

PAGE = 100
EVERYONE = "*"  # the person filter: nobody in particular
EVERYTHING = "*"  # the action filter: any action
# date filter code -> (words, days back; None: all)
PERIODS = {"today": ("Today", 0), "week": ("7 days", 7), "month": ("30 days", 30),
           "all": ("All dates", None)}
DETAIL_FONT = 17  # x u: the detail line under each entry
ELLIPSIS = " …"


def since_for(period: str, now: datetime) -> datetime | None:
    days = PERIODS[period][1]
    if days is None:
        return None
    local_midnight = now.astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
    return (local_midnight - timedelta(days=days)).astimezone(UTC)


def _local(at: datetime) -> datetime:
    return at.astimezone() if at.tzinfo else at


def head_text(e: AuditEntry) -> str:
    """``20 Nov 10:30   Maria   Signed in`` (plain text)."""
    return f"{_local(e.at):%d %b %H:%M}   {e.actor}   {words(AUDIT_ACTION_WORDS, e.action)}"


def fit_line(text: str, width: float, font_size: float) -> str:
    """``text`` as it fits one line of ``width`` px: whole, or cut at the last item
    ("  ·  ") or word that fits, with " …" (the full entry is a tap away)."""
    def fits(candidate: str) -> bool:
        return CoreLabel(font_size=font_size).get_extents(candidate)[0] <= width

    if not text or fits(text):
        return text
    low, high = 0, len(text)  # the longest prefix that fits with the ellipsis
    while low < high:
        mid = (low + high + 1) // 2
        if fits(text[:mid].rstrip() + ELLIPSIS):
            low = mid
        else:
            high = mid - 1
    cut = text[:low]
    for mark in ("  ·  ", ", ", " "):  # a whole item, else a whole word
        at = cut.rfind(mark)
        if at > len(cut) // 2:
            cut = cut[:at]
            break
    return cut.rstrip(" ·,") + ELLIPSIS


def entry_text(e: AuditEntry, u: float = 1.0, width: float | None = None) -> str:
    """The entry's row (markup): the head, and under it, smaller, whom and what changed,
    fitted to ``width`` px (None: whole)."""
    text = escape_markup(head_text(e))
    more = detail_text(e)
    if width is not None:
        more = fit_line(more, width, DETAIL_FONT * u)
    if more:
        text += (f"\n[size={round(DETAIL_FONT * u)}][color={theme.TEXT_DIM}]"
                 f"{escape_markup(more)}[/color][/size]")
    return text


def full_text(e: AuditEntry) -> str:
    """The whole entry, one item a line, for the pop-up (markup)."""
    lines = [f"[b]{escape_markup(words(AUDIT_ACTION_WORDS, e.action))}[/b]",
             escape_markup(f"{_local(e.at):%A %d %B %Y, %H:%M:%S}"),
             escape_markup(f"By: {e.actor}")]
    if concerns(e):
        lines.append(escape_markup(f"Concerns: {concerns(e)}"))
    lines += [escape_markup(line) for line in detail_lines(e)]
    return "\n".join(lines)


class AuditScreen(StaffScreen):
    person = StringProperty(EVERYONE)
    action = StringProperty(EVERYTHING)
    period = StringProperty("week")
    person_text = StringProperty("Everyone")
    action_text = StringProperty("All actions")
    period_text = StringProperty(PERIODS["week"][0])
    rows = ListProperty([])
    more = BooleanProperty(False)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.entries: list[AuditEntry] = []
        self.actors: list[str] = []
        self.actions: list[str] = []

    def load(self, offset: int = 0) -> None:
        actor = None if self.person == EVERYONE else self.person
        action = None if self.action == EVERYTHING else self.action
        since = since_for(self.period, datetime.now(UTC))
        staff = self.staff
        key = (self.person, self.action, self.period)

        def fetch() -> tuple[list[str], list[str], list[AuditEntry]]:
            return (list(staff.audit.actors()), list(staff.audit.actions()),
                    list(staff.audit.entries(actor, since, None, PAGE, offset, action)))

        self.call(fetch, lambda found: self._show(found, key, offset), "load the audit log")

    def _show(self, found: tuple[list[str], list[str], list[AuditEntry]],
              key: tuple[str, str, str], offset: int) -> None:
        if key != (self.person, self.action, self.period):
            return  # an older filter's answer: the newer one is on its way
        self.actors, self.actions, entries = found
        self.entries = (self.entries + entries) if offset else entries
        self._fill()
        self.more = len(entries) >= PAGE
        self.say("" if self.entries else STAFF_SAY["nothing_in_log"])

    def _fill(self) -> None:
        width = self._text_width()
        self.rows = [{"text": entry_text(e, self.u, width), "index": k}
                     for k, e in enumerate(self.entries)]

    def _text_width(self) -> float:
        """The width of a row's text: the screen's less its padding, the row's and the
        scroll bar's (the list itself gets its new width only after this screen's)."""
        return max(100.0, self.width - (20 + 16 + 12) * self.u)

    def on_size(self, *args):
        super().on_size(*args)
        if self.entries:  # portrait or landscape: the detail lines fit the new width
            self._fill()

    def load_more(self) -> None:
        self.load(offset=len(self.entries))

    # -- filters -------------------------------------------------------------------------------

    def choose(self, which: str) -> None:
        """Open the choices of one filter ("person", "action" or "period")."""
        if which == "person":
            options = [(EVERYONE, "Everyone"),
                       *((n, n) for n in sorted(set(self.actors), key=str.casefold))]
            title, current = "Whose entries?", self.person
        elif which == "action":
            named = sorted(((a, words(AUDIT_ACTION_WORDS, a)) for a in set(self.actions)),
                           key=lambda pair: pair[1].casefold())
            options = [(EVERYTHING, "All actions"), *named]
            title, current = "Which action?", self.action
        else:
            options = [(code, text) for code, (text, _) in PERIODS.items()]
            title, current = "From when?", self.period
        chooser = make("AuditChooser", screen=self, title=title)
        for code, text in options:
            chooser.ids.choices.add_widget(make(
                "AuditChoice", text=text, code=code, which=which, chooser=chooser,
                selected=code == current))
        self.open_overlay(chooser)

    def chosen(self, chooser, which: str, code: str, text: str) -> None:
        chooser.dismiss(animation=False)  # at once: the next tap is on the screen again
        setattr(self, which, code)
        setattr(self, f"{which}_text", text)

    def on_person(self, *_):
        self._filter_changed()

    def on_action(self, *_):
        self._filter_changed()

    def on_period(self, *_):
        self.period_text = PERIODS[self.period][0]
        self._filter_changed()

    def _filter_changed(self) -> None:
        if self.controller is not None and self.controller.staff.signed_in:
            self.load()

    # -- one entry in full -------------------------------------------------------------------

    def show_entry(self, index: int) -> None:
        if 0 <= index < len(self.entries):
            self.open_overlay(make("AuditEntryView", screen=self,
                                   text=full_text(self.entries[index])))

    def reset(self) -> None:
        super().reset()
        self.rows = []
        self.entries = []
        self.actors, self.actions = [], []
        self.person, self.person_text = EVERYONE, "Everyone"
        self.action, self.action_text = EVERYTHING, "All actions"
        self.period = "week"


load_kv(__file__)
