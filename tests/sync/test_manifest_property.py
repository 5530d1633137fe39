"""Property: whatever a manifest holds, reading it gives a manifest or one line, and
``merge`` refuses a broken one with one line, touching nothing."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kiosk.cli import main
from kiosk.sync.codes import MergeRefused
from kiosk.sync.manifest import MANIFEST, read_manifest

SETTINGS = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=12,
)
_entry = st.fixed_dictionaries({}, optional={
    "name": st.one_of(st.text(max_size=20), st.sampled_from(
        ["smartstep.db", "../x", "/etc/passwd", "a/./b", "reps.csv"]), st.integers()),
    "size": st.one_of(st.integers(-5, 10**12), st.floats(), st.text(max_size=4), st.none()),
    "sha256": st.one_of(st.text(max_size=70), st.sampled_from(["0" * 64, "g" * 64])),
    "missing": st.booleans(),
})


def _read(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder)
        (export / MANIFEST).write_bytes(content)
        try:
            read_manifest(export)
        except MergeRefused as exc:
            assert str(exc) and "\n" not in str(exc)


@SETTINGS
@given(st.binary(max_size=800))
def test_random_bytes(data):
    _read(data)


@SETTINGS
@given(_json)
def test_random_json(value):
    _read(json.dumps(value).encode())


@SETTINGS
@given(st.lists(_entry, max_size=5), st.one_of(st.none(), st.integers(0, 3), st.text(max_size=3)))
@example([{"name": "\n"}], None)  # a line break as a file name
def test_random_file_entries(entries, fmt):
    manifest = {"files": entries}
    if fmt is not None:
        manifest["format"] = fmt
    _read(json.dumps(manifest).encode())


def test_merge_of_a_broken_manifest_is_one_line_and_makes_nothing(tmp_path, capsys):
    export = tmp_path / "export"
    export.mkdir()
    (export / MANIFEST).write_text('{"files": [{"name": "smartstep.db"}]}')
    target = tmp_path / "clinic.db"
    assert main(["merge", str(target), str(export)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("smartstep: ") and err.count("\n") == 1 and "Traceback" not in err
    assert not target.exists()
