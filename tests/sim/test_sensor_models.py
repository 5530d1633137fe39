"""FSR and ToF models: monotonic, saturating, noise as configured."""

from __future__ import annotations

import statistics

import pytest

from kiosk.sim.sensor_models import FSRModel, StripModels, ToFModel


def test_fsr_counts_grow_with_force_and_saturate():
    fsr = FSRModel()
    forces = [0, 5, 20, 50, 100, 200, 400, 800, 1500, 3000, 10000]
    counts = [fsr.ideal(f) for f in forces]
    assert counts == sorted(counts) and len(set(counts)) == len(counts)
    assert counts[-1] < 1023
    # Non-linear: the same 100 N step adds far less near saturation.
    assert fsr.ideal(100) - fsr.ideal(0) > 5 * (fsr.ideal(1600) - fsr.ideal(1500))


def test_unloaded_strips_read_a_few_counts():
    strips = StripModels(seed=3)
    for _ in range(500):
        assert all(0 <= c <= 20 for c in strips.counts((0.0,) * 6))


def test_noisy_counts_are_ten_bit_integers_near_the_ideal():
    strips = StripModels(seed=1)
    loads = (50.0, 300.0, 0.0, 900.0, 20000.0, 5.0)
    ideal = strips.ideal(loads)
    for _ in range(300):
        counts = strips.counts(loads)
        assert all(isinstance(c, int) and 0 <= c <= 1023 for c in counts)
        assert all(abs(c - i) < 25 for c, i in zip(counts, ideal, strict=True))


@pytest.mark.parametrize("noise", [0.5, 2.0, 7.0])
def test_tof_noise_matches_its_setting(noise):
    tof = ToFModel(mount_offset_mm=100.0, noise_mm=noise, seed=2)
    readings = [tof.distance(30.0, k * 0.01) for k in range(4000)]
    values = [r for r in readings if r is not None]
    assert len(values) == len(readings)  # no dropouts asked for
    # 1 mm rounding adds about 0.29 mm of quantisation noise.
    assert statistics.pstdev(values) == pytest.approx((noise**2 + 1 / 12) ** 0.5, rel=0.1)
    assert statistics.mean(values) == pytest.approx(130.0, abs=0.5)


def test_tof_distance_grows_as_the_heel_rises_when_mounted_below():
    below = ToFModel(mount_offset_mm=80.0, noise_mm=0.0)
    above = ToFModel(mount_offset_mm=300.0, noise_mm=0.0, mount="above")
    assert below.distance(50.0, 0.0) - below.distance(0.0, 0.01) == 50.0
    assert above.distance(50.0, 0.0) - above.distance(0.0, 0.01) == -50.0


def test_tof_dropouts_spikes_and_no_heel():
    tof = ToFModel(noise_mm=1.0, dropout_rate=2.0, spike_rate=0.02, seed=5)
    readings = [tof.distance(10.0, k * 0.005) for k in range(20000)]
    missing = sum(r is None for r in readings) / len(readings)
    assert 0.05 < missing < 0.6  # bursts of 20..300 ms, twice a second
    spikes = sum(r is not None and abs(r - 90.0) > 30 for r in readings)
    assert spikes > 50
    assert ToFModel().distance(None, 0.0) is None  # nobody over the sensor
