"""Prescribe: pick a template, adjust any parameter of the programme, save a new version.

Made for speed (a prescription in under a minute): one tap loads a template,
steppers change numbers without a keyboard, the form starts from the
patient's current prescription.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from kivy.properties import BooleanProperty, ListProperty, StringProperty

from kiosk.errors import UserError
from kiosk.programme import POSITIONS, SPACINGS, SURFACES, VARIANTS, Programme, Tempo
from kiosk.staff.api import (
    DEFAULT_RULE,
    PatientRecord,
    Prescription,
    ProgrammeTemplate,
    ProgressionRule,
)
from kiosk.ui.screens.base import load_kv
from kiosk.ui.screens.staff.base import StaffScreen
from kiosk.ui.widgets.form import choices_of
from kiosk.ui.wording import (
    PACING_WORDS,
    POSITION_BUTTONS,
    SPACING_WORDS,
    STAFF_SAY,
    SURFACE_WORDS,
    TEMPLATE_WORDS,
    VARIANT_BUTTONS,
)

TARGET_KINDS = [("none", "None"), ("mm", "Height (mm)"), ("share", "Share of best")]
SESSION_KINDS = [("exercise", "Exercise"), ("heel_rise_test", "Heel-rise test")]


@dataclass(frozen=True, slots=True)
class PrescriptionForm:
    record: PatientRecord
    templates: list[ProgrammeTemplate]
    current: Prescription | None


class PrescriptionScreen(StaffScreen):
    patient_id = StringProperty("")
    title = StringProperty("Prescribe")
    template_rows = ListProperty([])  # [(code, words)]
    saving = BooleanProperty(False)
    position_choices = choices_of(POSITIONS, POSITION_BUTTONS)
    variant_choices = choices_of(VARIANTS, VARIANT_BUTTONS)
    spacing_choices = choices_of(SPACINGS, SPACING_WORDS)
    surface_choices = choices_of(SURFACES, SURFACE_WORDS)
    pacing_choices = choices_of(("adaptive", "strict"), PACING_WORDS)
    target_choices = TARGET_KINDS
    session_choices = SESSION_KINDS
    back_to = "staff_patient"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._templates: dict[str, Programme] = {}

    def prepare(self, subject: str) -> None:
        self.patient_id = subject

    def back_subject(self) -> str:
        return self.patient_id

    def load(self) -> None:
        self.saving = False
        pid, staff = self.patient_id, self.staff

        def fetch() -> PrescriptionForm:
            return PrescriptionForm(staff.patients.get(pid),
                                    list(staff.prescriptions.templates(pid)),
                                    staff.prescriptions.current(pid))

        self.call(fetch, self._show, "load the prescription")

    def _show(self, form: PrescriptionForm) -> None:
        self.title = f"Prescribe: {form.record.name}"
        self._templates = {t.code: t.programme for t in form.templates}
        self._build_templates(form.templates)
        if form.current is not None:
            self.fill(form.current.programme, form.current.target_share, form.current.pacing)
            rule = form.current.rule
            self.ids.rule_field.value = rule.sessions if rule is not None else 0
        elif form.templates:
            self.fill(form.templates[0].programme)
        self.say("")

    def _build_templates(self, templates: list[ProgrammeTemplate]) -> None:
        from kiosk.ui.widgets.make import make

        grid = self.ids.templates
        codes = [t.code for t in templates]
        if [b.code for b in reversed(grid.children)] == codes:
            return  # the same templates (their programmes are looked up by code)
        grid.clear_widgets()
        for t in templates:
            words = TEMPLATE_WORDS.get(t.code, t.programme.name or t.code)
            button = make("TemplateButton", text=words, code=t.code)
            button.bind(on_release=lambda b: self.use_template(b.code))
            self._size(button)
            grid.add_widget(button)

    def _size(self, button) -> None:
        button.font_size = 19 * self.u
        button.height = max(60, 64 * self.u)

    def on_u(self, *_):
        if "templates" in self.ids:
            for button in self.ids.templates.children:
                self._size(button)

    def use_template(self, code: str) -> None:
        programme = self._templates.get(code)
        if programme is not None:
            self.fill(programme)
            self.say(STAFF_SAY["template_loaded"].format(
                template=TEMPLATE_WORDS.get(code, code)))

    def fill(self, p: Programme, target_share: float | None = None,
             pacing: str = "adaptive") -> None:
        ids = self.ids
        ids.session_field.choose(p.mode)
        ids.position_field.choose(p.position)
        ids.variant_field.choose(p.variant)
        ids.spacing_field.choose(p.spacing)
        ids.surface_field.choose(p.surface)
        ids.weight_field.value = p.weight_kg
        ids.sets_field.value = p.sets
        ids.reps_field.value = p.reps
        ids.up_field.value = p.tempo.up_s
        ids.hold_field.value = p.tempo.hold_s
        ids.down_field.value = p.tempo.down_s
        ids.rest_field.value = p.rest_between_sets_s
        if target_share is not None:
            ids.target_kind_field.choose("share")
            ids.target_share_field.value = round(target_share * 100)
        elif p.target_mm:
            ids.target_kind_field.choose("mm")
            ids.target_mm_field.value = p.target_mm
        else:
            ids.target_kind_field.choose("none")
        ids.pacing_field.choose(pacing if pacing in ("adaptive", "strict") else "adaptive")
        self._name = p.name

    def programme(self) -> Programme:
        """The form as a programme. :raises UserError: a value the programme refuses."""
        ids = self.ids
        kind = ids.target_kind_field.selected
        target_mm = float(ids.target_mm_field.value) if kind == "mm" else None
        if ids.session_field.selected == "heel_rise_test":
            return dataclasses.replace(
                Programme.heel_rise_test(), position=ids.position_field.selected,
                variant=ids.variant_field.selected, spacing=ids.spacing_field.selected,
                surface=ids.surface_field.selected, weight_kg=float(ids.weight_field.value),
                target_mm=target_mm)
        return Programme(
            position=ids.position_field.selected, variant=ids.variant_field.selected,
            spacing=ids.spacing_field.selected, surface=ids.surface_field.selected,
            weight_kg=float(ids.weight_field.value), sets=int(ids.sets_field.value),
            reps=int(ids.reps_field.value),
            tempo=Tempo(float(ids.up_field.value), float(ids.hold_field.value),
                        float(ids.down_field.value)),
            rest_between_sets_s=float(ids.rest_field.value), target_mm=target_mm,
            name=getattr(self, "_name", ""),
        )

    def save(self) -> None:
        if self.saving:
            return
        try:
            programme = self.programme()
        except UserError as exc:
            self.say(STAFF_SAY["programme_impossible"].format(reason=exc), error=True)
            return
        ids = self.ids
        share = (ids.target_share_field.value / 100
                 if ids.target_kind_field.selected == "share" else None)
        pacing = ids.pacing_field.selected
        note = ids.note_field.value
        sessions = int(ids.rule_field.value)
        rule: ProgressionRule | None = (
            dataclasses.replace(DEFAULT_RULE, sessions=sessions) if sessions else None)
        staff, by, pid = self.staff, self.member, self.patient_id
        self.saving = True
        self.say(STAFF_SAY["saving"])

        def saved(rx: Prescription) -> None:
            self.saving = False
            self.controller.show_staff("staff_patient", pid)
            self.controller.screen("staff_patient").say(STAFF_SAY["prescription_saved"])

        def refused(exc: BaseException) -> None:
            self.saving = False
            self.show_failure(exc, "save the prescription")

        self.call(lambda: staff.prescriptions.prescribe(by, pid, programme, note=note,
                                                        target_share=share, pacing=pacing,
                                                        rule=rule), saved,
                  "save the prescription", failed=refused)

    def reset(self) -> None:
        super().reset()
        self.patient_id = ""
        self.title = "Prescribe"
        self.saving = False
        self._templates = {}
        if "note_field" in self.ids:
            self.ids.note_field.set_value("")
            self.ids.rule_field.value = DEFAULT_RULE.sessions


load_kv(__file__)
