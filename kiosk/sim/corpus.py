"""The labelled corpus: recordings of the simulated person with their true reps.

``scenarios(seed)`` lists about fifty recordings covering every position,
variant, tempo and fault, fatigue, stepping on and off, long pauses, wobbles,
noisy and dropping ToF sensors and sample rates from 50 to 1000 Hz (with
jitter). Each ``Scenario`` streams its ``samples()`` (the section 3 rows) and
knows its ``labels`` (section 4 reps computed with the contract's definitions
on the noiseless signals, see ``kiosk.sim.labels``). ``write_corpus`` writes
``NAME.csv`` and ``NAME.labels.json``; ``smartstep simulate OUTDIR`` calls it.
"""

from __future__ import annotations

import dataclasses
import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.analysis.recording import RecordingWriter
from kiosk.analysis.samples import Sample
from kiosk.sim.labels import RepLabel, TruthRow, label_reps
from kiosk.sim.person import SimulatedPerson
from kiosk.sim.script import (
    Empty,
    Pause,
    Reps,
    Script,
    Stand,
    StepOff,
    StepOffMidRep,
    StepOn,
    Wobble,
)
from kiosk.sim.sensor_models import StripArtefacts, StripModels, ToFModel


@dataclass(frozen=True)
class SensorSetup:
    """How the sensors of one recording behave."""

    tof_noise_mm: float = 1.5
    tof_dropout_rate: float = 0.02  # bursts per second
    tof_spike_rate: float = 0.0005  # per sample
    tof_drift_mm_per_min: float = 0.0
    mount_offset_mm: float = 80.0
    strip_noise_counts: float = 1.5
    # Real hardware (see ``kiosk.sim.sensor_models``); all off in the base corpus.
    strip_spread: float = 0.08
    strip_creep: float = 0.0
    strip_hysteresis: float = 0.0
    tof_edge_hit_rate: float = 0.0
    tof_edge_mm: float = 0.0
    tof_latency_rate: float = 0.0
    tof_long_dropout_rate: float = 0.0
    tof_warmup_drift_mm: float = 0.0
    tof_resolution_mm: float = 1.0
    # More sensors and people (``kiosk.sim.field_corpus``); all off before.
    tof_update_hz: float = 0.0  # 0: a fresh reading on every row
    tof_hold_between: bool = True  # between updates the row repeats the reading (or is empty)
    tof_sun_rate: float = 0.0
    tof_sun_noise_mm: float = 8.0
    tof_cover_share: float = 0.0
    tof_spike_up_rate: float = 0.0
    strip_foam_tau_s: float = 0.0


@dataclass
class Labels:
    """The truth of one recording (what ``NAME.labels.json`` holds)."""

    name: str
    reps: list[RepLabel]
    tempo: str | None
    target_mm: float | None
    rate_hz: float
    duration_s: float
    description: str
    baseline: tuple[float, ...]
    intent_mismatches: list[str] = field(default_factory=list)
    kind: str = "base"  # the artefact the recording is about (as ``Scenario.kind``)

    @property
    def count(self) -> int:
        return len(self.reps)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "description": self.description,
            "tempo": self.tempo,
            "target_mm": self.target_mm,
            "rate_hz": self.rate_hz,
            "duration_s": round(self.duration_s, 3),
            "strip_baseline": [round(b, 2) for b in self.baseline],
            "reps": [r.as_dict() for r in self.reps],
            "summary": {"count": len(self.reps)},
            "intent_mismatches": self.intent_mismatches,
        }


