"""Scorecards (placeholder until issue #5 lands)."""

from __future__ import annotations

from typing import Any

__all__ = ["Scorecard", "scorecard"]


class Scorecard:
    """A prediction scorecard (not implemented yet)."""


def scorecard(*args: Any, **kwargs: Any) -> Scorecard:
    """Compute a scorecard (not implemented yet)."""
    raise NotImplementedError
