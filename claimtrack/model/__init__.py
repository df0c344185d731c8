"""The persisted schema: frozen pydantic models with no I/O and no clock.

Everything that is stored or exchanged is defined here: claims and their
sources, evidence, status events, the record that bundles them, and problems.
"""

from claimtrack.model._base import BCP47, ClaimId, EvidenceId, Probability, Record, Url
from claimtrack.model.claim import (
    Claim,
    ContainsCriterion,
    Criterion,
    Entity,
    EventCriterion,
    Source,
    TextCriterion,
    ThresholdCriterion,
)
from claimtrack.model.display import HtmlRepr, data_frame, html_repr, import_pandas, install_html_repr, one_line
from claimtrack.model.enums import (
    SCORED_VERDICTS,
    UNSCORED_VERDICTS,
    ClaimKind,
    Confidence,
    Fidelity,
    Granularity,
    SourceRole,
    Stance,
    Verdict,
)
from claimtrack.model.event import StatusEvent, event_id
from claimtrack.model.evidence import EventFact, Evidence, Fact, ListFact, MeasureFact, evidence_id
from claimtrack.model.problem import Problem
from claimtrack.model.record import FORMAT_VERSION, ClaimRecord
from claimtrack.model.rejection import Rejection
from claimtrack.model.time import Credence, CredenceBasis, DateRange, Horizon
from claimtrack.model.validation import parse_record, problems_from_validation, read_record

__all__ = [
    "BCP47",
    "FORMAT_VERSION",
    "SCORED_VERDICTS",
    "UNSCORED_VERDICTS",
    "Claim",
    "ClaimId",
    "ClaimKind",
    "ClaimRecord",
    "Confidence",
    "ContainsCriterion",
    "Credence",
    "CredenceBasis",
    "Criterion",
    "DateRange",
    "Entity",
    "EventCriterion",
    "EventFact",
    "Evidence",
    "EvidenceId",
    "Fact",
    "Fidelity",
    "Granularity",
    "Horizon",
    "HtmlRepr",
    "ListFact",
    "MeasureFact",
    "Probability",
    "Problem",
    "Record",
    "Rejection",
    "Source",
    "SourceRole",
    "Stance",
    "StatusEvent",
    "TextCriterion",
    "ThresholdCriterion",
    "Url",
    "Verdict",
    "data_frame",
    "event_id",
    "evidence_id",
    "html_repr",
    "import_pandas",
    "install_html_repr",
    "one_line",
    "parse_record",
    "problems_from_validation",
    "read_record",
    "schema_documents",
]


def schema_documents() -> dict[str, dict[str, object]]:
    """The JSON Schema of every persisted model, by model name (written to docs/schema/)."""
    models: tuple[type[Record], ...] = (
        Claim,
        ClaimRecord,
        Credence,
        DateRange,
        Entity,
        Evidence,
        Horizon,
        Problem,
        Rejection,
        Source,
        StatusEvent,
    )
    return {model.__name__: model.model_json_schema() for model in models}
