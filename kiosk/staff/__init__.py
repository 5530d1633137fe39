"""Staff mode: accounts and PINs, patients, prescriptions, progressions, settings,
review and reports. No Kivy here; the screens under ``kiosk/ui/screens/staff``
talk to it through ``kiosk.staff.api.StaffPort`` (one port per concern, built by
``kiosk.staff.service.build_staff_services``)."""
