"""A data directory that cannot be used gives one line naming the path, exit 2, no traceback."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from kiosk.app import open_kiosk
from kiosk.cli import main
from kiosk.config import parse_config
from kiosk.errors import UserError
from tests.processes import SMARTSTEP, user_env


def _one_line(capsys) -> str:
    err = capsys.readouterr().err
    assert err.startswith("smartstep: "), err
    assert err.count("\n") == 1, err
    return err


def _file(tmp_path: Path) -> Path:
    file = tmp_path / "a-file"
    file.write_text("not a folder")
    return file


@pytest.mark.parametrize("where", ["file", "under_file", "db_is_folder"])
def test_demo_data_names_the_unusable_path(where, tmp_path, monkeypatch, capsys):
    data = {"file": _file(tmp_path), "under_file": _file(tmp_path) / "x",
            "db_is_folder": tmp_path / "d"}[where]
    if where == "db_is_folder":
        (data / "smartstep.db").mkdir(parents=True)
    monkeypatch.setenv("SMARTSTEP_DATA", str(data))
    assert main(["demo-data", "--patients", "1", "--years", "0.1"]) == 2
    err = _one_line(capsys)
    assert str(data) in err


def test_merge_into_a_folder_named_like_the_target(tmp_path, capsys, exported):
    target = tmp_path / "merged.db"
    target.mkdir()
    capsys.readouterr()
    assert main(["merge", str(target), str(exported)]) == 2
    assert str(target) in _one_line(capsys)


def test_merge_target_under_a_file(tmp_path, capsys, exported):
    target = _file(tmp_path) / "merged.db"
    capsys.readouterr()
    assert main(["merge", str(target), str(exported)]) == 2
    assert str(target.parent) in _one_line(capsys)


@pytest.fixture
def exported(tmp_path) -> Path:
    out = tmp_path / "stick"
    out.mkdir()
    assert main(["demo-data", "--patients", "1", "--years", "0.05"]) == 0
    assert main(["export", str(out)]) == 0
    return next(p for p in (out / "SmartStep" / "step-01").iterdir() if p.is_dir())


def test_unknown_user_in_data_dir_names_the_key(tmp_path, monkeypatch, capsys):
    config = tmp_path / "c.toml"
    config.write_text('data_dir = "~nosuchuser-smartstep/x"\n')
    monkeypatch.delenv("SMARTSTEP_DATA")
    assert main(["demo-data", "--config", str(config), "--patients", "1"]) == 2
    err = _one_line(capsys)
    assert "'data_dir'" in err and "~nosuchuser-smartstep/x" in err and str(config) in err


def test_unknown_user_in_the_environment(monkeypatch, capsys):
    monkeypatch.setenv("SMARTSTEP_DATA", "~nosuchuser-smartstep")
    assert main(["demo-data", "--patients", "1"]) == 2
    assert "$SMARTSTEP_DATA" in _one_line(capsys)


def test_run_refuses_an_unusable_data_dir_before_the_window(tmp_path, monkeypatch):
    monkeypatch.setenv("SMARTSTEP_DATA", str(_file(tmp_path)))
    with pytest.raises(UserError, match="a-file"), open_kiosk(parse_config({})):
        pass


def test_export_to_a_file_names_it(tmp_path, capsys):
    assert main(["demo-data", "--patients", "1", "--years", "0.05"]) == 0
    capsys.readouterr()
    stick = _file(tmp_path)
    assert main(["export", str(stick)]) == 2
    assert str(stick) in _one_line(capsys)


def test_export_whose_step_folder_is_a_file(tmp_path, capsys):
    assert main(["demo-data", "--patients", "1", "--years", "0.05"]) == 0
    capsys.readouterr()
    (tmp_path / "stick" / "SmartStep").mkdir(parents=True)
    (tmp_path / "stick" / "SmartStep" / "step-01").write_text("in the way")
    assert main(["export", str(tmp_path / "stick")]) == 2
    assert str(tmp_path / "stick" / "SmartStep" / "step-01") in _one_line(capsys)


@pytest.mark.parametrize("with_database", [False, True])
def test_read_only_data_dir(with_database, tmp_path, read_only_prefix):
    prefix = read_only_prefix
    data = tmp_path / "ro"
    data.mkdir()
    env = user_env(tmp_path, SMARTSTEP_DATA=str(data), RO=str(data))
    cli = [SMARTSTEP]
    if with_database:
        assert subprocess.run([*cli, "demo-data", "--patients", "1", "--years", "0.05"],
                              env=env, capture_output=True).returncode == 0
    if not prefix:
        data.chmod(0o555)
    try:
        done = subprocess.run([*prefix, *cli, "demo-data", "--patients", "1", "--years", "0.05"],
                              env=env, capture_output=True, text=True, timeout=60)
    finally:
        data.chmod(0o755)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("smartstep: ") and done.stderr.count("\n") == 1, done.stderr
    assert str(data) in done.stderr


def test_full_disk_is_named(tmp_path, small_disk_prefix):
    small = tmp_path / "small"
    small.mkdir()
    cli = [SMARTSTEP]
    env = user_env(tmp_path, SMALL=str(small), SMARTSTEP_DATA=str(tmp_path / "data"))
    assert subprocess.run([*cli, "demo-data", "--patients", "1", "--years", "0.1"], env=env,
                          capture_output=True).returncode == 0
    for argv, words in (
        (["export", str(small)], [f"{small} is full", "nothing was exported"]),
        (["demo-data", "--patients", "3", "--years", "1"], [f"{small}/smartstep.db", "full"]),
    ):
        run_env = {**env, "SMARTSTEP_DATA": str(small)} if argv[0] == "demo-data" else env
        done = subprocess.run([*small_disk_prefix, *cli, *argv], env=run_env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith("smartstep: ") and done.stderr.count("\n") == 1
        assert all(w in done.stderr for w in words), done.stderr
