"""python-dbusmock template: udisks2 with USB sticks, for the udisks2 backend tests.

Run by the system Python (``python3 -m dbusmock --system -t this_file -p JSON``),
not imported by pytest. Parameters: ``mount_root`` (where "mounts" are made)
and ``devices``: a list of ``{"name": "sdb1", "label": ..., "fs": "vfat",
"read_only": false, "mount_error": ""}``.
"""

import os

import dbus
import dbusmock.mockobject

BUS_NAME = "org.freedesktop.UDisks2"
MAIN_OBJ = "/org/freedesktop/UDisks2"
MAIN_IFACE = "org.freedesktop.UDisks2"
SYSTEM_BUS = True

ROOT = "/org/freedesktop/UDisks2"
BLOCK = "org.freedesktop.UDisks2.Block"
FILESYSTEM = "org.freedesktop.UDisks2.Filesystem"
DRIVE = "org.freedesktop.UDisks2.Drive"


def _resolve(self, spec, _options):
    return [dbus.ObjectPath(f"{ROOT}/block_devices/{str(spec['path']).rsplit('/', 1)[-1]}")]


def _mount(self, _options):
    error = self.mount_error
    if error:
        raise dbus.exceptions.DBusException(error, name="org.freedesktop.UDisks2.Error.Failed")
    where = os.path.join(self.mount_root, self.label or self.name)
    os.makedirs(where, exist_ok=True)
    self.Set(FILESYSTEM, "MountPoints", dbus.Array([dbus.ByteArray(where.encode() + b"\0")],
                                                   signature="ay"))
    return where


def _unmount(self, _options):
    if not self.Get(FILESYSTEM, "MountPoints"):
        raise dbus.exceptions.DBusException("not mounted",
                                            name="org.freedesktop.UDisks2.Error.NotMounted")
    self.Set(FILESYSTEM, "MountPoints", dbus.Array([], signature="ay"))


def load(mock, parameters):
    mock.AddObject(f"{ROOT}/Manager", "org.freedesktop.UDisks2.Manager",
                   {"Version": "2.9.4"}, [("ResolveDevice", "a{sv}a{sv}", "ao", _resolve)])
    for device in parameters.get("devices", []):
        name = device["name"]
        drive = f"{ROOT}/drives/stick_{name}"
        block = f"{ROOT}/block_devices/{name}"
        mock.AddObject(drive, DRIVE, {"Removable": True, "ConnectionBus": "usb"},
                       [("PowerOff", "a{sv}", "", "")])
        mock.AddObject(block, BLOCK, {
            "Device": dbus.ByteArray(f"/dev/{name}".encode() + b"\0"),
            "IdLabel": device.get("label", ""), "IdType": device.get("fs", "vfat"),
            "IdUsage": "filesystem" if device.get("fs") else "",
            "ReadOnly": bool(device.get("read_only", False)),
            "Size": dbus.UInt64(device.get("size", 8_000_000_000)),
            "Drive": dbus.ObjectPath(drive),
        }, [])
        obj = dbusmock.mockobject.objects[block]
        obj.mount_root = parameters["mount_root"]
        obj.mount_error = device.get("mount_error", "")
        obj.label = device.get("label", "")
        obj.name = name
        if device.get("fs", "vfat") in ("vfat", "exfat", "ntfs", "ext4", "btrfs"):
            obj.AddProperties(FILESYSTEM, {"MountPoints": dbus.Array([], signature="ay")})
            obj.AddMethods(FILESYSTEM, [("Mount", "a{sv}", "s", _mount),
                                        ("Unmount", "a{sv}", "", _unmount)])
