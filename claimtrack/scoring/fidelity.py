"""The outlet fidelity card: how faithfully each outlet reports what speakers said.

A claim's *secondary* sources are renderings of it: an article, a summary, a
translation that carries the speaker's words, each rated with a
:class:`~claimtrack.model.Fidelity`. :func:`fidelity_card` counts those ratings
per publisher, per source or per speaker, computes the faithful rate
(verbatim + faithful over every rated rendering) with a Wilson 95% interval,
and lists every distortion (partly faithful, distorted, not in the original,
misattributed) with the original words beside the rendering.

The card scores outlets, never speakers: a claim's verdict plays no part, and
primary sources (where the claim was made) are not renderings, so their
ratings are not counted. ``by="speaker"`` answers "how faithfully is this
speaker reported, across outlets", not "how right was this speaker".

Pure: it reads claims (a :class:`~claimtrack.ledger.Ledger` iterates over
them) and returns frozen attrs values. The conventions are in
docs/fidelity_card.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from enum import StrEnum

import attrs

from claimtrack.dates import DayInput, as_date
from claimtrack.ledger import Ledger
from claimtrack.model import Claim, ClaimRecord, Fidelity, Source, SourceRole, html_repr
from claimtrack.scoring.grouping import source_label
from claimtrack.scoring.metrics import wilson_interval

__all__ = [
    "DISTORTION_FIDELITIES",
    "FAITHFUL_FIDELITIES",
    "NOT_RECORDED",
    "TOTAL_KEY",
    "Distortion",
    "FidelityCard",
    "FidelityGroupBy",
    "FidelityRow",
    "fidelity_card",
]

FAITHFUL_FIDELITIES: tuple[Fidelity, ...] = (Fidelity.VERBATIM, Fidelity.FAITHFUL)
"""The ratings the faithful rate counts as faithful."""

DISTORTION_FIDELITIES: tuple[Fidelity, ...] = (
    Fidelity.PARTLY_FAITHFUL,
    Fidelity.DISTORTED,
    Fidelity.NOT_IN_ORIGINAL,
    Fidelity.MISATTRIBUTED,
)
"""The ratings a card lists as distortions, from the mildest to the worst."""

NOT_RECORDED = "not recorded"
"""What the renderers show where the original (or the rendering) has no recorded quote."""


class FidelityGroupBy(StrEnum):
    """The rows of a fidelity card: one per publisher, per secondary source, or per speaker reported."""

    PUBLISHER = "publisher"
    """The source's publisher (else its title, else its URL's host), as the scorecard names sources."""
    SOURCE = "source"
    """Each secondary source: publisher, title and URL together (two articles of one outlet are two rows)."""
    SPEAKER = "speaker"
    """The speaker whose words were rendered: how faithfully each speaker is reported, across outlets."""


@attrs.frozen(kw_only=True)
class Distortion:
    """One rendering rated below faithful: the original and the rendering side by side.

    ``original`` is the quote of the claim's primary source (None when no
    primary source carries a quote: the renderers show :data:`NOT_RECORDED`).
    ``rendering`` is the secondary source's quote, None when it has none.
    """

    claim_id: str
    claim_text: str
    claim_language: str
    speaker: str
    said_on: date
    """The last day of the claim's ``said_on`` span."""
    fidelity: Fidelity
    note: str | None
    """The secondary source's ``fidelity_note``: what changed."""
    publisher: str
    """The rendering source's name (publisher, else title, else URL host)."""
    source_title: str | None
    source_url: str | None
    locator: str | None
    rendering: str | None
    rendering_language: str | None
    original: str | None
    original_language: str | None
    original_source: str | None
    """The primary source's name, None when the claim has no primary source."""
    original_locator: str | None


