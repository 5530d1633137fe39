"""The parsers find frames among garbage and across split reads."""

from __future__ import annotations

import random

import pytest

from drivers.tof_protocols import (
    BenewakeParser,
    NLinkParser,
    RangeFrame,
    encode_benewake,
    encode_nlink,
    make_parser,
)

ENCODERS = {"nlink": encode_nlink, "benewake": encode_benewake}


@pytest.mark.parametrize("protocol", ["nlink", "benewake"])
def test_frames_split_at_every_byte_boundary(protocol):
    encode = ENCODERS[protocol]
    stream = encode(123) + encode(456) + encode(789)
    for cut in range(1, len(stream)):
        parser = make_parser(protocol)
        got = parser.feed(stream[:cut]) + parser.feed(stream[cut:])
        assert [f.distance_mm for f in got] == [123, 456, 789], cut
        assert parser.counters.garbage_bytes == 0


@pytest.mark.parametrize("protocol", ["nlink", "benewake"])
def test_byte_by_byte(protocol):
    parser = make_parser(protocol)
    stream = ENCODERS[protocol](321) * 5
    got = [f for b in stream for f in parser.feed(bytes([b]))]
    assert [f.distance_mm for f in got] == [321] * 5


@pytest.mark.parametrize("protocol", ["nlink", "benewake"])
def test_garbage_between_frames_is_skipped_and_counted(protocol):
    encode = ENCODERS[protocol]
    garbage = b"\x00\x13\x37\xaa"
    parser = make_parser(protocol)
    got = parser.feed(garbage + encode(100) + garbage + encode(200))
    assert [f.distance_mm for f in got] == [100, 200]
    assert parser.counters.garbage_bytes == 2 * len(garbage)


def test_random_garbage_never_hides_real_frames():
    rng = random.Random(4)
    parser = NLinkParser()
    sent, got = [], []
    for _ in range(300):
        noise = bytes(rng.randrange(256) for _ in range(rng.randint(0, 20)))
        distance = rng.randint(12, 2000)
        sent.append(distance)
        chunk = noise + encode_nlink(distance)
        cut = rng.randint(0, len(chunk))
        got += parser.feed(chunk[:cut]) + parser.feed(chunk[cut:])
    # Garbage may (rarely) hold a header; a valid frame is never lost.
    distances = [f.distance_mm for f in got]
    it = iter(distances)
    assert all(d in it for d in sent)


def test_header_prefix_at_the_end_of_a_read_is_kept():
    parser = NLinkParser()
    frame = encode_nlink(555)
    assert parser.feed(b"\xff\xff" + frame[:1]) == []
    assert parser.feed(frame[1:]) == [RangeFrame(555, 2000)]


def test_benewake_header_inside_a_frame_body():
    # 0x5959 = 22873 as a distance is out of range; the header bytes inside a
    # frame must not derail the next frame.
    parser = BenewakeParser()
    got = parser.feed(encode_benewake(0x5959) + encode_benewake(300))
    assert [f.distance_mm for f in got] == [300]
    assert parser.counters.impossible == 1
