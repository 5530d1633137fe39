"""Summary: reps, heights, symmetry, faults in plain words, compared with last time."""

from __future__ import annotations

from kivy.properties import StringProperty

from kiosk.session.view import SessionSummary
from kiosk.ui.screens.base import KioskScreen, load_kv
from kiosk.ui.wording import (
    PROGRESS_HINT,
    cm,
    comparison_lines,
    fault_lines,
    fault_tip,
    saved_words,
    status_words,
    symmetry_text,
    test_end_words,
)


class SummaryScreen(KioskScreen):
    headline = StringProperty("Well done!")
    reps_text = StringProperty("-")
    best_text = StringProperty("-")
    average_text = StringProperty("-")
    symmetry = StringProperty("-")
    faults_text = StringProperty("")
    compare_text = StringProperty("")
    saved_text = StringProperty("Saving...")
    demo_button = "done_button"
    demo_after_s = 8.0

    def show_summary(self, summary: SessionSummary | None) -> None:
        """Fill the screen from the session's summary (None: still being worked out)."""
        if summary is None:
            self.reset()
            return
        self.headline = status_words(summary.status)
        self.reps_text = str(summary.reps)
        self.best_text = cm(summary.best_mm)
        self.average_text = cm(summary.average_mm)
        self.symmetry = symmetry_text(summary.symmetry_pct)
        faults = fault_lines(summary.faults)
        tip = fault_tip(summary.faults)
        if faults:
            self.faults_text = "\n".join(faults + ([f"Next time: {tip.lower()}"] if tip else []))
        else:
            self.faults_text = "Good form on every rep"
        compare = comparison_lines(summary)
        ended = test_end_words(summary.test_ended_by)
        self.compare_text = "\n".join(([ended] if ended else [])
                                      + (compare or ["Your first session: well done"]))
        self.saved_text = saved_words(summary.saved)

    def show_progress_hint(self) -> None:
        """The physio has a progression waiting for this patient."""
        if PROGRESS_HINT not in self.compare_text:
            self.compare_text = "\n".join(x for x in (self.compare_text, PROGRESS_HINT) if x)

    def reset(self) -> None:
        self.headline = "Well done!"
        self.reps_text = self.best_text = self.average_text = self.symmetry = "-"
        self.faults_text = self.compare_text = ""
        self.saved_text = "Saving..."

    def on_done_pressed(self) -> None:
        self.controller.finish()


load_kv(__file__)
