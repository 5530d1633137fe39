"""Pseudonyms for research exports: a keyed hash that stays stable per kiosk.

The key is 32 random bytes in ``pseudonym.key`` in the kiosk's data directory,
made on first use and never exported. The same clinic ID always gives the same
pseudonym on this kiosk, so a researcher can follow a patient across exports
without learning who it is; without the key the pseudonym cannot be reversed
or recomputed from a guessed clinic ID. Deleting the key changes every
pseudonym from then on.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

KEY_FILE = "pseudonym.key"


def load_or_create_key(data_dir: Path) -> bytes:
    """This kiosk's pseudonym key (created, readable by its owner only, on first use)."""
    path = data_dir / KEY_FILE
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except FileNotFoundError:
        pass
    data_dir.mkdir(parents=True, exist_ok=True)
    # Unique per caller: two first exports at once (two threads of one process too) each
    # write their own candidate, and the first to link it in wins.
    temp = path.with_name(f"{KEY_FILE}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, secrets.token_hex(32).encode("ascii") + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(temp, path)  # fails if another process made the key first: keep theirs
    except FileExistsError:
        pass
    finally:
        temp.unlink()
    return bytes.fromhex(path.read_text(encoding="ascii").strip())


class Pseudonymiser:
    """Keyed hash of a patient's clinic ID (or of its record id when it has none)."""

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("a pseudonym key needs at least 16 bytes")
        self._key = key

    def pseudonym(self, clinic_id: str | None, patient_id: str) -> str:
        subject = f"clinic:{clinic_id.strip()}" if clinic_id and clinic_id.strip() else (
            f"patient:{patient_id}")
        digest = hmac.new(self._key, subject.encode("utf-8"), hashlib.sha256).hexdigest()
        return f"P-{digest[:16]}"
