"""The touchscreen (Kivy). Importing any part of it settles Kivy's environment first."""

from kiosk.ui import kivy_env

kivy_env.settle()
