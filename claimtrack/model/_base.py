"""Shared building blocks of the persisted schema: the frozen base model and field types."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from claimtrack.model.languages import BCP47_PATTERN
from claimtrack.model.urls import URL_PATTERN

__all__ = ["BCP47", "SLUG_PATTERN", "URL_PATTERN", "ClaimId", "EvidenceId", "Probability", "Record", "Url"]


class Record(BaseModel):
    """Base of every persisted model: immutable, strict about unknown fields.

    Frozen because a record is a fact about the world as recorded; a change is a
    new record (a new event, or a new claim version), never an in-place edit.
    """

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        validate_default=False,
        use_enum_values=False,
        ser_json_inf_nan="strings",
    )


SLUG_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,199}$"

ClaimId = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
"""A stable slug: lowercase letters, digits, ``.``, ``_`` and ``-``; at most 200 characters."""

EvidenceId = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
"""A stable slug for a piece of evidence (derived from its URL when not given)."""


BCP47 = Annotated[str, StringConstraints(pattern=BCP47_PATTERN)]
"""A BCP 47 language tag (``en``, ``ja``, ``zh-Hant``); the syntax is checked, not the registry.

Checked by pydantic-core's regex engine (every claim and most evidence carry
one); :func:`claimtrack.model.validation.problems_from_validation` words the
error for people, as it does for URLs and ids.
"""

Url = Annotated[str, StringConstraints(pattern=URL_PATTERN)]
"""An absolute http(s) URL (see :mod:`claimtrack.model.urls`), kept exactly as given, so it round-trips."""

Probability = Annotated[float, Field(ge=0.0, le=1.0)]
"""A probability in [0, 1]."""
