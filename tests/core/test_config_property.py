"""Property: whatever the config file holds, loading it gives a Config or one line of error
naming the file, never a traceback."""

from __future__ import annotations

import dataclasses
import tempfile
import typing
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kiosk.config import Config, load_config
from kiosk.errors import ConfigError


def _known_keys() -> list[tuple[str | None, str]]:
    """(section or None, key) for every key the loader knows."""
    keys: list[tuple[str | None, str]] = []
    hints = typing.get_type_hints(Config)
    for f in dataclasses.fields(Config):
        if f.metadata.get("internal"):
            continue
        if dataclasses.is_dataclass(hints[f.name]):
            keys += [(f.name, sub.name) for sub in dataclasses.fields(hints[f.name])]
        else:
            keys.append((None, f.name))
    return keys


KNOWN = _known_keys()
SECTIONS = sorted({s for s, _ in KNOWN if s})

_strings = st.text(max_size=12).map(lambda t: '"' + t.replace("\\", "\\\\").replace('"', '\\"')
                                    .replace("\n", "\\n").replace("\r", "\\r") + '"')
_scalars = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.integers(0, 64).map(str),
    st.integers(10**309, 10**400).map(str),  # beyond a float
    st.floats(allow_nan=True).map(lambda f: {"inf": "inf", "-inf": "-inf", "nan": "nan"}.get(
        repr(f), repr(f))),
    st.sampled_from(["true", "false", "1979-05-27T07:32:00Z", "07:32:00", '"2-1-3"', '"abc"',
                     '"sim"', '"serial"', '"mcp3008"', '"gpio"', '"below"', '"../x"',
                     '"/dev/serial0"', '"~nosuchuser/x"', '""']),
    _strings,
)
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5).map(lambda xs: "[" + ", ".join(xs) + "]"),
        st.lists(st.tuples(st.sampled_from([k for _, k in KNOWN] + ["x"]), inner), max_size=4)
        .map(lambda kv: "{" + ", ".join(f"{k} = {v}" for k, v in dict(kv).items()) + "}"),
    ),
    max_leaves=8,
)
_key = st.one_of(st.sampled_from([k for _, k in KNOWN]), st.sampled_from(["colour", "x"]))
_row = st.one_of(
    st.tuples(_key, _values).map(lambda kv: f"{kv[0]} = {kv[1]}"),
    st.sampled_from([*SECTIONS, "nosuch", "tof.deeper"]).map(lambda s: f"[{s}]"),
    st.text(max_size=20),  # anything at all on a line
)


def _check(file: Path) -> None:
    try:
        config = load_config(file)
    except ConfigError as exc:
        message = str(exc)
        assert message.startswith(f"config file {file}") or message.startswith(f"{file}: ")
        assert "\n" not in message and "\r" not in message
    else:
        assert isinstance(config, Config)


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400))
def test_random_bytes(data):
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "config.toml"
        file.write_bytes(data)
        _check(file)


@settings(max_examples=100, deadline=None)
@given(rows=st.lists(_row, max_size=12))
def test_random_rows(rows):
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "config.toml"
        file.write_text("\n".join(rows), encoding="utf-8", errors="surrogatepass")
        _check(file)


@settings(max_examples=100, deadline=None)
@given(rows=st.lists(st.tuples(st.sampled_from(KNOWN), _values), max_size=8))
def test_random_values_for_known_keys(rows):
    """Known keys in their own sections (the rows most likely to get past the parser)."""
    top = [f"{k} = {v}" for s, k, v in ((s, k, v) for (s, k), v in rows) if s is None]
    by_section: dict[str, dict[str, str]] = {}
    for (section, key), value in rows:
        if section is not None:
            by_section.setdefault(section, {})[key] = value
    text = "\n".join(dict.fromkeys(top))
    for section, items in by_section.items():
        text += f"\n[{section}]\n" + "\n".join(f"{k} = {v}" for k, v in items.items())
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "config.toml"
        file.write_text(text, encoding="utf-8")
        _check(file)


@settings(max_examples=150, deadline=None)
@given(key=st.sampled_from(KNOWN), value=_values)
@example(key=("strips", "rate_hz"), value="1" + "0" * 400)  # once a bare OverflowError
def test_any_value_for_one_known_key(key, value):
    section, name = key
    text = f"{name} = {value}\n" if section is None else f"[{section}]\n{name} = {value}\n"
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "config.toml"
        file.write_text(text, encoding="utf-8")
        _check(file)
