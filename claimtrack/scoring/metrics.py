"""The arithmetic of scorecards: hit weights, Wilson intervals, Brier and log scores, Murphy, calibration.

Everything here works on plain numbers so it can be checked by hand. The
conventions (see docs/scorecards.md):

- A graded verdict is an *outcome* between 0 and 1: ``true`` = 1,
  ``mostly_true`` = 0.75, ``mixed`` = 0.5, ``mostly_false`` = 0.25,
  ``false`` = 0. The hit rate is the mean outcome; for a binary record it is
  the share that came true.
- The Brier score is the one-sided form, mean of (p - o)², range 0 (perfect)
  to 1 (Brier's 1950 two-sided form is twice this for binary outcomes).
- The log score is the mean of o·ln p + (1 - o)·ln(1 - p) in nats, with p
  clamped to [0.001, 0.999] (as Metaculus clamps binary forecasts): 0 is
  perfect, ln 0.5 ≈ -0.693 is what always saying 50% earns, higher is better.
- Skill is the Brier skill score against the base rate, 1 - BS / BS_ref, where
  BS_ref is the Brier score of always forecasting the observed mean outcome.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

import attrs

from claimtrack.model import Verdict

__all__ = [
    "CALIBRATION_EDGES",
    "HIT_WEIGHTS",
    "LOG_CLAMP",
    "WILSON_Z",
    "CalibrationBin",
    "Murphy",
    "bin_index",
    "brier_score",
    "calibration_bins",
    "log_score",
    "murphy",
    "skill",
    "wilson_interval",
]

HIT_WEIGHTS: Mapping[Verdict, float] = {
    Verdict.TRUE: 1.0,
    Verdict.MOSTLY_TRUE: 0.75,
    Verdict.MIXED: 0.5,
    Verdict.MOSTLY_FALSE: 0.25,
    Verdict.FALSE: 0.0,
}
"""The outcome a graded verdict counts as, in hit rates and scores."""

WILSON_Z = 1.959963984540054
"""The normal quantile of a two-sided 95% interval."""

LOG_CLAMP = 0.001
"""Credences are clamped to [LOG_CLAMP, 1 - LOG_CLAMP] in the log score, so one 0 or 1 is not -infinity."""

CALIBRATION_EDGES: tuple[float, ...] = tuple(i / 10 for i in range(11))
"""Ten equal calibration bins: [0, 0.1), [0.1, 0.2), ..., [0.9, 1.0] (the last one closed)."""


def wilson_interval(successes: float, n: int, *, z: float = WILSON_Z) -> tuple[float, float] | None:
    """The Wilson score interval of a proportion ``successes / n``; None when n is 0.

    ``successes`` may be fractional (graded outcomes summed); the interval is
    then that of the mean outcome, which is what a partly-true record earns.
    """
    if n <= 0:
        return None
    phat = min(max(successes / n, 0.0), 1.0)
    z2 = z * z
    denom = 1.0 + z2 / n
    centre = (phat + z2 / (2 * n)) / denom
    half = (z / denom) * math.sqrt(phat * (1.0 - phat) / n + z2 / (4 * n * n))
    return (max(0.0, centre - half), min(1.0, centre + half))


def brier_score(pairs: Sequence[tuple[float, float]]) -> float | None:
    """Mean of (p - o)² over (credence, outcome) pairs; None when there are none."""
    if not pairs:
        return None
    return math.fsum((p - o) ** 2 for p, o in pairs) / len(pairs)


def log_score(pairs: Sequence[tuple[float, float]]) -> float | None:
    """Mean of o·ln p + (1 - o)·ln(1 - p) in nats (p clamped); None when there are none."""
    if not pairs:
        return None
    total = 0.0
    for p, o in pairs:
        q = min(max(p, LOG_CLAMP), 1.0 - LOG_CLAMP)
        total += o * math.log(q) + (1.0 - o) * math.log(1.0 - q)
    return total / len(pairs)


def _variance(values: Iterable[float]) -> tuple[float, int]:
    items = list(values)
    if not items:
        return 0.0, 0
    mean = math.fsum(items) / len(items)
    return math.fsum((v - mean) ** 2 for v in items) / len(items), len(items)


def skill(pairs: Sequence[tuple[float, float]]) -> float | None:
    """Brier skill score against the base rate: 1 - BS / var(o); None when undefined.

    Always forecasting the observed mean outcome scores var(o) (ō(1 - ō) for
    yes/no outcomes); a positive skill beats that, a negative one does worse.
    Undefined with no pairs or when every outcome is the same.
    """
    score = brier_score(pairs)
    reference, n = _variance(o for _, o in pairs)
    if score is None or n == 0 or reference <= 0.0:
        return None
    return 1.0 - score / reference


def bin_index(p: float, edges: Sequence[float] = CALIBRATION_EDGES) -> int:
    """The calibration bin of credence ``p``: edges[i] <= p < edges[i+1]; the last bin includes 1.

    A tiny tolerance keeps 0.3 in [0.3, 0.4) although 0.3 * 10 is 2.9999...
    """
    last = len(edges) - 2
    for i in range(last, -1, -1):
        if p >= edges[i] - 1e-9:
            return i
    return 0


@attrs.frozen(kw_only=True)
class CalibrationBin:
    """One bin of the calibration chart: forecasts in [lower, upper) and how they turned out."""

    lower: float
    upper: float
    n: int
    mean_credence: float | None
    """The mean forecast of the claims in the bin (None when empty)."""
    observed: float | None
    """The mean outcome of those claims: the share that came true (None when empty)."""
    ci: tuple[float, float] | None
    """The Wilson 95% interval of ``observed``."""


def calibration_bins(
    pairs: Sequence[tuple[float, float]], edges: Sequence[float] = CALIBRATION_EDGES
) -> tuple[CalibrationBin, ...]:
    """Every bin between ``edges`` (empty ones too, so charts keep their axis)."""
    count = len(edges) - 1
    sums_p = [0.0] * count
    sums_o = [0.0] * count
    ns = [0] * count
    for p, o in pairs:
        i = bin_index(p, edges)
        sums_p[i] += p
        sums_o[i] += o
        ns[i] += 1
    return tuple(
        CalibrationBin(
            lower=edges[i],
            upper=edges[i + 1],
            n=ns[i],
            mean_credence=sums_p[i] / ns[i] if ns[i] else None,
            observed=sums_o[i] / ns[i] if ns[i] else None,
            ci=wilson_interval(sums_o[i], ns[i]),
        )
        for i in range(count)
    )


@attrs.frozen(kw_only=True)
class Murphy:
    """Murphy's (1973) decomposition of the Brier score over calibration bins.

    ``brier = reliability - resolution + uncertainty + within_bin``.
    Reliability (lower is better) is how far each bin's mean forecast is from
    what happened in it; resolution (higher is better) how far the bins'
    outcomes spread from the base rate; uncertainty the variance of the
    outcomes (ō(1 - ō) for yes/no outcomes), which no forecaster controls.
    ``within_bin`` is what the binning hides: it is 0 when forecasts inside
    each bin are equal, as with hedge words mapped onto a scale.
    """

    reliability: float
    resolution: float
    uncertainty: float
    within_bin: float
    base_rate: float
    """The mean outcome ō."""


def murphy(pairs: Sequence[tuple[float, float]], edges: Sequence[float] = CALIBRATION_EDGES) -> Murphy | None:
    """The decomposition over the bins of ``edges``; None when there are no pairs."""
    score = brier_score(pairs)
    if score is None:
        return None
    n = len(pairs)
    base_rate = math.fsum(o for _, o in pairs) / n
    uncertainty, _ = _variance(o for _, o in pairs)
    reliability = 0.0
    resolution = 0.0
    for b in calibration_bins(pairs, edges):
        if b.n and b.mean_credence is not None and b.observed is not None:
            weight = b.n / n
            reliability += weight * (b.mean_credence - b.observed) ** 2
            resolution += weight * (b.observed - base_rate) ** 2
    return Murphy(
        reliability=reliability,
        resolution=resolution,
        uncertainty=uncertainty,
        within_bin=score - (reliability - resolution + uncertainty),
        base_rate=base_rate,
    )
