"""UI figures: start-up to first frame, frame time in a live set, rep-to-counter
delay, memory. Each probe runs the real kiosk app (simulated step, real store) in its own
process under the display ``make bench`` provides (Kivy makes one window per process).

Goals here: first frame <= 2 s, frame time p95 <= 16 ms, counter on screen <= one frame
(16.7 ms) after the rep is committed, RSS <= 150 MB.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

FRAME_S = 1 / 60
PROBE_CONFIG = """
[session]
tempo = "1-0-1"
rest_s = 3.0
sets = 1
reps = 6
"""


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run() -> list[str]:
    starts, probe = [], None
    for i in range(3):
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.time()
            out = subprocess.run(
                [sys.executable, "-m", "bench.bench_ui", "--probe", str(t0), tmp,
                 "live" if i == 0 else ""],
                capture_output=True, text=True, timeout=180,
                env={**os.environ, "KIVY_NO_ARGS": "1",
                     "SMARTSTEP_DATA": os.path.join(tmp, "data")},
            )
        if out.returncode != 0:
            lines = out.stderr.strip().splitlines()
            raise RuntimeError(lines[-1] if lines else "probe failed")
        result = json.loads(out.stdout.strip().splitlines()[-1])
        starts.append(result["first_frame_s"])
        if "frames_ms" in result:
            probe = result
    assert probe is not None
    frames = probe["frames_ms"]
    delays = probe["rep_delays_ms"]
    drawn = probe["drawn_ms"]
    return [
        f"start-up to first frame: median {statistics.median(starts):.2f} s of {len(starts)} "
        f"(goal <= 2 s)",
        f"frame time in a live set: p50 {_percentile(frames, 0.5):.1f} ms, "
        f"p95 {_percentile(frames, 0.95):.1f} ms, max {max(frames):.1f} ms over {len(frames)} "
        f"frames (goal p95 <= 16 ms)",
        f"  of which redrawn ({len(drawn)}): p50 {_percentile(drawn, 0.5):.1f} ms, "
        f"p95 {_percentile(drawn, 0.95):.1f} ms (software GL: Xvfb + llvmpipe)",
        f"rep committed -> counter drawn: median {statistics.median(delays):.1f} ms, "
        f"max {max(delays):.1f} ms over {len(delays)} reps; "
        f"{sum(d <= FRAME_S * 1000 for d in delays)}/{len(delays)} within one frame (16.7 ms); "
        f"Kivy paces frames ({probe['clock']} clock, maxfps 60, {probe['loop_fps']:.0f} passes/s)",
        f"memory: RSS {probe['rss_mb']:.0f} MB at the end of the set (goal <= 150 MB), "
        f"of which {probe['gl_mb']:.0f} MB the software GL libraries (LLVM + swrast, not on a Pi)",
    ]


# -- the probe (a child process) -----------------------------------------------------


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _software_gl_mb() -> float:
    """Resident pages of the software GL libraries (llvmpipe's LLVM + Mesa's swrast).

    A Pi draws with its GPU driver (V3D), without LLVM: this part of the RSS here
    says little about the Pi.
    """
    total_kb, counting = 0, False
    with open("/proc/self/smaps", encoding="utf-8", errors="replace") as f:
        for line in f:
            fields = line.split()
            if fields and "-" in fields[0] and not fields[0].endswith(":"):
                name = fields[5] if len(fields) > 5 else ""
                counting = "libLLVM" in name or "_dri.so" in name
            elif counting and fields[0] == "Rss:":
                total_kb += int(fields[1])
    return total_kb / 1024


def _probe(parent_t0: float, tmp: str, live: bool) -> dict:
    from pathlib import Path

    from kiosk.ui.app import configure_kivy  # before any kivy import: it sets Kivy's environment

    configure_kivy(False)
    from kivy.config import Config as KivyConfig

    # Kivy paces the frames itself (maxfps 60, as on the kiosk): the probe never sleeps,
    # so the rep delay includes whatever waiting Kivy's own clock does.
    KivyConfig.set("graphics", "maxfps", "60")
    from kivy.base import EventLoop
    from kivy.clock import Clock

    from kiosk.app import open_kiosk
    from kiosk.config import load_config
    from kiosk.session.view import Stage
    from kiosk.sim.demo_patient import DemoPatient
    from kiosk.ui.app import SmartStepApp

    config = Path(tmp) / "config.toml"
    config.write_text(PROBE_CONFIG, encoding="utf-8")
    with open_kiosk(load_config(config).all_simulated()) as parts:
        session = parts.services.session
        # Listening before the app is built: the commit is stamped before any UI listener runs.
        committed: dict[int, float] = {}
        session.add_rep_listener(lambda rep: committed.setdefault(rep.number, time.perf_counter()))
        app = SmartStepApp(parts.services)
        app._run_prepare()
        EventLoop.idle()  # draws and flips the first frame
        result: dict = {"first_frame_s": time.time() - parent_t0}
        if not live:
            app.stop()
            return result
        controller = app.controller
        controller.start()
        controller.sign_in(None)
        controller.begin(parts.services.default_programme)
        patient = DemoPatient(parts.sim_keys.control, session, faults={}, come_back=False)
        Clock.schedule_interval(lambda _dt: patient.tick(session.clock(), session.snapshot()), 0)
        from kivy.core.window import Window

        # Time Kivy spends sleeping between frames (whatever the clock type): a frame's
        # work is its loop pass minus that.
        slept = [0.0]
        kivy_idle = Clock.idle

        def timed_idle() -> object:
            t = time.perf_counter()
            try:
                return kivy_idle()
            finally:
                slept[0] += time.perf_counter() - t

        Clock.idle = timed_idle
        flips = [0]
        Window.bind(on_flip=lambda *_: flips.__setitem__(0, flips[0] + 1))
        frames: list[float] = []
        drawn: list[float] = []  # frames that redrew the window
        delays: list[float] = []
        shown = "0"
        loop_start = time.perf_counter()
        passes = 0
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            start = time.perf_counter()
            flipped, slept[0] = flips[0], 0.0
            EventLoop.idle()  # sleeps as Kivy's clock decides, ticks, draws, flips
            end = time.perf_counter()  # after the buffer swap
            passes += 1
            work = (end - start - slept[0]) * 1000
            view = controller.view
            if view.stage is Stage.ACTIVE and controller.current == "live":
                frames.append(work)
                if flips[0] != flipped:
                    drawn.append(work)
                now_shown = controller.screen("live").big_number
                if (flips[0] != flipped and now_shown != shown and now_shown.isdigit()
                        and int(now_shown) in committed):
                    delays.append((end - committed[int(now_shown)]) * 1000)
                    shown = now_shown
            if view.stage in (Stage.FINISHED, Stage.RESTING):
                break
        Clock.idle = kivy_idle
        loop_s = time.perf_counter() - loop_start
        result.update(clock=KivyConfig.get("kivy", "kivy_clock"), loop_fps=passes / loop_s)
        result.update(frames_ms=frames, drawn_ms=drawn or [float("nan")],
                      rep_delays_ms=delays or [float("nan")], rss_mb=_rss_mb(),
                      gl_mb=_software_gl_mb())
        app.stop()
        return result


if __name__ == "__main__" and len(sys.argv) >= 4 and sys.argv[1] == "--probe":
    print(json.dumps(_probe(float(sys.argv[2]), sys.argv[3], sys.argv[4:5] == ["live"])))
