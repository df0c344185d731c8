"""Claims from the values a person gives: a new claim, or an edit of a stored one.

:func:`draft_claim` builds a new claim from :class:`ClaimFields`, reading the horizon
and the credence of a prediction or commitment from its text when they are not given;
:func:`edit_claim` changes only the fields given on top of a stored claim, and refuses
an edit that would strand the claim's events. Both return a :class:`BuiltClaim`: the
claim, where its horizon and credence came from, and why it may never fall due.

A value that cannot be read raises :class:`~claimtrack.errors.ClaimFieldError` naming
the field (``.field``, as :class:`ClaimFields` names it) and why (``.code``); an edit its
events forbid raises :class:`~claimtrack.errors.EventError` naming the field. No clock,
no ledger: adding or updating the claim is the caller's step.

Example:
    >>> built = draft_claim(ClaimFields(id="gpt5", text="GPT-5 will probably ship by the end of 2025",
    ...                                 speaker="Sam Altman", said_on="2025-02-12", kind="prediction"))
    >>> built.claim.horizon.text, str(built.claim.horizon.end), built.horizon_from.value
    ('by the end of 2025', '2025-12-31', 'text')
    >>> built.claim.credence.word, built.credence_from.value
    ('probably', 'text')
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum
from typing import Any

import attrs
from pydantic import ValidationError

from claimtrack.dates import credence_from_text, parse_horizon
from claimtrack.errors import ClaimFieldError, EventError, HorizonError
from claimtrack.ledger import ordered
from claimtrack.model import (
    Claim,
    ClaimKind,
    ClaimRecord,
    Credence,
    CredenceBasis,
    DateRange,
    Horizon,
    Source,
    SourceRole,
    problems_from_validation,
)

__all__ = ["REQUIRED", "BuiltClaim", "ClaimFields", "Note", "Origin", "draft_claim", "edit_claim"]

REQUIRED = ("id", "text", "speaker", "said_on", "kind")
"""The fields :func:`draft_claim` needs; :func:`edit_claim` needs none."""


@attrs.frozen(kw_only=True)
class ClaimFields:
    """The values a person gives for a claim, as text; None (or empty) means not given."""

    id: str | None = None
    text: str | None = None
    language: str | None = None
    """BCP 47 tag of ``text``; a new claim without one is in ``en``."""
    speaker: str | None = None
    said_on: str | None = None
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``."""
    kind: str | None = None
    """A :class:`~claimtrack.model.ClaimKind` value: ``prediction``, ``opinion``, ..."""
    topics: tuple[str, ...] = ()
    """Topic slugs; for an edit, those given replace the claim's."""
    translations: tuple[str, ...] = ()
    """``LANG=TEXT`` each (``ja=今年リリースする``); for an edit, added to the claim's."""
    horizon: str | None = None
    """The horizon as words (``by the end of 2025``), read from ``said_on``."""
    credence: str | None = None
    """A probability (``0.7``, ``70%``) or a hedge word (``probably``)."""
    source_url: str | None = None
    """Where it was said; for an edit, the source with this URL is updated, else one is added."""
    quote: str | None = None
    locator: str | None = None
    fidelity: str | None = None
    source_role: str | None = None
    """``primary`` (where it was said, the default) or ``secondary`` (a report of it)."""

    def missing(self) -> tuple[str, ...]:
        """The :data:`REQUIRED` fields not given."""
        return tuple(name for name in REQUIRED if not getattr(self, name))


class Origin(StrEnum):
    """Where a claim's horizon or credence came from."""

    GIVEN = "given"
    """The field's value (``ClaimFields.horizon``, ``ClaimFields.credence``)."""
    TEXT = "text"
    """Read from the claim's text."""
    NEW_SAID_ON = "new_said_on"
    """The horizon's words read again from a new ``said_on`` ("this year" moves with it)."""


class Note(StrEnum):
    """Why a built claim may not fall due as its author expects."""

    NO_HORIZON_FOUND = "no_horizon_found"
    """A new prediction or commitment whose text gave no horizon: it never falls due."""
    NO_HORIZON = "no_horizon"
    """An edited prediction or commitment without a horizon: it never falls due."""
    HORIZON_NOT_IN_TEXT = "horizon_not_in_text"
    """An edit changed the text, and the horizon's words are no longer in it."""


_NOTES = {
    Note.NO_HORIZON_FOUND: "no horizon found in the text; it will never fall due (give a horizon)",
    Note.NO_HORIZON: "no horizon; it will never fall due (give a horizon)",
    Note.HORIZON_NOT_IN_TEXT: "the horizon {horizon!r} is not in the new text; give a horizon to read it again",
}


