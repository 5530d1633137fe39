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


class RefusedRequest(UserError):
    """A request refused for what a person typed or chose; nothing was changed. The
    person is told why where they asked; the log keeps at most one INFO line of it."""


class ConfigError(UserError, ValueError):
    """The configuration file is malformed or has a bad value.

    ``key`` names the dotted key at fault (None: the whole file) and ``problem``
    says how: "bad_value", "out_of_range" or "unknown_key" (for the settings screen).
    """

    def __init__(self, message: str, key: str | None = None, problem: str = "bad_value") -> None:
        super().__init__(message)
        self.key = key
        self.problem = problem


class RecordingError(UserError, ValueError):
    """A recording file is missing or malformed."""


class StorageFullError(SmartStepError, OSError):
    """The disk holding the database or recordings is full."""
