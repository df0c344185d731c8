"""The scoring arithmetic against values worked out by hand."""

from __future__ import annotations

import math

import pytest

from claimtrack.model import Verdict
from claimtrack.scoring import (
    HIT_WEIGHTS,
    bin_index,
    brier_score,
    calibration_bins,
    log_score,
    murphy,
    skill,
    wilson_interval,
)
from claimtrack.scoring.metrics import CALIBRATION_EDGES

THREE = [(0.9, 1.0), (0.6, 0.0), (0.2, 0.0)]


def test_hit_weights_are_the_documented_scale() -> None:
    assert HIT_WEIGHTS == {
        Verdict.TRUE: 1.0,
        Verdict.MOSTLY_TRUE: 0.75,
        Verdict.MIXED: 0.5,
        Verdict.MOSTLY_FALSE: 0.25,
        Verdict.FALSE: 0.0,
    }


def test_brier_of_three_predictions() -> None:
    # (0.1² + 0.6² + 0.2²) / 3 = (0.01 + 0.36 + 0.04) / 3
    assert brier_score(THREE) == pytest.approx(0.41 / 3)
    assert round(brier_score(THREE) or 0, 4) == 0.1367


def test_log_score_of_three_predictions() -> None:
    # (ln 0.9 + ln 0.4 + ln 0.8) / 3 = (-0.10536 - 0.91629 - 0.22314) / 3
    assert log_score(THREE) == pytest.approx(-0.414932, abs=1e-6)


def test_log_score_clamps_certainty_instead_of_minus_infinity() -> None:
    # p = 1 -> 0.999 (ln = -0.0010005); p = 0 for an outcome that happened -> 0.001 (ln = -6.907755)
    assert log_score([(1.0, 1.0), (0.0, 1.0)]) == pytest.approx((-0.0010005 - 6.907755) / 2, abs=1e-6)


def test_graded_outcome_in_brier_and_log() -> None:
    # mostly true (0.75) forecast at 0.8: (0.05)² and 0.75 ln 0.8 + 0.25 ln 0.2
    assert brier_score([(0.8, 0.75)]) == pytest.approx(0.0025)
    assert log_score([(0.8, 0.75)]) == pytest.approx(0.75 * math.log(0.8) + 0.25 * math.log(0.2))


def test_skill_against_base_rate() -> None:
    # base rate 1/3, reference Brier 1/3 * 2/3 = 0.2222; 1 - 0.13667 / 0.22222 = 0.385
    assert skill(THREE) == pytest.approx(0.385)
    assert skill([(0.7, 1.0), (0.2, 1.0)]) is None  # every outcome the same: no reference
    assert skill([]) is None


def test_empty_inputs_give_none() -> None:
    assert brier_score([]) is None
    assert log_score([]) is None
    assert murphy([]) is None
    assert wilson_interval(0, 0) is None


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [
        (1, 3, 0.0615, 0.7923),  # the textbook Wilson interval of 1/3
        (0, 5, 0.0, 0.4345),
        (5, 5, 0.5655, 1.0),
        (2.25, 4, 0.1833, 0.8804),  # true + mostly true + mixed + false = 2.25 of 4
    ],
)
def test_wilson_interval(successes: float, n: int, low: float, high: float) -> None:
    lo, hi = wilson_interval(successes, n) or (None, None)
    assert lo == pytest.approx(low, abs=1e-4)
    assert hi == pytest.approx(high, abs=1e-4)


@pytest.mark.parametrize(("p", "index"), [(0.0, 0), (0.0999, 0), (0.1, 1), (0.3, 3), (0.7, 7), (0.95, 9), (1.0, 9)])
def test_bin_edges_are_left_closed_and_the_last_bin_includes_one(p: float, index: int) -> None:
    assert bin_index(p) == index


def test_calibration_bins_keep_empty_bins_and_count() -> None:
    bins = calibration_bins([(0.15, 1.0), (0.15, 0.0), (0.85, 1.0)])
    assert len(bins) == len(CALIBRATION_EDGES) - 1
    assert [b.n for b in bins] == [0, 2, 0, 0, 0, 0, 0, 0, 1, 0]
    low = bins[1]
    assert (low.lower, low.upper, low.mean_credence, low.observed) == (0.1, 0.2, 0.15, 0.5)
    assert low.ci == pytest.approx(wilson_interval(1, 2))
    assert bins[0].observed is None
    assert bins[0].ci is None


def test_murphy_decomposition_by_hand() -> None:
    pairs = [(0.15, 1.0), (0.15, 0.0), (0.85, 1.0), (0.85, 1.0)]
    m = murphy(pairs)
    assert m is not None
    # bins: 0.15 -> observed 0.5, 0.85 -> observed 1.0; base rate 0.75
    assert m.reliability == pytest.approx((0.35**2 + 0.15**2) / 2)  # 0.0725
    assert m.resolution == pytest.approx(0.0625)
    assert m.uncertainty == pytest.approx(0.75 * 0.25)
    assert m.within_bin == pytest.approx(0.0, abs=1e-12)
    assert m.base_rate == 0.75
    assert m.reliability - m.resolution + m.uncertainty == pytest.approx(brier_score(pairs))  # 0.1975


def test_murphy_within_bin_term_when_forecasts_differ_inside_a_bin() -> None:
    pairs = [(0.11, 1.0), (0.19, 0.0)]
    m = murphy(pairs)
    assert m is not None
    assert m.within_bin != pytest.approx(0.0, abs=1e-6)
    assert m.reliability - m.resolution + m.uncertainty + m.within_bin == pytest.approx(brier_score(pairs))
