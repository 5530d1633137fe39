"""The drivers' error tree: every device failure is an ``OSError``.

Callers that only care "the hardware is unhappy" catch ``DeviceError`` (or plain
``OSError``, which also covers pyserial's ``SerialException``); callers that
want to tell the installer what to check catch the subclasses.
"""

from __future__ import annotations


class DeviceError(OSError):
    """A device could not be used."""


class DeviceNotFoundError(DeviceError):
    """The device is not there: no serial port at that path, no GPIO on this machine."""


class DeviceClosedError(DeviceError):
    """The driver was used after ``close()``."""


class DeviceConfigError(DeviceError, ValueError):
    """The driver was given settings it cannot work with (unknown protocol, bad channel)."""
