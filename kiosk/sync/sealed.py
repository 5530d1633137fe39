"""Encrypted exports: the whole export folder as one age-encrypted tar archive.

An encrypted export folder on the stick holds ``export.tar.age`` (a tar of the
export layout's files, ``manifest.json`` last, encrypted with age to a key made
for this export alone), ``key.age`` (that key, encrypted with the staff's
passphrase: age's scrypt recipient) and its own ``manifest.json`` (both files'
sizes and SHA-256), written last. Without the passphrase a lost stick shows
only how big the export is and when it was made.

Library: pyrage (age in Rust, maintained, wheels for arm64). age is chosen over
zip's AES (pyzipper) because its passphrase key derivation is scrypt (about a
second per guess) where zip's is 1,000 rounds of PBKDF2-SHA1, and because it
authenticates every byte. pyrage encrypts a stream only to a public key, so each
export gets a fresh X25519 key, and the passphrase (scrypt) protects that key:
the layout of an age identity file protected by a passphrase, so
``age -d -i key.age export.tar.age | tar x`` opens it without SmartStep.

The archive is streamed through two pipes: a thread writes the tar, pyrage
encrypts on another, and the caller's thread writes the encrypted bytes to the
stick (so the stick's errors, progress and Cancel stay where they were).
"""

from __future__ import annotations

import contextlib
import os
import tarfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Protocol

import pyrage
from pyrage import passphrase as age_passphrase
from pyrage import x25519

from kiosk.sync.codes import MergeRefused
from kiosk.sync.manifest import ARCHIVE, KEY, safe_name

__all__ = ["ARCHIVE", "KEY", "SealFailed", "new_key", "open_key", "passphrase_problem", "seal",
           "unseal"]
CHUNK = 1 << 20
MIN_PASSPHRASE = 8


class Sink(Protocol):
    def write(self, data: bytes) -> None: ...


def passphrase_problem(passphrase: str) -> str | None:
    """Why a passphrase cannot protect an export (a code), or None when it can."""
    if len(passphrase.strip()) < MIN_PASSPHRASE:
        return "passphrase_short"
    return None


def passphrase_in(path: Path) -> str:
    """The first line of a passphrase file, without spaces at either end.

    :raises ValueError: unreadable, empty or too short (the message names the file).
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"cannot read the passphrase file {path} "
                         f"({getattr(exc, 'strerror', None) or exc})") from None
    passphrase = lines[0].strip() if lines else ""
    if passphrase_problem(passphrase):
        raise ValueError(f"the passphrase in {path} has fewer than {MIN_PASSPHRASE} characters")
    return passphrase


class SealFailed(Exception):
    """The archive could not be made (the tar or the encryption failed, not the stick)."""


def new_key(passphrase: str) -> tuple[x25519.Recipient, bytes]:
    """A fresh key for one export: its public half, and the whole key sealed with
    the passphrase (scrypt, about a second of work)."""
    identity = x25519.Identity.generate()
    return identity.to_public(), age_passphrase.encrypt(str(identity).encode("ascii"),
                                                         passphrase)


def seal(files: Iterable[tuple[str, Path]], recipient: x25519.Recipient, sink: Sink,
         on_chunk: Callable[[int], None]) -> None:
    """Write ``files`` (archive name, path) as a tar, encrypted, into ``sink``.

    :param on_chunk: called with the bytes written so far after every chunk; it may
        raise (Cancel) to stop: the threads are wound down and the error re-raised.
    :raises SealFailed: the tar or the encryption failed.
    """
    tar_read, tar_write = os.pipe()
    age_read, age_write = os.pipe()
    errors: list[BaseException] = []

    def make_tar() -> None:
        try:
            with os.fdopen(tar_write, "wb", buffering=CHUNK) as pipe:
                _write_tar(files, pipe)
        except BrokenPipeError:
            pass  # the reader stopped first: its error is the one reported
        except BaseException as exc:  # reported by the caller's thread
            errors.append(exc)

    def encrypt() -> None:
        try:
            with os.fdopen(tar_read, "rb") as source, \
                    os.fdopen(age_write, "wb") as out:
                pyrage.encrypt_io(source, out, [recipient])
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=make_tar, name="export-tar", daemon=True),
               threading.Thread(target=encrypt, name="export-age", daemon=True)]
    for thread in threads:
        thread.start()
    written = 0
    try:
        with os.fdopen(age_read, "rb", buffering=0) as encrypted:
            while chunk := encrypted.read(CHUNK):
                sink.write(chunk)
                written += len(chunk)
                on_chunk(written)
    finally:
        # Closing our end (above) makes a thread still writing fail at once.
        for thread in threads:
            thread.join()
    if errors:
        raise SealFailed(f"the encrypted archive could not be made ({errors[0]})")


def _write_tar(files: Iterable[tuple[str, Path]], pipe: BinaryIO) -> None:
    with tarfile.open(fileobj=pipe, mode="w|", format=tarfile.PAX_FORMAT) as tar:
        for name, path in files:
            info = tarfile.TarInfo(name)
            info.size = path.stat().st_size
            info.mode = 0o600
            with path.open("rb") as source:
                tar.addfile(info, source)


def open_key(key_file: Path, passphrase: str) -> x25519.Identity:
    """The export's key from ``key.age``.

    :raises MergeRefused: a wrong passphrase, or a key file that is not one.
    """
    try:
        text = age_passphrase.decrypt(key_file.read_bytes(), passphrase).decode("ascii")
        return x25519.Identity.from_str(text.strip())
    except OSError as exc:
        raise MergeRefused(f"{key_file} cannot be read ({exc.strerror or exc})") from None
    except (pyrage.DecryptError, pyrage.IdentityError, UnicodeDecodeError):
        raise MergeRefused(f"wrong passphrase for the encrypted export {key_file.parent} "
                           "(nothing was merged)") from None


def unseal(archive: Path, identity: x25519.Identity, into: Path) -> None:
    """Decrypt and unpack ``archive`` into the (new, empty) folder ``into``.

    Only plain files with safe relative names are unpacked.

    :raises MergeRefused: a damaged archive (age checks every byte) or a bad member.
    """
    age_read, age_write = os.pipe()
    errors: list[BaseException] = []

    def decrypt() -> None:
        try:
            with archive.open("rb") as source, os.fdopen(age_write, "wb") as out:
                pyrage.decrypt_io(source, out, [identity])
        except BrokenPipeError:
            pass
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=decrypt, name="merge-age", daemon=True)
    thread.start()
    problem: str | None = None
    try:
        with os.fdopen(age_read, "rb", buffering=CHUNK) as plain, \
                tarfile.open(fileobj=plain, mode="r|") as tar:
            for member in tar:
                problem = _unpack(tar, member, into)
                if problem:
                    break
    except (tarfile.TarError, OSError) as exc:
        problem = problem or f"cannot be unpacked ({exc})"
    finally:
        thread.join()
    if errors:
        problem = f"is damaged ({errors[0]})"
    if problem:
        raise MergeRefused(f"{archive} {problem}; nothing was merged")


def _unpack(tar: tarfile.TarFile, member: tarfile.TarInfo, into: Path) -> str | None:
    if not member.isfile() or not safe_name(member.name):
        return f"holds {member.name!r}, which is not an export file"
    dest = into.joinpath(*PurePosixPath(member.name).parts)
    dest.parent.mkdir(parents=True, exist_ok=True)
    source = tar.extractfile(member)
    if source is None:
        return f"holds {member.name!r}, which cannot be read"
    with dest.open("xb") as out, contextlib.closing(source):
        while chunk := source.read(CHUNK):
            out.write(chunk)
    return None
