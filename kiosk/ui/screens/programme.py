"""Today's programme: the physio's prescription, or pick a position and variant yourself."""

from __future__ import annotations

import dataclasses

from kivy.properties import BooleanProperty, StringProperty

from kiosk.programme import Programme
from kiosk.ui.pictures import picture_path
from kiosk.ui.screens.base import KioskScreen, load_kv
from kiosk.ui.wording import KEY_CUES, POSITION_WORDS, VARIANT_WORDS


class ProgrammeScreen(KioskScreen):
    position = StringProperty("floor")
    variant = StringProperty("both")
    prescribed = BooleanProperty(False)  # set by staff: shown, not changeable
    who = StringProperty("")
    details = StringProperty("")
    start_picture = StringProperty("")
    end_picture = StringProperty("")
    cues = StringProperty("\n".join(f"•  {c}" for c in KEY_CUES))
    starting = BooleanProperty(False)
    demo_button = "start_button"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._base = Programme()
        self._refresh()

    def set_programme(self, programme: Programme, prescribed: bool, who: str) -> None:
        """Show a programme: the patient's prescription, or the kiosk default to adjust."""
        self._base = programme
        self.prescribed = prescribed
        self.who = who
        self.position = programme.position
        self.variant = programme.variant
        self.starting = False
        self._refresh()

    def reset(self) -> None:
        self.set_programme(Programme(), prescribed=False, who="")

    def on_position(self, *_):
        self._refresh()

    def on_variant(self, *_):
        self._refresh()

    def _refresh(self) -> None:
        p = self.current_programme()
        # Light up the chosen position and variant.
        for name, button in self.ids.items():
            if name.startswith("position_"):
                button.selected = name == f"position_{p.position}"
            elif name.startswith("variant_"):
                button.selected = name == f"variant_{p.variant}"
        self.start_picture = picture_path(p.position, "start")
        self.end_picture = picture_path(p.position, "end")
        parts = [f"{p.sets} sets of {p.reps}",
                 f"up {p.tempo.up_s:g} s, hold {p.tempo.hold_s:g} s, down {p.tempo.down_s:g} s"]
        if self.prescribed:
            parts = [POSITION_WORDS[p.position], VARIANT_WORDS[p.variant], *parts]
            if p.weight_kg:
                parts.append(f"extra weight {p.weight_kg:g} kg")
        self.details = "\n".join(parts) if self.prescribed else ",  ".join(parts)

    def current_programme(self) -> Programme:
        return dataclasses.replace(self._base, position=self.position, variant=self.variant)

    def choose_position(self, position: str) -> None:
        if not self.prescribed:
            self.position = position

    def choose_variant(self, variant: str) -> None:
        if not self.prescribed:
            self.variant = variant

    def on_start_pressed(self) -> None:
        if not self.starting:
            self.starting = True
            self.controller.begin(self.current_programme())

    def on_back_pressed(self) -> None:
        self.controller.go_back("signin")


load_kv(__file__)
