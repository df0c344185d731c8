"""Weighing evidence against claims (placeholder until issue #4 lands)."""

from __future__ import annotations

from typing import Any

__all__ = ["Assessment", "Proposal", "apply", "check", "propose"]


class Assessment:
    """What evidence implies for a claim (not implemented yet)."""


class Proposal:
    """A proposed verdict awaiting review (not implemented yet)."""


def check(*args: Any, **kwargs: Any) -> Assessment:
    """Weigh evidence against a claim (not implemented yet)."""
    raise NotImplementedError


def propose(*args: Any, **kwargs: Any) -> tuple[Proposal, ...]:
    """Propose verdicts (not implemented yet)."""
    raise NotImplementedError


def apply(*args: Any, **kwargs: Any) -> Any:
    """Apply a proposal (not implemented yet)."""
    raise NotImplementedError
