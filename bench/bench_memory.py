"""Memory over sessions: the kiosk's RSS after its first session and after its tenth,
and how much of it is the software GL here (LLVM + Mesa's swrast, not on a Pi).

The probe runs the real kiosk app in its own process (``--demo`` on the simulated step,
on a short demo programme) under the display ``make bench`` provides, and reads
``/proc/self`` as each session is saved. Goals: RSS after 10 sessions within 10 MB of
after one; RSS less the software GL <= 150 MB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_ui import _rss_mb, _software_gl_mb

SESSIONS = 10
GROWTH_GOAL_MB = 10.0
TOTAL_GOAL_MB = 150.0
PROBE_CONFIG = """
[demo]
sets = 1
reps = 2
tempo = "1-0-1"
rest_s = 0.0
"""


def run() -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [sys.executable, "-m", "bench.bench_memory", "--probe", tmp],
            capture_output=True, text=True, timeout=900,
            env={**os.environ, "KIVY_NO_ARGS": "1", "SMARTSTEP_DATA": os.path.join(tmp, "data")},
        )
    if out.returncode != 0:
        lines = out.stderr.strip().splitlines()
        raise RuntimeError(lines[-1] if lines else "probe failed")
    r = json.loads(out.stdout.strip().splitlines()[-1])
    rss = r["rss_mb"]
    growth = rss[-1] - rss[0]
    less_gl = rss[-1] - r["gl_mb"]
    return [
        f"RSS after session 1: {rss[0]:.0f} MB; after session {len(rss)}: {rss[-1]:.0f} MB "
        f"(+{growth:.1f} MB; goal <= {GROWTH_GOAL_MB:.0f} MB) "
        f"{'ok' if growth <= GROWTH_GOAL_MB else 'OVER GOAL'}",
        f"  per session: {' '.join(f'{m:.0f}' for m in rss)} MB",
        f"RSS less the software GL libraries ({r['gl_mb']:.0f} MB): {less_gl:.0f} MB "
        f"(goal <= {TOTAL_GOAL_MB:.0f} MB) {'ok' if less_gl <= TOTAL_GOAL_MB else 'OVER GOAL'}",
    ]


def _probe(tmp: str) -> dict[str, object]:
    from kiosk.ui.app import configure_kivy  # before any kivy import: it sets Kivy's environment

    configure_kivy(False)
    from kivy.base import EventLoop

    from kiosk.app import open_kiosk
    from kiosk.config import load_config
    from kiosk.ui.app import SmartStepApp

    config = Path(tmp) / "config.toml"
    config.write_text(PROBE_CONFIG, encoding="utf-8")
    with open_kiosk(load_config(config).all_simulated(), demo=True) as kiosk:
        app = SmartStepApp(kiosk.services, sim_keys=kiosk.sim_keys, sim_help=kiosk.sim_help,
                           demo=True)
        app._run_prepare()
        store = kiosk.services.directory.store
        seen, rss = 0, []
        deadline = time.monotonic() + 800
        while len(rss) < SESSIONS and time.monotonic() < deadline:
            EventLoop.idle()
            done = store.query("SELECT count(*) AS n FROM sessions WHERE status != 'open'")
            if done[0]["n"] != seen:
                seen = done[0]["n"]
                rss.append(_rss_mb())
        gl = _software_gl_mb()
        app.stop()
    if len(rss) < SESSIONS:
        raise SystemExit(f"only {len(rss)} sessions in the time allowed")
    return {"rss_mb": rss, "gl_mb": gl}


if __name__ == "__main__" and len(sys.argv) >= 3 and sys.argv[1] == "--probe":
    print(json.dumps(_probe(sys.argv[2])))
