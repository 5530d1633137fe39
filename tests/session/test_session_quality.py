"""Every session, exercise or test, ends with a measurement-quality verdict stored with it:
the heel-rise test's rule over the same sensor figures."""

import dataclasses
import json

from kiosk.analysis.samples import Sample
from kiosk.config import StripsConfig, ToFConfig
from kiosk.programme import Programme
from kiosk.session.view import Stage
from kiosk.sim.demo_patient import OfflineStep
from tests.session.conftest import Kiosk, small_programme


class DroppingStep:
    """The offline step with its heel sensor silent for 9 samples in every 50 (18 %)."""

    def __init__(self, inner: OfflineStep) -> None:
        self.inner = inner
        self.n = 0

    def sample(self, t):
        s = self.inner.sample(t)
        self.n += 1
        return Sample(s.t, None, s.strips) if self.n % 50 < 9 else s


def _quality(kiosk, session_id):
    row = kiosk.store.get_session(session_id)
    return row["quality"], json.loads(row["quality_record"]), row["staff_included"]


def test_an_exercise_session_on_the_simulated_step_is_judged_poor(kiosk):
    patient = kiosk.start(small_programme())
    kiosk.run_until(Stage.FINISHED, 120, patient)
    summary = kiosk.service.summary()
    assert summary.status == "completed"
    verdict, record, included = _quality(kiosk, summary.session_id)
    assert verdict == record["verdict"] == "poor"
    assert record["simulated"] is True and "simulated" in record["reasons"]
    assert record["tof_dropout_pct"] < 1  # the figures are stored beside the verdict
    assert included is None  # staff have not chosen: the verdict decides


def test_heel_sensor_dropouts_make_a_real_step_session_poor_with_their_share(tmp_path):
    k = Kiosk(tmp_path)
    try:
        # A step with real sensors (the samples still come from the offline model).
        k.service.config = dataclasses.replace(
            k.config, tof=ToFConfig(backend="serial", port="/dev/ttyUSB0"),
            strips=StripsConfig(backend="mcp3008"))
        k.step = DroppingStep(k.step)
        patient = k.start(small_programme())
        k.run(120, patient, until=lambda v: v.rep_count >= 2)
        k.service.stop()
        k.run(0.05)
        summary = k.service.summary()
        assert summary.status == "stopped"
        verdict, record, _ = _quality(k, summary.session_id)
        assert verdict == "poor" and record["simulated"] is False
        assert record["reasons"][0] == "tof_dropouts"
        assert 17.0 <= record["tof_dropout_pct"] <= 19.0
    finally:
        k.service.close()


def test_a_heel_rise_test_session_gets_the_same_verdict_as_its_test(kiosk):
    patient = kiosk.start(Programme.heel_rise_test(), body_mass_kg=70.0)
    kiosk.run(120, patient, until=lambda v: v.stage is Stage.FINISHED)
    session_id = kiosk.service.summary().session_id
    (test,) = kiosk.store.query("SELECT quality, protocol FROM heel_rise_tests"
                                " WHERE session_id = ?", [session_id])
    verdict, record, _ = _quality(kiosk, session_id)
    assert verdict == test["quality"] == "poor"
    assert tuple(record["reasons"]) == tuple(json.loads(test["protocol"])["quality_reasons"])
