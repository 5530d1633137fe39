"""Frame parsers and encoders of the heel-height ToF sensors (the sensor protocols).

Both parsers are incremental: ``feed(chunk)`` takes whatever bytes the UART
returned (split frames, garbage, several frames at once) and returns the frames
completed by it. Garbage is skipped by searching for the header; a frame with a
bad checksum or an impossible value is dropped and counted, never returned.
Speed matters (a 350 Hz sensor on a Pi): headers are found with
``bytearray.find`` and fields read with a precompiled ``struct``.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import NamedTuple

from drivers.errors import DeviceConfigError


class RangeFrame(NamedTuple):
    """One valid frame: ``distance_mm`` is None when the sensor saw nothing (no reading)."""

    distance_mm: int | None
    strength: int


@dataclass
class ParserCounters:
    """What a parser saw, for health reports and tests."""

    frames: int = 0  # frames returned, readings and no-readings
    no_reading: int = 0  # frames returned with distance None
    bad_checksum: int = 0  # dropped
    impossible: int = 0  # dropped: checksum fine, value out of the sensor's range
    garbage_bytes: int = 0  # skipped while looking for a header


# nlink (Nooploop TOFSense Frame0), 16 bytes:
# 57 00 FF id time_ms(u32) dis(int24) status(u8) strength(u16) precision(u8) sum
NLINK_HEADER = b"\x57\x00\xff"
NLINK_SIZE = 16
_NLINK = struct.Struct("<3xBIHBBHBB")  # id, time, dis lo16, dis hi8, status, strength, prec, sum
NLINK_MAX_MM = 10_000  # TOFSense ranges up to 5 m; beyond 10 m is a corrupt frame

# benewake (TF-Luna / TFmini), 9 bytes: 59 59 dist(u16) strength(u16) temp(u16) sum
BENEWAKE_HEADER = b"\x59\x59"
BENEWAKE_SIZE = 9
_BENEWAKE = struct.Struct("<2xHHhB")  # dist, strength, temp, sum
BENEWAKE_MAX_MM = 12_000  # TFmini-S reaches 12 m
BENEWAKE_MIN_STRENGTH = 100
BENEWAKE_BAD_STRENGTH = 65535


# NamedTuple's own constructor costs ~4x this; the parser makes one per frame.
_new_tuple = tuple.__new__


class _Parser:
    """Shared resynchronising loop; subclasses decode one checked frame."""

    header: bytes = b""
    size: int = 0

    def __init__(self) -> None:
        self._buf = bytearray()
        self.counters = ParserCounters()

    def reset(self) -> None:
        """Forget a partial frame (after the port was reopened)."""
        self._buf.clear()

    def feed(self, data: bytes) -> list[RangeFrame]:
        """Add bytes from the UART; return the frames they completed, in order."""
        buf = self._buf
        buf += data
        out: list[RangeFrame] = []
        header, size, counters = self.header, self.size, self.counters
        pos = 0
        end = len(buf)
        while True:
            idx = buf.find(header, pos)
            if idx < 0:
                # Keep a tail that might be the start of a header split across reads.
                keep = len(header) - 1
                while keep and not header.startswith(bytes(buf[end - keep:end])):
                    keep -= 1
                keep = min(keep, end - pos)
                counters.garbage_bytes += end - pos - keep
                pos = end - keep
                break
            if idx != pos:
                counters.garbage_bytes += idx - pos
            if idx + size > end:
                pos = idx
                break
            if sum(buf[idx:idx + size - 1]) & 0xFF != buf[idx + size - 1]:
                counters.bad_checksum += 1
                pos = idx + 1  # resynchronise on the next header, maybe inside this frame
                continue
            frame = self._decode(buf, idx)
            if frame is None:
                counters.impossible += 1
            else:
                out.append(frame)
            pos = idx + size
        if pos:
            del buf[:pos]
        counters.frames += len(out)
        return out

    def _decode(self, buf: bytearray, idx: int) -> RangeFrame | None:
        raise NotImplementedError


class NLinkParser(_Parser):
    """Parser of ``NLink_TOFSense_Frame0`` (protocol ``nlink``)."""

    header = NLINK_HEADER
    size = NLINK_SIZE

    def _decode(self, buf: bytearray, idx: int) -> RangeFrame | None:
        _id, _ms, lo, hi, status, strength, _prec, _sum = _NLINK.unpack_from(buf, idx)
        dis = lo | (hi << 16)
        if hi & 0x80:
            dis -= 1 << 24
        if status != 0 or strength == 0:
            # The sensor flags its own failure (status) or saw no return signal.
            self.counters.no_reading += 1
            return _new_tuple(RangeFrame, (None, strength))
        if not 0 <= dis <= NLINK_MAX_MM:
            return None
        return _new_tuple(RangeFrame, (dis, strength))


class BenewakeParser(_Parser):
    """Parser of the TF-Luna / TFmini 9-byte frame (protocol ``benewake``)."""

    header = BENEWAKE_HEADER
    size = BENEWAKE_SIZE

    def _decode(self, buf: bytearray, idx: int) -> RangeFrame | None:
        dist, strength, _temp, _sum = _BENEWAKE.unpack_from(buf, idx)
        if strength < BENEWAKE_MIN_STRENGTH or strength == BENEWAKE_BAD_STRENGTH:
            self.counters.no_reading += 1
            return _new_tuple(RangeFrame, (None, strength))
        if dist > BENEWAKE_MAX_MM:
            return None
        return _new_tuple(RangeFrame, (dist, strength))


PARSERS: dict[str, type[_Parser]] = {"nlink": NLinkParser, "benewake": BenewakeParser}


def make_parser(protocol: str) -> _Parser:
    """A fresh parser for ``"nlink"`` or ``"benewake"``."""
    try:
        return PARSERS[protocol]()
    except KeyError:
        raise DeviceConfigError(
            f"unknown ToF protocol {protocol!r} (known: {', '.join(PARSERS)})"
        ) from None


def encode_nlink(
    distance_mm: int, *, strength: int = 2000, status: int = 0, time_ms: int = 0,
    sensor_id: int = 0, precision: int = 3,
) -> bytes:
    """One nlink frame, as the sensor sends it (for the simulator and tests)."""
    dis = distance_mm & 0xFFFFFF  # int24 two's complement
    body = _NLINK.pack(
        sensor_id & 0xFF, time_ms & 0xFFFFFFFF, dis & 0xFFFF, dis >> 16,
        status & 0xFF, strength & 0xFFFF, precision & 0xFF, 0,
    )
    body = NLINK_HEADER + body[3:-1]
    return body + bytes([sum(body) & 0xFF])


def encode_benewake(distance_mm: int, *, strength: int = 1000, temp_raw: int = 2000) -> bytes:
    """One benewake frame, as the sensor sends it (for the simulator and tests)."""
    body = BENEWAKE_HEADER + struct.pack("<HHh", distance_mm & 0xFFFF, strength & 0xFFFF, temp_raw)
    return body + bytes([sum(body) & 0xFF])
