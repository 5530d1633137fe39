"""Staff mode's screens, and the hub's entries.

Every screen here is reachable only with a staff member signed in (the
controller refuses to show one otherwise), except the PIN sign-in itself.
To add a screen to the staff hub, add one ``HubEntry`` line to ``HUB``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class HubEntry:
    screen: str  # screen name, "staff_..."
    label: str  # the hub button's text
    target: str  # "module:Class" of the screen
    admin_only: bool = False


_S = "kiosk.ui.screens.staff"

# The staff hub's buttons, in order.
HUB: tuple[HubEntry, ...] = (
    HubEntry("staff_patients", "Patients", f"{_S}.patients:PatientsScreen"),
    HubEntry("staff_sessions", "Sessions", f"{_S}.session_list:SessionListScreen"),
    HubEntry("staff_audit", "Audit log", f"{_S}.audit:AuditScreen"),
    HubEntry("staff_usb_export", "USB export", f"{_S}.usb_export:UsbExportScreen"),
    HubEntry("staff_settings", "Settings", f"{_S}.settings:SettingsScreen", admin_only=True),
    HubEntry("staff_accounts", "Staff accounts", f"{_S}.staff_accounts:StaffAccountsScreen",
             admin_only=True),
    HubEntry("staff_technician", "Technician", f"{_S}.technician:TechnicianScreen",
             admin_only=True),
)

# Screens reached from the technician screen: admin only, like it.
_TECHNICIAN = {
    "staff_calibration": f"{_S}.strip_calibration:StripCalibrationScreen",
    "staff_tof_check": f"{_S}.tof_check:ToFCheckScreen",
    "staff_device_test": f"{_S}.device_test:DeviceTestScreen",
    "staff_system": f"{_S}.system_info:SystemInfoScreen",
}

# Screens reached from other staff screens (not from the hub).
_INNER = {
    "staff_signin": f"{_S}.staff_signin:StaffSignInScreen",
    "staff_home": f"{_S}.staff_home:StaffHomeScreen",
    "staff_patient": f"{_S}.patient:PatientScreen",
    "staff_patient_edit": f"{_S}.patient_edit:PatientEditScreen",
    "staff_prescription": f"{_S}.prescription:PrescriptionScreen",
    "staff_session": f"{_S}.session_detail:SessionDetailScreen",
    "staff_progress": f"{_S}.progress:ProgressScreen",
}

STAFF_SCREENS: dict[str, str] = {**_INNER, **_TECHNICIAN, **{e.screen: e.target for e in HUB}}
# Screens only an admin may open.
ADMIN_SCREENS = frozenset(e.screen for e in HUB if e.admin_only) | frozenset(_TECHNICIAN)
# Built while the kiosk waits at home, so their first open is as quick as the next: the
# way in and the screens of nearly every visit. The rest are built on first open (a few
# hundred ms): each built screen keeps 2-4 MB, and the kiosk's memory is a Pi's.
WARM_STAFF_SCREENS = ("staff_signin", "staff_home", "staff_patients", "staff_patient")
# The one staff screen shown before a PIN was given.
OPEN_STAFF_SCREEN = "staff_signin"
