"""Pick the stick backend from the configuration (as ``kiosk.devices.hardware`` does for
devices)."""

from __future__ import annotations

from pathlib import Path

from kiosk.config import Config
from kiosk.sync.service import ExportAudit, SyncService
from kiosk.sync.sim_sticks import SimStickBackend
from kiosk.sync.sticks import StickBackend


def build_stick_backend(config: Config) -> StickBackend:
    """``[usb] backend``: "udisks2" on the Pi, "sim" (folders) elsewhere."""
    if config.usb.backend == "udisks2":
        from kiosk.sync.udev_sticks import UdevStickBackend  # Linux only: pyudev, D-Bus

        return UdevStickBackend()
    return SimStickBackend(config.sim_usb_path())


def build_sync_service(config: Config, audit: ExportAudit | None = None) -> SyncService:
    """The service the staff export screen is handed (the composition root calls this).

    :param audit: writes an audit entry; without it no export carries names.
    """
    passphrase_file = (Path(config.usb.passphrase_file).expanduser()
                       if config.usb.passphrase_file else None)
    return SyncService(build_stick_backend(config), config.db_path(), config.data_path(),
                       config.step_id, auto_export=config.usb.auto_export, audit=audit,
                       passphrase_file=passphrase_file)
