"""Runs every check in order (see ``words.TITLES``) and returns their results.

Without ``sim`` the device checks open the *wired* devices at the configured
pins and ports, whatever the config's backends say: the technician learns
whether the hardware answers before switching the config over (and the
``devices`` check fails while any backend is still ``sim``). With ``sim`` they
run on the simulated step, and the checks that only matter on a Pi (SPI, UART,
GPIO, USB) are skipped. A check that hits a file it may not read (``OSError``)
becomes a failed line saying so; the others still run.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from typing import Any

from gpiozero import MCP3008

from drivers.lights import Beeper, StartButton, TempoLights
from drivers.strips import PressureStrips
from drivers.tof import HeelHeightSensor
from kiosk.analysis.build import PURE_ENV, BuildStatus, inspect_build
from kiosk.analysis.samples import STRIP_NAMES
from kiosk.config import Config
from kiosk.devices.hardware import build_hardware
from kiosk.devices.pin_factory import LGPIO_PIPE, default_pin_factory
from kiosk.doctor import devices, system
from kiosk.doctor.result import CheckResult, failed, passed, skipped

WINDOW_S = 1.0  # how long the strips and the ToF are watched
ADC_RATE_HZ = 100.0


def run_doctor(config: Config, config_error: str | None = None, *, sim: bool = False,
               machine: system.Machine | None = None, window_s: float = WINDOW_S
               ) -> list[CheckResult]:
    """Every check's result, in the order of ``words.TITLES``.

    :param config: the configuration to check against (the built-in defaults when the
        file was invalid; ``config_error`` then says why).
    :param sim: check the simulated step instead of the wired devices.
    """
    machine = machine or system.Machine()
    results = [_check_config(config, config_error)]
    if sim:
        results += [skipped(c, "not needed on the simulated step")
                    for c in ("devices", "spi", "uart", "gpio")]
        results += _guarded(("adc", "tof", "lights"),
                            lambda: _simulated_devices(config, window_s))
    else:
        results.append(_check_backends(config))
        results += _guarded(("spi",), lambda: [system.check_spi(
            machine, config.strips.spi_port, config.strips.spi_device)])
        results += _guarded(("uart",), lambda: [system.check_uart(machine, config.tof.port)])
        results += _guarded(("gpio",), lambda: [system.check_gpio_chip(machine)])
        results += _guarded(("adc", "tof", "lights"),
                            lambda: _wired_devices(config, machine, window_s))
    results += _guarded(("storage",), lambda: [system.check_storage(config.data_path())])
    results += _guarded(("clock",), lambda: [system.check_clock(machine, config.db_path())])
    if sim:
        results.append(skipped("usb", "not needed on the simulated step"))
    else:
        results += _guarded(("usb",), lambda: [system.check_usb(machine)])
    results += _guarded(("analysis",), lambda: [_check_analysis_build()])
    return results


def _guarded(checks: tuple[str, ...], run: Callable[[], list[CheckResult]]
             ) -> list[CheckResult]:
    """The checks' results, or one failed line each when the OS refused a file: the doctor
    never stops before the last check (its lines are the technician's whole answer)."""
    try:
        return run()
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        return [failed(check, "cannot_check", f"{where}{exc.strerror or exc}")
                for check in checks]


def _check_config(config: Config, error: str | None) -> CheckResult:
    if error is not None:
        return failed("config", "config_invalid", error)
    return passed("config", config.source or "built-in defaults (no config file)")


def _check_analysis_build() -> CheckResult:
    """Which build of the analysis runs. Plain Python counts the same reps, only slower,
    so it is reported, not failed (the doctor fails on what breaks the step)."""
    status = inspect_build()
    if status is BuildStatus.COMPILED:
        return passed("analysis", "compiled (mypyc), current with its sources")
    if status is BuildStatus.TURNED_OFF:
        return skipped("analysis", f"plain Python: compiled build turned off by {PURE_ENV}")
    why = "built from older sources" if status is BuildStatus.STALE else "not built"
    return passed("analysis", f"plain Python, about 2.5 times slower ({why}; sudo "
                              "scripts/install-pi --upgrade compiles it)")


def _check_backends(config: Config) -> CheckResult:
    simulated = [name for name, backend in (("tof", config.tof.backend),
                                             ("strips", config.strips.backend),
                                             ("lights", config.lights.backend))
                 if backend == "sim"]
    if simulated:
        return failed("devices", "device_simulated", f"on sim: {', '.join(simulated)}")
    return passed("devices", "tof, strips and lights wired")


def _simulated_devices(config: Config, window_s: float) -> list[CheckResult]:
    with build_hardware(config.all_simulated()) as hw:
        readings, stop = devices.collect_strips(hw.strips)
        frames, bad = hw.tof.counters.frames, hw.tof.counters.bad_checksum
        devices.watch(window_s)
        stop()
        health = hw.strips.health()
        return [
            devices.check_adc(hw.strips.names, config.strips.channels, readings,
                              str(health["status"]), str(health["last_error"])),
            devices.check_tof(hw.tof, frames, bad, window_s),
            devices.check_lights(None, hw.button.is_pressed),
        ]


def _wired_devices(config: Config, machine: system.Machine, window_s: float
                   ) -> list[CheckResult]:
    factory, factory_error = _pin_factory()
    with contextlib.ExitStack() as stack:
        strips = None
        if factory is not None:
            try:
                strips = stack.enter_context(_wired_strips(config, factory))
            except Exception as exc:
                factory_error = f"{type(exc).__name__}: {exc}"
        readings, stop = devices.collect_strips(strips) if strips else ([], lambda: None)
        tof = None
        if machine.path(config.tof.port).exists():
            tof = stack.enter_context(HeelHeightSensor(
                config.tof.port, config.tof.protocol, config.tof.baud,
                reopen_max_s=config.tof.reopen_max_s))
        if strips is not None or tof is not None:
            devices.watch(window_s)
        stop()
        results = []
        if strips is None:
            results.append(failed("adc", _gpio_problem(factory_error),
                                  f"MCP3008 not opened: {factory_error}"))
        else:
            health = strips.health()
            results.append(devices.check_adc(strips.names, config.strips.channels, readings,
                                             str(health["status"]), str(health["last_error"])))
        if tof is None:
            results.append(failed("tof", "tof_port_unusable", f"{config.tof.port} missing"))
        else:
            results.append(devices.check_tof(tof, 0, 0, window_s))
    if factory is None:
        results.append(failed("lights", _gpio_problem(factory_error), f"no pins: {factory_error}"))
    else:
        results.append(_wired_lights(config, factory))
    return results


def _gpio_problem(error: str | None) -> str:
    """Which fix applies: lgpio's pipe folder, or the general one (kiosk running, groups)."""
    return "lgpio_workdir" if error and LGPIO_PIPE in error else "gpio_unusable"


def _pin_factory() -> tuple[Any, str | None]:
    """gpiozero's default factory (lgpio on a Pi), or None and why not, made where lgpio
    can write its pipe (see ``_lgpio_workdir``)."""
    with _lgpio_workdir():
        return default_pin_factory()


@contextlib.contextmanager
def _lgpio_workdir() -> Iterator[None]:
    """A folder this user can write for lgpio's pipe while the factory is made.

    ``$LG_WD`` when set (the unit sets it): it is used as it is, so a wrong one shows. Else
    the current folder if writable; else (``sudo -u smartstep ... doctor`` from a home the
    kiosk's user cannot write) a private temporary folder, removed afterwards. lgpio also
    moves the process into the folder: the doctor moves back.
    """
    if os.environ.get("LG_WD") or os.access(".", os.W_OK | os.X_OK):
        yield
        return
    cwd = _cwd()
    folder = tempfile.mkdtemp(prefix="smartstep-doctor-lgpio-")
    os.environ["LG_WD"] = folder
    try:
        yield
    finally:
        del os.environ["LG_WD"]
        if cwd is not None:
            with contextlib.suppress(OSError):
                os.chdir(cwd)
        shutil.rmtree(folder, ignore_errors=True)


def _cwd() -> str | None:
    try:
        return os.getcwd()
    except OSError:
        return None


@contextlib.contextmanager
def _wired_strips(config: Config, factory: Any) -> Iterator[PressureStrips]:
    adcs: dict[str, Any] = {}
    try:
        for name in STRIP_NAMES:
            adcs[name] = MCP3008(channel=config.strips.channels[name],
                                 port=config.strips.spi_port, device=config.strips.spi_device,
                                 pin_factory=factory)
    except BaseException:
        for adc in adcs.values():
            adc.close()
        raise
    with PressureStrips(adcs, ADC_RATE_HZ) as strips:
        yield strips


def _wired_lights(config: Config, factory: Any) -> CheckResult:
    lc = config.lights
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(TempoLights(lc.bar_pins, lc.rgb_pins, lc.brightness,
                                            pin_factory=factory))
            stack.enter_context(Beeper(lc.buzzer_pin, lc.volume, True, pin_factory=factory))
            button = stack.enter_context(StartButton(lc.button_pin, pin_factory=factory))
        except Exception as exc:
            return devices.check_lights(f"{type(exc).__name__}: {exc}", False)
        return devices.check_lights(None, button.is_pressed)
