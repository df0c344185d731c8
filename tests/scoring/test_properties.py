"""Properties of the scores that must hold for any data (hypothesis)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrack.model import ClaimRecord, Verdict
from claimtrack.scoring import CALIBRATION_EDGES, brier_score, murphy, scorecard, wilson_interval

outcome = st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0])
binary = st.sampled_from([0.0, 1.0])
probability = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)

# one forecast value per bin: the data is "binned", so the decomposition is exact
bin_values = st.integers(min_value=0, max_value=len(CALIBRATION_EDGES) - 2).map(
    lambda i: round((CALIBRATION_EDGES[i] + CALIBRATION_EDGES[i + 1]) / 2, 10)
)


@given(st.lists(st.tuples(bin_values, binary), min_size=1, max_size=60))
def test_murphy_sums_to_brier_on_binned_yes_no_data(pairs: list[tuple[float, float]]) -> None:
    m = murphy(pairs)
    assert m is not None
    assert m.reliability - m.resolution + m.uncertainty == pytest.approx(brier_score(pairs), abs=1e-9)
    assert m.within_bin == pytest.approx(0.0, abs=1e-9)
    base = sum(o for _, o in pairs) / len(pairs)
    assert m.uncertainty == pytest.approx(base * (1 - base), abs=1e-12)


@given(st.lists(st.tuples(bin_values, outcome), min_size=1, max_size=60))
def test_murphy_sums_to_brier_on_binned_graded_data(pairs: list[tuple[float, float]]) -> None:
    m = murphy(pairs)
    assert m is not None
    assert m.reliability - m.resolution + m.uncertainty == pytest.approx(brier_score(pairs), abs=1e-9)


@given(st.lists(st.tuples(probability, outcome), min_size=1, max_size=60))
def test_murphy_with_its_within_bin_term_always_sums_to_brier(pairs: list[tuple[float, float]]) -> None:
    m = murphy(pairs)
    assert m is not None
    assert m.reliability >= 0
    assert m.resolution >= 0
    total = m.reliability - m.resolution + m.uncertainty + m.within_bin
    assert total == pytest.approx(brier_score(pairs), abs=1e-9)


@given(st.integers(min_value=1, max_value=500), st.data())
def test_wilson_interval_brackets_the_rate(n: int, data: st.DataObject) -> None:
    successes = data.draw(st.floats(min_value=0, max_value=n))
    lo, hi = wilson_interval(successes, n) or (2.0, -1.0)
    assert 0.0 <= lo <= successes / n + 1e-12
    assert successes / n - 1e-12 <= hi <= 1.0


scored = st.tuples(
    st.sampled_from(["true", "mostly_true", "mixed", "mostly_false", "false"]),
    st.one_of(st.none(), probability),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(scored, min_size=0, max_size=12),
    st.sampled_from(["unverifiable", "ambiguous", "annulled", "not_checkable"]),
    st.one_of(st.none(), probability),
)
def test_adding_an_unscored_verdict_changes_no_score(
    record: Callable[..., ClaimRecord], graded: list[tuple[str, float | None]], unscored: str, credence: float | None
) -> None:
    records = [
        record(f"c{i}", credence=p, deadline="2025-12-31", events=[(verdict, "2025-01-01")])
        for i, (verdict, p) in enumerate(graded)
    ]
    extra = record("extra", credence=credence, deadline="2025-12-31", events=[(unscored, "2025-01-01", "why")])
    before = scorecard(records, as_of=date(2026, 1, 1)).total
    after = scorecard([*records, extra], as_of=date(2026, 1, 1)).total
    for name in (
        "hit_rate",
        "hit_rate_ci",
        "brier",
        "log_score",
        "skill",
        "murphy",
        "calibration",
        "graded",
        "n_scored",
    ):
        assert getattr(after, name) == getattr(before, name), name
    assert after.counts[Verdict(unscored)] == before.counts[Verdict(unscored)] + 1
    assert after.unscored == before.unscored + 1
    assert after.total == before.total + 1
    assert [u.claim_id for u in after.unscored_claims] == ["extra"]
