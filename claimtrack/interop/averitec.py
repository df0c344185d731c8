"""AVeriTeC (Schlichtkrull et al., NeurIPS 2023) dataset files into a ledger.

Each item (``claim``, ``label``, ``claim_date`` as DD-MM-YYYY, ``speaker``,
``reporting_source``, ``original_claim_url``, ``cached_original_claim_url``,
``fact_checking_article``, ``justification``, ``questions[].answers[]``)
becomes one assertion with one status event:

* the label maps through the rating table: Supported -> true, Refuted ->
  false, Conflicting Evidence/Cherrypicking -> mixed, Not Enough Evidence ->
  unverifiable; ``rating`` keeps the label, ``by`` is ``"AVeriTeC annotators"``
  (the labels are the annotators', given on the question-answer evidence),
  ``note`` is the justification, ``origin`` is ``"averitec:<article url>"``;
* the verdict is dated when the fact-checking article is known to have
  existed: the Wayback Machine snapshot date in its URL (the dataset links
  archived copies), else the claim date;
* the fact-checking article and every answer are kept as Evidence: the
  original URL with the archived copy in ``archived_url``, the answer text as
  ``excerpt``, the question in ``question``, the answer type (lower-cased) in
  ``answer_type``, the boolean explanation in ``explanation`` and the medium
  in ``note``;
* every answer is dated (``published_on``) by the fact-check, since the
  annotators found the answers while checking the claim: the date in the
  article's URL path, else the Wayback Machine snapshot of the article, else
  (no fact-check date at all) the claim date; the ``note`` says which
  ("dated by ..."). The article itself is dated only by its own URL date or
  snapshot. So ``check()`` can weigh the answers with any ``as_of`` from that
  day on;
* stances are left unset -- the dataset does not say how an answer bears on
  the claim -- except for an unanswerable answer ("No answer could be
  found."), which is ``context``: finding nothing refutes nothing;
* a missing speaker becomes ``Entity(name="unknown")``; ``reporting_source``
  (Facebook, Twitter, a newspaper) is the primary source's publisher.

The dataset is CC BY-NC 4.0: claimtrack ships no copy of it.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime
from typing import Any

from claimtrack.dates import parse_stamp
from claimtrack.dates.stamps import day_in_path
from claimtrack.interop.builder import RECORD_ERRORS, RecordBuilder, paused_gc
from claimtrack.interop.conventions import UNKNOWN_SPEAKER, Origin, check_recorded_at, midnight_utc
from claimtrack.interop.files import InvalidJson, JsonValues, Unreadable, positioned, read_json_input
from claimtrack.interop.ids import short_hash, stable_claim_id
from claimtrack.interop.ratings import RatingTable
from claimtrack.interop.results import ImportResult, with_problems
from claimtrack.interop.text import clean_text, shown, text_problem_code
from claimtrack.ledger import Clock, Ledger
from claimtrack.model import ClaimKind, DateRange, Problem, SourceRole, Stance, evidence_id
from claimtrack.model.urls import http_url

__all__ = ["ANNOTATORS", "load", "read"]

ANNOTATORS = "AVeriTeC annotators"
"""The ``by`` of imported events: AVeriTeC's labels were given by its annotators."""


def load(
    path: str | os.PathLike[str],
    *,
    ratings: RatingTable | None = None,
    recorded_at: datetime | None = None,
    clock: Clock | None = None,
) -> Ledger:
    """An AVeriTeC JSON file (a list of claims) as an in-memory ledger; :func:`read` also returns problems."""
    return read(path, ratings=ratings, recorded_at=recorded_at, clock=clock).ledger


def read(
    source: str | os.PathLike[str] | list[Any],
    *,
    ratings: RatingTable | None = None,
    recorded_at: datetime | None = None,
    clock: Clock | None = None,
    path: str | None = None,
) -> ImportResult:
    """Read AVeriTeC items (a file path, or the parsed list) into a ledger plus every problem met."""
    check_recorded_at(recorded_at)
    file_problems: tuple[Problem, ...] = ()
    items: object
    if isinstance(source, str | os.PathLike):
        path = path or os.fspath(source)
        items, file_problems = read_json_input(source)
    else:
        items = source
    table = ratings or RatingTable.default()
    builder = RecordBuilder(path=path)
    if not isinstance(items, list | JsonValues):
        if items is not None:
            builder.records += 1
            builder.problem("[0]", "an AVeriTeC file is a JSON list of claims", code="not_a_list", severity="error")
        return with_problems(builder.build(clock=clock), file_problems)
    with paused_gc():
        try:
            for position, item in positioned(items):
                builder.records += 1
                try:
                    _read_item(builder, table, position, item, recorded_at)
                except RECORD_ERRORS as exc:
                    builder.unreadable(position, exc)
        except InvalidJson as exc:  # the file's syntax breaks further on: nothing of it is read
            empty = RecordBuilder(path=path).build(clock=clock)
            return with_problems(empty, (*file_problems, exc.problem))
        return with_problems(builder.build(clock=clock), file_problems)


