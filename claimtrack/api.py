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
from pathlib import Path
from typing import Any

from claimtrack.checking import (
    EvidenceInput,
    Proposal,
    Proposals,
    Retrieval,
    StanceFunction,
    Thresholds,
    applied_event,
    check,
)
from claimtrack.checking import propose as propose_for_records
from claimtrack.checking.matching import Reranker
from claimtrack.dates import DayInput, as_date
from claimtrack.errors import StoreNotFoundError
from claimtrack.ledger import Clock, Doorways, Ledger, install_doorways
from claimtrack.model import Rejection, StatusEvent, install_html_repr
from claimtrack.scoring import FidelityCard, RenderFormat, Scorecard, install_renderer
from claimtrack.stores import open_store, system_clock
from claimtrack.stores.retrieval import match_index, records_of

__all__ = ["RenderFormat", "apply", "open_ledger", "propose", "reject", "render"]


def open_ledger(
    target: str | os.PathLike[str] | object = ":memory:", *, create: bool = True, clock: Clock | None = None
) -> Ledger:
    """Open the ledger at ``target``, creating an empty one unless ``create=False``.

    ``target`` is a folder path (one JSON file per claim), a
    ``.sqlite``/``.sqlite3``/``.db`` file, a ``postgresql://`` URL,
    ``":memory:"``, or a :class:`~claimtrack.ledger.Store` to wrap. ``clock``
    stamps recorded events (the wall clock in UTC by default).

    A new ledger is created only inside a folder that exists, as ``sqlite3.connect``
    creates a database file: no parent folder is ever made, so a mistyped path
    (``"fixtures/altman/claims"`` for a folder that is not there) raises
    :class:`~claimtrack.errors.StoreNotFoundError` naming the missing folder instead of
    leaving an empty ledger behind. The bundled examples open by name:
    :func:`claimtrack.examples.open`.
    """
    if create and isinstance(target, str | os.PathLike):
        _check_parent(os.fspath(target))
    return Ledger(open_store(target, create=create), clock=clock or system_clock)


def _check_parent(target: str) -> None:
    """StoreNotFoundError when ``target`` is a path that does not exist in a folder that does not exist either."""
    if target == ":memory:" or target.startswith(("postgresql://", "postgres://")):
        return
    path = Path(target)
    if path.exists() or path.parent.is_dir():
        return
    what = "is not a folder" if path.parent.exists() else "does not exist"
    raise StoreNotFoundError(
        f"no ledger here, and {path.parent} {what}: a new ledger is created only inside an existing folder "
        "(check the path, or create the folder first)",
        location=target,
    )


def propose(
    ledger: Ledger,
    evidence: Iterable[EvidenceInput],
    *,
    as_of: DayInput,
    stance: StanceFunction | None = None,
    thresholds: Thresholds | None = None,
    include_open: bool = True,
    rerank: Reranker | None = None,
) -> Proposals:
    """Proposals of new verdicts that ``evidence`` implies for the ledger's open claims; writes nothing.

    ``evidence`` holds Evidence values or their JSON objects (an object may
    name the claims it bears on in ``"claims"``). The result iterates over
    proposals and lists the inputs it could not use in ``.ignored``; see
    :func:`claimtrack.checking.propose` for the rules.

    Claims are found through the ledger's retrieval index
    (:func:`claimtrack.stores.match_index`, kept in SQLite and PostgreSQL
    ledgers and brought up to date here), so only the claims a piece of
    evidence may bear on are read and scored.
    """
    retrieval = Retrieval(match_index(ledger), lambda ids: records_of(ledger, ids))
    return propose_for_records(
        retrieval,
        evidence,
        as_of=as_date(as_of, name="as_of"),
        stance=stance,
        thresholds=thresholds,
        include_open=include_open,
        rerank=rerank,
    )


def apply(ledger: Ledger, proposal: Proposal, *, by: str | None = None) -> StatusEvent | None:
    """Record an accepted proposal as a status event with its evidence; None when there is nothing to record.

    Applying the same proposal twice returns the event recorded the first
    time instead of appending another (the event's ``origin`` names the
    proposal). A proposal that leaves the claim open records nothing. The
    event's note carries the assessment's reasons, then, for each finding whose
    stance came with a rationale, which backend gave it and why.
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
        note="\n".join([*proposal.assessment.reasons, *(f.explain(1000) for f in proposal.findings if f.rationale)]),
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


def _notebook_html(obj: object) -> str | None:
    """What ``_repr_html_`` shows in a notebook (the renderers load on the first object shown)."""
    from claimtrack.renderers.notebook import notebook_html

    return notebook_html(obj)


install_doorways(Doorways(open_ledger=open_ledger, propose=propose, apply=apply, reject=reject, check=check))
install_renderer(render)
install_html_repr(_notebook_html)