@attrs.frozen(kw_only=True)
class FidelityRow:
    """The renderings of one group (a publisher, a source, a speaker) or of all of them.

    ``counts`` has every :class:`~claimtrack.model.Fidelity` (zeros included);
    ``unrated`` counts renderings without a rating, which stay out of the rate.
    """

    key: str
    renderings: int
    """Secondary sources counted: ``rated + unrated``."""
    rated: int
    unrated: int
    counts: Mapping[Fidelity, int]
    faithful: int
    """Renderings rated verbatim or faithful."""
    faithful_rate: float | None
    """``faithful / rated``; None when nothing is rated."""
    faithful_rate_ci: tuple[float, float] | None
    """The Wilson 95% interval of ``faithful_rate``."""
    claims: int
    """Distinct claims these renderings report."""
    speakers: tuple[str, ...]
    """The speakers reported, sorted."""
    publishers: tuple[str, ...]
    """The outlets that reported them, sorted."""
    distortions: tuple[Distortion, ...]
    """Every rendering rated partly faithful or worse, by date said, then claim id."""

    @property
    def distorted(self) -> int:
        """How many renderings are listed as distortions."""
        return len(self.distortions)

    def __repr__(self) -> str:
        rate = None if self.faithful_rate is None else round(self.faithful_rate, 3)
        return (
            f"FidelityRow({self.key!r}, renderings={self.renderings}, rated={self.rated}, "
            f"faithful_rate={rate}, distorted={self.distorted})"
        )


@attrs.frozen(kw_only=True)
class FidelityCard:
    """A fidelity card: one :class:`FidelityRow` per group, and a total over every rendering."""

    by: FidelityGroupBy
    as_of: date | None
    """Only claims said on or before this date (the end of their ``said_on`` span) count; None: every claim."""
    rows: tuple[FidelityRow, ...]
    total: FidelityRow
    claims: int
    """Claims read (said by ``as_of``), with or without a secondary source."""
    not_yet_said: int
    """Claims left out because they were said after ``as_of``."""
    without_renderings: int
    """Claims read that have no secondary source."""

    @property
    def distortions(self) -> tuple[Distortion, ...]:
        """Every distortion on the card."""
        return self.total.distortions

    def row(self, key: str) -> FidelityRow:
        """The row of ``key``; raises KeyError naming the keys there are."""
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(f"no row {key!r}; rows are {[r.key for r in self.rows]}")

    def __repr__(self) -> str:
        total = self.total
        rate = None if total.faithful_rate is None else round(total.faithful_rate, 3)
        as_of = self.as_of.isoformat() if self.as_of is not None else None
        return (
            f"FidelityCard(by={self.by.value!r}, as_of={as_of}, claims={self.claims}, rows={len(self.rows)}, "
            f"renderings={total.renderings}, rated={total.rated}, faithful_rate={rate}, distortions={total.distorted})"
        )

    def _repr_html_(self) -> str | None:
        """The rows table for a notebook; ``ct.render(card, "html")`` is the whole report."""
        return html_repr(self)


TOTAL_KEY = "All renderings"
"""The key of the card's total row."""


@attrs.frozen
class _Rendering:
    claim: Claim
    source: Source
    order: int


def _source_key(source: Source) -> str:
    name = source_label(source.publisher, source.title, None if source.title else source.url)
    parts = [name]
    if source.publisher and source.title:
        parts.append(source.title)
    key = " — ".join(parts)
    return f"{key} <{source.url}>" if source.url else key


def _key(rendering: _Rendering, by: FidelityGroupBy) -> str:
    if by is FidelityGroupBy.SPEAKER:
        return rendering.claim.speaker.name
    if by is FidelityGroupBy.SOURCE:
        return _source_key(rendering.source)
    source = rendering.source
    return source_label(source.publisher, source.title, source.url)


def _distortion(rendering: _Rendering, fidelity: Fidelity) -> Distortion:
    claim, source = rendering.claim, rendering.source
    primary = claim.primary_source
    return Distortion(
        claim_id=claim.id,
        claim_text=claim.text,
        claim_language=claim.language,
        speaker=claim.speaker.name,
        said_on=claim.said_on.end,
        fidelity=fidelity,
        note=source.fidelity_note,
        publisher=source_label(source.publisher, source.title, source.url),
        source_title=source.title,
        source_url=source.url,
        locator=source.locator,
        rendering=source.quote,
        rendering_language=source.language,
        original=primary.quote if primary is not None else None,
        original_language=primary.language if primary is not None and primary.quote else None,
        original_source=source_label(primary.publisher, primary.title, primary.url) if primary is not None else None,
        original_locator=primary.locator if primary is not None else None,
    )


