"""The doctor's checks, one by one, on fake system trees and real drivers."""

from __future__ import annotations

import os
import sqlite3
import tty
from datetime import UTC, datetime

import pytest

from drivers.strips import StripReading
from drivers.tof import HeelHeightSensor
from drivers.tof_protocols import encode_nlink
from kiosk.doctor import system
from kiosk.doctor.devices import check_adc, check_tof
from kiosk.doctor.system import Machine
from kiosk.storage.store import Store

NAMES = ("l_toe", "l_lat", "l_heel", "r_toe", "r_lat", "r_heel")
CHANNELS = {n: i for i, n in enumerate(NAMES)}
NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)


def _machine(root, now=NOW) -> Machine:
    return Machine(root=root, now=lambda: now)


def _readings(*counts):
    return [StripReading(i * 0.01, tuple(counts)) for i in range(20)]


def test_spi_needs_its_device_node(tmp_path):
    assert system.check_spi(_machine(tmp_path), 0, 0).problem == "spi_disabled"
    (tmp_path / "dev").mkdir()
    (tmp_path / "dev/spidev0.0").touch()
    assert system.check_spi(_machine(tmp_path), 0, 0).status == "pass"
    assert system.check_spi(_machine(tmp_path), 0, 1).status == "fail"


def test_uart_fails_while_the_kernel_console_is_on_it(tmp_path):
    (tmp_path / "dev").mkdir()
    (tmp_path / "proc").mkdir()
    (tmp_path / "dev/ttyAMA0").touch()
    os.symlink("ttyAMA0", tmp_path / "dev/serial0")
    (tmp_path / "proc/cmdline").write_text("console=serial0,115200 console=tty1 rootwait\n")
    result = system.check_uart(_machine(tmp_path), "/dev/ttyAMA0")
    assert (result.status, result.problem) == ("fail", "serial_console")
    (tmp_path / "proc/cmdline").write_text("console=tty1 rootwait\n")
    assert system.check_uart(_machine(tmp_path), "/dev/ttyAMA0").status == "pass"
    assert system.check_uart(_machine(tmp_path), "/dev/ttyUSB0").problem == "uart_missing"


def _database(path, updated_at):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE sessions (id TEXT, updated_at TEXT)")
    conn.execute("INSERT INTO sessions VALUES ('a', ?)", (updated_at,))
    conn.commit()
    conn.close()


def test_clock_earlier_than_the_newest_record_fails(tmp_path):
    db = tmp_path / "smartstep.db"
    _database(db, "2027-03-02T09:00:00.000Z")  # a day after the clock's "now"
    before = db.read_bytes()
    result = system.check_clock(_machine(tmp_path), db)
    assert (result.status, result.problem) == ("fail", "clock_behind_records")
    assert "2027-03-02" in result.detail
    assert db.read_bytes() == before  # read-only
    assert not (tmp_path / "smartstep.db-wal").exists()


def test_clock_after_the_newest_record_passes(tmp_path):
    db = tmp_path / "smartstep.db"
    _database(db, "2027-02-28T09:00:00.000Z")
    assert system.check_clock(_machine(tmp_path), db).status == "pass"
    assert system.check_clock(_machine(tmp_path), tmp_path / "none.db").status == "pass"


def test_a_clock_from_before_the_software_fails_without_any_records(tmp_path):
    stale = datetime(1970, 1, 1, 0, 5, tzinfo=UTC)  # a Pi without an RTC, before NTP
    result = system.check_clock(_machine(tmp_path, stale), tmp_path / "none.db")
    assert result.problem == "clock_stale"


def test_a_damaged_database_is_reported(tmp_path):
    db = tmp_path / "smartstep.db"
    db.write_bytes(b"not a database at all" * 100)
    assert system.check_clock(_machine(tmp_path), db).problem == "database_unreadable"


def test_storage_unwritable_and_missing_parts(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert system.check_storage(tmp_path / "new" / "data").status == "pass"
    assert system.check_storage(blocker / "data").problem == "data_dir_not_writable"


def test_usb_needs_udisks2_and_the_polkit_rule(tmp_path):
    assert system.check_usb(_machine(tmp_path)).problem == "udisks2_missing"
    daemon = tmp_path / "usr/libexec/udisks2/udisksd"
    daemon.parent.mkdir(parents=True)
    daemon.touch()
    assert system.check_usb(_machine(tmp_path)).problem == "polkit_rule_missing"
    rule = tmp_path / system.POLKIT_RULE
    rule.parent.mkdir(parents=True)
    rule.touch()
    assert system.check_usb(_machine(tmp_path)).status == "pass"


def test_adc_verdicts():
    assert check_adc(NAMES, CHANNELS, _readings(5, 9, 300, 4, 7, 280), "ok", "").status == "pass"
    pinned = check_adc(NAMES, CHANNELS, _readings(5, 1023, 300, 4, 7, 280), "ok", "")
    assert pinned.problem == "adc_channel_pinned" and "l_lat (channel 1)" in pinned.detail
    assert check_adc(NAMES, CHANNELS, _readings(*(0,) * 6), "ok", "").problem == "adc_all_zero"
    none = check_adc(NAMES, CHANNELS, [], "failed", "OSError: bus")
    assert none.problem == "adc_no_answer" and "OSError" in none.detail


@pytest.fixture
def pty_sensor():
    master, slave = os.openpty()
    tty.setraw(slave)
    sensor = HeelHeightSensor(os.ttyname(slave), "nlink", 921600)
    yield master, sensor
    sensor.close()
    os.close(master)
    os.close(slave)


def _wait_opened(sensor, wait_for):
    wait_for(lambda: sensor.opens >= 1)


def test_tof_silent_port(pty_sensor, wait_for):
    _master, sensor = pty_sensor
    _wait_opened(sensor, wait_for)
    assert check_tof(sensor, 0, 0, 0.2).problem == "tof_silent"


def test_tof_with_bad_checksums(pty_sensor, wait_for):
    master, sensor = pty_sensor
    _wait_opened(sensor, wait_for)
    frame = bytearray(encode_nlink(120))
    frame[-1] ^= 0xFF
    os.write(master, bytes(frame) * 20)
    wait_for(lambda: sensor.counters.bad_checksum >= 20)
    assert check_tof(sensor, 0, 0, 0.2).problem == "tof_bad_frames"


def test_tof_good_frames_but_too_slow(pty_sensor, wait_for):
    master, sensor = pty_sensor
    _wait_opened(sensor, wait_for)
    os.write(master, b"".join(encode_nlink(120, time_ms=i) for i in range(5)))
    wait_for(lambda: sensor.counters.frames >= 5)
    assert check_tof(sensor, 0, 0, 1.0).problem == "tof_slow"  # 5 frames in 1 s
    ok = check_tof(sensor, 0, 0, 0.05)  # the same 5 frames in 50 ms: 100 frames/s
    assert ok.status == "pass" and "100 frames/s" in ok.detail


def test_clock_check_leaves_no_file_next_to_a_closed_database(tmp_path):
    store = Store(tmp_path / "smartstep.db", tmp_path)
    store.add_patient("Ann Example", clinic_id="C-1")
    store.close()
    before = sorted(p.name for p in tmp_path.iterdir())
    result = system.check_clock(Machine(root=tmp_path), tmp_path / "smartstep.db")
    assert result.status == "pass" and "newest record" in result.detail
    assert sorted(p.name for p in tmp_path.iterdir()) == before
