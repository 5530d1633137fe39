"""A simulated MCP3008 on gpiozero's mock SPI pins.

gpiozero ships no MCP3008 simulator, so this is one: the slave side
of the chip's SPI protocol, answering the real ``gpiozero.MCP3008`` driver
bit by bit over ``MockFactory`` pins. The counts of each channel come from a
callable the simulator passes in, asked once per conversion.

The MCP3008 exchange (datasheet figure 6-1, as gpiozero clocks it in 3 bytes):
the master sends a start bit, then SGL/DIFF and three channel bits; the chip
samples for one clock, sends a null bit, then the 10-bit result MSB first.
"""

from __future__ import annotations

from collections.abc import Callable

from gpiozero.pins.mock import (
    MockFactory,
    MockPWMPin,
    MockSPIClockPin,
    MockSPIDevice,
    MockSPISelectPin,
)

from drivers.errors import DeviceConfigError

# BCM pins of the Pi's SPI0 bus; chip select 0 is GPIO8 (CE0), 1 is GPIO7 (CE1).
SPI0_CLOCK, SPI0_MOSI, SPI0_MISO = 11, 10, 9
SPI0_SELECT = (8, 7)
MAX_COUNTS = 1023


class _ClockPin(MockSPIClockPin, MockPWMPin):  # type: ignore[misc]  # gpiozero: no types
    """SPI clock pin that is also a PWM pin, so one ``MockFactory(pin_class=MockPWMPin)``
    serves the PWM lights and this chip (the factory refuses mixed pin classes)."""


class _SelectPin(MockSPISelectPin, MockPWMPin):  # type: ignore[misc]  # gpiozero: no types
    """SPI chip-select pin, PWM-capable for the same reason as ``_ClockPin``."""


class MockMCP3008(MockSPIDevice):  # type: ignore[misc]  # gpiozero: no types
    """The chip's side of the SPI bus.

    :param factory: the mock pin factory the ``MCP3008`` devices use.
    :param channel_counts: ``f(channel) -> counts`` (0..1023; clipped), asked per conversion.
    :param spi_device: chip select 0 (CE0, GPIO8) or 1 (CE1, GPIO7) on SPI0.
    """

    def __init__(
        self,
        factory: MockFactory,
        channel_counts: Callable[[int], int],
        spi_device: int = 0,
    ) -> None:
        if spi_device not in (0, 1):
            raise DeviceConfigError(f"MCP3008 chip select must be 0 or 1, not {spi_device}")
        # Not MockSPIDevice.__init__: it asks for plain (non-PWM) clock/select pins.
        self.clock_pin = factory.pin(SPI0_CLOCK, pin_class=_ClockPin)
        self.mosi_pin = factory.pin(SPI0_MOSI)
        self.miso_pin = factory.pin(SPI0_MISO)
        self.select_pin = factory.pin(SPI0_SELECT[spi_device], pin_class=_SelectPin)
        self.clock_polarity = False
        self.clock_phase = False
        self.lsb_first = False
        self.bits_per_word = 8
        self.select_high = False
        self.rx_bit = 0
        self.rx_buf: list[int] = []
        self.tx_buf: list[int] = []
        self.clock_pin.spi_devices.append(self)
        self.select_pin.spi_device = self
        self._channel_counts = channel_counts
        self._start_at: int | None = None
        self.conversions = 0

    # PWM pins report float states (0.0/1.0), which MockSPIDevice's XOR rejects;
    # these two are its on_select/on_clock for this chip's fixed SPI mode 0.
    def on_select(self) -> None:
        if not self.select_pin.state:
            self.on_start()

    def on_clock(self) -> None:
        if self.select_pin.state or not self.clock_pin.state:
            return  # not selected, or the falling edge
        self.rx_bit += 1
        self.rx_buf.append(1 if self.mosi_pin.state else 0)
        tx = self.tx_buf.pop(0) if self.tx_buf else 0
        if tx:
            self.miso_pin.drive_high()
        else:
            self.miso_pin.drive_low()
        self.on_bit()

    def on_start(self) -> None:
        super().on_start()
        self._start_at = None

    def on_bit(self) -> None:
        bit = self.rx_buf[-1]
        if self._start_at is None:
            if bit:  # leading zeros until the start bit
                self._start_at = self.rx_bit
            return
        if self.rx_bit == self._start_at + 4:
            # Start bit, SGL/DIFF, D2 D1 D0 received: answer with one sample clock,
            # the null bit, then 10 bits of result.
            channel = (self.rx_buf[-3] << 2) | (self.rx_buf[-2] << 1) | self.rx_buf[-1]
            counts = int(self._channel_counts(channel))
            counts = MAX_COUNTS if counts > MAX_COUNTS else max(counts, 0)
            self.conversions += 1
            self.tx_word(counts, 12)

    def trim_pin_history(self) -> None:
        """Drop the pins' recorded states (MockPin keeps every change: ~300 k a second at 1 kHz)."""
        for pin in (self.clock_pin, self.mosi_pin, self.miso_pin, self.select_pin):
            del pin.states[:-1]
