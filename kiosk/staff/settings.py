"""Admin settings: a few config keys staff may change on the touchscreen.

Where they live: the ``settings`` table of the kiosk's database (dotted key ->
JSON value), laid over the config file. Chosen over rewriting the TOML because
the config file is usually root's (``/etc/smartstep``) and the kiosk's service
user may not write it, while the database is the kiosk's own, already written
durably (WAL, ``synchronous=FULL``) and atomically (all changes of one save in
one transaction). A setting saved here wins over the file; the file's other
keys still apply.

Validation is the config file's own (``kiosk.config.parse_config``) on the
whole resulting configuration, so a value the file would refuse is refused here
with the same reason.
"""

from __future__ import annotations

import dataclasses
import logging
import typing
from collections.abc import Mapping
from typing import Any

from kiosk.config import Config, parse_config
from kiosk.errors import ConfigError

log = logging.getLogger(__name__)

# The keys of the settings screen: step, clinic name (on reports), guest programme,
# timeouts, retention, fault thresholds, sound and light, automatic USB export. Device
# wiring stays in the config file.
SETTINGS_KEYS = (
    "step_id",
    "clinic_name",
    "session.idle_timeout_s",
    "session.no_rep_timeout_s",
    "session.tempo",
    "session.sets",
    "session.reps",
    "session.rest_s",
    "session.pacing_mode",
    "storage.recordings_keep_days",
    "analysis.partial_ratio",
    "analysis.too_fast_ratio",
    "analysis.ankles_out_share",
    "analysis.ankles_out_min_s",
    "analysis.ankles_out_height_ratio",
    "analysis.heels_in_share",
    "analysis.heels_in_min_s",
    "lights.volume",
    "lights.mute",
    "lights.brightness",
    "usb.auto_export",
)


def _field(key: str) -> tuple[dataclasses.Field[Any], Any]:
    """The dataclass field of a dotted key and its type."""
    cls: Any = Config
    *sections, name = key.split(".")
    for section in sections:
        cls = typing.get_type_hints(cls)[section]
    field = next(f for f in dataclasses.fields(cls) if f.name == name)
    return field, typing.get_type_hints(cls)[name]


def value_of(config: Config, key: str) -> Any:
    value: Any = config
    for part in key.split("."):
        value = getattr(value, part)
    return value


def limits() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[float, float]], dict[str, str]]:
    """(choices, ranges, kinds) of every settings key, from the config's own field metadata.

    ``kinds`` maps a key to "bool", "int", "float" or "str" (what its editor should take).
    """
    choices, ranges, kinds = {}, {}, {}
    for key in SETTINGS_KEYS:
        field, hint = _field(key)
        if "choices" in field.metadata:
            choices[key] = tuple(field.metadata["choices"])
        if "range" in field.metadata:
            ranges[key] = tuple(field.metadata["range"])
        kinds[key] = getattr(hint, "__name__", str(hint))
    return choices, ranges, kinds


def _raw(config: Config) -> dict[str, Any]:
    """A configuration as the TOML table it could have come from."""
    raw = dataclasses.asdict(config)
    raw.pop("source", None)
    return raw


def _set(raw: dict[str, Any], key: str, value: Any) -> None:
    *sections, name = key.split(".")
    table = raw
    for section in sections:
        table = table[section]
    table[name] = value


def apply(config: Config, settings: Mapping[str, Any]) -> Config:
    """``config`` with ``settings`` laid over it, validated as the config file is.

    :raises ConfigError: an unknown settings key, or a value the config file would
        refuse (``key`` and ``problem`` say which and why).
    """
    raw = _raw(config)
    for key, value in settings.items():
        if key not in SETTINGS_KEYS:
            raise ConfigError(f"settings: '{key}' cannot be set on the touchscreen",
                              key=key, problem="unknown_key")
        _set(raw, key, value)
    source = f"{config.source or 'built-in defaults'} + settings"
    return dataclasses.replace(parse_config(raw, source=source), source=config.source)


def apply_saved(config: Config, saved: Mapping[str, Any]) -> tuple[Config, dict[str, str]]:
    """``config`` with the saved settings that are still valid; the refused ones by key.

    A value saved by an older version may fail a newer rule: it is left out (the
    file's value applies) and reported, never silently, so the kiosk still starts.
    """
    good: dict[str, Any] = {}
    refused: dict[str, str] = {}
    for key, value in saved.items():
        try:
            apply(config, {**good, key: value})
        except ConfigError as exc:
            refused[key] = str(exc)
            log.error("saved setting %s ignored: %s", key, exc)
        else:
            good[key] = value
    return apply(config, good), refused