@attrs.frozen(kw_only=True)
class BuiltClaim:
    """A claim made from field values, with where its horizon and credence came from."""

    claim: Claim
    horizon_from: Origin | None = None
    """Where ``claim.horizon`` came from when this build set it; None when kept, cleared or absent."""
    credence_from: Origin | None = None
    """Where ``claim.credence`` came from when this build set it; None when kept, cleared or absent."""
    notes: tuple[Note, ...] = ()

    @property
    def messages(self) -> tuple[str, ...]:
        """The notes as sentences."""
        horizon = self.claim.horizon.text if self.claim.horizon else ""
        return tuple(_NOTES[note].format(horizon=horizon) for note in self.notes)


# -- reading the values -------------------------------------------------------------------------


def _said_on(value: str, record: str | None) -> DateRange:
    try:
        return DateRange.model_validate(value)
    except ValidationError as exc:
        message = f"{value!r} is not a date: use YYYY-MM-DD, YYYY-MM or YYYY"
        raise ClaimFieldError(message, field="said_on", code="bad_value", value=value, record=record) from exc


def _kind(value: str, record: str | None) -> ClaimKind:
    try:
        return ClaimKind(value)
    except ValueError as exc:
        kinds = ", ".join(k.value for k in ClaimKind)
        message = f"{value!r} is not a kind of claim: one of {kinds}"
        raise ClaimFieldError(message, field="kind", code="bad_value", value=value, record=record) from exc


def _translations(values: tuple[str, ...], into: dict[str, str], record: str | None) -> dict[str, str]:
    out = dict(into)
    for value in values:
        lang, sep, text = value.partition("=")
        if not sep or not lang.strip() or not text.strip():
            message = f"{value!r} is not LANG=TEXT (e.g. ja=今年リリースする)"
            raise ClaimFieldError(message, field="translations", code="bad_value", value=value, record=record)
        out[lang.strip()] = text.strip()
    return out


def _horizon(text: str, said_on: date, record: str | None) -> Horizon:
    try:
        return parse_horizon(text, said_on)
    except HorizonError as exc:
        raise ClaimFieldError(str(exc), field="horizon", code="bad_value", value=text, record=record) from exc


_PERCENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*$")


def _credence(value: str, record: str | None) -> Credence:
    """``0.7`` or ``70%`` (assigned by whoever records the claim), or a hedge word on a documented scale."""
    number: float | None = None
    if m := _PERCENT.match(value):
        number = float(m.group(1)) / 100
    else:
        try:
            number = float(value)
        except ValueError:
            number = None
    if number is not None:
        if 0.0 <= number <= 1.0:
            return Credence(p=number, basis=CredenceBasis.ASSIGNED)
        message = f"{value!r} is not a probability between 0 and 1 (or 0% and 100%)"
    else:
        found = credence_from_text(value)
        if (
            found is not None
            and found.p is not None
            and (found.word or "").casefold() == " ".join(value.split()).casefold()
        ):
            return found
        message = f"{value!r} is neither a probability (0.7, 70%) nor a hedge word (probably, unlikely)"
    raise ClaimFieldError(message, field="credence", code="bad_value", value=value, record=record)


def _sources(
    fields: ClaimFields, sources: tuple[Source, ...], record: str | None
) -> tuple[Source | dict[str, Any], ...]:
    """``sources`` with the source fields applied: the source with that URL updated, else one added.

    The changed source is left for the claim's validation, which names the field of a bad value.
    """
    details = {"quote": fields.quote, "locator": fields.locator, "fidelity": fields.fidelity}
    if fields.source_url is None:
        described = [name for name, value in details.items() if value]
        if fields.source_role not in (None, SourceRole.PRIMARY.value):
            described.append("source_role")
        if described:
            message = f"{described[0]} describes a source: give source_url too"
            raise ClaimFieldError(message, field=described[0], code="needs_source", record=record)
        return sources
    given = {k: v for k, v in {**details, "role": fields.source_role}.items() if v is not None}
    for i, source in enumerate(sources):
        if source.url == fields.source_url:
            return (*sources[:i], {**source.model_dump(), **given}, *sources[i + 1 :])
    return (*sources, {"role": SourceRole.PRIMARY, **given, "url": fields.source_url})


