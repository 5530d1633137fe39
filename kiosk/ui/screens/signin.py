"""Sign-in at a shared kiosk: nobody's name is shown to whoever walks up.

A patient holds their card to the reader (any time on home or here), or types their
clinic ID and then their code on the big keys; a guest is one tap. Staff can also
start a patient from the patient's staff page.
"""

from __future__ import annotations

from datetime import UTC, datetime

from kivy.factory import Factory
from kivy.properties import BooleanProperty, ListProperty, OptionProperty, StringProperty
from kivy.uix.button import ButtonBehavior
from kivy.uix.label import Label

from kiosk.staff.api import Identified, Identify
from kiosk.ui import theme, wording
from kiosk.ui.screens.base import KioskScreen, load_kv

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ID_DIGITS = "1234567890-"
# The code on a phone's keypad: 1-2-3 on top, 0 alone at the bottom (blanks are gaps).
CODE_KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "", "0", "")
ID_MAX, CODE_MAX = 24, 8


class SignInScreen(KioskScreen):
    stage = OptionProperty("id", options=["id", "code"])
    clinic_id = StringProperty("")
    code = StringProperty("")
    digits_mode = BooleanProperty(False)
    keys = ListProperty(list(LETTERS))
    message = StringProperty("")
    checking = BooleanProperty(False)
    can_go = BooleanProperty(False)  # Next / OK: something typed, no check running
    demo_button = "guest_button"

    def on_kv_post(self, *_):
        self._build_keys()
        self.bind(u=self._size_keys)

    def on_keys(self, *_):
        if "keyboard" in self.ids:
            self._build_keys()

    def _build_keys(self) -> None:
        grid = self.ids.keyboard
        grid.clear_widgets()
        grid.cols = 3 if self.stage == "code" else (7 if len(self.keys) > 12 else 6)
        for key in self.keys:
            if not key:
                grid.add_widget(Label())  # a gap in the keypad
                continue
            button = Factory.KeyButton(text=key)
            button.bind(on_release=lambda b: self.on_key(b.text))
            grid.add_widget(button)
        self._size_keys()

    def _size_keys(self, *_) -> None:
        for button in self.ids.keyboard.children:
            if isinstance(button, ButtonBehavior):
                button.font_size = 30 * self.u

    def reset(self) -> None:
        self.stage = "id"
        self.clinic_id = ""
        self.code = ""
        self.digits_mode = False
        self.message = ""
        self.checking = False
        self._set_keys()

    def on_pre_enter(self, *_):
        if not self.checking:
            self.message = ""

    # -- typing ---------------------------------------------------------------------

    @property
    def shown_entry(self) -> str:
        if self.stage == "code":
            return (theme.SECRET_DOT + " ") * len(self.code)
        return self.clinic_id

    def _set_keys(self) -> None:
        if self.stage == "code":
            self.keys = list(CODE_KEYS)
        else:
            self.keys = list(ID_DIGITS if self.digits_mode else LETTERS)

    def on_stage(self, *_):
        self._set_keys()
        self._update_go()

    def on_clinic_id(self, *_):
        self._update_go()

    def on_code(self, *_):
        self._update_go()

    def on_checking(self, *_):
        self._update_go()

    def _update_go(self) -> None:
        typed = self.code if self.stage == "code" else self.clinic_id.strip()
        self.can_go = bool(typed) and not self.checking

    def on_digits_mode(self, *_):
        self._set_keys()

    def on_key(self, key: str) -> None:
        if self.checking:
            return
        self.message = ""
        if self.stage == "code":
            if len(self.code) < CODE_MAX:
                self.code += key
        elif len(self.clinic_id) < ID_MAX:
            self.clinic_id += key

    def on_backspace(self) -> None:
        if self.stage == "code":
            self.code = self.code[:-1]
        else:
            self.clinic_id = self.clinic_id[:-1]

    def on_toggle_digits(self) -> None:
        self.digits_mode = not self.digits_mode

    def on_next_pressed(self) -> None:
        """Next (after the ID) or OK (after the code)."""
        if self.checking:
            return
        if self.stage == "id":
            if self.clinic_id.strip():
                self.stage = "code"
                self.message = ""
            return
        if self.code:
            self.controller.code_entered(self.clinic_id, self.code)

    # -- the answer (from the controller) -------------------------------------------

    def identifying(self) -> None:
        self.checking = True
        self.message = wording.SIGNIN_CHECKING

    def identified(self) -> None:
        self.reset()

    def not_identified(self, found: Identified | None, card: bool) -> None:
        """Say why, plainly; the code is forgotten, the ID kept for another try."""
        self.checking = False
        self.code = ""
        if found is None:
            self.message = wording.SIGNIN_WORDS["failed"]
        elif found.result is Identify.LOCKED and found.locked_until is not None:
            left = (found.locked_until - datetime.now(UTC)).total_seconds()
            self.message = wording.signin_locked_text(left)
            self.stage = "id"
        elif found.result is Identify.BAD_CARD:
            self.message = wording.SIGNIN_WORDS["bad_card"]
        elif card:
            self.message = wording.SIGNIN_WORDS["card_unknown"]
        else:
            self.message = wording.SIGNIN_WORDS["no_match"]

    # -- buttons --------------------------------------------------------------------

    def on_guest_pressed(self) -> None:
        self.controller.sign_in(None)

    def on_back_pressed(self) -> None:
        if self.stage == "code":
            self.stage = "id"
            self.code = ""
            self.message = ""
            return
        self.controller.go_home()


load_kv(__file__)
