"""Hardware drivers of the step. Never imports Kivy or kiosk."""
