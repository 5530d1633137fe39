"""PIN format, salted scrypt hashes, the lockout curve and search folding."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.staff import pins
from kiosk.staff.lockout import LONGEST_LOCK, lock_after
from kiosk.storage.folding import fold

CHEAP = pins.ScryptCost(n=2**8, r=8, p=1)


@pytest.mark.parametrize("pin", ["123456", "000000000000", "9081726354"])
def test_six_to_twelve_digits_are_pins(pin):
    assert pins.pin_format_ok(pin)


@pytest.mark.parametrize("pin", ["", "12345", "1234567890123", "12345a", " 123456", "123 456",
                                 "١٢٣٤٥٦", "12345６"])
def test_anything_else_is_not(pin):
    assert not pins.pin_format_ok(pin)


def test_hash_verifies_only_its_own_pin_and_never_holds_it():
    stored = pins.hash_pin("246813", CHEAP)
    assert "246813" not in stored
    assert pins.verify_pin("246813", stored)
    assert not pins.verify_pin("246814", stored)
    assert not pins.verify_pin("24681", stored)


def test_same_pin_gets_a_new_salt_each_time():
    assert pins.hash_pin("246813", CHEAP) != pins.hash_pin("246813", CHEAP)


def test_hash_carries_its_cost_so_the_default_can_change():
    stored = pins.hash_pin("246813", CHEAP)
    assert stored.startswith("$scrypt$n=256,r=8,p=1$")
    assert pins.parse_hash(stored)[0] == CHEAP
    assert pins.needs_rehash(stored, pins.DEFAULT_COST)
    assert not pins.needs_rehash(stored, CHEAP)


def test_default_cost_hashes_within_memory_limits():
    # The real cost (its time is measured in bench): it must not hit OpenSSL's maxmem.
    stored = pins.hash_pin("246813")
    assert pins.verify_pin("246813", stored)


@pytest.mark.parametrize("stored", ["", "plain", "$scrypt$n=3,r=8,p=1$AA$AA",
                                    "$scrypt$n=256,r=8$AA$AA", "$scrypt$n=256,r=8,p=1$!!$AA"])
def test_damaged_hash_never_matches(stored):
    assert not pins.verify_pin("246813", stored)
    with pytest.raises(ValueError):
        pins.parse_hash(stored)


@given(st.integers(min_value=0, max_value=10_000))
def test_lock_never_shrinks_and_never_passes_an_hour(failures):
    now, then = lock_after(failures), lock_after(failures + 1)
    assert then is not None or now is None
    assert now is None or (then >= now and then <= LONGEST_LOCK)


@given(st.text(alphabet=st.characters(categories=["L", "Zs", "Pd", "Nd"])))
def test_fold_of_a_name_is_stable_and_ignores_case(text):
    assert fold(fold(text)) == fold(text)
    assert fold(text) == fold(text.lower())


def test_fold_drops_accents_and_special_letters():
    assert fold("Ésa Ødegård-Łódź ℌ") == "esa odegard-lodz h"
