"""SmartStep kiosk: services, analysis, storage and the touchscreen UI."""

__version__ = "0.1.0"
