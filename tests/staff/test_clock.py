"""Setting the system clock through timedatectl: the command, and each refusal as a code."""

from __future__ import annotations

import subprocess
from datetime import datetime

import pytest

from kiosk.staff.clock import ClockSetError, TimedatedClock


def fake_run(returncode: int, stderr: str = "", calls: list | None = None):
    def run(args, **kwargs):
        if calls is not None:
            calls.append(args)
        return subprocess.CompletedProcess(args, returncode, "", stderr)
    return run


def test_set_time_runs_timedatectl_without_asking_for_a_password(tmp_path):
    calls: list = []
    clock = TimedatedClock(run=fake_run(0, calls=calls), sync_flag=tmp_path / "synced")
    clock.set_time(datetime(2026, 12, 1, 8, 30, 5))
    assert calls == [["timedatectl", "--no-ask-password", "set-time", "2026-12-01 08:30:05"]]
    assert clock.synchronised() is False
    (tmp_path / "synced").touch()
    assert clock.synchronised() is True


@pytest.mark.parametrize(("stderr", "code"), [
    ("Failed to set time: Automatic time synchronization is enabled", "ntp_active"),
    ("Failed to set time: Access denied", "not_allowed"),
    ("Failed to set time: Interactive authentication required.", "not_allowed"),
    ("Failed to connect to bus: No such file or directory", "failed"),
])
def test_refusals_become_codes(stderr, code):
    with pytest.raises(ClockSetError) as refused:
        TimedatedClock(run=fake_run(1, stderr)).set_time(datetime(2026, 12, 1, 8, 30))
    assert refused.value.code == code


def test_missing_timedatectl_and_implausible_dates():
    def missing(*_a, **_k):
        raise FileNotFoundError("timedatectl")
    with pytest.raises(ClockSetError) as refused:
        TimedatedClock(run=missing).set_time(datetime(2026, 12, 1))
    assert refused.value.code == "no_timedatectl"
    with pytest.raises(ClockSetError) as refused:
        TimedatedClock(run=fake_run(0)).set_time(datetime(2016, 12, 1))
    assert refused.value.code == "bad_time"


def test_network_time_that_never_synchronised_is_switched_off_first(tmp_path):
    calls: list = []
    answers = iter([(1, "Failed to set time: Automatic time synchronization is enabled"),
                    (0, ""), (0, "")])

    def run(args, **kwargs):
        calls.append(args[2:])
        code, err = next(answers)
        return subprocess.CompletedProcess(args, code, "", err)

    TimedatedClock(run=run, sync_flag=tmp_path / "never").set_time(datetime(2026, 12, 1, 8, 0))
    assert calls == [["set-time", "2026-12-01 08:00:00"], ["set-ntp", "false"],
                     ["set-time", "2026-12-01 08:00:00"]]


def test_a_synchronised_clock_is_not_overridden(tmp_path):
    (tmp_path / "synced").touch()
    run = fake_run(1, "Failed to set time: Automatic time synchronization is enabled")
    with pytest.raises(ClockSetError) as refused:
        TimedatedClock(run=run, sync_flag=tmp_path / "synced").set_time(datetime(2026, 12, 1))
    assert refused.value.code == "ntp_active"