def _row(key: str, renderings: list[_Rendering]) -> FidelityRow:
    counts = dict.fromkeys(Fidelity, 0)
    unrated = 0
    for r in renderings:
        if r.source.fidelity is None:
            unrated += 1
        else:
            counts[r.source.fidelity] += 1
    rated = sum(counts.values())
    faithful = sum(counts[f] for f in FAITHFUL_FIDELITIES)
    listed = sorted(
        ((r, r.source.fidelity) for r in renderings if r.source.fidelity in DISTORTION_FIDELITIES),
        key=lambda pair: (pair[0].claim.said_on.end, pair[0].claim.id, pair[0].order),
    )
    return FidelityRow(
        key=key,
        renderings=len(renderings),
        rated=rated,
        unrated=unrated,
        counts=counts,
        faithful=faithful,
        faithful_rate=faithful / rated if rated else None,
        faithful_rate_ci=wilson_interval(faithful, rated),
        claims=len({r.claim.id for r in renderings}),
        speakers=tuple(sorted({r.claim.speaker.name for r in renderings}, key=lambda s: (s.casefold(), s))),
        publishers=tuple(
            sorted({_key(r, FidelityGroupBy.PUBLISHER) for r in renderings}, key=lambda s: (s.casefold(), s))
        ),
        distortions=tuple(_distortion(r, f) for r, f in listed),
    )


def _claims(source: Ledger | Iterable[Claim | ClaimRecord]) -> Iterable[Claim]:
    for item in source:
        yield item.claim if isinstance(item, ClaimRecord) else item


def fidelity_card(
    ledger_or_claims: Ledger | Iterable[Claim | ClaimRecord],
    *,
    by: FidelityGroupBy | str = FidelityGroupBy.PUBLISHER,
    as_of: DayInput | None = None,
) -> FidelityCard:
    """How faithfully each outlet (``by="publisher"``, ``"source"``) reports what speakers said.

    Every secondary source of every claim is one rendering. A rated rendering
    counts under its :class:`~claimtrack.model.Fidelity`; an unrated one is
    counted as unrated and stays out of the rate. The faithful rate is
    (verbatim + faithful) / rated, with a Wilson 95% interval. Every rendering
    rated partly faithful, distorted, not in the original or misattributed is
    listed as a :class:`Distortion`, beside the primary source's quote.

    ``as_of`` (a date or ``YYYY-MM-DD``) keeps only claims said on or before that date (a claim said over
    a span counts once its span has ended); None keeps every claim.
    ``by="speaker"`` gives one row per speaker: how faithfully each is
    reported across outlets. Rows are ordered by renderings, most first, then
    by key. Speakers are never scored: verdicts play no part.

    Example:
        >>> card = fidelity_card([], by="publisher")
        >>> card.total.rated, card.total.faithful_rate
        (0, None)
    """
    group_by = FidelityGroupBy(by)
    as_of = as_date(as_of, name="as_of") if as_of is not None else None
    groups: dict[str, list[_Rendering]] = {}
    every: list[_Rendering] = []
    read = later = bare = 0
    for claim in _claims(ledger_or_claims):
        if as_of is not None and claim.said_on.end > as_of:
            later += 1
            continue
        read += 1
        found = [_Rendering(claim, s, i) for i, s in enumerate(claim.sources) if s.role is SourceRole.SECONDARY]
        if not found:
            bare += 1
        for rendering in found:
            every.append(rendering)
            groups.setdefault(_key(rendering, group_by), []).append(rendering)
    order = sorted(groups, key=lambda k: (-len(groups[k]), k.casefold(), k))
    return FidelityCard(
        by=group_by,
        as_of=as_of,
        rows=tuple(_row(k, groups[k]) for k in order),
        total=_row(TOTAL_KEY, every),
        claims=read,
        not_yet_said=later,
        without_renderings=bare,
    )
