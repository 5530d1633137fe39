"""What one check returns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Status = Literal["pass", "fail", "skip"]


@dataclass(frozen=True)
class CheckResult:
    """The outcome of one check.

    :param check: the check's code (``config``, ``spi``, ``adc``, ...).
    :param status: ``pass``, ``fail``, or ``skip`` (not needed here, e.g. SPI on the
        simulated step; a skip does not fail the doctor).
    :param problem: on a failure, the problem's code (its fix is in ``words.FIXES``).
    :param detail: what was measured or found, in a few words (paths, counts, rates).
    """

    check: str
    status: Status
    detail: str = ""
    problem: str | None = None

    @property
    def failed(self) -> bool:
        return self.status == "fail"


def passed(check: str, detail: str = "") -> CheckResult:
    return CheckResult(check, "pass", detail)


def failed(check: str, problem: str, detail: str = "") -> CheckResult:
    return CheckResult(check, "fail", detail, problem)


def skipped(check: str, detail: str) -> CheckResult:
    return CheckResult(check, "skip", detail)
