"""More sensors and more people: the labelled recordings of the field artefacts.

Kept apart from ``kiosk.sim.corpus.scenarios`` (whose 90 recordings stay as
they were) and scored the same way (``tests/analysis/corpus_score.py --field``).
Each kind is drawn anew from the seed (rates, levels, people), with real strips
(gains spread +-25 %, creep, hysteresis) as in the corpus's artefact kinds:

- ``short_start``: 0.3-1.0 s of still stance before the first rep (or the
  recording starts mid-rise), about 1.5 s of flat-footed rest between reps;
- ``slow_tof_held`` / ``slow_tof_empty``: a ToF updating at 10-30 Hz on rows at
  200-500 Hz, the rows between updates repeating the reading or empty;
- ``shoes``: a shod heel rests 20-35 mm further from the sensor, its foam sole
  low-passes the strips by 0.1-0.3 s, and the beam slips past the sole's edge
  for single readings (+70 mm);
- ``sunlight``: periods of 6-10 mm noise with a few far-off readings a second;
- ``covered``: a smudged or partly covered sensor, whose readings blend the heel
  with the step's edge (10-30 % of the cone's returns), so heights read low;
- ``field_combined``: several of these at once.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable
from typing import Any

from kiosk.sim.corpus import Scenario, SensorSetup
from kiosk.sim.script import Reps, Script, Stand

FIELD_KINDS = ("short_start", "slow_tof_held", "slow_tof_empty", "shoes", "sunlight",
               "covered", "field_combined")

Builder = Callable[[random.Random], dict[str, Any]]


def _holding(hold: bool, build: Callable[[random.Random, bool], dict[str, Any]]) -> Builder:
    """``build`` with the slow sensor's rows between updates held (or empty)."""
    return lambda r: build(r, hold)


