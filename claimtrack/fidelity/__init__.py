"""Fidelity: does a rendering of a claim (a summary, a translation) keep what was said?

Pure: no I/O and no clock; imports only :mod:`claimtrack.model`, :mod:`claimtrack.dates`,
:mod:`claimtrack.intake` (the transcript reader) and :mod:`claimtrack.errors`.

* :func:`compare` - original vs rendering -> :class:`DriftReport` of :class:`DriftFlag` s
  (:class:`DriftKind`: horizon, number, hedge, negation) and a proposed fidelity.
* :func:`quantities` - amounts in six languages with units and scales normalised.
* :func:`attribute` - the transcript passage closest to a rendering, and whether its speaker is
  the one the rendering names (:class:`AttributionCheck`).

See docs/fidelity.md.
"""

from __future__ import annotations

from claimtrack.fidelity._text import SUPPORTED
from claimtrack.fidelity.attribution import (
    AttributionCheck,
    AttributionStatus,
    attribute,
    check_attributions,
    speaker_matches,
)
from claimtrack.fidelity.compare import DriftFlag, DriftKind, DriftReport, compare, propose_fidelity
from claimtrack.fidelity.numbers import Quantity, quantities
from claimtrack.fidelity.readers import clear_caches

__all__ = [
    "SUPPORTED",
    "AttributionCheck",
    "AttributionStatus",
    "DriftFlag",
    "DriftKind",
    "DriftReport",
    "Quantity",
    "attribute",
    "check_attributions",
    "clear_caches",
    "compare",
    "propose_fidelity",
    "quantities",
    "speaker_matches",
]
