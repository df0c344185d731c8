"""Scorecards: hit rates, Brier and log scores, calibration, per speaker or topic, as of any date.

Pure computation over claim records (no I/O, no clock); results are attrs
values. Render them with :mod:`claimtrack.renderers` or the card's ``to_*``
methods. Conventions are documented in docs/scorecards.md.

The modules: :mod:`~claimtrack.scoring.types` (what a card is, and the renderer its ``to_*`` methods call),
:mod:`~claimtrack.scoring.card` (:func:`scorecard`, which picks a path),
:mod:`~claimtrack.scoring.from_records` and :mod:`~claimtrack.scoring.lean`
(the Python path), :mod:`~claimtrack.scoring.from_sums` (the database path),
:mod:`~claimtrack.scoring.rows` (the one row builder both paths use),
:mod:`~claimtrack.scoring.lines`, :mod:`~claimtrack.scoring.grouping`,
and :mod:`~claimtrack.scoring.metrics`; :mod:`~claimtrack.scoring.fidelity` is the
outlet fidelity card (:func:`fidelity_card`), which scores outlets, not speakers.
"""

from claimtrack.ledger import GroupBy
from claimtrack.scoring.card import SQL_CLAIMS_DEFAULT, UNSCORED_DEFAULT, MaxClaims, scorecard
from claimtrack.scoring.fidelity import (
    DISTORTION_FIDELITIES,
    FAITHFUL_FIDELITIES,
    NOT_RECORDED,
    Distortion,
    FidelityCard,
    FidelityGroupBy,
    FidelityRow,
    fidelity_card,
)
from claimtrack.scoring.grouping import HORIZON_BUCKETS, horizon_bucket
from claimtrack.scoring.metrics import (
    CALIBRATION_EDGES,
    HIT_WEIGHTS,
    LOG_CLAMP,
    BinSums,
    CalibrationBin,
    ForecastScores,
    ForecastSums,
    Murphy,
    bin_index,
    brier_score,
    calibration_bins,
    forecast_scores,
    log_score,
    murphy,
    skill,
    wilson_interval,
)
from claimtrack.scoring.types import (
    CLAIM_LINE_COLUMNS,
    NOT_SAID_NOTE,
    ROW_COLUMNS,
    ClaimLine,
    EvidenceLink,
    Exclusions,
    NotSaidClaim,
    Outcome,
    Renderer,
    RenderFormat,
    Row,
    Scorecard,
    SourceLine,
    TimelineMonth,
    UnscoredClaim,
    install_renderer,
)

__all__ = [
    "CALIBRATION_EDGES",
    "CLAIM_LINE_COLUMNS",
    "DISTORTION_FIDELITIES",
    "FAITHFUL_FIDELITIES",
    "HIT_WEIGHTS",
    "HORIZON_BUCKETS",
    "LOG_CLAMP",
    "NOT_RECORDED",
    "NOT_SAID_NOTE",
    "ROW_COLUMNS",
    "SQL_CLAIMS_DEFAULT",
    "UNSCORED_DEFAULT",
    "BinSums",
    "CalibrationBin",
    "ClaimLine",
    "Distortion",
    "EvidenceLink",
    "Exclusions",
    "FidelityCard",
    "FidelityGroupBy",
    "FidelityRow",
    "ForecastScores",
    "ForecastSums",
    "GroupBy",
    "MaxClaims",
    "Murphy",
    "NotSaidClaim",
    "Outcome",
    "RenderFormat",
    "Renderer",
    "Row",
    "Scorecard",
    "SourceLine",
    "TimelineMonth",
    "UnscoredClaim",
    "bin_index",
    "brier_score",
    "calibration_bins",
    "fidelity_card",
    "forecast_scores",
    "horizon_bucket",
    "install_renderer",
    "log_score",
    "murphy",
    "scorecard",
    "skill",
    "wilson_interval",
]