_TOP_FIELDS = ("id", "text", "language", "translations", "speaker", "said_on", "kind", "topics", "horizon", "credence")
_SOURCE_FIELDS = {"url": "source_url", "quote": "quote", "locator": "locator", "fidelity": "fidelity"}


def _field_of(path: str) -> str | None:
    """The :class:`ClaimFields` name of a dotted path of :class:`~claimtrack.model.Claim`, if it has one."""
    parts = path.split(".")
    if parts[0] == "sources":
        return next((_SOURCE_FIELDS[p] for p in parts if p in _SOURCE_FIELDS), "source_role")
    return parts[0] if parts[0] in _TOP_FIELDS else None


def _validated(data: dict[str, Any]) -> Claim:
    """The claim, or the first thing the model refuses, naming its field."""
    try:
        return Claim.model_validate(data)
    except ValidationError as exc:
        record = data["id"] if isinstance(data.get("id"), str) else None
        problems = problems_from_validation(exc, record=record)
        message = problems[0].message.removeprefix("Value error, ")
        path = problems[0].field or next((f for f in ("horizon", "credence") if f in message), None)
        field = _field_of(path) if path else None
        raise ClaimFieldError(
            message, field=field, code="invalid", claim_field=path, problems=problems, record=record
        ) from exc


# -- a new claim --------------------------------------------------------------------------------


def draft_claim(fields: ClaimFields) -> BuiltClaim:
    """A new claim from ``fields``; the horizon and credence of a prediction or commitment read from its text.

    A horizon (``by the end of 2025``) is read from ``said_on``, never from the clock.
    Raises :class:`~claimtrack.errors.ClaimFieldError` naming the field of the first
    value that cannot be read (or every :data:`REQUIRED` field missing).
    """
    missing = fields.missing()
    if missing:
        raise ClaimFieldError(f"missing {', '.join(missing)}", field=missing[0], fields=missing, code="missing")
    record, text, language = str(fields.id), str(fields.text), fields.language or "en"
    said_on = _said_on(str(fields.said_on), record)
    kind = _kind(str(fields.kind), record)
    notes: list[Note] = []
    horizon: Horizon | None = None
    horizon_from: Origin | None = None
    if fields.horizon:
        horizon, horizon_from = _horizon(fields.horizon, said_on.start, record), Origin.GIVEN
    elif kind.is_forward_looking:
        try:
            horizon, horizon_from = parse_horizon(text, said_on.start, languages=[language]), Origin.TEXT
        except HorizonError:
            notes.append(Note.NO_HORIZON_FOUND)
    credence: Credence | None = None
    credence_from: Origin | None = None
    if fields.credence:
        credence, credence_from = _credence(fields.credence, record), Origin.GIVEN
    elif kind.is_forward_looking:
        credence = credence_from_text(text, language=language)
        credence_from = Origin.TEXT if credence is not None else None
    data: dict[str, Any] = {
        "id": fields.id,
        "text": text,
        "language": language,
        "translations": _translations(fields.translations, {}, record),
        "speaker": {"name": fields.speaker},
        "said_on": said_on,
        "kind": kind,
        "topics": fields.topics,
        "sources": _sources(fields, (), record),
        "horizon": horizon,
        "credence": credence,
    }
    claim = _validated(data)
    return BuiltClaim(claim=claim, horizon_from=horizon_from, credence_from=credence_from, notes=tuple(notes))


# -- an edit ------------------------------------------------------------------------------------


