"""The command line: bad options give one plain line and exit code 2."""

from __future__ import annotations

import pytest

from kiosk.cli import main
from kiosk.errors import UserError
from kiosk.programme import Programme, Tempo


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["fly"],
        ["analyze"],
        ["analyze", "x.csv", "--target-mm", "tall"],
        ["monitor", "--seconds", "-1"],
        ["demo-data", "--patients", "0"],
    ],
)
def test_bad_command_lines_exit_2_with_one_line(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("smartstep")
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize(
    ("text", "expected"), [("2-1-3", (2, 1, 3)), ("1-0-1", (1, 0, 1)), ("0.5-0-1.5", (0.5, 0, 1.5))]
)
def test_tempo_parses(text, expected):
    tempo = Tempo.parse(text)
    assert (tempo.up_s, tempo.hold_s, tempo.down_s) == expected
    assert Tempo.parse(tempo.label()) == tempo


@pytest.mark.parametrize("text", ["2-1", "a-b-c", "0-1-1", "2-1-30", ""])
def test_bad_tempo_is_a_user_error(text):
    with pytest.raises(UserError):
        Tempo.parse(text)


def test_programme_round_trips_through_a_dict():
    programme = Programme(variant="ecc_left", position="step", tempo=Tempo(1, 0, 3, 2))
    assert Programme.from_dict(programme.to_dict()) == programme


def test_programme_rejects_unknown_variant():
    with pytest.raises(UserError):
        Programme(variant="hopping")


def test_an_unexpected_os_error_names_its_file(monkeypatch, capsys):
    import errno

    def read_only(*_args, **_kwargs):
        raise OSError(errno.EROFS, "Read-only file system", "/media/stick/SmartStep")

    monkeypatch.setattr("kiosk.commands.export.export", read_only)
    assert main(["export", "/media/stick"]) == 2
    err = capsys.readouterr().err
    assert err == "smartstep: /media/stick/SmartStep: Read-only file system\n"