def _specs() -> list[tuple[str, str, Builder]]:
    specs: list[tuple[str, str, Builder]] = []

    def add(kind: str, name: str, build: Builder) -> None:
        specs.append((kind, name, build))

    t212, t101, t213 = (2.0, 1.0, 2.0), (1.0, 0.0, 1.0), (2.0, 1.0, 3.0)

    def still(rng: random.Random) -> Stand:
        return Stand(round(rng.uniform(0.3, 1.0), 2))

    # A short still start, on the floor and on a step, free and paced.
    add("short_start", "short_start_floor", lambda r: {
        "script": Script([still(r), Reps(10, tempo=t212, rest_s=1.5,
                                          faults={3: ["ankles_out"], 6: ["partial"],
                                                  8: ["too_fast"]})]),
        "tempo": t212, "rate_hz": r.choice((50, 100, 200))})
    add("short_start", "short_start_step", lambda r: {
        "script": Script([still(r), Reps(8, tempo=t213, position="step", rest_s=1.5,
                                          faults={2: ["heels_in"], 5: ["too_fast"]})]),
        "tempo": t213, "rate_hz": 100})
    add("short_start", "short_start_fast", lambda r: {
        "script": Script([still(r), Reps(12, tempo=t101, rest_s=1.5,
                                          faults={4: ["too_fast"], 8: ["partial"]})]),
        "tempo": t101, "rate_hz": 100})
    add("short_start", "short_start_free_noisy", lambda r: {
        "script": Script([still(r), Reps(10, rest_s=1.5)]), "rate_hz": 100,
        "sensors": SensorSetup(tof_noise_mm=r.uniform(2.0, 4.0), tof_edge_hit_rate=1.0)})
    add("short_start", "mid_rise_start", lambda r: {
        "script": Script([Stand(3.0), Reps(9, tempo=t212, rest_s=1.5)]), "tempo": t212,
        "rate_hz": 100, "start_rise": r.uniform(0.3, 0.8)})
    # (On a step, whose heels hang below its level between reps, a recording that begins
    # mid-rise never shows the rest level: no zero until the person stands still.)
    add("short_start", "mid_rise_start_slow", lambda r: {
        "script": Script([Stand(3.0), Reps(8, tempo=t213, rest_s=1.5, faults={3: ["heels_in"]})]),
        "tempo": t213, "rate_hz": 200, "start_rise": r.uniform(0.3, 0.8)})

    # A slow ToF on fast rows: held and empty rows between updates.
    for hold, kind in ((True, "slow_tof_held"), (False, "slow_tof_empty")):
        tag = "held" if hold else "empty"
        add(kind, f"slow_tof_{tag}_10hz_fast", _holding(hold, lambda r, hold: {
            "script": Script([Stand(3.0), Reps(10, tempo=t101, rest_s=0.9,
                                                faults={2: ["too_fast"], 5: ["partial"]})]),
            "tempo": t101, "rate_hz": r.choice((200, 250, 500)),
            "sensors": SensorSetup(tof_update_hz=10.0, tof_hold_between=hold)}))
        add(kind, f"slow_tof_{tag}_paced", _holding(hold, lambda r, hold: {
            "script": Script([Stand(3.0), Reps(8, tempo=t212, rest_s=0.9,
                                                faults={1: ["ankles_out"], 4: ["partial"],
                                                        6: ["too_fast"]})]),
            "tempo": t212, "rate_hz": r.choice((200, 300, 400)),
            "sensors": SensorSetup(tof_update_hz=round(r.uniform(10.0, 30.0)),
                                   tof_hold_between=hold)}))
        add(kind, f"slow_tof_{tag}_step", _holding(hold, lambda r, hold: {
            "script": Script([Stand(3.0), Reps(8, tempo=t213, position="step", rest_s=1.0,
                                                faults={3: ["heels_in"], 5: ["too_fast"]})]),
            "tempo": t213, "rate_hz": r.choice((200, 500)),
            "sensors": SensorSetup(tof_update_hz=round(r.uniform(10.0, 20.0)),
                                   tof_hold_between=hold, tof_noise_mm=2.0)}))
        add(kind, f"slow_tof_{tag}_short_start", _holding(hold, lambda r, hold: {
            "script": Script([still(r), Reps(8, tempo=t212, rest_s=1.5,
                                              faults={2: ["ankles_out"], 5: ["heels_in"]})]),
            "tempo": t212, "rate_hz": r.choice((200, 500)),
            "sensors": SensorSetup(tof_update_hz=round(r.uniform(10.0, 30.0)),
                                   tof_hold_between=hold)}))

    # Shoes: further rest, foam on the strips, single-reading spikes up.
    def shod(r: random.Random, **kw: Any) -> SensorSetup:
        return SensorSetup(strip_foam_tau_s=r.uniform(0.1, 0.3),
                           tof_spike_up_rate=r.uniform(0.3, 1.0), **kw)

    add("shoes", "shoes_floor", lambda r: {
        "script": Script([Stand(3.0), Reps(10, tempo=t212,
                                            faults={2: ["ankles_out"], 7: ["partial"],
                                                    4: ["too_fast"]})]),
        "tempo": t212, "rate_hz": 100, "sensors": shod(r), "sole_mm": r.uniform(20, 35)})
    add("shoes", "shoes_step", lambda r: {
        "script": Script([Stand(3.0), Reps(8, tempo=t213, position="step",
                                            faults={4: ["heels_in"]})]),
        "tempo": t213, "rate_hz": 200, "sensors": shod(r), "sole_mm": r.uniform(20, 35)})
    add("shoes", "shoes_short_start_held", lambda r: {
        "script": Script([still(r), Reps(8, tempo=t212, rest_s=1.5)]), "tempo": t212,
        "rate_hz": 250, "sensors": shod(r, tof_update_hz=round(r.uniform(15.0, 30.0))),
        "sole_mm": r.uniform(20, 35)})
    add("shoes", "shoes_fast_50hz", lambda r: {
        "script": Script([Stand(3.0), Reps(12, tempo=t101, rest_s=0.8,
                                            faults={5: ["too_fast"]})]),
        "tempo": t101, "rate_hz": 50, "sensors": shod(r), "sole_mm": r.uniform(20, 35)})

    # Sunlight.
    def sunny(r: random.Random, **kw: Any) -> SensorSetup:
        return SensorSetup(tof_sun_rate=r.uniform(0.1, 0.3), tof_sun_noise_mm=r.uniform(6, 10),
                           **kw)

    add("sunlight", "sunlight_floor", lambda r: {
        "script": Script([Stand(3.0), Reps(10, tempo=t212, peak_mm=r.uniform(65, 85),
                                            faults={3: ["partial"], 6: ["too_fast"]})]),
        "tempo": t212, "rate_hz": 100, "sensors": sunny(r)})
    add("sunlight", "sunlight_step", lambda r: {
        "script": Script([Stand(3.0), Reps(8, tempo=t213, position="step",
                                            faults={2: ["ankles_out"], 5: ["heels_in"]})]),
        "tempo": t213, "rate_hz": 200, "sensors": sunny(r)})
    add("sunlight", "sunlight_fast", lambda r: {
        "script": Script([Stand(3.0), Reps(12, tempo=t101, rest_s=0.8,
                                            faults={6: ["too_fast"]})]),
        "tempo": t101, "rate_hz": 100, "sensors": sunny(r)})
    add("sunlight", "sunlight_50hz", lambda r: {
        "script": Script([Stand(3.0), Reps(8, tempo=t212)]), "tempo": t212, "rate_hz": 50,
        "sensors": sunny(r)})

    # A smudged or partly covered sensor.
    def covered(r: random.Random, **kw: Any) -> SensorSetup:
        return SensorSetup(tof_cover_share=r.uniform(0.1, 0.3), **kw)

    add("covered", "covered_floor", lambda r: {
        "script": Script([Stand(3.0), Reps(10, tempo=t212, faults={2: ["partial"],
                                                                  7: ["too_fast"]})]),
        "tempo": t212, "rate_hz": 100, "sensors": covered(r)})
    add("covered", "covered_child", lambda r: {
        "script": Script([Stand(3.0), Reps(8, tempo=t212, peak_mm=42.0,
                                            faults={2: ["partial"], 5: ["ankles_out"]})]),
        "tempo": t212, "rate_hz": 100, "mass_kg": 22.0,
        # Light enough a cover that the partial rep still reads above 15 mm.
        "sensors": SensorSetup(tof_cover_share=r.uniform(0.1, 0.15))})
    add("covered", "covered_step", lambda r: {
        "script": Script([Stand(3.0), Reps(8, tempo=t213, position="step",
                                            faults={3: ["heels_in"], 6: ["partial"],
                                                    1: ["too_fast"]})]),
        "tempo": t213, "rate_hz": 200, "sensors": covered(r, tof_noise_mm=2.0)})
    add("covered", "covered_low_reps", lambda r: {
        "script": Script([Stand(3.0), Reps(10, tempo=t212, peak_mm=30.0,
                                            faults={4: ["heels_in"], 7: ["ankles_out"]})]),
        "tempo": t212, "rate_hz": 100, "sensors": covered(r)})

    # Several at once.
    add("field_combined", "field_short_start_sun_held", lambda r: {
        "script": Script([still(r), Reps(10, tempo=t212, rest_s=1.5, faults={4: ["partial"],
                                                                            7: ["too_fast"]})]),
        "tempo": t212, "rate_hz": 250,
        "sensors": sunny(r, tof_update_hz=round(r.uniform(20.0, 30.0)))})
    add("field_combined", "field_shoes_covered_empty", lambda r: {
        "script": Script([still(r), Reps(10, tempo=t212, rest_s=1.5,
                                          faults={2: ["ankles_out"]})]),
        "tempo": t212, "rate_hz": 300, "sole_mm": r.uniform(20, 35),
        "sensors": shod(r, tof_update_hz=round(r.uniform(15.0, 30.0)), tof_hold_between=False,
                        tof_cover_share=r.uniform(0.1, 0.25))})
    add("field_combined", "field_everything_held_10hz", lambda r: {
        "script": Script([still(r), Reps(10, tempo=t101, rest_s=1.5, faults={6: ["partial"]})]),
        "tempo": t101, "rate_hz": 200, "sole_mm": r.uniform(20, 35),
        "sensors": shod(r, tof_update_hz=10.0, tof_sun_rate=0.15, tof_sun_noise_mm=7.0,
                        tof_cover_share=r.uniform(0.1, 0.2))})
    return specs


