"""Published heel-rise figures, each with its source, and how a result stands against one.

Only medians (and a test's limits of agreement) are published in the sources
used here, not a spread of healthy people by age and sex. So a result is shown
as a number beside the median ("beside_median"); a verdict "within" / "below"
the usual range is given only for a norm that carries such a range
(``Norm.usual_range``), and none of these sources gives one.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Source:
    code: str
    citation: str  # authors, year, what was measured
    population: str


HEBERT_LOSIER_2017 = Source(
    "hebert_losier_2017",
    "Hébert-Losier K, et al. 2017: single-leg heel-rise test, 60 beats/min, 10° incline",
    "566 adults, 20-81 years",
)
SLEESWIJK_VISSER = Source(
    "sleeswijk_visser",
    "Sleeswijk Visser: Calf Raise App reference values",
    "500 adults",
)
SILBERNAGEL_2010 = Source(
    "silbernagel_2010",
    "Silbernagel KG, et al. 2010: heel-rise test after Achilles tendon rupture",
    "patients after Achilles tendon rupture (group means)",
)
SOURCES = (HEBERT_LOSIER_2017, SLEESWIJK_VISSER, SILBERNAGEL_2010)


@dataclass(frozen=True, slots=True)
class Norm:
    """One published figure.

    :param measure: ``reps``, ``work_j``, ``peak_mm``, ``lsi_reps_pct``, ``lsi_work_pct``.
    :param group: whom it describes: ``men``, ``women``, ``dominant``, ``non_dominant``,
        ``6_months``, ``12_months``.
    :param usual_range: (low, high) of healthy people of that age and sex, when the
        source gives one; None otherwise.
    """

    measure: str
    group: str
    median: float
    unit: str
    source: Source
    usual_range: tuple[float, float] | None = None
    age_range: tuple[int, int] | None = None


NORMS: tuple[Norm, ...] = (
    Norm("reps", "men", 24, "reps", HEBERT_LOSIER_2017, age_range=(20, 81)),
    Norm("reps", "women", 21, "reps", HEBERT_LOSIER_2017, age_range=(20, 81)),
    Norm("reps", "dominant", 25, "reps", SLEESWIJK_VISSER),
    Norm("reps", "non_dominant", 24, "reps", SLEESWIJK_VISSER),
    Norm("work_j", "dominant", 1374, "J", SLEESWIJK_VISSER),
    Norm("work_j", "non_dominant", 1325, "J", SLEESWIJK_VISSER),
    Norm("peak_mm", "dominant", 93, "mm", SLEESWIJK_VISSER),
    Norm("peak_mm", "non_dominant", 96, "mm", SLEESWIJK_VISSER),
    Norm("lsi_reps_pct", "6_months", 84, "%", SILBERNAGEL_2010),
    Norm("lsi_reps_pct", "12_months", 95, "%", SILBERNAGEL_2010),
    Norm("lsi_work_pct", "6_months", 61, "%", SILBERNAGEL_2010),
    Norm("lsi_work_pct", "12_months", 76, "%", SILBERNAGEL_2010),
)

# Hébert-Losier 2017: limits of agreement between two tests of the same person.
# A change smaller than this may be measurement noise.
REPS_LIMITS_OF_AGREEMENT = 6


@dataclass(frozen=True, slots=True)
class Comparison:
    norm: Norm
    value: float
    verdict: str  # "beside_median", or "within" / "below" / "above" with a usual range
    difference: float  # value - median
    outside_ages: bool = False  # the patient's age is outside the source's population


def norms_for(measure: str, sex: str = "") -> list[Norm]:
    """The norms of a measure; for reps by sex, only the patient's sex when it is known."""
    found = [n for n in NORMS if n.measure == measure]
    if measure == "reps" and sex in ("male", "female"):
        wanted = "men" if sex == "male" else "women"
        found = [n for n in found if n.source is not HEBERT_LOSIER_2017 or n.group == wanted]
    return found


def compare(value: float, norm: Norm, age: int | None = None) -> Comparison:
    """How ``value`` stands against ``norm`` (see the module docstring)."""
    verdict = "beside_median"
    if norm.usual_range is not None:
        low, high = norm.usual_range
        verdict = "below" if value < low else "above" if value > high else "within"
    outside = bool(norm.age_range and age is not None
                   and not norm.age_range[0] <= age <= norm.age_range[1])
    return Comparison(norm, value, verdict, value - norm.median, outside)
