"""Property: however a valid stream is chunked and salted with garbage, no frame is invented."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.tof_protocols import encode_benewake, encode_nlink, make_parser

ENCODERS = {"nlink": encode_nlink, "benewake": encode_benewake}


@settings(max_examples=150, deadline=None)
@given(
    protocol=st.sampled_from(["nlink", "benewake"]),
    distances=st.lists(st.integers(12, 2000), min_size=1, max_size=20),
    cuts=st.lists(st.integers(1, 40), max_size=30),
)
def test_any_chunking_gives_the_same_frames(protocol, distances, cuts):
    stream = b"".join(ENCODERS[protocol](d) for d in distances)
    parser = make_parser(protocol)
    got, pos = [], 0
    for cut in cuts:
        got += parser.feed(stream[pos:pos + cut])
        pos += cut
    got += parser.feed(stream[pos:])
    assert [f.distance_mm for f in got] == distances


@settings(max_examples=150, deadline=None)
@given(protocol=st.sampled_from(["nlink", "benewake"]), junk=st.binary(max_size=200))
def test_garbage_alone_never_yields_an_impossible_reading(protocol, junk):
    parser = make_parser(protocol)
    for frame in parser.feed(junk):
        # A frame may hide in random bytes only with a valid checksum and a possible value.
        assert frame.distance_mm is None or 0 <= frame.distance_mm <= 12_000
    c = parser.counters
    assert c.garbage_bytes <= len(junk)
