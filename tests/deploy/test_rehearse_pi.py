"""scripts/rehearse-pi's own pieces, without a rehearsal (that is `make rehearse-pi`): it
reads the unit it starts, the mirror it bootstraps from, and the screen it judges."""

from __future__ import annotations

import importlib.machinery
import importlib.util
import struct
import sys
import zlib

import pytest

from tests.deploy.conftest import REPO


@pytest.fixture(scope="module")
def rehearse():
    path = REPO / "scripts" / "rehearse-pi"
    loader = importlib.machinery.SourceFileLoader("rehearse_pi", str(path))
    spec = importlib.util.spec_from_loader("rehearse_pi", loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules["rehearse_pi"] = module  # its dataclasses look their module up there
    try:
        loader.exec_module(module)
        yield module
    finally:
        del sys.modules["rehearse_pi"]


def test_it_starts_the_unit_as_systemd_would(rehearse):
    unit = rehearse.read_unit(REPO / "systemd" / "smartstep.service")
    assert unit.exec_start == ["/opt/smartstep/.venv/bin/smartstep", "run", "--fullscreen"]
    assert (unit.user, unit.group) == ("smartstep", "smartstep")
    assert set(unit.groups) == {"video", "render", "input", "gpio", "spi", "dialout"}
    assert unit.working_dir == unit.runtime_dir == unit.environment["LG_WD"] == "/run/smartstep"
    # The rehearsal swaps exactly this for x11 on an Xvfb; it fails if the unit changes it.
    assert unit.environment["SDL_VIDEODRIVER"] == "kmsdrm"
    assert (unit.umask, unit.watchdog_s, unit.start_timeout_s, unit.stop_timeout_s) == (
        "0077", 30.0, 90.0, 20.0)
    argv = rehearse.Rehearsal(root=REPO).as_service(unit, ["smartstep", "doctor"])
    assert argv[:4] == ["setpriv", "--reuid=smartstep", "--regid=smartstep",
                        "--groups=video,render,input,gpio,spi,dialout"]
    assert argv[argv.index("-C") + 1] == "/run/smartstep"
    assert "LG_WD=/run/smartstep" in argv and argv[-2:] == ["smartstep", "doctor"]


def test_it_bootstraps_from_the_mirror_apt_uses(rehearse, tmp_path, monkeypatch):
    sources = tmp_path / "debian.sources"
    sources.write_text("Types: deb\nURIs: http://mirror.example/debian-security\n"
                       "Suites: bookworm-security\nComponents: main\n\n"
                       "Types: deb\nURIs: http://mirror.example/debian\n"
                       "Suites: bookworm bookworm-updates\nComponents: main\n")
    monkeypatch.setattr(rehearse, "host_sources", lambda: [sources])
    assert rehearse.debian_mirror() == "http://mirror.example/debian"
    listing = tmp_path / "sources.list"
    listing.write_text("# old style\ndeb [arch=amd64] http://old.example/debian bookworm main\n")
    monkeypatch.setattr(rehearse, "host_sources", lambda: [listing])
    assert rehearse.debian_mirror() == "http://old.example/debian"


def _xwd(width: int, height: int, pixel) -> bytes:
    """An XWD file as Xvfb's -fbdir writes it: 32 bits per pixel, least significant byte
    first, 0xRRGGBB."""
    name = b"Xvfb screen\x00"
    fields = [100 + len(name), 7, 2, 24, width, height, 0, 0, 32, 0, 32, 32, width * 4, 4,
              0xFF0000, 0x00FF00, 0x0000FF, 8, 256, 0, width, height, 0, 0, 0]
    body = b"".join(struct.pack("<I", pixel(x, y)) for y in range(height) for x in range(width))
    return struct.pack(">25I", *fields) + name + body


def _png_pixels(data: bytes) -> tuple[int, int, bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    at, idat = 8, b""
    while at < len(data):
        length = struct.unpack(">I", data[at:at + 4])[0]
        if data[at + 4:at + 8] == b"IDAT":
            idat += data[at + 8:at + 8 + length]
        at += 12 + length
    return width, height, zlib.decompress(idat)


def test_the_screenshot_is_the_screen_and_a_blank_one_fails(rehearse, tmp_path, monkeypatch):
    monkeypatch.setattr(rehearse, "REPO", tmp_path)
    xwd = tmp_path / "Xvfb_screen0"
    xwd.write_bytes(_xwd(16, 8, lambda x, y: (x * 16) << 16 | (y * 32) << 8 | 0x40))
    note = rehearse.screenshot(xwd, tmp_path / "shot.png")
    assert "colours" in note
    width, height, raw = _png_pixels((tmp_path / "shot.png").read_bytes())
    assert (width, height) == (16, 8)
    row1 = raw[1 + 16 * 3 + 1:][:16 * 3]  # row 1, after its filter byte
    assert tuple(row1[3 * 5:3 * 5 + 3]) == (5 * 16, 32, 0x40)
    xwd.write_bytes(_xwd(16, 8, lambda x, y: 0))
    with pytest.raises(rehearse.RehearsalError, match="blank"):
        rehearse.screenshot(xwd, tmp_path / "black.png")