def _text(builder: RecordBuilder, position: str, value: object, field: str) -> str | None:
    text, warning = clean_text(value)
    if warning:
        _warn_html(builder, position, warning, field)
    return text


def _link(builder: RecordBuilder, position: str, value: object, field: str) -> tuple[str | None, str | None]:
    """(original URL, archived URL) of a dataset link; a bad link is reported and dropped."""
    if value in (None, ""):
        return None, None
    url = http_url(value)
    if url is None:
        if isinstance(value, str) and ("." in value or "/" in value):  # "Metadata" is a medium, not a bad URL
            builder.problem(position, f"{shown(value)} is not an http(s) URL; dropped", code="bad_url", field=field)
        return None, None
    original, archived, _ = _unwrap_archive(url)
    return original, archived


_WAYBACK = re.compile(r"^https?://web\.archive\.org/web/(\d{8,14})[a-z_]*/(https?://.+)$")


def _unwrap_archive(url: str) -> tuple[str, str | None, date | None]:
    """Split a Wayback Machine URL into the original URL, the archive URL and the snapshot date.

    The dataset links archived copies; the original URL is what identifies a
    page, and the snapshot shows the page existed by that day.
    """
    m = _WAYBACK.match(url)
    if m is None:
        return url, None, None
    original = http_url(m[2])
    if original is None:
        return url, None, None
    snapshot = parse_stamp(m[1][:8])
    return original, url, snapshot.start if snapshot is not None else None


def _read_item(
    builder: RecordBuilder, table: RatingTable, position: str, item: object, recorded_at: datetime | None
) -> None:
    if type(item) is Unreadable:
        builder.problem(position, item.message, code=item.code, severity="error")
        return
    if not isinstance(item, dict):
        builder.problem(
            position, f"expected a claim object, got {type(item).__name__}", code="not_an_object", severity="error"
        )
        return
    text = _text(builder, position, item.get("claim"), "claim")
    if text is None:
        builder.problem(position, "no claim text; skipped", code="missing_claim", field="claim", severity="error")
        return
    said = parse_stamp(item.get("claim_date"), day_first=True)
    if said is None:
        builder.problem(
            position,
            f"cannot read claim_date {shown(item.get('claim_date'))} (DD-MM-YYYY); skipped",
            code="bad_date",
            field="claim_date",
            severity="error",
        )
        return
    if said.odd:
        builder.problem(position, said.odd, code="odd_date", field="claim_date")
    article_url = builder.url(position, item.get("fact_checking_article"), "fact_checking_article")
    original, archived, snapshot = _unwrap_archive(article_url) if article_url else (None, None, None)
    effective_on = said.end
    note_when = "the claim date (the article's date is not in the dataset)"
    if snapshot is not None and snapshot >= said.end:
        effective_on = snapshot
        note_when = "the Wayback Machine snapshot of the fact-checking article"
    stamp = recorded_at or midnight_utc(effective_on)
    if stamp.date() < effective_on:
        builder.problem(
            position,
            f"recorded_at {stamp.isoformat()} is before {effective_on}; skipped",
            code="recorded_before_review",
            field="recorded_at",
            severity="error",
        )
        return
    label = _text(builder, position, item.get("label"), "label")
    match = table.normalise(text=label)
    for code, message in match.warnings:
        builder.problem(position, message, code=code, field="label")

    basis = f"{article_url or ''}\x1f{text}"
    claim_id = "averitec-" + stable_claim_id(basis, url=original)
    speaker = _text(builder, position, item.get("speaker"), "speaker")
    claim_url, claim_archived = _link(builder, position, item.get("original_claim_url"), "original_claim_url")
    cached = http_url(item.get("cached_original_claim_url"))
    reporting = _text(builder, position, item.get("reporting_source"), "reporting_source")
    source: dict[str, Any] = {"role": SourceRole.PRIMARY}
    if claim_url:
        source["url"] = claim_url
    archive = claim_archived or (cached if cached != claim_url else None)
    if archive:
        source["archived_url"] = archive
    if reporting:
        source["publisher"] = reporting
    claim: dict[str, Any] = {
        "id": claim_id[:200].rstrip("-"),
        "text": text,
        "language": "en",
        "speaker": builder.entity({"name": speaker or UNKNOWN_SPEAKER}),
        "said_on": builder.span(said.start, said.end, said.granularity),
        "kind": ClaimKind.ASSERTION,
        "sources": (source,) if len(source) > 1 else (),
    }
    evidence: list[dict[str, Any]] = []
    checked_on, dated_by = _fact_check_date(original, snapshot, said.end)
    if original:
        article: dict[str, Any] = {"id": evidence_id(original), "url": original, "note": "fact-checking article"}
        if archived:
            article["archived_url"] = archived
        if checked_on is not None:
            article["published_on"] = builder.span(checked_on, checked_on)
            article["note"] = f"fact-checking article | dated by {dated_by}"
        evidence.append(article)
    answered_on = checked_on or said.end
    answer_dating = dated_by if checked_on is not None else "the claim date (no fact-check date in the dataset)"
    answered = builder.span(answered_on, answered_on)  # validated once per import, shared
    evidence.extend(_answers(builder, position, item.get("questions"), answered, answer_dating))
    note = _text(builder, position, item.get("justification"), "justification") or ""
    event = {
        "verdict": match.verdict,
        "effective_on": effective_on,
        "recorded_at": stamp,
        "evidence": tuple(ev["id"] for ev in evidence),
        "note": note,
        "by": ANNOTATORS,
        "rating": match.text,
        "origin": Origin.AVERITEC.of(original or article_url),
    }
    if effective_on != said.end:
        event["note"] = f"{note} [dated by {note_when}]".strip()
    builder.add(position, claim, event, evidence)