@dataclass
class Scenario:
    """One labelled recording (see the module docstring).

    :param tempo: prescribed (up, hold, down) seconds, or None (no tempo lights).
    :param jitter: sample spacing jitter, a fraction of the period (0..0.4).
    """

    name: str
    script: Script
    rate_hz: float = 100.0
    mass_kg: float = 70.0
    seed: int = 1
    tempo: tuple[float, float, float] | None = None
    target_mm: float | None = None
    jitter: float = 0.2
    sensors: SensorSetup = field(default_factory=SensorSetup)
    description: str = ""
    kind: str = "base"  # the artefact this recording is about ("base": the model as before)
    # The recording starts this far into the script (say mid-rise): rows and labels
    # before it are not part of it.
    start_s: float = 0.0
    _labels: Labels | None = field(default=None, repr=False)

    @property
    def duration_s(self) -> float:
        return self._person().duration_s - self.start_s

    @property
    def tempo_text(self) -> str | None:
        if self.tempo is None:
            return None
        return "-".join(f"{x:g}" for x in self.tempo)

    def samples(self) -> Iterator[Sample]:
        """The recording's rows, generated on the fly (same every time)."""
        for sample, _truth in self._render(want_truth=False):
            if sample is not None:  # always, with want_samples
                yield sample

    @property
    def labels(self) -> Labels:
        """The true reps (computed once, by running the person without sensor noise)."""
        if self._labels is None:
            truth = [row for _s, row in self._render(want_truth=True, want_samples=False)
                     if row is not None]  # always, with want_truth
            self._labels = self._make_labels(truth)
        return self._labels

    def write(self, outdir: Path) -> tuple[Path, Path]:
        """Write ``NAME.csv`` and ``NAME.labels.json`` in one pass."""
        csv_path = outdir / f"{self.name}.csv"
        json_path = outdir / f"{self.name}.labels.json"
        truth: list[TruthRow] = []
        with RecordingWriter(csv_path) as writer:
            for sample, row in self._render(want_truth=True):
                writer.write(sample)  # type: ignore[arg-type]
                truth.append(row)  # type: ignore[arg-type]
        self._labels = self._make_labels(truth)
        json_path.write_text(json.dumps(self._labels.as_dict(), indent=1) + "\n",
                             encoding="utf-8")
        return csv_path, json_path

    # -- internals --------------------------------------------------------------

    def _person(self, track_reps: bool = True) -> SimulatedPerson:
        return SimulatedPerson(self.mass_kg, seed=self.seed, script=self.script,
                               track_reps=track_reps)

    def _strips(self) -> StripModels:
        s = self.sensors
        return StripModels(seed=self.seed, spread=s.strip_spread, noise_counts=s.strip_noise_counts,
                           artefacts=StripArtefacts(creep=s.strip_creep,
                                                    hysteresis=s.strip_hysteresis,
                                                    foam_tau_s=s.strip_foam_tau_s))

    def _times(self, duration: float) -> Iterator[float]:
        rng = random.Random(self.seed * 31 + 7)
        period = 1.0 / self.rate_hz
        last = -1.0
        k = 0
        while True:
            t = k * period + rng.uniform(-self.jitter, self.jitter) * period
            t = max(t, last + 0.05 * period, 0.0)
            if t > duration:
                return
            yield t
            last = t
            k += 1

    def _render(self, want_truth: bool, want_samples: bool = True
                ) -> Iterator[tuple[Sample | None, TruthRow | None]]:
        person = self._person(track_reps=False)  # the labels find the reps
        strips = self._strips()
        s = self.sensors
        tof = ToFModel(s.mount_offset_mm, s.tof_noise_mm, s.tof_dropout_rate, s.tof_spike_rate,
                       s.tof_drift_mm_per_min, seed=self.seed + 5,
                       edge_hit_rate=s.tof_edge_hit_rate, edge_mm=s.tof_edge_mm,
                       latency_rate=s.tof_latency_rate,
                       long_dropout_rate=s.tof_long_dropout_rate,
                       warmup_drift_mm=s.tof_warmup_drift_mm, resolution_mm=s.tof_resolution_mm,
                       update_hz=s.tof_update_hz, hold_between=s.tof_hold_between,
                       sun_rate=s.tof_sun_rate, sun_noise_mm=s.tof_sun_noise_mm,
                       cover_share=s.tof_cover_share, spike_up_rate=s.tof_spike_up_rate)
        artefacts = s.strip_creep or s.strip_hysteresis or s.strip_foam_tau_s
        start = self.start_s
        for t in self._times(person.duration_s):
            state = person.state_at(t)
            ideal = strips.ideal(state.loads_n)
            # The ToF runs for the labels too: they need to know what it did not see.
            distance = tof.distance(state.beam_mm(), t)
            sensed = strips.sensed(state.loads_n, t) if artefacts and want_samples else None
            if t < start:
                continue  # before the recording began
            sample = None
            if want_samples:
                counts = ideal if sensed is None else strips.ideal(sensed)
                sample = Sample(round(t - start, 6), distance, strips.noisy(counts))
            row = None
            if want_truth:
                # A row between two updates of a slow sensor is no dropout: it saw the heel.
                row = (t - start, state.on_step and not state.stepping, state.heel_mm, ideal,
                       distance is not None or tof.between)
            yield sample, row

    def _make_labels(self, truth: list[TruthRow]) -> Labels:
        # The analysis knows the strips' baselines only when the recording starts empty.
        baseline = self._strips().baseline() if self.script.starts_empty() else (0.0,) * 6
        reps = label_reps(truth, baseline, self.tempo, self.target_mm)
        person = self._person()
        planned = [r for r in person.planned_reps if r.rise_s >= self.start_s]
        mismatches = []
        if len(planned) != len(reps):
            mismatches.append(f"{len(planned)} reps planned, {len(reps)} in the signal")
        for i, (plan, rep) in enumerate(zip(planned, reps, strict=False)):
            wanted = sorted(f for f in plan.faults if f != "too_fast" or self.tempo)
            if wanted != rep.faults:
                mismatches.append(f"rep {i}: faults {wanted} planned, {rep.faults} in the signal")
            if plan.stance != rep.stance:
                mismatches.append(f"rep {i}: stance {plan.stance} planned, {rep.stance} found")
        return Labels(self.name, reps, self.tempo_text, self.target_mm, self.rate_hz,
                      truth[-1][0] if truth else 0.0, self.description, baseline, mismatches,
                      kind=self.kind)


