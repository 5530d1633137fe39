"""Bad checksums and impossible values are dropped and counted; no-readings are reported."""

from __future__ import annotations

import pytest

from drivers.errors import DeviceConfigError
from drivers.tof_protocols import (
    BenewakeParser,
    NLinkParser,
    encode_benewake,
    encode_nlink,
    make_parser,
)


def _flip(frame: bytes, index: int) -> bytes:
    damaged = bytearray(frame)
    damaged[index] ^= 0x10
    return bytes(damaged)


@pytest.mark.parametrize("index", range(3, 16))
def test_nlink_bad_checksum_dropped(index):
    parser = NLinkParser()
    got = parser.feed(_flip(encode_nlink(250), index) + encode_nlink(260))
    assert [f.distance_mm for f in got] == [260]
    assert parser.counters.bad_checksum == 1
    assert parser.counters.frames == 1


@pytest.mark.parametrize("index", range(2, 9))
def test_benewake_bad_checksum_dropped(index):
    parser = BenewakeParser()
    got = parser.feed(_flip(encode_benewake(250), index) + encode_benewake(260))
    assert [f.distance_mm for f in got] == [260]
    assert parser.counters.bad_checksum == 1


@pytest.mark.parametrize("distance", [-1, -500, 10_001, 2**23 - 1])
def test_nlink_impossible_distance_dropped(distance):
    parser = NLinkParser()
    assert parser.feed(encode_nlink(distance)) == []
    assert parser.counters.impossible == 1
    assert parser.counters.frames == 0


def test_nlink_edges_of_the_range_are_kept():
    parser = NLinkParser()
    assert [f.distance_mm for f in parser.feed(encode_nlink(0) + encode_nlink(10_000))] == [
        0, 10_000,
    ]


def test_benewake_impossible_distance_dropped():
    parser = BenewakeParser()
    assert parser.feed(encode_benewake(40_000)) == []
    assert parser.counters.impossible == 1


@pytest.mark.parametrize("strength", [0, 99, 65535])
def test_benewake_weak_signal_is_no_reading(strength):
    parser = BenewakeParser()
    (frame,) = parser.feed(encode_benewake(300, strength=strength))
    assert frame.distance_mm is None
    assert parser.counters.no_reading == 1


def test_benewake_strength_100_is_a_reading():
    (frame,) = BenewakeParser().feed(encode_benewake(300, strength=100))
    assert frame.distance_mm == 300


@pytest.mark.parametrize(("status", "strength"), [(1, 2000), (255, 0), (0, 0)])
def test_nlink_sensor_status_or_no_signal_is_no_reading(status, strength):
    parser = NLinkParser()
    (frame,) = parser.feed(encode_nlink(300, status=status, strength=strength))
    assert frame.distance_mm is None
    assert parser.counters.no_reading == 1


def test_counters_add_up():
    parser = NLinkParser()
    stream = (
        b"junk" + encode_nlink(100) + _flip(encode_nlink(1), 9) + encode_nlink(-3)
        + encode_nlink(0, status=1, strength=0) + encode_nlink(200)
    )
    parser.feed(stream)
    c = parser.counters
    assert (c.frames, c.no_reading, c.bad_checksum, c.impossible) == (3, 1, 1, 1)
    assert c.garbage_bytes >= 4


def test_unknown_protocol_is_a_config_error():
    with pytest.raises(DeviceConfigError, match="unknown ToF protocol"):
        make_parser("lidar")


def test_reset_forgets_a_partial_frame():
    parser = NLinkParser()
    parser.feed(encode_nlink(111)[:10])
    parser.reset()
    assert [f.distance_mm for f in parser.feed(encode_nlink(222))] == [222]