def _fact_check_date(original: str | None, snapshot: date | None, said: date) -> tuple[date | None, str]:
    """The day the fact-check is known to have been public, and what dated it (None when nothing does).

    The date in the article's URL path (``/2020/11/03/``) is its publication
    day; the Wayback Machine snapshot shows it existed by then. A date before
    the claim was made cannot be the fact-check's and is passed over.
    """
    if original is not None:
        day = day_in_path(original.split("?", 1)[0])
        if day is not None and day >= said and (snapshot is None or day <= snapshot):
            return day, "the fact-check (the date in the fact-checking article's URL)"
    if snapshot is not None and snapshot >= said:
        return snapshot, "the fact-check (the Wayback Machine snapshot of the fact-checking article)"
    return None, ""


_ANSWER_TYPES = {"boolean", "extractive", "abstractive", "unanswerable"}


def _answers(
    builder: RecordBuilder, position: str, questions: object, answered_on: DateRange | dict[str, Any], dating: str
) -> list[dict[str, Any]]:
    """Every answer of every question as an Evidence dict (ids unique per question and answer), all dated."""
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    if not isinstance(questions, list):
        return out
    for qi, question in enumerate(questions):
        if not isinstance(question, dict):
            continue
        asked, warning = clean_text(question.get("question"))
        if warning:
            _warn_html(builder, position, warning, f"questions[{qi}].question")
        asked = asked or ""
        answers = question.get("answers")
        if not isinstance(answers, list):
            continue
        for ai, answer in enumerate(answers):
            if not isinstance(answer, dict):
                continue
            said, warning = clean_text(answer.get("answer"))
            if warning:
                _warn_html(builder, position, warning, f"questions[{qi}].answers[{ai}].answer")
            raw_source = answer.get("source_url")
            url, archived = (
                (None, None)
                if raw_source is None
                else _link(builder, position, raw_source, f"questions[{qi}].answers[{ai}].source_url")
            )
            if archived is None:
                cached = http_url(answer.get("cached_source_url"))
                if cached is not None and cached != url:
                    archived = cached
            parts = []
            value = answer.get("source_medium")
            if isinstance(value, str) and value:
                parts.append(f"medium: {value}")
            explanation, warning = clean_text(answer.get("boolean_explanation"))
            if warning:
                _warn_html(builder, position, warning, f"questions[{qi}].answers[{ai}].boolean_explanation")
            if url is None and isinstance(raw_source, str) and raw_source and http_url(raw_source) is None:
                parts.append(f"source: {raw_source}")
            parts.append(f"dated by {dating}")
            ev_id = "qa-" + short_hash(url or "", asked, said or "", str(ai))
            if ev_id in seen:
                continue
            seen.add(ev_id)
            ev: dict[str, Any] = {"id": ev_id, "published_on": answered_on, "note": " | ".join(parts)}
            if asked:
                ev["question"] = asked
            kind = answer.get("answer_type")
            kind = kind.strip().casefold() if isinstance(kind, str) else None
            if kind in _ANSWER_TYPES:
                ev["answer_type"] = kind
            elif kind:
                ev["note"] = f"answer type: {answer.get('answer_type')} | {ev['note']}"
            if explanation:
                ev["explanation"] = explanation
            if kind == "unanswerable":
                ev["stance"] = Stance.CONTEXT  # nothing found: context, never a refutation
            if url:
                ev["url"] = url
            if archived:
                ev["archived_url"] = archived
            if said:
                ev["excerpt"] = said
            out.append(ev)
    return out


def _warn_html(builder: RecordBuilder, position: str, warning: str, field: str) -> None:
    builder.problem(position, f"{warning} in {field}", code=text_problem_code(warning), field=field)
