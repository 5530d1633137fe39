"""The kiosk's error tree.

Every error a person can cause (bad option, malformed file, bad config) is a
``UserError``: the command line prints its message as one plain line and exits
with its ``exit_code``, never a traceback.
"""


class SmartStepError(Exception):
    """Base of every error the kiosk raises on purpose."""


class UserError(SmartStepError):
    """Bad input from a person: printed as one line, exit code 2."""

    exit_code = 2


class ConfigError(UserError, ValueError):
    """The configuration file is malformed or has a bad value."""


class RecordingError(UserError, ValueError):
    """A recording file is missing or malformed."""


class StorageFullError(SmartStepError, OSError):
    """The disk holding the database or recordings is full."""
