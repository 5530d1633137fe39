"""The step's devices as the kiosk sees them: built once from the config
(``hardware.build_hardware``: real or simulated backend per device), their readings
combined into one sample stream (``step.Step``), and what a production kiosk runs
without (``report.device_problems``). No Kivy; the composition root builds them."""
