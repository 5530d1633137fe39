"""Staff PINs: the format rule and salted scrypt hashes (``hashlib.scrypt``, no extra library).

A stored hash carries its own parameters, ``$scrypt$n=32768,r=10,p=1$<salt>$<hash>``
(salt and hash in unpadded base64), so the cost can be raised later and old
hashes still verify. The default cost was measured to take about 0.1-0.3 s on
the development machine (``python -m bench staff`` prints it): slow enough that
guessing a stolen database's PINs costs real time per guess, fast enough for
staff. A 6-digit PIN has only a million values, so the hash slows an attacker
down, it cannot stop one: the database itself stays on the kiosk.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from dataclasses import dataclass

_PIN = re.compile(r"[0-9]{6,12}")
# A patient's kiosk code: short enough to remember at 80, typed on a big keypad. It
# guards against a neighbour on the next step, with the lockout doing the real work.
_CODE = re.compile(r"[0-9]{4,8}")
_PREFIX = "$scrypt$"


@dataclass(frozen=True, slots=True)
class ScryptCost:
    """scrypt's cost: ``n`` (CPU/memory, a power of two), ``r`` (block size), ``p``."""

    n: int = 2**15
    r: int = 10
    p: int = 1

    @property
    def memory_bytes(self) -> int:
        return 128 * self.n * self.r * self.p

    def __post_init__(self) -> None:
        if self.n < 2 or self.n & (self.n - 1) or not 1 <= self.r <= 64 or not 1 <= self.p <= 16:
            raise ValueError(f"bad scrypt cost {self}")


DEFAULT_COST = ScryptCost()
SALT_BYTES = 16
HASH_BYTES = 32


def pin_format_ok(pin: str) -> bool:
    """A PIN is 6 to 12 ASCII digits (nothing else, no spaces)."""
    return isinstance(pin, str) and _PIN.fullmatch(pin) is not None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


def _scrypt(pin: str, salt: bytes, cost: ScryptCost) -> bytes:
    # maxmem above the need: OpenSSL refuses anything over its limit (32 MiB by default).
    return hashlib.scrypt(
        pin.encode("ascii"), salt=salt, n=cost.n, r=cost.r, p=cost.p,
        maxmem=cost.memory_bytes + (16 << 20), dklen=HASH_BYTES,
    )


def code_format_ok(code: str) -> bool:
    """A patient's sign-in code is 4 to 8 ASCII digits."""
    return isinstance(code, str) and _CODE.fullmatch(code) is not None


def hash_code(code: str, cost: ScryptCost = DEFAULT_COST) -> str:
    """The stored form of a patient's code (as a PIN's: salted scrypt with its cost).

    :raises ValueError: the code is not 4-8 digits.
    """
    if not code_format_ok(code):
        raise ValueError("a code is 4 to 8 digits")
    return _hash(code, cost)


def verify_code(code: str, stored: str) -> bool:
    """True when ``code`` matches ``stored``; a malformed code or damaged hash never does."""
    return code_format_ok(code) and _verify(code, stored)


def hash_pin(pin: str, cost: ScryptCost = DEFAULT_COST) -> str:
    """The stored form of a PIN (a fresh random salt every time).

    :raises ValueError: the PIN is not 6-12 digits (check ``pin_format_ok`` first).
    """
    if not pin_format_ok(pin):
        raise ValueError("a PIN is 6 to 12 digits")
    return _hash(pin, cost)


def _hash(pin: str, cost: ScryptCost) -> str:
    salt = os.urandom(SALT_BYTES)
    digest = _scrypt(pin, salt, cost)
    return f"{_PREFIX}n={cost.n},r={cost.r},p={cost.p}${_b64(salt)}${_b64(digest)}"


def parse_hash(stored: str) -> tuple[ScryptCost, bytes, bytes]:
    """(cost, salt, digest) of a stored hash.

    :raises ValueError: not a hash made by ``hash_pin``.
    """
    if not stored.startswith(_PREFIX):
        raise ValueError("not a scrypt PIN hash")
    try:
        params, salt, digest = stored[len(_PREFIX):].split("$")
        values = dict(part.split("=") for part in params.split(","))
        cost = ScryptCost(n=int(values["n"]), r=int(values["r"]), p=int(values["p"]))
        return cost, _unb64(salt), _unb64(digest)
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"damaged scrypt PIN hash ({exc})") from None


def verify_pin(pin: str, stored: str) -> bool:
    """True when ``pin`` matches ``stored`` (compared in constant time).

    A malformed PIN or a damaged or empty stored hash never matches.
    """
    return pin_format_ok(pin) and _verify(pin, stored)


def _verify(pin: str, stored: str) -> bool:
    try:
        cost, salt, digest = parse_hash(stored)
    except ValueError:
        return False
    return hmac.compare_digest(_scrypt(pin, salt, cost), digest)


def needs_rehash(stored: str, cost: ScryptCost = DEFAULT_COST) -> bool:
    """True when ``stored`` was made with another cost (rehash it at the next sign-in)."""
    try:
        return parse_hash(stored)[0] != cost
    except ValueError:
        return True
