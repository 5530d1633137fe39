"""Configuration: one TOML file, validated into typed sections.

Where the file comes from (CONTRACTS.md section 2): ``--config F``, else
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

# A plain name: it becomes a folder name on the USB stick.
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
    """Thresholds of the movement analysis (CONTRACTS.md section 4)."""

    rep_low_mm: float = field(default=5.0, metadata=_range(0.0, 50.0))
    rep_high_mm: float = field(default=15.0, metadata=_range(1.0, 100.0))
    zero_still_s: float = field(default=2.0, metadata=_range(0.5, 10.0))
    foot_load_share: float = field(default=0.15, metadata=_range(0.0, 0.5))
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


@dataclass(frozen=True)
class SessionConfig:
    """Kiosk behaviour around a session."""

    idle_timeout_s: float = field(default=90.0, metadata=_range(10.0, 3600.0))
    # Default tempo (up-hold-down, seconds) and rest for a guest or new patient.
    tempo: str = "2-1-3"
    rest_s: float = field(default=60.0, metadata=_range(0.0, 600.0))
    sets: int = field(default=3, metadata=_range(1, 10))
    reps: int = field(default=12, metadata=_range(1, 100))
    pacing_mode: str = field(default="adaptive", metadata=_choice("adaptive", "lead"))


@dataclass(frozen=True)
class StorageConfig:
    """Database and recordings."""

    # Delete recordings older than this many days; 0 keeps everything.
    recordings_keep_days: int = field(default=0, metadata=_range(0, 36500))


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
    tof: ToFConfig = field(default_factory=ToFConfig)
    strips: StripsConfig = field(default_factory=StripsConfig)
    lights: LightsConfig = field(default_factory=LightsConfig)
    analysis: AnalysisConfig = field(default_factory=AnalysisConfig)
    session: SessionConfig = field(default_factory=SessionConfig)
    storage: StorageConfig = field(default_factory=StorageConfig)
    ui: UIConfig = field(default_factory=UIConfig)
    source: str | None = field(default=None, metadata={"internal": True})

    def all_simulated(self) -> Config:
        """This configuration with every device on the simulated step (``--sim``)."""
        return dataclasses.replace(
            self,
            tof=dataclasses.replace(self.tof, backend="sim"),
            strips=dataclasses.replace(self.strips, backend="sim"),
            lights=dataclasses.replace(self.lights, backend="sim"),
        )

    def data_path(self) -> Path:
        """The data directory: ``$SMARTSTEP_DATA``, else ``data_dir``, else ~/.local/share."""
        env = os.environ.get("SMARTSTEP_DATA")
        if env:
            return Path(env).expanduser()
        if self.data_dir:
            return Path(self.data_dir).expanduser()
        return Path("~/.local/share/smartstep").expanduser()

    def db_path(self) -> Path:
        return self.data_path() / "smartstep.db"


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
    """Validate a parsed TOML table into a ``Config``."""
    config = _build(Config, raw, source, prefix="")
    if config.tof.backend == "serial" and not config.tof.port.strip():
        raise ConfigError(f"{source}: 'tof.port' must name the serial port, e.g. /dev/serial0")
    if not STEP_ID.fullmatch(config.step_id):
        raise ConfigError(
            f"{source}: 'step_id' {config.step_id!r} must be 1-40 letters, digits, '-' or '_'"
            " (it names the export folder)", key="step_id")
    try:
        Tempo.parse(config.session.tempo)
    except UserError as exc:
        raise ConfigError(f"{source}: 'session.tempo' {exc}", key="session.tempo") from None
    return dataclasses.replace(config, source=source)


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
        if dataclasses.is_dataclass(hint):
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
        value = float(value)
    elif hint is str and not isinstance(value, str):
        raise fail(f"must be text, not {value!r}")
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

