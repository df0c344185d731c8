"""The API layer: the library's front door, composing the layers below it.

Everything a script does to a ledger as a whole goes through here: opening
one from a path or URL (the store adapters), proposing, accepting and
rejecting verdicts (the pure checking layer reads the ledger's records and
says what to write; the ledger writes it), and rendering a scorecard (the
renderers). These functions are re-exported at the package root:
``ct.open_ledger``, ``ct.propose``, ``ct.apply``, ``ct.reject``, ``ct.render``.

This module sits above ``stores``, ``checking``, ``scoring`` and ``renderers``
and below ``cli``, so no lower layer ever imports upwards. The few
convenience methods the public API keeps on lower classes (``Ledger.open``,
``Scorecard.to_markdown`` and friends) reach these functions through
:func:`~claimtrack.ledger.install_doorways` and
:func:`~claimtrack.scoring.install_renderer`, called once below when
``claimtrack`` is imported.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from typing import Any

from claimtrack.checking import (
    EvidenceInput,
    Proposal,
    Proposals,
    StanceFunction,
    Thresholds,
    applied_event,
    check,
)
from claimtrack.checking import propose as propose_for_records
from claimtrack.ledger import Clock, Doorways, Ledger, install_doorways
from claimtrack.model import Rejection, StatusEvent
from claimtrack.scoring import FidelityCard, RenderFormat, Scorecard, install_renderer
from claimtrack.stores import open_store, system_clock

__all__ = ["RenderFormat", "apply", "open_ledger", "propose", "reject", "render"]


def open_ledger(
    target: str | os.PathLike[str] | object = ":memory:", *, create: bool = True, clock: Clock | None = None
) -> Ledger:
    """Open the ledger at ``target``, creating an empty one unless ``create=False``.

    ``target`` is a folder path (one JSON file per claim), a
    ``.sqlite``/``.sqlite3``/``.db`` file, a ``postgresql://`` URL,
    ``":memory:"``, or a :class:`~claimtrack.ledger.Store` to wrap. ``clock``
    stamps recorded events (the wall clock in UTC by default).
    """
    return Ledger(open_store(target, create=create), clock=clock or system_clock)


def propose(
    ledger: Ledger,
    evidence: Iterable[EvidenceInput],
    *,
    as_of: date,
    stance: StanceFunction | None = None,
    thresholds: Thresholds | None = None,
    include_open: bool = True,
) -> Proposals:
    """Proposals of new verdicts that ``evidence`` implies for the ledger's open claims; writes nothing.

    ``evidence`` holds Evidence values or their JSON objects (an object may
    name the claims it bears on in ``"claims"``). The result iterates over
    proposals and lists the inputs it could not use in ``.ignored``; see
    :func:`claimtrack.checking.propose` for the rules.
    """
    return propose_for_records(
        ledger.records(), evidence, as_of=as_of, stance=stance, thresholds=thresholds, include_open=include_open
    )


def apply(ledger: Ledger, proposal: Proposal, *, by: str | None = None) -> StatusEvent | None:
    """Record an accepted proposal as a status event with its evidence; None when there is nothing to record.

    Applying the same proposal twice returns the event recorded the first
    time instead of appending another (the event's ``origin`` names the
    proposal). A proposal that leaves the claim open records nothing. The
    event's note carries the assessment's reasons.
    """
    if not proposal.actionable or proposal.effective_on is None:
        return None
    existing = applied_event(ledger.record_of(proposal.claim.id), proposal)
    if existing is not None:
        return existing
    return ledger.record(
        proposal.claim.id,
        proposal.verdict,
        on=proposal.effective_on,
        evidence=proposal.assessment.used,
        note="\n".join(proposal.assessment.reasons),
        by=by,
        origin=proposal.origin,
    )


def reject(ledger: Ledger, proposal: Proposal, *, by: str | None = None, reason: str = "") -> Rejection:
    """Remember that ``proposal`` was rejected, so :func:`propose` does not offer it again.

    The rejection is stamped with the ledger's clock and cites the evidence
    the proposal rested on without storing it. Rejecting twice changes
    nothing and returns the rejection stored the first time.
    """
    return ledger.add_rejection(proposal.rejection(at=ledger.clock(), by=by, reason=reason))


def render(card: Scorecard | FidelityCard, fmt: RenderFormat | str = RenderFormat.MARKDOWN, /, **options: Any) -> str:
    """The scorecard (or fidelity card) as text in ``fmt``: ``"md"``, ``"html"``, ``"json"`` or ``"term"``.

    ``options`` go to the format's renderer, whose signature documents them:
    :func:`~claimtrack.renderers.render_markdown`, :func:`~claimtrack.renderers.render_html`,
    :func:`~claimtrack.renderers.render_json`, :func:`~claimtrack.renderers.render_terminal`;
    for a :class:`~claimtrack.scoring.FidelityCard`, their ``render_fidelity_*`` counterparts.
    """
    try:
        chosen = RenderFormat(fmt)
    except ValueError:
        choices = ", ".join(repr(f.value) for f in RenderFormat)
        raise ValueError(f"unknown scorecard format {fmt!r}; choose one of {choices}") from None
    if isinstance(card, FidelityCard):
        return _render_fidelity(card, chosen, **options)
    # The renderers load rich and the HTML templates: only when a card is rendered.
    if chosen is RenderFormat.MARKDOWN:
        from claimtrack.renderers.markdown import render_markdown

        return render_markdown(card, **options)
    if chosen is RenderFormat.HTML:
        from claimtrack.renderers.html import render_html

        return render_html(card, **options)
    if chosen is RenderFormat.JSON:
        from claimtrack.renderers.json import render_json

        return render_json(card, **options)
    from claimtrack.renderers.terminal import render_terminal

    return render_terminal(card, **options)


def _render_fidelity(card: FidelityCard, fmt: RenderFormat, /, **options: Any) -> str:
    """The fidelity card in ``fmt`` (the renderers load only when a card is rendered)."""
    from claimtrack import renderers

    if fmt is RenderFormat.MARKDOWN:
        return renderers.render_fidelity_markdown(card, **options)
    if fmt is RenderFormat.HTML:
        return renderers.render_fidelity_html(card, **options)
    if fmt is RenderFormat.JSON:
        return renderers.render_fidelity_json(card, **options)
    return renderers.render_fidelity_terminal(card, **options)


install_doorways(Doorways(open_ledger=open_ledger, propose=propose, apply=apply, reject=reject, check=check))
install_renderer(render)
