"""Scorecards: hit rates, Brier and log scores, calibration, per speaker or topic, as of any date.

Pure computation over claim records (no I/O, no clock); results are attrs
values. Render them with :mod:`claimtrack.render` or the card's ``to_*``
methods. Conventions are documented in docs/scorecards.md.
"""

from claimtrack.scoring.card import (
    HORIZON_BUCKETS,
    SQL_CLAIMS_DEFAULT,
    ClaimLine,
    EvidenceLink,
    Exclusions,
    GroupBy,
    Outcome,
    Row,
    Scorecard,
    SourceLine,
    TimelineMonth,
    UnscoredClaim,
    horizon_bucket,
    scorecard,
)
from claimtrack.scoring.metrics import (
    CALIBRATION_EDGES,
    HIT_WEIGHTS,
    LOG_CLAMP,
    CalibrationBin,
    Murphy,
    bin_index,
    brier_score,
    calibration_bins,
    log_score,
    murphy,
    skill,
    wilson_interval,
)

__all__ = [
    "CALIBRATION_EDGES",
    "HIT_WEIGHTS",
    "HORIZON_BUCKETS",
    "LOG_CLAMP",
    "SQL_CLAIMS_DEFAULT",
    "CalibrationBin",
    "ClaimLine",
    "EvidenceLink",
    "Exclusions",
    "GroupBy",
    "Murphy",
    "Outcome",
    "Row",
    "Scorecard",
    "SourceLine",
    "TimelineMonth",
    "UnscoredClaim",
    "bin_index",
    "brier_score",
    "calibration_bins",
    "horizon_bucket",
    "log_score",
    "murphy",
    "scorecard",
    "skill",
    "wilson_interval",
]
