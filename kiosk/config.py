"""Configuration: one TOML file, validated into typed sections.

Where the file comes from (the command-line contract): ``--config F``, else
``$SMARTSTEP_CONFIG``, else ``/etc/smartstep/config.toml`` when it exists, else
the built-in defaults, which put every device on the simulated step.

Every key, its type and its default live in the dataclasses below; the
documented copy is ``assets/config.example.toml`` (a test keeps the two equal).
A bad file raises ``ConfigError`` with one line naming the file and the key.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.errors import ConfigError, UserError
from kiosk.programme import Tempo

SYSTEM_CONFIG = Path("/etc/smartstep/config.toml")

# A plain name (it becomes a folder name on the USB stick).
STEP_ID = re.compile(r"[A-Za-z0-9_-]{1,40}")

# BCM GPIO numbers that exist on the Pi's 40-pin header.
GPIO_RANGE = (2, 27)


def _choice(*values: str) -> dict[str, Any]:
    return {"choices": values}


def _range(lo: float, hi: float) -> dict[str, Any]:
    return {"range": (lo, hi)}


@dataclass(frozen=True)
class ToFConfig:
    """Heel-height time-of-flight sensor on the UART."""

    backend: str = field(default="sim", metadata=_choice("serial", "sim"))
    port: str = "/dev/serial0"
    protocol: str = field(default="nlink", metadata=_choice("nlink", "benewake"))
    baud: int = field(default=921600, metadata=_range(9600, 4_000_000))
    mount: str = field(default="below", metadata=_choice("below", "above"))
    # Longest wait between two attempts to reopen a vanished port.
    reopen_max_s: float = field(default=1.0, metadata=_range(0.05, 10.0))
    # Simulated sensor only: its output rate and noise.
    sim_rate_hz: float = field(default=100.0, metadata=_range(10.0, 1000.0))
    sim_noise_mm: float = field(default=2.0, metadata=_range(0.0, 7.0))


@dataclass(frozen=True)
class StripsConfig:
    """The six FSR pressure strips, read through an MCP3008 on SPI."""

    backend: str = field(default="sim", metadata=_choice("mcp3008", "sim"))
    rate_hz: float = field(default=100.0, metadata=_range(10.0, 1000.0))
    spi_port: int = field(default=0, metadata=_range(0, 1))
    spi_device: int = field(default=0, metadata=_range(0, 1))
    # MCP3008 channel (0..7) of each strip.
    channels: dict[str, int] = field(
        default_factory=lambda: {
            "l_toe": 0, "l_lat": 1, "l_heel": 2, "r_toe": 3, "r_lat": 4, "r_heel": 5,
        },
        metadata={"keys": ("l_toe", "l_lat", "l_heel", "r_toe", "r_lat", "r_heel"),
                  "range": (0, 7)},
    )


@dataclass(frozen=True)
class LightsConfig:
    """LED tempo lights, buzzer and the start/pause button (BCM pin numbers)."""

    backend: str = field(default="sim", metadata=_choice("gpio", "sim"))
    bar_pins: list[int] = field(
        default_factory=lambda: [5, 6, 13, 19, 26], metadata={"range": GPIO_RANGE}
    )
    rgb_pins: list[int] = field(
        default_factory=lambda: [16, 20, 21], metadata={"range": GPIO_RANGE, "length": 3}
    )
    buzzer_pin: int = field(default=12, metadata=_range(*GPIO_RANGE))
    button_pin: int = field(default=4, metadata=_range(*GPIO_RANGE))
    # 0 = silent .. 1 = loudest the buzzer can do; `mute` silences it entirely.
    volume: float = field(default=0.6, metadata=_range(0.0, 1.0))
    mute: bool = False
    # LED brightness, 0..1 (PWM duty); dim them for a dark room.
    brightness: float = field(default=1.0, metadata=_range(0.05, 1.0))


@dataclass(frozen=True)
class AnalysisConfig:
    """Thresholds of the movement analysis (the analysis definitions)."""

    rep_low_mm: float = field(default=5.0, metadata=_range(0.0, 50.0))
    rep_high_mm: float = field(default=15.0, metadata=_range(1.0, 100.0))
    zero_still_s: float = field(default=2.0, metadata=_range(0.5, 10.0))
    foot_load_share: float = field(default=0.15, metadata=_range(0.0, 0.5))
    # Feet check before a set: "stand evenly" while one foot's share of the load is
    # further than this from a half.
    even_stance_tolerance: float = field(default=0.15, metadata=_range(0.02, 0.5))
    partial_ratio: float = field(default=0.70, metadata=_range(0.1, 1.0))
    too_fast_ratio: float = field(default=0.30, metadata=_range(0.05, 1.0))
    ankles_out_share: float = field(default=0.60, metadata=_range(0.3, 1.0))
    ankles_out_min_s: float = field(default=0.20, metadata=_range(0.0, 2.0))
    ankles_out_height_ratio: float = field(default=0.80, metadata=_range(0.3, 1.0))
    heels_in_share: float = field(default=0.85, metadata=_range(0.3, 1.0))
    heels_in_min_s: float = field(default=0.30, metadata=_range(0.0, 2.0))
    forefoot_min_counts: float = field(default=40.0, metadata=_range(0.0, 500.0))
    # Somebody is on the step when all six strips together read this many counts
    # above their empty-step baselines (off again below 60 % of it).
    occupied_counts: float = field(default=200.0, metadata=_range(5.0, 3000.0))
    # Empty-step strip baselines: learned from the newest `baseline_window` samples
    # of an empty step (below 60 % of `occupied_counts`), once there are at least
    # `baseline_min_samples` of them.
    baseline_min_samples: int = field(default=20, metadata=_range(5, 10000))
    baseline_window: int = field(default=200, metadata=_range(5, 100000))
    # "Still" for the zero: 0.25 s means of the heel level stay within this.
    still_tolerance_mm: float = field(default=4.0, metadata=_range(0.5, 30.0))
    # A ToF reading this far from the current height is a spike unless it persists.
    spike_gate_mm: float = field(default=60.0, metadata=_range(10.0, 1000.0))
    # Lag allowed to the live heel height's smoothing (the rep event must come
    # within 50 ms), and the zero-lag smoothing span used to measure each rep.
    live_lag_s: float = field(default=0.03, metadata=_range(0.0, 0.05))
    smoothing_s: float = field(default=0.12, metadata=_range(0.0, 1.0))
    # Slow ToF drift: near zero at rest, the zero follows the heel with this time constant.
    drift_tau_s: float = field(default=10.0, metadata=_range(1.0, 600.0))
    # What a heel can do (the gate on ToF readings; edge hits, spikes and a foot swinging
    # through the beam cannot). Its acceleration stays below max_heel_accel_mm_s2; the
    # speed estimate may lag the heel by speed_lag_up_s for a reading no edge hit gives
    # (above the heel's course, or well above the rest level), by speed_lag_edge_s for
    # one near the rest level, where an edge hit reads. A reading beyond that starts an
    # excursion, taken as the heel's only when its level persists for excursion_relock_s
    # (excursion_relock_up_s above the heel's course and the edge).
    max_heel_accel_mm_s2: float = field(default=10000.0, metadata=_range(1000.0, 100000.0))
    # No heel rises more than max_heel_rise_mm above its rest: a reading higher than that
    # is an excursion (a spike, the room past a lifted foot) until it persists.
    max_heel_rise_mm: float = field(default=150.0, metadata=_range(50.0, 500.0))
    speed_lag_up_s: float = field(default=0.08, metadata=_range(0.0, 0.5))
    speed_lag_edge_s: float = field(default=0.02, metadata=_range(0.0, 0.5))
    excursion_relock_s: float = field(default=0.25, metadata=_range(0.05, 2.0))
    excursion_relock_up_s: float = field(default=0.06, metadata=_range(0.02, 2.0))
    # Latency bursts: a value repeated for at most stale_max_s after the heel was rising
    # at stale_min_speed_mm_s or more may have been stale (0 turns this off).
    stale_max_s: float = field(default=0.1, metadata=_range(0.0, 0.5))
    stale_min_speed_mm_s: float = field(default=100.0, metadata=_range(0.0, 5000.0))
    # Stepping on or off: after the step becomes occupied (or is zeroed), reps wait until
    # the strips' total has stayed within settle_load_band of its average (time constant
    # settle_load_tau_s) and the heel below rep_low_mm for settle_s. A rep that ends with
    # less than step_off_load_share of the load it had at its start and step_off_lookback_s
    # before its end is a step off.
    settle_load_band: float = field(default=0.12, metadata=_range(0.01, 1.0))
    settle_load_tau_s: float = field(default=0.3, metadata=_range(0.01, 5.0))
    settle_s: float = field(default=0.4, metadata=_range(0.0, 5.0))
    step_off_load_share: float = field(default=0.5, metadata=_range(0.05, 1.0))
    step_off_lookback_s: float = field(default=0.5, metadata=_range(0.05, 5.0))
    # Short reps' tops: a rep shorter than peak_fit_max_rep_s has its peak from a parabola
    # fitted to the readings down to peak_fit_depth of its rise (readings more than
    # peak_fit_outlier_mm, or 3 noise SDs, off a first fit left out of a second).
    peak_fit_max_rep_s: float = field(default=1.0, metadata=_range(0.0, 10.0))
    peak_fit_depth: float = field(default=0.5, metadata=_range(0.1, 0.9))
    peak_fit_outlier_mm: float = field(default=8.0, metadata=_range(1.0, 100.0))
    # No heel-height reading for this long at a rep's top, and for most of it (a dropout),
    # hides the top: its peak is only a lower bound, so no `partial` is decided for it.
    hidden_top_gap_s: float = field(default=0.1, metadata=_range(0.02, 2.0))


@dataclass(frozen=True)
class SessionConfig:
    """Kiosk behaviour around a session."""

    idle_timeout_s: float = field(default=90.0, metadata=_range(10.0, 3600.0))
    # A set (or its calibration, countdown or pause) with no rep and no touch for this
    # long ends the session as stopped, even with the step loaded: a bag left on the
    # step, or somebody standing and chatting, must not hold a session open for hours.
    no_rep_timeout_s: float = field(default=300.0, metadata=_range(30.0, 3600.0))
    # Default tempo (up-hold-down, seconds) and rest for a guest or new patient.
    tempo: str = "2-1-3"
    rest_s: float = field(default=60.0, metadata=_range(0.0, 600.0))
    sets: int = field(default=3, metadata=_range(1, 10))
    reps: int = field(default=12, metadata=_range(1, 100))
    pacing_mode: str = field(default="adaptive", metadata=_choice("adaptive", "lead"))


@dataclass(frozen=True)
class HeelRiseConfig:
    """The heel-rise test's protocol, stop rules, measurement quality and detectable
    change (sources in docs/analysis.md)."""

    # The metronome: one beat up, one down (60 beats a minute: the norm studies).
    pace_bpm: float = field(default=60.0, metadata=_range(30.0, 120.0))
    # Heel no longer rising: a rep below low_fraction of the mean peak of the first
    # first_reps reps is not counted; low_reps_to_end of them in a row end the test.
    first_reps: int = field(default=3, metadata=_range(1, 10))
    low_fraction: float = field(default=0.5, metadata=_range(0.1, 0.95))
    low_reps_to_end: int = field(default=2, metadata=_range(1, 10))
    # Pace lost: this many beats with no rep started after one was due end the test.
    missed_beats_to_end: int = field(default=2, metadata=_range(1, 10))
    # More than fingertip support: with the heels down, the strips' total below the
    # standing load by more than this share, in support_rests rests between reps in a row
    # (or for support_hold_s seconds standing), ends the test.
    support_margin: float = field(default=0.10, metadata=_range(0.02, 0.5))
    support_rests: int = field(default=2, metadata=_range(1, 10))
    support_hold_s: float = field(default=1.0, metadata=_range(0.1, 10.0))
    # Measurement quality: share of samples without a heel-height reading, and the
    # heel height's spread at rest (mm), that make a test "fair" or "poor"; a staff
    # strip calibration older than this many days makes it "fair".
    fair_dropout_share: float = field(default=0.02, metadata=_range(0.0, 1.0))
    poor_dropout_share: float = field(default=0.10, metadata=_range(0.0, 1.0))
    fair_noise_mm: float = field(default=1.5, metadata=_range(0.1, 20.0))
    poor_noise_mm: float = field(default=3.0, metadata=_range(0.1, 20.0))
    calibration_max_age_days: float = field(default=180.0, metadata=_range(1.0, 3650.0))
    # Standard errors of measurement (Byrne 2017, linear encoder, test-retest); the
    # minimal detectable change is 1.96 x sqrt(2) x SEM (about 2.2 cm, 1,160 J, 19 reps).
    # Ross 2000 gives a reps SEM of 2.07 (sem_reps = 2.07: a change of 6 reps).
    sem_height_mm: float = field(default=8.0, metadata=_range(0.1, 100.0))
    sem_work_j: float = field(default=419.0, metadata=_range(1.0, 10000.0))
    sem_reps: float = field(default=6.7, metadata=_range(0.1, 50.0))


@dataclass(frozen=True)
class StorageConfig:
    """Database and recordings."""

    # Delete recordings older than this many days; 0 keeps everything.
    recordings_keep_days: int = field(default=0, metadata=_range(0, 36500))


@dataclass(frozen=True)
class UsbConfig:
    """USB sticks for exports."""

    backend: str = field(default="sim", metadata=_choice("udisks2", "sim"))
    # Simulated sticks: folders under this directory ("" = <data dir>/sim-usb).
    sim_dir: str = ""
    # Export new data by itself when a stick with a SmartStep/ folder is inserted.
    auto_export: bool = False
    # A file whose first line is the export passphrase ("" = none): every export from
    # the kiosk, automatic ones too, is then encrypted with it, nobody types it.
    passphrase_file: str = ""


@dataclass(frozen=True)
class DemoConfig:
    """The demo's own short programme (`run --demo`): one loop, home to summary and
    back, well under 2.5 minutes, so attract mode shows whole sessions often."""

    sets: int = field(default=2, metadata=_range(1, 10))
    reps: int = field(default=6, metadata=_range(1, 100))
    tempo: str = "2-1-2"
    rest_s: float = field(default=15.0, metadata=_range(0.0, 600.0))
    # Every Nth loop is the heel-rise test instead (the simulated person tires until the
    # test stops by its rules); 0: never.
    heel_rise_test_every: int = field(default=3, metadata=_range(0, 20))


@dataclass(frozen=True)
class UIConfig:
    fullscreen: bool = False
    # Show the keyboard help on the simulated step.
    show_sim_keys: bool = True


@dataclass(frozen=True)
class Config:
    """The whole configuration. ``source`` is the file it came from, if any."""

    data_dir: str = ""
    step_id: str = "step-01"
    # The clinic's name, printed at the top of every patient report ("" = none).
    clinic_name: str = field(default="", metadata={"max_length": 80})
    tof: ToFConfig = field(default_factory=ToFConfig)
    strips: StripsConfig = field(default_factory=StripsConfig)
    lights: LightsConfig = field(default_factory=LightsConfig)
    analysis: AnalysisConfig = field(default_factory=AnalysisConfig)
    session: SessionConfig = field(default_factory=SessionConfig)
    heel_rise: HeelRiseConfig = field(default_factory=HeelRiseConfig)
    storage: StorageConfig = field(default_factory=StorageConfig)
    usb: UsbConfig = field(default_factory=UsbConfig)
    ui: UIConfig = field(default_factory=UIConfig)
    demo: DemoConfig = field(default_factory=DemoConfig)
    source: str | None = field(default=None, metadata={"internal": True})

    def all_simulated(self) -> Config:
        """This configuration with every device on the simulated step (``--sim``)."""
        return dataclasses.replace(
            self,
            tof=dataclasses.replace(self.tof, backend="sim"),
            strips=dataclasses.replace(self.strips, backend="sim"),
            lights=dataclasses.replace(self.lights, backend="sim"),
            usb=dataclasses.replace(self.usb, backend="sim"),
        )

    def data_path(self) -> Path:
        """The data directory: ``$SMARTSTEP_DATA``, else ``data_dir``, else ~/.local/share.

        :raises ConfigError: a ``~user`` path naming no user (or no home directory).
        """
        env = os.environ.get("SMARTSTEP_DATA")
        if env:
            return _expand_home(env, "$SMARTSTEP_DATA")
        if self.data_dir:
            return _expand_home(self.data_dir, f"{self.source or '<config>'}: 'data_dir'")
        return _expand_home("~/.local/share/smartstep", "the default data directory")

    def db_path(self) -> Path:
        return self.data_path() / "smartstep.db"

    def sim_usb_path(self) -> Path:
        """Where simulated USB sticks appear (``[usb] sim_dir``, else in the data dir)."""
        return Path(self.usb.sim_dir).expanduser() if self.usb.sim_dir else (
            self.data_path() / "sim-usb")


def _expand_home(text: str, what: str) -> Path:
    try:
        return Path(text).expanduser()
    except RuntimeError:  # "~nosuchuser/...", or no $HOME for "~"
        raise ConfigError(f"{what} is {text}: that home directory does not exist") from None


def load_config(path: str | os.PathLike[str] | None = None) -> Config:
    """Load and validate the configuration (see the module docstring for the search order).

    :param path: an explicit file (``--config``); must exist.
    :raises ConfigError: missing or malformed file, unknown key, bad type or value.
    """
    if path is None:
        env = os.environ.get("SMARTSTEP_CONFIG")
        if env:
            path = env
        elif SYSTEM_CONFIG.exists():
            path = SYSTEM_CONFIG
        else:
            return Config()
    file = Path(path)
    try:
        raw = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file {file} not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"config file {file} cannot be read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {file} is not valid TOML: {exc}") from None
    config = parse_config(raw, source=str(file))
    return config


def parse_config(raw: dict[str, Any], source: str = "<config>") -> Config:
    """Validate a parsed TOML table into a ``Config``.

    Besides each key's type and range: the step id is a plain folder name, the
    tempo parses, the rep thresholds are in order, and no GPIO pin serves two devices.
    """
    config = _build(Config, raw, source, prefix="")
    if config.tof.backend == "serial" and not config.tof.port.strip():
        raise ConfigError(f"{source}: 'tof.port' must name the serial port, e.g. /dev/serial0")
    if not STEP_ID.fullmatch(config.step_id):
        # It becomes a folder name on the USB stick: "../x" or "/x" would write elsewhere.
        raise ConfigError(
            f"{source}: 'step_id' must be 1 to 40 letters, digits, '-' or '_', "
            f"not {config.step_id!r}", key="step_id")
    try:
        Tempo.parse(config.session.tempo)
    except UserError as exc:
        raise ConfigError(f"{source}: 'session.tempo': {exc}", key="session.tempo") from None
    if config.analysis.rep_low_mm >= config.analysis.rep_high_mm:
        raise ConfigError(
            f"{source}: 'analysis.rep_low_mm' ({config.analysis.rep_low_mm:g}) must be below "
            f"'analysis.rep_high_mm' ({config.analysis.rep_high_mm:g})",
            key="analysis.rep_low_mm")
    hr = config.heel_rise
    for fair, poor in (("fair_dropout_share", "poor_dropout_share"),
                       ("fair_noise_mm", "poor_noise_mm")):
        if getattr(hr, fair) > getattr(hr, poor):
            raise ConfigError(
                f"{source}: 'heel_rise.{fair}' ({getattr(hr, fair):g}) must not be above "
                f"'heel_rise.{poor}' ({getattr(hr, poor):g})", key=f"heel_rise.{fair}")
    _check_pins(config, source)
    return dataclasses.replace(config, source=source)


# The Pi's SPI and UART pins (BCM), taken when the hardware backends use them.
SPI_PINS = {0: (9, 10, 11), 1: (19, 20, 21)}  # MISO, MOSI, SCLK
SPI_CHIP_SELECT = {0: (8, 7), 1: (18, 17)}  # per spi_device
UART_PINS = (14, 15)


def _check_pins(config: Config, source: str) -> None:
    """Every GPIO pin belongs to one device (a clash would surface later, without the key)."""
    lights = config.lights
    # (pin, the key that claims it, what for)
    used = [(pin, "lights.bar_pins", "") for pin in lights.bar_pins]
    used += [(pin, "lights.rgb_pins", "") for pin in lights.rgb_pins]
    used += [(lights.buzzer_pin, "lights.buzzer_pin", ""),
             (lights.button_pin, "lights.button_pin", "")]
    strips = config.strips
    if strips.backend == "mcp3008":
        bus = f" for SPI{strips.spi_port}"
        used += [(pin, "strips.spi_port", bus) for pin in SPI_PINS[strips.spi_port]]
        used.append((SPI_CHIP_SELECT[strips.spi_port][strips.spi_device], "strips.spi_device",
                     bus))
    if config.tof.backend == "serial" and config.tof.port in ("/dev/serial0", "/dev/ttyAMA0",
                                                              "/dev/ttyS0"):
        used += [(pin, "tof.port", " for the UART") for pin in UART_PINS]
    owner: dict[int, tuple[str, str]] = {}
    for pin, key, what in used:
        if pin in owner and owner[pin][0] != key:
            first, first_what = owner[pin]
            raise ConfigError(f"{source}: '{key}' uses GPIO {pin}{what}, which '{first}'"
                              f" already uses{first_what}")
        owner[pin] = (key, what)


def _build(cls: type, raw: dict[str, Any], source: str, prefix: str) -> Any:
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if not f.metadata.get("internal")}
    values: dict[str, Any] = {}
    for key, value in raw.items():
        name = f"{prefix}{key}"
        if key not in fields:
            known = ", ".join(sorted(fields))
            raise ConfigError(f"{source}: unknown key '{name}' (known here: {known})",
                              key=name, problem="unknown_key")
        hint = hints[key]
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            if not isinstance(value, dict):
                raise ConfigError(f"{source}: '{name}' must be a table [{name}]", key=name)
            values[key] = _build(hint, value, source, prefix=f"{name}.")
        else:
            values[key] = _check_value(name, value, hint, fields[key].metadata, source)
    return cls(**values)


def _check_value(name: str, value: Any, hint: Any, meta: Any, source: str) -> Any:
    def fail(why: str, problem: str = "bad_value") -> ConfigError:
        return ConfigError(f"{source}: '{name}' {why}", key=name, problem=problem)

    origin = typing.get_origin(hint)
    if origin is list:
        if not isinstance(value, list) or not all(_is_int(v) for v in value):
            raise fail(f"must be a list of whole numbers, not {value!r}")
        if "length" in meta and len(value) != meta["length"]:
            raise fail(f"must have {meta['length']} entries, not {len(value)}")
        if len(set(value)) != len(value):
            raise fail(f"has the same pin twice: {value!r}")
        for v in value:
            _check_range(v, meta, fail)
        return list(value)
    if origin is dict:
        if not isinstance(value, dict) or not all(_is_int(v) for v in value.values()):
            raise fail(f"must be a table of whole numbers, not {value!r}")
        keys = meta.get("keys")
        if keys and set(value) != set(keys):
            raise fail(f"must name exactly {', '.join(keys)}")
        for v in value.values():
            _check_range(v, meta, fail)
        if len(set(value.values())) != len(value):
            raise fail("uses the same channel twice")
        return dict(value)
    if isinstance(hint, types.UnionType):
        hint = next(a for a in typing.get_args(hint) if a is not type(None))
    if hint is bool:
        if not isinstance(value, bool):
            raise fail(f"must be true or false, not {value!r}")
    elif hint is int:
        if not _is_int(value):
            raise fail(f"must be a whole number, not {value!r}")
    elif hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise fail(f"must be a number, not {value!r}")
        try:
            value = float(value)
        except OverflowError:  # an integer of hundreds of digits
            raise fail("is far too large") from None
    elif hint is str and not isinstance(value, str):
        raise fail(f"must be text, not {value!r}")
    if "max_length" in meta and len(value) > meta["max_length"]:
        raise fail(f"is {len(value)} characters long, more than {meta['max_length']}",
                   problem="too_long")
    if "choices" in meta and value not in meta["choices"]:
        raise fail(f"must be one of {', '.join(meta['choices'])}, not {value!r}")
    _check_range(value, meta, fail)
    return value


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_range(value: Any, meta: Any, fail: typing.Callable[..., ConfigError]) -> None:
    if "range" in meta:
        lo, hi = meta["range"]
        if not lo <= value <= hi:
            raise fail(f"is {value}, outside {lo}..{hi}", problem="out_of_range")