# -- the scenarios -------------------------------------------------------------------

def _set(n: int, **kw: Any) -> Reps:
    return Reps(n, **kw)


def _scenario_specs() -> list[tuple[str, Callable[[], dict[str, Any]]]]:
    """(name, builder) for every scenario; builders return Scenario keyword arguments."""
    specs: list[tuple[str, Callable[[], dict[str, Any]]]] = []

    def add(name: str, script: list[Any], **kw: Any) -> None:
        specs.append((name, lambda: {"script": Script(script), **kw}))

    still = Stand(3.0)
    t212, t213, t101, t323, t202 = (2, 1, 2), (2, 1, 3), (1, 0, 1), (3, 2, 3), (2, 0, 2)

    # Positions and variants.
    for pos, rate in (("floor", 100), ("step", 100), ("sitting", 50)):
        for variant in ("both", "left", "right", "ecc_left", "ecc_right"):
            if pos == "sitting" and variant.startswith("ecc"):
                continue
            tempo = t213 if pos == "step" else t212
            add(f"{pos}_{variant}", [still, _set(6, tempo=tempo, position=pos, variant=variant)],
                rate_hz=200 if (pos, variant) == ("step", "both") else rate, tempo=tempo,
                description=f"{variant} feet, {pos}")
    # Tempos.
    add("tempo_1-0-1", [still, _set(12, tempo=t101, rest_s=0.5)], tempo=t101, rate_hz=100)
    add("tempo_3-2-3", [still, _set(6, tempo=t323, position="step")], tempo=t323, rate_hz=100)
    add("tempo_2-0-2_step", [still, _set(6, tempo=t202, position="step", rest_s=0.3)],
        tempo=t202, rate_hz=250)
    add("heel_rise_test_60bpm", [still, _set(25, tempo=t101, rest_s=0.05, fatigue=1.0,
                                             variant="left")],
        tempo=t101, rate_hz=100, description="standard heel-rise test pace, tiring")
    # Faults, in every position and with single-leg variants.
    for pos, rate in (("floor", 100), ("step", 100), ("sitting", 50)):
        tempo = t213
        add(f"ankles_out_{pos}", [still, _set(7, tempo=tempo, position=pos,
                                              faults={1: ["ankles_out"], 4: ["ankles_out"]},
                                              near_misses={3: ["ankles_out"]})],
            tempo=tempo, rate_hz=rate)
        add(f"heels_in_{pos}", [still, _set(7, tempo=tempo, position=pos,
                                            faults={2: ["heels_in"], 5: ["heels_in"]},
                                            near_misses={3: ["heels_in"]})],
            tempo=tempo, rate_hz=rate)
        add(f"too_fast_{pos}", [still, _set(7, tempo=tempo, position=pos,
                                            faults={1: ["too_fast"], 3: ["too_fast"]})],
            tempo=tempo, rate_hz=rate)
        add(f"partial_{pos}", [still, _set(8, tempo=tempo, position=pos,
                                           faults={2: ["partial"], 6: ["partial"]},
                                           near_misses={4: ["partial"]})],
            tempo=tempo, rate_hz=rate)
    add("ankles_out_single_left", [still, _set(6, tempo=t213, variant="left",
                                               faults={0: ["ankles_out"], 3: ["ankles_out"]})],
        tempo=t213, rate_hz=100)
    add("heels_in_ecc_right", [still, _set(6, tempo=t213, variant="ecc_right", position="step",
                                           faults={1: ["heels_in"], 4: ["heels_in"]})],
        tempo=t213, rate_hz=100)
    add("too_fast_single_right", [still, _set(6, tempo=t323, variant="right",
                                              faults={2: ["too_fast"]})],
        tempo=t323, rate_hz=100)
    add("partial_target", [still, _set(6, tempo=t212, faults={1: ["partial"], 4: ["partial"]},
                                       peak_mm=80.0)],
        tempo=t212, target_mm=80.0, rate_hz=100, description="partial against a target")
    add("mixed_faults", [still, _set(10, tempo=t213, position="step", faults={
        1: ["ankles_out"], 3: ["heels_in"], 5: ["too_fast"], 7: ["partial"],
        8: ["too_fast", "partial"], 9: ["ankles_out", "heels_in"]})], tempo=t213, rate_hz=100)
    add("near_misses_floor", [still, _set(8, tempo=t213, near_misses={
        1: ["ankles_out"], 2: ["ankles_out_mild"], 4: ["heels_in"], 5: ["partial"]},
        faults={6: ["ankles_out"]})], tempo=t213, rate_hz=100,
        description="brief or mild rolls, a short collapse, an 86 % rep: none is a fault")
    add("near_misses_step_single", [still, _set(7, tempo=t213, position="step", variant="left",
                                                near_misses={0: ["ankles_out_mild"],
                                                             2: ["heels_in"], 3: ["ankles_out"],
                                                             5: ["ankles_out_mild"]},
                                                faults={4: ["heels_in"]})],
        tempo=t213, rate_hz=100)
    add("no_tempo_faults", [still, _set(6, faults={1: ["ankles_out"], 3: ["partial"]})],
        rate_hz=100, description="no tempo prescribed: too_fast is not labelled")
    # Fatigue.
    add("fatigue_floor", [still, _set(20, tempo=t101, rest_s=0.4, fatigue=1.0)], tempo=t101,
        rate_hz=100)
    add("fatigue_step_single", [still, _set(12, tempo=t213, position="step", variant="right",
                                            fatigue=1.0)], tempo=t213, rate_hz=100)
    # Stepping on and off, pauses, wobbles.
    add("step_on_off", [Empty(3), StepOn(), still, _set(4, tempo=t212), StepOff(), Empty(4),
                        StepOn(), still, _set(4, tempo=t212, position="step"), StepOff(),
                        Empty(2)], tempo=t212, rate_hz=100)
    add("empty_then_free_reps", [Empty(5), StepOn(), still, _set(6), Stand(2), StepOff()],
        rate_hz=50)
    add("long_pauses", [still, _set(4, tempo=t212), Pause(30), Stand(2),
                        _set(4, tempo=t212), Pause(25)], tempo=t212, rate_hz=50)
    add("wobbles_between", [still, Wobble(3, 7.0), _set(4, tempo=t212), Wobble(4, 8.5, 0.8),
                            _set(3, tempo=t212), Wobble(2, 5.0)], tempo=t212, rate_hz=100)
    add("wobbles_only", [Empty(2), StepOn(), still, Wobble(6, 9.0), Pause(15), Wobble(4, 8.0),
                         StepOff(), Empty(2)], rate_hz=100, description="no reps at all")
    # Surfaces, spacing, loads and bodies.
    add("unstable_both", [still, _set(8, tempo=t213, surface="unstable")], tempo=t213,
        rate_hz=100)
    add("unstable_single_left", [still, _set(6, tempo=t213, variant="left", surface="unstable")],
        tempo=t213, rate_hz=100)
    add("narrow_feet", [still, _set(6, tempo=t212, spacing="narrow")], tempo=t212, rate_hz=100)
    add("wide_feet", [still, _set(6, tempo=t212, spacing="wide", position="step")], tempo=t212,
        rate_hz=100)
    add("added_weight_20kg", [still, _set(8, tempo=t212, added_kg=20.0)], tempo=t212,
        rate_hz=100, mass_kg=80.0)
    add("heavy_150kg_single", [still, _set(6, tempo=t213, variant="right",
                                           faults={2: ["heels_in"], 4: ["ankles_out"]})],
        tempo=t213, rate_hz=100, mass_kg=150.0)
    add("light_40kg_sitting", [still, _set(6, tempo=t212, position="sitting",
                                           faults={3: ["ankles_out"]})],
        tempo=t212, rate_hz=100, mass_kg=40.0)
    # Sensors and rates.
    add("tof_noisy_7mm", [still, _set(8, tempo=t213, position="step")], tempo=t213,
        rate_hz=100, sensors=SensorSetup(tof_noise_mm=7.0))
    add("tof_dropouts", [still, _set(8, tempo=t212)], tempo=t212, rate_hz=100,
        sensors=SensorSetup(tof_dropout_rate=1.0, tof_spike_rate=0.01))
    add("tof_drift", [still, _set(10, tempo=t212), Pause(20), Stand(2), _set(5, tempo=t212)],
        tempo=t212, rate_hz=50, sensors=SensorSetup(tof_drift_mm_per_min=3.0, tof_noise_mm=3.0))
    add("rate_1000hz", [still, _set(3, tempo=t212, position="step")], tempo=t212, rate_hz=1000)
    add("rate_500hz_single", [still, _set(3, tempo=t212, variant="left")], tempo=t212,
        rate_hz=500)
    add("rate_50hz_jittery", [still, _set(8, tempo=t212)], tempo=t212, rate_hz=50)
    add("session_three_sets", [Empty(2), StepOn(), still,
                               _set(3, tempo=t213, position="step", fatigue=0.4),
                               Pause(6), Stand(2.5),
                               _set(3, tempo=t213, position="step", fatigue=0.6,
                                    faults={1: ["ankles_out"]}),
                               Pause(6), Stand(2.5),
                               _set(3, tempo=t213, position="step", fatigue=0.9),
                               StepOff(), Empty(2)], tempo=t213, rate_hz=100)
    return specs


