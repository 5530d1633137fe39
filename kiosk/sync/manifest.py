"""``manifest.json``: the list of an export's files with sizes and SHA-256, written last.

An export folder without it is incomplete. ``read_manifest`` checks its shape
(every entry has a safe relative name, a size and a SHA-256) and
``verify_files`` every listed file against it, before anything is merged.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, TypeGuard

from kiosk.storage.store import file_digest
from kiosk.sync.codes import MergeRefused

MANIFEST = "manifest.json"
SNAPSHOT = "smartstep.db"
ARCHIVE = "export.tar.age"  # an encrypted export's files, as one archive (``sealed``)
KEY = "key.age"
FORMAT = 1
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class FileEntry:
    name: str  # relative, '/'-separated
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    folder: Path
    step_id: str
    files: tuple[FileEntry, ...]
    missing: tuple[dict[str, Any], ...]
    raw: dict[str, Any]
    encrypted: bool = False  # one archive and its key, opened with the passphrase


def safe_name(name: object) -> TypeGuard[str]:
    """A relative path that stays inside the export folder."""
    if not isinstance(name, str) or not name or "\\" in name:
        return False
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):  # no line breaks or controls
        return False
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and "." not in path.parts


def build_manifest(*, step_id: str, created_at: str, software_version: str, kind: str,
                   pseudonymised: bool, sessions: int, migrations: list[str],
                   files: list[FileEntry], missing: list[dict[str, Any]],
                   encrypted: bool = False) -> bytes:
    manifest = {
        "format": FORMAT, "step_id": step_id, "created_at": created_at,
        "software_version": software_version, "kind": kind, "pseudonymised": pseudonymised,
        "sessions": sessions, "schema_migrations": migrations,
        "files": [{"name": f.name, "size": f.size, "sha256": f.sha256} for f in files],
        "missing": missing,
    }
    if encrypted:  # the files are one archive and its key (``sealed``)
        manifest["encrypted"] = True
    return json.dumps(manifest, indent=1, ensure_ascii=False).encode("utf-8")


def read_manifest(folder: Path) -> Manifest:
    """The manifest of an export folder, its shape checked.

    :raises MergeRefused: not a folder, no manifest (incomplete), or a bad entry.
    """
    if not folder.is_dir():
        raise MergeRefused(f"{folder} is not a folder")
    path = folder / MANIFEST
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise MergeRefused(f"{folder} is not a complete export (no {MANIFEST})") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise MergeRefused(f"{path} cannot be read as JSON ({exc})") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("files"), list):
        raise MergeRefused(f"{path} is not a SmartStep manifest (no 'files' list)")
    if raw.get("format", FORMAT) != FORMAT:
        raise MergeRefused(f"{path} has format {raw.get('format')!r}; this version reads "
                           f"format {FORMAT} (update SmartStep on this computer)")
    files = []
    for n, entry in enumerate(raw["files"], start=1):
        where = f"{path}: file entry {n}"
        if not isinstance(entry, dict):
            raise MergeRefused(f"{where} is not an object")
        name = entry.get("name")
        if not safe_name(name):
            raise MergeRefused(f"{where} has no usable 'name' ({name!r})")
        size, sha = entry.get("size"), entry.get("sha256")
        if type(size) is not int or size < 0:
            raise MergeRefused(f"{where} ({name!r}) has no valid 'size'")
        if not isinstance(sha, str) or not _SHA256.match(sha):
            raise MergeRefused(f"{where} ({name!r}) has no valid 'sha256'")
        files.append(FileEntry(name, size, sha))
    encrypted = raw.get("encrypted", False) is True
    needed = (ARCHIVE, KEY) if encrypted else (SNAPSHOT,)
    for name in needed:
        if name not in {f.name for f in files}:
            raise MergeRefused(f"{path} lists no {name}")
    missing = raw.get("missing", [])
    if not isinstance(missing, list):
        raise MergeRefused(f"{path}: 'missing' is not a list")
    given_id = raw.get("step_id")
    step_id = given_id if isinstance(given_id, str) else ""
    return Manifest(folder, step_id, tuple(files), tuple(missing), raw, encrypted)


def verify_files(manifest: Manifest) -> None:
    """Every listed file is there with its size and SHA-256.

    :raises MergeRefused: naming the first file that is missing or differs.
    """
    for entry in manifest.files:
        path = manifest.folder / entry.name
        if not path.is_file():
            raise MergeRefused(f"{path} is listed in the manifest but missing (incomplete copy?)")
        try:
            actual = file_digest(path)
        except OSError as exc:
            raise MergeRefused(f"{path} cannot be read ({exc.strerror or exc})") from None
        if actual != (entry.size, entry.sha256):
            raise MergeRefused(f"{path} does not match its manifest (damaged copy?)")
