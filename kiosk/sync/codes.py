"""Outcomes of USB sync as codes (the screen and the commands turn them into words)."""

from __future__ import annotations

from enum import StrEnum

from kiosk.errors import UserError


class ExportCode(StrEnum):
    """How an export ended."""

    DONE = "done"                      # complete: manifest written
    CANCELLED = "cancelled"            # staff pressed Cancel; nothing complete left behind
    STICK_FULL = "stick_full"          # the stick ran out of space
    STICK_REMOVED = "stick_removed"    # the stick went away mid-export
    STICK_READ_ONLY = "stick_read_only"
    STICK_ERROR = "stick_error"        # another I/O error on the stick
    NOT_A_FOLDER = "not_a_folder"      # the target is not a folder (not mounted?)
    NO_DATABASE = "no_database"        # the kiosk has no database yet
    DATABASE_UNREADABLE = "database_unreadable"
    KIOSK_STORAGE = "kiosk_storage"    # the kiosk's own disk failed it (pseudonym key,
                                       # no room to prepare an encrypted export)
    AUDIT_FAILED = "audit_failed"      # names asked for, but the audit log could not record it
    PASSPHRASE_UNUSABLE = "passphrase_unusable"  # the configured passphrase file fails


class StickProblem(StrEnum):
    """Why an inserted stick cannot be used (reported with its arrival)."""

    UNSUPPORTED_FILESYSTEM = "unsupported_filesystem"
    DAMAGED_FILESYSTEM = "damaged_filesystem"
    READ_ONLY = "read_only"
    NOT_ALLOWED = "not_allowed"        # polkit refused the mount
    MOUNT_FAILED = "mount_failed"


class EjectCode(StrEnum):
    SAFE_TO_REMOVE = "safe_to_remove"  # synced, unmounted, powered off
    EJECT_FAILED = "eject_failed"      # still mounted or powered: not safe to pull yet


class SyncError(UserError):
    """A sync step failed; ``code`` says how (one of the enums above)."""

    def __init__(self, code: StrEnum, message: str) -> None:
        super().__init__(message)
        self.code = code


class ExportFailed(SyncError):
    """An export did not complete; nothing on the stick looks complete."""

    def __init__(self, code: ExportCode, message: str) -> None:
        super().__init__(code, message)
        self.code: ExportCode = code


class MergeRefused(UserError):
    """``smartstep merge`` refused its input; the target is exactly as it was."""
