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

Every score is computed from sums (:class:`ForecastSums`): the number of
forecasts, the sum of squared errors, the sum of log scores, how many
forecasts met each outcome and, per calibration bin, the count and the sums of
credences and outcomes. A scorecard gets those sums either by adding up claims
in Python (:meth:`ForecastSums.of_pairs`) or from a database that added them up
in SQL (:func:`squared_error_from_moments` and :func:`log_total_from_sums` turn
its per-cell sums into the same terms), and :func:`forecast_scores` computes
the scores from them in one place. The functions over (credence, outcome) pairs
(:func:`brier_score`, :func:`murphy`, ...) are the same formulas.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import attrs

from claimtrack.model import Verdict

__all__ = [
    "CALIBRATION_EDGES",
    "HIT_WEIGHTS",
    "LOG_CLAMP",
    "WILSON_Z",
    "BinSums",
    "CalibrationBin",
    "ForecastScores",
    "ForecastSums",
    "Murphy",
    "bin_index",
    "brier_score",
    "calibration_bins",
    "calibration_from_sums",
    "forecast_scores",
    "log_score",
    "log_total_from_sums",
    "mean_and_variance",
    "murphy",
    "skill",
    "squared_error_from_moments",
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


def clamped(p: float) -> float:
    """The credence the log score uses: ``p`` clamped to [LOG_CLAMP, 1 - LOG_CLAMP]."""
    return min(max(p, LOG_CLAMP), 1.0 - LOG_CLAMP)


def squared_error_from_moments(n: int, credence_sum: float, credence_sq_sum: float, outcome: float) -> float:
    """Sum of (p - o)² over ``n`` forecasts that met the same outcome ``o``, from sum p and sum p².

    (p - o)² = p² - 2·o·p + o², so the sum is sum p² - 2·o·sum p + o²·n: what a
    database that sums p and p² per verdict needs to give a Brier score.
    """
    return credence_sq_sum - 2.0 * outcome * credence_sum + outcome * outcome * n


def log_total_from_sums(outcome: float, log_sum: float, log_complement_sum: float) -> float:
    """Sum of o·ln q + (1 - o)·ln(1 - q) over forecasts that met outcome ``o``, from sum ln q and sum ln(1 - q).

    ``q`` is the clamped credence (:func:`clamped`).
    """
    return outcome * log_sum + (1.0 - outcome) * log_complement_sum


def _exact_sum(weighted: Iterable[tuple[float, int]]) -> float:
    """The correctly rounded sum of value·count: what ``math.fsum`` gives over each value repeated count times.

    value·count is summed as value·2^i over the set bits i of count: each of those
    is exact (a power-of-two scaling), and ``math.fsum`` rounds their sum once.
    """
    terms = []
    for value, count in weighted:
        bit = 0
        while count:
            if count & 1:
                terms.append(math.ldexp(value, bit))
            count >>= 1
            bit += 1
    return math.fsum(terms)


def mean_and_variance(counts: Mapping[float, int]) -> tuple[float, float] | None:
    """The mean outcome and the variance of the outcomes, from how many forecasts met each; None when none did.

    Exact sums, so the result equals the mean and the population variance
    computed with ``math.fsum`` over every outcome one by one.
    """
    n = sum(counts.values())
    if n <= 0:
        return None
    mean = _exact_sum(counts.items()) / n
    variance = _exact_sum(((o - mean) ** 2, k) for o, k in counts.items()) / n
    return mean, variance


@attrs.frozen(kw_only=True)
class BinSums:
    """The forecasts that fell in one calibration bin: how many, and the sums of their credences and outcomes."""

    n: int = 0
    credence_sum: float = 0.0
    outcome_sum: float = 0.0


@attrs.frozen(kw_only=True)
class ForecastSums:
    """Everything the scores of a group of (credence, outcome) forecasts are computed from.

    Built by adding up forecasts in Python (:meth:`of_pairs`) or from sums a
    database computed (see the module docstring); :func:`forecast_scores`
    turns either into the same scores.
    """

    n: int = 0
    squared_error: float = 0.0
    """Sum of (p - o)²."""
    log_total: float = 0.0
    """Sum of o·ln q + (1 - o)·ln(1 - q), q the clamped credence."""
    outcomes: Mapping[float, int] = attrs.field(factory=dict)
    """How many forecasts met each outcome."""
    bins: tuple[BinSums, ...] = ()
    """One per calibration bin (every bin, empty ones too)."""

    @classmethod
    def of_pairs(cls, pairs: Sequence[tuple[float, float]], edges: Sequence[float] = CALIBRATION_EDGES) -> ForecastSums:
        """The sums of ``pairs``, added in their order (the pair functions below give the same numbers)."""
        count = len(edges) - 1
        sums_p = [0.0] * count
        sums_o = [0.0] * count
        ns = [0] * count
        log_total = 0.0
        for p, o in pairs:
            i = bin_index(p, edges)
            sums_p[i] += p
            sums_o[i] += o
            ns[i] += 1
            q = clamped(p)
            log_total += o * math.log(q) + (1.0 - o) * math.log(1.0 - q)
        return cls(
            n=len(pairs),
            squared_error=math.fsum((p - o) ** 2 for p, o in pairs),
            log_total=log_total,
            outcomes=Counter(o for _, o in pairs),
            bins=tuple(BinSums(n=ns[i], credence_sum=sums_p[i], outcome_sum=sums_o[i]) for i in range(count)),
        )


@attrs.frozen(kw_only=True)
class ForecastScores:
    """The scores of a group of forecasts (None where undefined, e.g. without forecasts)."""

    brier: float | None
    log_score: float | None
    skill: float | None
    murphy: Murphy | None
    calibration: tuple[CalibrationBin, ...]


def calibration_from_sums(
    bins: Sequence[BinSums], edges: Sequence[float] = CALIBRATION_EDGES
) -> tuple[CalibrationBin, ...]:
    """Every calibration bin between ``edges`` from its sums (missing ones empty, so charts keep their axis)."""
    count = len(edges) - 1
    filled = list(bins) + [BinSums()] * (count - len(bins))
    return tuple(
        CalibrationBin(
            lower=edges[i],
            upper=edges[i + 1],
            n=b.n,
            mean_credence=b.credence_sum / b.n if b.n else None,
            observed=b.outcome_sum / b.n if b.n else None,
            ci=wilson_interval(b.outcome_sum, b.n),
        )
        for i, b in enumerate(filled[:count])
    )


def _murphy_from_bins(
    n: int, brier: float, calibration: Sequence[CalibrationBin], base_rate: float, uncertainty: float
) -> Murphy:
    reliability = 0.0
    resolution = 0.0
    for b in calibration:
        if b.n and b.mean_credence is not None and b.observed is not None:
            weight = b.n / n
            reliability += weight * (b.mean_credence - b.observed) ** 2
            resolution += weight * (b.observed - base_rate) ** 2
    return Murphy(
        reliability=reliability,
        resolution=resolution,
        uncertainty=uncertainty,
        within_bin=brier - (reliability - resolution + uncertainty),
        base_rate=base_rate,
    )


def forecast_scores(sums: ForecastSums, edges: Sequence[float] = CALIBRATION_EDGES) -> ForecastScores:
    """Brier and log scores, skill, Murphy's decomposition and the calibration bins, from ``sums``.

    Brier = squared_error / n; log score = log_total / n; skill = 1 - Brier /
    var(o), None when every outcome is the same; Murphy over the bins.
    """
    calibration = calibration_from_sums(sums.bins, edges)
    moments = mean_and_variance(sums.outcomes) if sums.n else None
    if not sums.n or moments is None:
        return ForecastScores(brier=None, log_score=None, skill=None, murphy=None, calibration=calibration)
    brier = sums.squared_error / sums.n
    base_rate, uncertainty = moments
    return ForecastScores(
        brier=brier,
        log_score=sums.log_total / sums.n,
        skill=1.0 - brier / uncertainty if uncertainty > 0.0 else None,
        murphy=_murphy_from_bins(sums.n, brier, calibration, base_rate, uncertainty),
        calibration=calibration,
    )


def brier_score(pairs: Sequence[tuple[float, float]]) -> float | None:
    """Mean of (p - o)² over (credence, outcome) pairs; None when there are none."""
    return forecast_scores(ForecastSums.of_pairs(pairs)).brier


def log_score(pairs: Sequence[tuple[float, float]]) -> float | None:
    """Mean of o·ln p + (1 - o)·ln(1 - p) in nats (p clamped); None when there are none."""
    return forecast_scores(ForecastSums.of_pairs(pairs)).log_score


def skill(pairs: Sequence[tuple[float, float]]) -> float | None:
    """Brier skill score against the base rate: 1 - BS / var(o); None when undefined.

    Always forecasting the observed mean outcome scores var(o) (ō(1 - ō) for
    yes/no outcomes); a positive skill beats that, a negative one does worse.
    Undefined with no pairs or when every outcome is the same.
    """
    return forecast_scores(ForecastSums.of_pairs(pairs)).skill


def calibration_bins(
    pairs: Sequence[tuple[float, float]], edges: Sequence[float] = CALIBRATION_EDGES
) -> tuple[CalibrationBin, ...]:
    """Every bin between ``edges`` (empty ones too, so charts keep their axis)."""
    return calibration_from_sums(ForecastSums.of_pairs(pairs, edges).bins, edges)


def murphy(pairs: Sequence[tuple[float, float]], edges: Sequence[float] = CALIBRATION_EDGES) -> Murphy | None:
    """The decomposition over the bins of ``edges``; None when there are no pairs."""
    return forecast_scores(ForecastSums.of_pairs(pairs, edges), edges).murphy