def _artefact_specs() -> list[tuple[str, str, Callable[[], dict[str, Any]]]]:
    """(kind, name, builder): the phenomena of real hardware and real patients.

    Every one of these also has real strips (gains spread +-25 %, creep and
    hysteresis, drawn per recording in ``scenarios``).
    """
    specs: list[tuple[str, str, Callable[[], dict[str, Any]]]] = []

    def add(kind: str, name: str, script: list[Any], **kw: Any) -> None:
        specs.append((kind, name, lambda: {"script": Script(script), **kw}))

    still = Stand(3.0)
    t212, t213, t222 = (2, 1, 2), (2, 1, 3), (2, 2, 2)
    fast = (0.28, 0.0, 0.28)  # a short rep: under 0.6 s from 5 mm back to 5 mm

    # ToF edge hits in the middle of rises, at the rates where they are hardest.
    for rate, pos in ((50, "floor"), (100, "step"), (200, "floor")):
        add("edge_hits", f"real_edge_hits_{rate}hz", [still, Reps(8, tempo=t212, position=pos)],
            tempo=t212, rate_hz=rate,
            sensors=SensorSetup(tof_noise_mm=2.0, tof_edge_hit_rate=2.0))
    add("edge_hits", "real_edge_hits_fast", [still, Reps(10, tempo=(0.6, 0.2, 0.6), rest_s=0.6)],
        tempo=(0.6, 0.2, 0.6), rate_hz=100,
        sensors=SensorSetup(tof_noise_mm=1.5, tof_edge_hit_rate=3.0))
    # Latency bursts, long dropouts, thermal drift.
    for rate in (50, 100):
        add("latency_bursts", f"real_latency_{rate}hz", [still, Reps(8, tempo=t212)],
            tempo=t212, rate_hz=rate, sensors=SensorSetup(tof_latency_rate=3.0))
    for i, rate in enumerate((50, 100)):
        add("long_dropouts", f"real_long_dropouts_{i}", [still, Reps(10, tempo=t212)],
            tempo=t212, rate_hz=rate, sensors=SensorSetup(tof_long_dropout_rate=0.25))
    add("thermal_drift", "real_warm_up_5min",
        [still, Reps(8, tempo=t213), Pause(55), Stand(2), Reps(8, tempo=t213), Pause(55),
         Stand(2), Reps(8, tempo=t213)], tempo=t213, rate_hz=50,
        sensors=SensorSetup(tof_warmup_drift_mm=10.0, tof_noise_mm=2.0))
    # Short reps on coarse or noisy sensors.
    for rate, noise, step in ((50, 1.5, 10.0), (100, 1.5, 10.0), (50, 3.0, 1.0), (100, 3.0, 1.0)):
        add("short_reps_coarse", f"real_short_reps_{rate}hz_{noise:g}mm_{step:g}mm",
            [still, Reps(12, tempo=fast, rest_s=0.8)], rate_hz=rate,
            sensors=SensorSetup(tof_noise_mm=noise, tof_resolution_mm=step))
    # Patients.
    for share, pos in ((0.25, "floor"), (0.5, "step")):
        add("rail", f"real_rail_{round(share * 100)}", [still, Reps(8, tempo=t213, position=pos,
                                                                    rail_share=share)],
            tempo=t213, rate_hz=100)
    add("ballistic", "real_ballistic_step",
        [still, Reps(8, tempo=t213, position="step", ballistic=True, bottom_mm=-25.0,
                     faults={i: ["too_fast"] for i in range(8)})], tempo=t213, rate_hz=100)
    add("ballistic", "real_ballistic_free", [still, Reps(8, position="step", ballistic=True,
                                                         bottom_mm=-25.0)], rate_hz=200)
    for pos in ("floor", "step"):
        add("slow_eccentric", f"real_slow_eccentric_{pos}",
            [still, Reps(5, tempo=(2, 1, 9), position=pos)], tempo=(2, 1, 9), rate_hz=100)
    for rate, tremor in ((100, 2.0), (50, 3.0)):
        add("tremor", f"real_tremor_{rate}hz", [still, Reps(8, tempo=t222, tremor_mm=tremor)],
            tempo=t222, rate_hz=rate)
    for rate in (50, 100):
        add("step_off_on", f"real_step_off_on_{rate}hz",
            [Empty(2), StepOn(swing_mm=200.0), still, Reps(3, tempo=t212), StepOffMidRep(),
             Empty(2), StepOn(swing_mm=210.0), Stand(0.5), Reps(4, tempo=t212)],
            tempo=t212, rate_hz=rate)
    add("stance_change", "real_stance_change",
        [still, Reps(3, tempo=t213), Reps(3, tempo=t213, variant="left"),
         Reps(3, tempo=t213, variant="ecc_right", position="step")], tempo=t213, rate_hz=100)
    for pos in ("floor", "step"):
        add("double_rise", f"real_double_rise_{pos}",
            [still, Reps(6, tempo=t213, position=pos, double_rise=(1, 3, 5))], tempo=t213,
            rate_hz=100)
    add("body_mass", "real_child_20kg", [still, Reps(8, tempo=t212, peak_mm=40.0,
                                                     faults={3: ["ankles_out"]})],
        tempo=t212, rate_hz=100, mass_kg=20.0)
    add("body_mass", "real_heavy_200kg_single", [still, Reps(6, tempo=t213, variant="right",
                                                             faults={2: ["heels_in"]})],
        tempo=t213, rate_hz=100, mass_kg=200.0)
    add("body_mass", "real_heavy_200kg_step", [still, Reps(6, tempo=t213, position="step",
                                                           faults={4: ["partial"]})],
        tempo=t213, rate_hz=100, mass_kg=200.0)
    # Everything at once: how a bad day on a real step looks.
    everything = SensorSetup(tof_noise_mm=2.0, tof_resolution_mm=10.0, tof_edge_hit_rate=1.5,
                             tof_latency_rate=2.0, tof_long_dropout_rate=0.1,
                             tof_warmup_drift_mm=10.0)
    add("combined", "real_everything_50hz",
        [Empty(2), StepOn(swing_mm=180.0), still,
         Reps(5, tempo=t213, rail_share=0.3, tremor_mm=2.0, faults={2: ["ankles_out"]}),
         StepOffMidRep(), Empty(2), StepOn(swing_mm=230.0), Stand(0.5),
         Reps(5, tempo=t213, position="step", double_rise=(1,), faults={3: ["heels_in"]})],
        tempo=t213, rate_hz=50, sensors=everything)
    add("combined", "real_everything_100hz_fast",
        [still, Reps(10, tempo=fast, rest_s=0.7, faults={4: ["partial"]}),
         Reps(6, position="step", ballistic=True, bottom_mm=-25.0)],
        rate_hz=100, sensors=everything)
    add("fsr_creep", "real_fsr_creep_faults",
        [still, Reps(10, tempo=t213, faults={2: ["ankles_out"], 5: ["heels_in"],
                                             8: ["ankles_out"]})], tempo=t213, rate_hz=100)
    return specs


