"""Settings (admin): every setting the service offers, each with "Reset to default".

A value that is not a number where one is needed is refused here; the service
refuses the rest (out of range, a bad step name ...) with a reason per setting,
shown under it. Nothing is saved unless every change is accepted.
"""

from __future__ import annotations

from kivy.properties import BooleanProperty

from kiosk.staff.api import SettingsValues, StaffRequestError
from kiosk.ui.screens.base import load_kv
from kiosk.ui.screens.staff.base import StaffScreen
from kiosk.ui.widgets.make import make
from kiosk.ui.wording import problem_words, setting_words


def shown(value: object) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, float):
        return f"{value:g}"
    return "" if value is None else str(value)


def parse_like(text: str, example: object) -> object:
    """The typed text as the type of ``example``. :raises ValueError: not such a value."""
    text = text.strip()
    if isinstance(example, bool):
        if text.lower() in ("on", "yes", "true", "1"):
            return True
        if text.lower() in ("off", "no", "false", "0"):
            return False
        raise ValueError(text)
    if isinstance(example, int):
        return int(text)
    if isinstance(example, float):
        return float(text.replace(",", "."))
    return text


class SettingsScreen(StaffScreen):
    saving = BooleanProperty(False)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._settings = SettingsValues()
        self.rows: dict[str, object] = {}  # key -> SettingRow

    def load(self) -> None:
        self.saving = False
        self.call(self.staff.settings, self._show, "load the settings")

    def _show(self, settings: SettingsValues) -> None:
        self._settings = settings
        box = self.ids.rows_box
        box.clear_widgets()
        self.rows = {}
        for key, value in settings.values.items():
            default = settings.defaults.get(key, value)
            kind = "number" if isinstance(value, int | float) and not isinstance(value, bool) \
                else "text"
            row = make("SettingRow", key=key, screen=self, default_text=shown(default))
            field = row.ids.field
            field.label = setting_words(key)
            field.kind = kind
            field.screen = self
            field.set_value(shown(value))
            box.add_widget(row)
            self.rows[key] = row
        self.say("" if self.rows else "No settings to change.")

    def reset_to_default(self, key: str) -> None:
        row = self.rows[key]
        row.ids.field.set_value(row.default_text)

    def changes(self) -> dict[str, object] | None:
        """Changed settings, typed; None after marking a value that is not a number."""
        changed: dict[str, object] = {}
        bad = False
        for key, row in self.rows.items():
            field = row.ids.field
            current = self._settings.values.get(key)
            if field.value == shown(current):
                continue
            try:
                changed[key] = parse_like(field.value, current)
            except ValueError:
                field.error = problem_words("bad_value")
                bad = True
        if bad:
            self.say("Please correct the settings marked in red.", error=True)
            return None
        return changed

    def save(self) -> None:
        if self.saving:
            return
        changes = self.changes()
        if changes is None:
            return
        if not changes:
            self.say("Nothing changed.")
            return
        self.saving = True
        self.say("Saving...")
        staff, by = self.staff, self.member

        def saved(settings: SettingsValues) -> None:
            self.saving = False
            self._show(settings)
            self.say(f"Saved {len(changes)} setting{'s' if len(changes) != 1 else ''}.")

        def refused(exc: BaseException) -> None:
            self.saving = False
            if isinstance(exc, StaffRequestError):
                for key, problem in exc.problems.items():
                    row = self.rows.get(key)
                    if row is not None:
                        row.ids.field.error = problem_words(str(problem))
                        self.ids.scroller.scroll_to(row, animate=False)
                general = exc.problems.get("")
                self.say(problem_words(str(general)) if general else
                         "Not saved: please correct the settings marked in red.", error=True)
            else:
                self.show_failure(exc, "save the settings")

        self.call(lambda: staff.save_settings(by, changes), saved, "save the settings",
                  failed=refused)

    def reset(self) -> None:
        super().reset()
        self.saving = False
        self.rows = {}
        if "rows_box" in self.ids:
            self.ids.rows_box.clear_widgets()


load_kv(__file__)