def edit_claim(
    current: ClaimRecord | Claim,
    fields: ClaimFields,
    *,
    clear_horizon: bool = False,
    clear_credence: bool = False,
) -> BuiltClaim:
    """``current`` with the fields given applied; nothing else changes.

    A new ``said_on`` reads again a horizon the parser made (it has a ``rule``), since
    "this year" depends on when it was said; a horizon set by hand is kept.

    Raises :class:`~claimtrack.errors.EventError` (naming the field) for an edit the
    claim's events forbid: a new ``id`` (events name the claim by it), a ``said_on``
    after the first event took effect, or a ``kind`` that moves a claim with events into
    or out of the forward-looking kinds (judged against a horizon, not the facts when
    said). Raises :class:`~claimtrack.errors.ClaimFieldError` naming the field of a
    value that cannot be read, or of a horizon or credence the new kind cannot keep.
    """
    record = current if isinstance(current, ClaimRecord) else ClaimRecord(claim=current)
    old = record.claim
    if fields.id is not None and fields.id != old.id:
        raise EventError(
            f"the id of {old.id!r} never changes (its events name it); add a new claim", claim_id=old.id, field="id"
        )
    kind = _kind(fields.kind, old.id) if fields.kind else old.kind
    _check_kind(record, kind)
    for name, cleared in (("horizon", clear_horizon), ("credence", clear_credence)):
        if cleared and getattr(fields, name):
            message = f"give {name} or clear_{name}, not both"
            raise ClaimFieldError(message, field=name, code="given_and_cleared", record=old.id)
    data = old.model_dump()
    if fields.text:
        data["text"] = fields.text
    if fields.language:
        data["language"] = fields.language
    if fields.speaker:
        data["speaker"] = {**data["speaker"], "name": fields.speaker}
    said_on = _said_on(fields.said_on, old.id) if fields.said_on else old.said_on
    data["said_on"] = said_on
    data["kind"] = kind
    if fields.topics:
        data["topics"] = fields.topics
    data["translations"] = _translations(fields.translations, dict(old.translations), old.id)
    data["sources"] = _sources(fields, old.sources, old.id)
    horizon, horizon_from = (None, None) if clear_horizon else (old.horizon, None)
    if fields.horizon:
        horizon, horizon_from = _horizon(fields.horizon, said_on.start, old.id), Origin.GIVEN
    elif horizon is not None and horizon.rule and said_on != old.said_on:
        horizon, horizon_from = _reread(horizon, said_on, str(data["language"]), old.id), Origin.NEW_SAID_ON
    credence, credence_from = (None, None) if clear_credence else (old.credence, None)
    if fields.credence:
        credence, credence_from = _credence(fields.credence, old.id), Origin.GIVEN
    kept = (("horizon", horizon, fields.horizon), ("credence", credence, fields.credence))
    dropped = tuple(name for name, value, given in kept if value is not None and not given)
    if not kind.is_forward_looking and dropped:  # a value given is refused by the model, naming its field
        reason = f"{kind.value} claims have no horizon or credence, only predictions and commitments do"
        message = f"{reason}: give {' and '.join(f'clear_{name}' for name in dropped)} to drop them"
        raise ClaimFieldError(
            message,
            field="kind",
            fields=dropped,
            code="not_forward_looking",
            reason=reason,
            value=kind.value,
            record=old.id,
        )
    data["horizon"] = horizon
    data["credence"] = credence
    claim = _validated(data)
    _check_said_on(record, claim)
    notes: list[Note] = []
    if claim.kind.is_forward_looking and claim.horizon is None:
        notes.append(Note.NO_HORIZON)
    elif fields.text and not fields.horizon and claim.horizon and claim.horizon.text.lower() not in claim.text.lower():
        notes.append(Note.HORIZON_NOT_IN_TEXT)
    return BuiltClaim(claim=claim, horizon_from=horizon_from, credence_from=credence_from, notes=tuple(notes))


def _reread(horizon: Horizon, said_on: DateRange, language: str, record: str) -> Horizon:
    """The horizon's words read again from a new ``said_on``."""
    try:
        return parse_horizon(horizon.text, said_on.start, languages=[language])
    except HorizonError as exc:
        reason = str(exc)
        message = f"{reason}; give horizon or clear_horizon (re-reading {horizon.text!r} from the new said_on)"
        raise ClaimFieldError(
            message, field="said_on", code="stale_horizon", reason=reason, value=horizon.text, record=record
        ) from exc


def _check_kind(record: ClaimRecord, kind: ClaimKind) -> None:
    """Refuse moving a claim with events into or out of the forward-looking kinds: they are checked differently."""
    old = record.claim.kind
    if record.events and kind.is_forward_looking != old.is_forward_looking:

        def how(k: ClaimKind) -> str:
            article = "an" if k.value[0] in "aeiou" else "a"
            return f"{article} {k.value} (checked against {'its horizon' if k.is_forward_looking else 'the facts'})"

        message = (
            f"{len(record.events)} event(s) judged {record.claim.id!r} as {how(old)}, "
            f"not as {how(kind)}: add a new claim instead"
        )
        raise EventError(message, claim_id=record.claim.id, field="kind")


def _check_said_on(record: ClaimRecord, claim: Claim) -> None:
    """Refuse a said_on after the first event took effect: a verdict on words not yet said."""
    first = next(iter(ordered(record.events)), None)
    if first is not None and claim.said_on.start > first.effective_on:
        message = (
            f"said on {claim.said_on} is after the {first.verdict.value} verdict that took effect "
            f"{first.effective_on} ({first.id}): a claim cannot be judged before it was said"
        )
        raise EventError(message, claim_id=claim.id, field="said_on")
