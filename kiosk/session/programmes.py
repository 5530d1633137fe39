"""The programme for a guest or a patient without a prescription."""

from __future__ import annotations

from kiosk.config import Config
from kiosk.programme import Programme, Tempo


def demo_programme(config: Config) -> Programme:
    """The demo's own short programme (config ``[demo]``)."""
    d = config.demo
    return Programme(name="Demo", sets=d.sets, reps=d.reps, tempo=Tempo.parse(d.tempo),
                     rest_between_sets_s=d.rest_s)


def default_programme(config: Config) -> Programme:
    """The config's ``[session]`` programme."""
    s = config.session
    return Programme(
        sets=s.sets, reps=s.reps, tempo=Tempo.parse(s.tempo), rest_between_sets_s=s.rest_s
    )
