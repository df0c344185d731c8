"""Fuzzy dates, prediction horizons and hedges (placeholder until issue #3 lands)."""

from __future__ import annotations

from datetime import date
from typing import Any

from claimtrack.model import Credence, DateRange, Horizon

__all__ = ["credence_from_text", "parse_date_range", "parse_horizon"]


def parse_date_range(text: str, *, base: date | None = None, languages: Any = None) -> DateRange:
    """Read a fuzzy date from text (not implemented yet)."""
    raise NotImplementedError


def parse_horizon(text: str, said_on: date, *, languages: Any = None) -> Horizon:
    """Read a prediction horizon from text (not implemented yet)."""
    raise NotImplementedError


def credence_from_text(text: str, *, language: str | None = None) -> Credence | None:
    """Read the credence of a hedge (not implemented yet)."""
    raise NotImplementedError
