"""Build the step's devices once at start-up, each on the backend the config names.

Every device has a hardware backend and ``sim`` (config ``[tof]``, ``[strips]``,
``[lights]`` ``backend``), so a half-wired step runs with the rest simulated.
The simulated ones run the same driver code as the real ones (see
``kiosk.sim.step``); only the pins and the serial port underneath differ.

Pin factories (gpiozero): one ``MockFactory(pin_class=MockPWMPin)`` for every
simulated device and the default real factory (lgpio on a Pi) for the wired
ones, passed in with ``pin_factory=``. gpiozero's software SPI bus behind the
simulated MCP3008 ignores that argument and asks the global
``Device.pin_factory`` (checked with gpiozero 2.0.1), so while simulated strips exist the global
is the mock factory; ``close()`` puts the previous one back.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from gpiozero import MCP3008, Device
from gpiozero.pins.mock import MockFactory, MockPWMPin

from drivers.lights import Beeper, StartButton, TempoLights
from drivers.strips import AnalogChannel, PressureStrips
from drivers.tof import HeelHeightSensor
from kiosk.analysis.samples import STRIP_NAMES
from kiosk.config import Config, LightsConfig
from kiosk.devices.pin_factory import default_pin_factory
from kiosk.devices.step import Step
from kiosk.errors import UserError
from kiosk.sim.step import Body, SimulatedStep, default_body

SIM_TOF_BAUD = 921600  # a pty ignores the baud rate; the nlink default

_T = TypeVar("_T")


class HardwareError(UserError):
    """A configured device cannot be set up at all (no GPIO on this machine, pin taken).

    ``devices``: which of "strips", "lights" could not start (empty: unknown).
    """

    def __init__(self, message: str, devices: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.devices = devices


@dataclass
class Hardware:
    """The step's devices, ready to use; ``close()`` (or ``with``) shuts them down.

    ``step`` is the combined sample stream; ``sim`` is the simulated step when any
    of strips/ToF is simulated (its ``body`` is the simulated person).
    """

    config: Config
    strips: PressureStrips
    tof: HeelHeightSensor
    step: Step
    lights: TempoLights
    beeper: Beeper
    button: StartButton
    sim: SimulatedStep | None = None
    sim_factory: MockFactory | None = None
    gpio_factory: Any = None
    _restore_global: Callable[[], None] | None = field(default=None, repr=False)
    _closed: bool = field(default=False, repr=False)

    def apply_sound_and_light(self, lights: LightsConfig) -> None:
        """Brightness, volume and mute from (validated) settings, from the next cue on:
        the drivers read them at every use, so no restart is needed."""
        self.lights.brightness = lights.brightness
        self.beeper.volume = lights.volume
        self.beeper.mute = lights.mute

    def health(self) -> dict[str, dict[str, object]]:
        """Every device's health, JSON-friendly (the installer screen, logs)."""
        return {
            "strips": self.strips.health(),
            "tof": self.tof.health(),
            "lights": self.lights.health(),
            "beeper": self.beeper.health(),
            "button": self.button.health(),
        }

    def close(self) -> None:
        """Stop and release everything; safe to call twice."""
        if self._closed:
            return
        self._closed = True
        closers = [self.step.close, self.strips.close, self.tof.close]
        if self.sim is not None:
            closers.append(self.sim.close)
        closers += [self.lights.close, self.beeper.close, self.button.close]
        if self.sim_factory is not None:
            closers.append(self.sim_factory.close)
        if self._restore_global is not None:
            closers.append(self._restore_global)
        _close_all(closers)

    def __enter__(self) -> Hardware:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def build_hardware(config: Config, *, body: Body | None = None, seed: int = 0) -> Hardware:
    """Build every device from ``config``.

    :param body: the simulated person on the simulated step (default: one heel-raising).
    :param seed: seed of the simulated sensors' noise.
    :raises HardwareError: a wired backend cannot start (e.g. no GPIO on this machine).
    """
    cleanups: list[Callable[[], None]] = []
    try:
        return _build(config, body, seed, cleanups)
    except BaseException:
        _close_all(reversed(cleanups))
        raise


