"""The public API: exactly the documented names, and the ones scripts rely on stay."""

from __future__ import annotations

import subprocess
import sys

import claimtrack as ct

# The names scripts rely on (docs/architecture.md "Public API"): never removed.
RELIED_ON = {
    "parse_date_range",
    "parse_horizon",
    "credence_from_text",
    "DateParseError",
    "HorizonError",
    "Claim",
    "Source",
    "Entity",
    "Evidence",
    "StatusEvent",
    "Verdict",
    "ClaimKind",
    "Ledger",
    "check",
    "Assessment",
    "scorecard",
    "interop",
    "open_ledger",
    "propose",
    "render",
}

PUBLIC = [
    "Assessment",
    "Claim",
    "ClaimFilter",
    "ClaimKind",
    "ClaimNotFoundError",
    "ClaimRecord",
    "ClaimtrackError",
    "ConflictError",
    "ContainsCriterion",
    "Credence",
    "CredenceBasis",
    "DateParseError",
    "DateRange",
    "DuplicateClaimError",
    "Entity",
    "EventCriterion",
    "EventError",
    "EventFact",
    "Evidence",
    "EvidenceAmendError",
    "FetchError",
    "Fidelity",
    "FidelityCard",
    "Granularity",
    "GroupBy",
    "Horizon",
    "HorizonError",
    "InvalidRecordError",
    "Ledger",
    "LedgerError",
    "ListFact",
    "MaxClaims",
    "MeasureFact",
    "MergeReport",
    "Problem",
    "Proposal",
    "Proposals",
    "Rejection",
    "RenderFormat",
    "SchemaVersionError",
    "Scorecard",
    "Source",
    "SourceRole",
    "Stance",
    "StatusEvent",
    "Store",
    "StoreCorruptedError",
    "StoreError",
    "StoreNotFoundError",
    "TextCriterion",
    "ThresholdCriterion",
    "Verdict",
    "__version__",
    "apply",
    "check",
    "compare",
    "credence_from_text",
    "examples",
    "extract",
    "fidelity_card",
    "interop",
    "mark_attribution_failures",
    "open_ledger",
    "parse_date_range",
    "parse_horizon",
    "propose",
    "qa_stance",
    "reject",
    "render",
    "scorecard",
]


def test_all_is_pinned() -> None:
    """__all__ is exactly the documented public API, sorted."""
    assert ct.__all__ == PUBLIC
    assert sorted(ct.__all__, key=str) == ct.__all__


def test_relied_on_names_exist() -> None:
    """Every name of the architecture card is exported and importable."""
    assert set(ct.__all__) >= RELIED_ON
    for name in ct.__all__:
        assert getattr(ct, name) is not None


def test_exceptions_derive_from_base_and_builtin() -> None:
    """Every exception is a ClaimtrackError and the builtin a caller would catch."""
    assert issubclass(ct.DateParseError, ValueError)
    assert issubclass(ct.HorizonError, ValueError)
    assert issubclass(ct.ClaimNotFoundError, KeyError)
    assert issubclass(ct.StoreNotFoundError, FileNotFoundError)
    assert issubclass(ct.InvalidRecordError, ValueError)
    for name in ct.__all__:
        obj = getattr(ct, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, ct.ClaimtrackError), name


def test_import_is_cheap() -> None:
    """Importing claimtrack loads neither dateparser nor httpx (they load on first use)."""
    code = "import sys, claimtrack; print(sorted(m for m in ('dateparser', 'httpx') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
