"""The heel-rise test's protocol record: stored as JSON, and which tests compare."""

from __future__ import annotations

import dataclasses

import pytest

from kiosk.analysis.protocol import (
    ProtocolRecord,
    cueing_of,
    not_comparable_because,
    support_seen,
)

RECORD = ProtocolRecord(pace_bpm=60.0, cueing="lights_and_sound", ended_by="low_height",
                        support="fingertip_or_none", kept_pace_bpm=59.5, lowest_load_pct=97.0,
                        tof_dropout_pct=0.4, tof_noise_mm=0.9, calibration="staff",
                        quality="fair", quality_reasons=("tof_noise",))


def test_the_record_survives_its_json():
    assert ProtocolRecord.from_json(RECORD.to_json()) == RECORD
    assert '"knee": "not_sensed"' in RECORD.to_json()  # said, not left out


@pytest.mark.parametrize("text", [None, "", "not json", "[1, 2]", '{"pace_bpm": 60}'])
def test_a_missing_or_unreadable_record_is_none(text):
    assert ProtocolRecord.from_json(text) is None


def test_tests_compare_only_when_run_alike():
    assert not_comparable_because(RECORD, dataclasses.replace(RECORD, ended_by="missed_beats",
                                                              quality="good")) is None
    assert not_comparable_because(RECORD, None) == "no_record"
    assert not_comparable_because(RECORD, dataclasses.replace(RECORD, ended_by="stopped")) == (
        "stopped_early")
    assert not_comparable_because(RECORD, dataclasses.replace(RECORD, pace_bpm=50.0)) == "pace"
    assert not_comparable_because(RECORD, dataclasses.replace(RECORD, cueing="lights")) == (
        "cueing")


def test_support_seen_and_cueing():
    assert support_seen(None, 0.1) == "not_measured"
    assert support_seen(91.0, 0.1) == "fingertip_or_none"
    assert support_seen(89.0, 0.1) == "more_than_fingertip"
    assert cueing_of(True, True) == "lights_and_sound"
    assert cueing_of(True, False) == "lights" and cueing_of(False, True) == "sound"
    assert cueing_of(False, False) == "none"
