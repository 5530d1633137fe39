"""Which devices a production kiosk runs without: simulated or not answering.

A kiosk started with ``run --fullscreen`` is the clinic's; if any device is on the
simulated step, or a wired one does not answer at start, staff must learn of it
instead of a patient exercising on a pretend step. ``device_problems`` returns
codes the screens turn into words (``kiosk/ui/wording.py``) and the composition
root logs each as a warning (the journal on the Pi).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

from kiosk.config import Config

# How long start-up waits for a wired ToF's port to open before calling it missing
# (the reader thread opens it within milliseconds when it is there).
TOF_OPEN_WAIT_S = 2.0

# code -> what the journal says; the screens have their own words for the same codes.
LOG_LINES: dict[str, str] = {
    "tof_simulated": "heel-height sensor is SIMULATED ([tof] backend = \"sim\")",
    "strips_simulated": "pressure strips are SIMULATED ([strips] backend = \"sim\")",
    "lights_simulated": "lights, buzzer and button are SIMULATED ([lights] backend = \"sim\")",
    "tof_disconnected": "heel-height sensor does not answer on its serial port",
    "strips_failed": "pressure strips cannot be read (MCP3008 on SPI)",
    "lights_failed": "lights, buzzer and button could not start (GPIO); running simulated",
}


def device_problems(config: Config, health: Mapping[str, Mapping[str, object]]
                    ) -> tuple[str, ...]:
    """Codes (keys of ``LOG_LINES``) for every simulated or failed device, in a fixed order.

    :param health: ``Hardware.health()``.
    """
    codes = [f"{name}_simulated" for name, backend in (
        ("tof", config.tof.backend), ("strips", config.strips.backend),
        ("lights", config.lights.backend)) if backend == "sim"]
    if config.tof.backend != "sim" and health["tof"]["status"] == "disconnected":
        codes.append("tof_disconnected")
    if config.strips.backend != "sim" and health["strips"]["status"] == "failed":
        codes.append("strips_failed")
    return tuple(codes)


def wait_for_tof(status: Callable[[], str], timeout_s: float = TOF_OPEN_WAIT_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
    """Give a wired ToF's reader thread a moment to open its port (polls with a deadline)."""
    deadline = clock() + timeout_s
    while status() == "disconnected" and clock() < deadline:
        time.sleep(0.02)