def scenarios(seed: int = 1, kinds: set[str] | None = None) -> list[Scenario]:
    """Every scenario of the corpus, each with its own seed derived from ``seed``.

    :param kinds: only scenarios of these kinds (``"base"`` or an artefact kind).
    """
    rng = random.Random(seed)
    out = []
    for i, (name, build) in enumerate(_scenario_specs()):
        kw = build()
        kw.setdefault("mass_kg", round(rng.uniform(50.0, 110.0), 1))
        kw.setdefault("jitter", 0.35 if "jittery" in name else 0.15)
        # Every step is built a little differently: the sensor's distance to the heel.
        sensors = kw.get("sensors", SensorSetup())
        kw["sensors"] = dataclasses.replace(sensors, mount_offset_mm=rng.randrange(60, 141))
        out.append(Scenario(name=name, seed=seed * 1000 + i, **kw))
    real = random.Random(seed + 7)  # its own stream: the base corpus stays as it was
    for i, (kind, name, build) in enumerate(_artefact_specs()):
        kw = build()
        kw.setdefault("mass_kg", round(real.uniform(50.0, 110.0), 1))
        kw.setdefault("jitter", 0.2)
        sensors = kw.get("sensors", SensorSetup())
        kw["sensors"] = dataclasses.replace(
            sensors, mount_offset_mm=real.randrange(60, 141), strip_spread=0.25,
            strip_creep=round(real.uniform(0.05, 0.2), 3),
            strip_hysteresis=round(real.uniform(0.02, 0.08), 3),
            tof_edge_mm=round(real.uniform(-5.0, 5.0), 1),
            tof_drift_mm_per_min=sensors.tof_drift_mm_per_min)
        out.append(Scenario(name=name, seed=seed * 1000 + 500 + i, kind=kind, **kw))
    if kinds is not None:
        out = [s for s in out if s.kind in kinds]
    return out


def write_corpus(outdir: str | Path, seed: int = 1, count: int | None = None) -> list[Path]:
    """Write every scenario (or the first ``count``) as NAME.csv + NAME.labels.json."""
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for scenario in scenarios(seed)[:count]:
        paths.extend(scenario.write(out))
    return paths
