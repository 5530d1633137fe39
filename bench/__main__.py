"""Run every benchmark module (``bench/bench_*.py``) and print its figures.

Each module has ``run() -> list[str]``: lines of figures, medians and ratios
measured in this run. ``python -m bench NAME`` runs only modules matching NAME.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time

import bench


def main(argv: list[str]) -> int:
    wanted = argv[1:]
    modules = pkgutil.iter_modules(bench.__path__)
    names = sorted(m.name for m in modules if m.name.startswith("bench_"))
    failed = 0
    for name in names:
        if wanted and not any(w in name for w in wanted):
            continue
        print(f"== {name[len('bench_'):]}", flush=True)
        start = time.perf_counter()
        try:
            module = importlib.import_module(f"bench.{name}")
            for line in module.run():
                print(f"   {line}", flush=True)
        except Exception as exc:  # one broken benchmark must not hide the others
            failed += 1
            print(f"   FAILED: {type(exc).__name__}: {exc}", flush=True)
        print(f"   ({time.perf_counter() - start:.1f} s)", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
