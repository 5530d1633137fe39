"""``smartstep doctor``: checks a kiosk's set-up and says how to fix what is wrong.

One function per check (``system.py`` for the operating system and storage,
``devices.py`` for the wired devices), each returning a ``CheckResult``: the
check's code, pass/fail/skip, a problem code and a short factual detail. The
fix sentence for each problem code is in ``words.py``; ``runner.py`` runs them
all in order. No Kivy here.
"""

from kiosk.doctor.result import CheckResult, Status
from kiosk.doctor.runner import run_doctor

__all__ = ["CheckResult", "Status", "run_doctor"]
