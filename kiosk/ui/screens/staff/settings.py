"""Settings (admin): every setting the service offers, each with "Reset to default".

Numbers and text are typed on the keypad/keyboard, choices and on/off are
buttons. A value that is not a number where one is needed is refused here; the
service refuses the rest with the config file's own rules (out of range, a bad
step name ...), with a reason under each refused setting. Nothing is saved
unless every change is accepted.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty

from kiosk.staff.api import SettingsValues, StaffRequestError
from kiosk.ui.screens.base import load_kv
from kiosk.ui.screens.staff.base import StaffScreen
from kiosk.ui.widgets.make import make
from kiosk.ui.wording import SETTING_CHOICE_WORDS, STAFF_SAY, setting_words, staff_problem_words


def shown(value: object) -> str:
    """A setting's value as the editor shows it (bools as the choice codes)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return "" if value is None else str(value)


def parse_as(text: str, kind: str) -> object:
    """Typed text as a setting of ``kind`` ("int", "float", "bool", "str").

    :raises ValueError: not such a value.
    """
    text = text.strip()
    if kind == "bool":
        if text in ("true", "false"):
            return text == "true"
        raise ValueError(text)
    if kind == "int":
        return int(text)
    if kind == "float":
        return float(text.replace(",", "."))
    return text


def _range_words(low: float, high: float) -> str:
    return f"{low:g} to {high:g}"


class SettingsScreen(StaffScreen):
    saving = BooleanProperty(False)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._settings = SettingsValues()
        self.rows: dict[str, Any] = {}  # key -> SettingRow (a Kivy widget: untyped)

    def load(self) -> None:
        self.saving = False
        self.call(self.staff.settings.values, self._show, "load the settings")

    def _show(self, settings: SettingsValues) -> None:
        self._settings = settings
        if list(self.rows) != list(settings.values):
            self._build(settings)  # once: building rows of widgets is the slow part
        for key, value in settings.values.items():
            editor = self.rows[key].editor
            if hasattr(editor, "selected"):
                editor.choose(shown(value))
            else:
                editor.set_value(shown(value))
            editor.error = ""
        self.say("" if self.rows else STAFF_SAY["no_settings"])

    def warm_up(self) -> None:
        """Build the rows (the slow part) from the settings' keys; no values are shown."""
        staff = self.staff

        def build(settings: SettingsValues) -> None:
            if not self.rows:
                self._settings = settings
                self._build(settings)

        self.controller.background.submit(staff.settings.values, build)

    def _build(self, settings: SettingsValues) -> None:
        box = self.ids.rows_box
        box.clear_widgets()
        self.rows = {}
        for key, value in settings.values.items():
            kind = settings.kinds.get(key, type(value).__name__)
            label = setting_words(key)
            if key in settings.ranges:
                label += f"   ({_range_words(*settings.ranges[key])})"
            row = make("SettingRow", key=key, screen=self, label=label,
                       default_text=shown(settings.defaults.get(key, value)))
            if kind == "bool" or key in settings.choices:
                codes = ("true", "false") if kind == "bool" else settings.choices[key]
                editor = make("ChoiceRow", u=self.u, label="",
                              choices=[(c, SETTING_CHOICE_WORDS.get(c, c)) for c in codes])
            else:
                editor = make("TextField", u=self.u, label="", screen=self,
                              kind="number" if kind in ("int", "float") else "text",
                              max_length=80)
            editor.title = label
            editor.bind(error=self._forget_refusal)
            self.bind(u=editor.setter("u"))
            row.ids.editor_box.add_widget(editor)
            row.editor = editor
            box.add_widget(row)
            self.rows[key] = row

    @staticmethod
    def _value_text(editor: Any) -> str:
        return editor.selected if hasattr(editor, "selected") else editor.value

    def reset_to_default(self, key: str) -> None:
        editor = self.rows[key].editor
        default = self.rows[key].default_text
        if hasattr(editor, "selected"):
            editor.choose(default)
        else:
            editor.set_value(default)

    def _forget_refusal(self, *_: Any) -> None:
        """"Not saved" goes once no setting is marked refused any more (reset to its
        default, or typed again): it would otherwise stand beside nothing wrong."""
        if self.message_is_error and not any(row.editor.error for row in self.rows.values()):
            self.say("")

    def changes(self) -> dict[str, object] | None:
        """Changed settings, typed; None after marking a value that is not a number."""
        changed: dict[str, object] = {}
        bad = False
        for key, row in self.rows.items():
            editor = row.editor
            current = self._settings.values.get(key)
            text = self._value_text(editor)
            if text == shown(current):
                continue
            kind = self._settings.kinds.get(key, type(current).__name__)
            try:
                changed[key] = parse_as(text, kind)
            except ValueError:
                editor.error = staff_problem_words("bad_value")
                bad = True
        if bad:
            self.say(STAFF_SAY["settings_not_saved"], error=True)
            return None
        return changed

    def save(self) -> None:
        if self.saving:
            return
        changes = self.changes()
        if changes is None:
            return
        if not changes:
            self.say(STAFF_SAY["nothing_changed"])
            return
        self.saving = True
        self.say(STAFF_SAY["saving"])
        staff, by = self.staff, self.member

        def saved(settings: SettingsValues) -> None:
            self.saving = False
            self._show(settings)
            n = len(changes)
            self.say(STAFF_SAY["settings_saved"].format(n=n, s="s" if n != 1 else ""))

        def refused(exc: BaseException) -> None:
            self.saving = False
            if isinstance(exc, StaffRequestError):
                first = None
                for key, problem in exc.problems.items():
                    row = self.rows.get(key)
                    if row is not None:
                        row.editor.error = staff_problem_words(str(problem))
                        first = first or row
                if first is not None:
                    self.ids.scroller.scroll_to(first, animate=False)
                general = exc.problems.get("")
                self.say(staff_problem_words(str(general)) if general else
                         STAFF_SAY["settings_not_saved"], error=True)
            else:
                self.show_failure(exc, "save the settings")

        self.call(lambda: staff.settings.save(by, changes), saved, "save the settings",
                  failed=refused)

    def reset(self) -> None:
        """Forget the values shown (the rows themselves are kept for the next open)."""
        super().reset()
        self.saving = False
        for row in self.rows.values():
            if hasattr(row.editor, "selected"):
                row.editor.choose("")
            else:
                row.editor.set_value("")


load_kv(__file__)