def field_scenarios(seed: int = 1, kinds: set[str] | None = None) -> list[Scenario]:
    """Every field recording, drawn from ``seed`` (see the module docstring)."""
    out = []
    for i, (kind, name, build) in enumerate(_specs()):
        if kinds is not None and kind not in kinds:
            continue
        rng = random.Random(f"field:{seed}:{name}")
        kw = build(rng)
        sole = kw.pop("sole_mm", 0.0)
        kw.setdefault("mass_kg", round(rng.uniform(50.0, 110.0), 1))
        kw.setdefault("jitter", 0.2)
        sensors = kw.get("sensors", SensorSetup())
        kw["sensors"] = dataclasses.replace(
            sensors, mount_offset_mm=rng.randrange(60, 141) + round(sole),
            strip_spread=0.25, strip_creep=round(rng.uniform(0.05, 0.2), 3),
            strip_hysteresis=round(rng.uniform(0.02, 0.08), 3),
            tof_edge_mm=round(rng.uniform(-5.0, 5.0), 1))
        # Begin the recording this far up the first rise (its share of the rise's time).
        start_rise = kw.pop("start_rise", None)
        scenario = Scenario(name=name, seed=seed * 1000 + 700 + i, kind=kind, **kw)
        if start_rise is not None:
            first = scenario._person().planned_reps[0]
            scenario.start_s = first.rise_s + start_rise * (first.top_s - first.rise_s)
        out.append(scenario)
    return out