def _build(
    config: Config, body: Body | None, seed: int, cleanups: list[Callable[[], None]]
) -> Hardware:
    simulated = {config.tof.backend == "sim", config.strips.backend == "sim",
                 config.lights.backend == "sim"}
    sim_factory = MockFactory(pin_class=MockPWMPin) if True in simulated else None
    if sim_factory is not None:
        cleanups.append(sim_factory.close)
    wired = config.strips.backend == "mcp3008" or config.lights.backend == "gpio"
    gpio_factory = _real_pin_factory(tuple(
        name for name, backend in (("strips", config.strips.backend),
                                   ("lights", config.lights.backend))
        if backend != "sim")) if wired else None

    sim: SimulatedStep | None = None
    restore: Callable[[], None] | None = None
    if config.strips.backend == "sim" or config.tof.backend == "sim":
        assert sim_factory is not None
        if config.strips.backend == "sim":
            restore = _use_global_factory(sim_factory)
            cleanups.append(restore)
        sim = SimulatedStep(
            body if body is not None else default_body(seed), sim_factory,
            channels=config.strips.channels, spi_device=config.strips.spi_device,
            tof_rate_hz=config.tof.sim_rate_hz, tof_noise_mm=config.tof.sim_noise_mm,
            mount=config.tof.mount, protocol=config.tof.protocol, seed=seed,
        )
        cleanups.append(sim.close)

    strips_factory = sim_factory if config.strips.backend == "sim" else gpio_factory
    adcs: dict[str, AnalogChannel] = {}
    for name in STRIP_NAMES:

        def adc(name: str = name) -> AnalogChannel:
            return MCP3008(
                channel=config.strips.channels[name], port=config.strips.spi_port,
                device=config.strips.spi_device, pin_factory=strips_factory,
            )

        adcs[name] = _device(
            f"strips: MCP3008 channel {config.strips.channels[name]} ({name})", adc)
        cleanups.append(adcs[name].close)
    strips = PressureStrips(adcs, config.strips.rate_hz)
    cleanups.append(strips.close)

    if config.tof.backend == "sim":
        assert sim is not None
        tof = HeelHeightSensor(sim.tof_port, config.tof.protocol, SIM_TOF_BAUD,
                               reopen_max_s=config.tof.reopen_max_s)
    else:
        tof = HeelHeightSensor(config.tof.port, config.tof.protocol, config.tof.baud,
                               reopen_max_s=config.tof.reopen_max_s)
    cleanups.append(tof.close)

    lc = config.lights
    lights_factory = sim_factory if lc.backend == "sim" else gpio_factory
    lights = _device("lights: LED bar and RGB LED", lambda: TempoLights(
        lc.bar_pins, lc.rgb_pins, lc.brightness, pin_factory=lights_factory))
    cleanups.append(lights.close)
    beeper = _device("lights: buzzer", lambda: Beeper(
        lc.buzzer_pin, lc.volume, lc.mute, pin_factory=lights_factory))
    cleanups.append(beeper.close)
    button = _device("lights: button", lambda: StartButton(
        lc.button_pin, pin_factory=lights_factory))
    cleanups.append(button.close)

    step = Step(strips, tof, mount=config.tof.mount)
    return Hardware(
        config=config, strips=strips, tof=tof, step=step, lights=lights, beeper=beeper,
        button=button, sim=sim, sim_factory=sim_factory, gpio_factory=gpio_factory,
        _restore_global=restore,
    )


def _real_pin_factory(devices: tuple[str, ...]) -> Any:
    """gpiozero's default factory (lgpio on a Pi), made the global one as gpiozero expects.

    :raises HardwareError: no usable GPIO, with lgpio's own reason (never a silent
        fall-back to pins that do nothing).
    """
    factory, why = default_pin_factory()
    if factory is None:
        raise HardwareError(
            f"no GPIO on this machine for the wired strips/lights ({why}); "
            'set their backend to "sim" to simulate them',
            devices,
        )
    return factory


def _use_global_factory(factory: MockFactory) -> Callable[[], None]:
    """Make ``factory`` gpiozero's global one; returns the function that restores the old one."""
    previous = Device.pin_factory
    Device.pin_factory = factory

    def restore() -> None:
        if Device.pin_factory is factory:
            Device.pin_factory = previous

    return restore


def _device(what: str, build: Callable[[], _T]) -> _T:
    """Build one device; a pin clash or missing bus becomes one plain line."""
    try:
        return build()
    except UserError:
        raise
    except Exception as exc:
        raise HardwareError(f"{what} cannot start: {exc}", (what.split(":")[0],)) from None


def _close_all(closers: Iterable[Callable[[], object]]) -> None:
    for close in closers:
        with contextlib.suppress(Exception):  # one stuck device must not block the rest
            close()

