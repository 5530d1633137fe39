"""Wrong PINs: 5 in a row lock for 1 minute, doubling to 1 hour, kept across a restart."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kiosk.staff.api import SignInResult
from kiosk.staff.lockout import lock_after


@pytest.mark.parametrize(("failures", "minutes"), [
    (1, None), (4, None), (5, 1), (6, 2), (7, 4), (8, 8), (9, 16), (10, 32), (11, 60), (40, 60),
])
def test_lock_doubles_from_one_minute_to_one_hour(failures, minutes):
    expected = None if minutes is None else timedelta(minutes=minutes)
    assert lock_after(failures) == expected


def _actions(service, name):
    return [e.action for e in reversed(service.audit.entries(actor=name))]


def test_fifth_wrong_pin_locks_and_even_the_right_pin_waits(service, clock):
    member = service.console.add("Lou", "staff", "135792")
    for n in range(1, 5):
        result = service.accounts.sign_in(member.id, "000000")
        assert (result.result, result.failures) == (SignInResult.WRONG_PIN, n)
    fifth = service.accounts.sign_in(member.id, "000000")
    assert fifth.result is SignInResult.LOCKED
    assert fifth.locked_until == clock.now + timedelta(minutes=1)
    assert service.accounts.sign_in(member.id, "135792").result is SignInResult.LOCKED
    clock.advance(seconds=61)
    assert service.accounts.sign_in(member.id, "135792").result is SignInResult.OK
    assert _actions(service, "Lou") == ["sign_in_failed"] * 5 + [
        "locked", "sign_in_while_locked", "sign_in"]


def test_each_further_failure_doubles_the_lock(service, clock):
    member = service.console.add("Lou", "staff", "135792")
    for _ in range(5):
        service.accounts.sign_in(member.id, "000000")
    expected = 1
    for _ in range(8):
        clock.advance(minutes=expected, seconds=1)
        result = service.accounts.sign_in(member.id, "000000")
        expected = min(expected * 2, 60)
        assert result.result is SignInResult.LOCKED
        assert result.locked_until == clock.now + timedelta(minutes=expected)


def test_success_resets_the_count(service, clock):
    member = service.console.add("Lou", "staff", "135792")
    for _ in range(4):
        service.accounts.sign_in(member.id, "000000")
    assert service.accounts.sign_in(member.id, "135792").result is SignInResult.OK
    assert service.accounts.sign_in(member.id, "000000").failures == 1


def test_lock_survives_a_restart(service, make_service, store, clock):
    member = service.console.add("Lou", "staff", "135792")
    for _ in range(5):
        service.accounts.sign_in(member.id, "000000")
    restarted = make_service()
    assert restarted.accounts.sign_in(member.id, "135792").result is SignInResult.LOCKED


def test_clock_set_back_does_not_stretch_the_lock_past_an_hour(service, clock):
    member = service.console.add("Lou", "staff", "135792")
    for _ in range(5):
        service.accounts.sign_in(member.id, "000000")
    clock.advance(days=-30)
    result = service.accounts.sign_in(member.id, "135792")
    assert result.result is SignInResult.LOCKED
    assert result.locked_until <= clock.now + timedelta(hours=1)


def test_reset_pin_on_the_console_lifts_the_lock(service):
    member = service.console.add("Lou", "staff", "135792")
    for _ in range(5):
        service.accounts.sign_in(member.id, "000000")
    service.console.reset_pin("lou", "864209")
    assert service.accounts.sign_in(member.id, "864209").result is SignInResult.OK


def test_unknown_or_removed_account(service, admin):
    assert service.accounts.sign_in("no-such-id", "135792").result is SignInResult.UNKNOWN
    member = service.accounts.add(admin, "Lou", "staff", "135792")
    service.accounts.remove(admin, member.id)
    assert service.accounts.sign_in(member.id, "135792").result is SignInResult.UNKNOWN


def test_guesses_at_once_still_lock(service):
    # Sign-ins are serialised: whatever the order, 4 wrong, the 5th locks, the rest wait.
    from concurrent.futures import ThreadPoolExecutor

    member = service.console.add("Lou", "staff", "135792")
    with ThreadPoolExecutor(max_workers=10) as pool:
        results = list(pool.map(lambda _: service.accounts.sign_in(member.id, "000000"), range(10)))
    kinds = sorted(r.result.value for r in results)
    assert kinds == ["locked"] * 6 + ["wrong_pin"] * 4
    assert service.accounts.sign_in(member.id, "135792").result is SignInResult.LOCKED
