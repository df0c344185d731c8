"""Every public parameter that takes a day takes a ``date`` or an ISO ``YYYY-MM-DD`` string.

The walk below finds each parameter of the public API (``claimtrack.__all__`` and every public
subpackage's ``__all__``, functions, constructors and public methods) whose annotation mentions
``date``. Each one must be listed in exactly one table of this module: called with an ISO string
and with a bad value (:data:`CALLS`), a pydantic field that parses ISO strings itself
(:data:`MODELS`), or skipped with its reason (:data:`SKIPS`). A new date parameter fails
:func:`test_every_date_parameter_is_covered` until it is added to one of them; the test IDs of
:func:`test_a_date_parameter_takes_an_iso_string` list every parameter found.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import pkgutil
import re
import types
import typing
import warnings
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime

import pydantic
import pytest

import claimtrack as ct
from claimtrack import checking, dates, intake, ledger, scoring
from claimtrack.errors import DateParseError
from claimtrack.web import ChatClient, ChatExtractor, ChatSettings

DAY = date(2024, 6, 1)
ISO = "2024-06-01"
BAD_TYPE = 20240601
"""Not a day: an int that looks like one."""


def _public_modules() -> list[types.ModuleType]:
    names = sorted(m.name for m in pkgutil.iter_modules(ct.__path__) if m.ispkg and not m.name.startswith("_"))
    return [ct, *(importlib.import_module(f"claimtrack.{name}") for name in names)]


def _takes_a_day(annotation: object) -> bool:
    """Whether ``annotation`` is ``date`` or is built from it (``date | None``, a pair of days); never ``datetime``.

    An annotation left as text (it names a type imported only for type checkers) is read by its words.
    """
    if annotation is date:
        return True
    if isinstance(annotation, str):
        return re.search(r"\b(date|DayInput)\b", annotation) is not None
    return any(_takes_a_day(arg) for arg in typing.get_args(annotation))


def _signature(target: Callable[..., object]) -> inspect.Signature:
    """The signature with annotations evaluated; text where one names a type-checking-only import."""
    try:
        return inspect.signature(target, eval_str=True)
    except NameError:
        return inspect.signature(target)


def _targets(name: str, obj: object) -> Iterator[tuple[str, Callable[..., object]]]:
    """A public object's callables: a function, or a class's constructor and its public methods."""
    if inspect.isclass(obj):
        yield name, obj
        for attr, value in vars(obj).items():
            func = value.__func__ if isinstance(value, classmethod | staticmethod) else value
            if not attr.startswith("_") and inspect.isfunction(func):
                yield f"{name}.{attr}", func
    elif callable(obj):
        yield name, obj


def date_parameters() -> dict[str, object]:
    """``module.Name[.method](parameter)`` of every public parameter taking a day, with its annotation.

    An object exported from several modules is listed once, under the first (``claimtrack`` first).
    """
    seen: set[tuple[int, str]] = set()
    found: dict[str, object] = {}
    for module in _public_modules():
        for name in module.__all__:
            for qualname, target in _targets(name, getattr(module, name)):
                try:
                    signature = _signature(target)
                except (TypeError, ValueError):  # no signature to read (a builtin)
                    continue
                for parameter in signature.parameters.values():
                    if (id(target), parameter.name) in seen or not _takes_a_day(parameter.annotation):
                        continue
                    seen.add((id(target), parameter.name))
                    found[f"{module.__name__}.{qualname}({parameter.name})"] = parameter.annotation
    return found


# -- what the calls need: the bundled ledger, read-only, and one writable copy ------------------------

EXAMPLE = "altman-lex-fridman-2024"
LEDGER = ct.examples.open(EXAMPLE)
RECORD = next(r for r in LEDGER.records() if r.events)
GPT4O = ct.Evidence(url="https://openai.com/index/hello-gpt-4o/", title="Hello GPT-4o", published_on="2024-05-13")
PASSAGE = intake.Passage(text="We will release an amazing model this year.", speaker="Sam Altman")


@pytest.fixture(scope="module")
def writable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ct.Ledger]:
    with ct.examples.copy(EXAMPLE, tmp_path_factory.mktemp("ledger") / "copy") as copy:
        yield copy


def _deprecated(call: Callable[[], object]) -> object:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return call()


def _chat(call: Callable[[ChatExtractor], object]) -> object:
    """A call on a chat extractor given no passages: it asks the model nothing."""
    with ChatExtractor(ChatClient(ChatSettings(base_url="http://127.0.0.1:9/v1", model="m"))) as extractor:
        return call(extractor)


Call = Callable[[object, ct.Ledger], object]
"""Calls a public function with ``value`` for one parameter (the writable ledger, for those that write)."""

CALLS: dict[str, Call] = {
    "claimtrack.ClaimFilter(said_between)": lambda v, _: ct.ClaimFilter(said_between=(v, v)).said_between,
    "claimtrack.ClaimFilter.admits(as_of)": lambda v, _: ct.ClaimFilter(verdict="open").admits(RECORD, as_of=v),
    "claimtrack.ClaimFilter.admits_fields(said)": lambda v, _: ct.ClaimFilter(said_between=(DAY, DAY)).admits_fields(
        "Sam Altman", (), ct.ClaimKind.PREDICTION, v
    ),
    "claimtrack.Ledger.check(as_of)": lambda v, _: _deprecated(lambda: LEDGER.check(RECORD.claim.id, [], as_of=v)),
    "claimtrack.Ledger.claims(as_of)": lambda v, _: LEDGER.claims(as_of=v),
    "claimtrack.Ledger.claims(said_between)": lambda v, _: LEDGER.claims(said_between=(v, None)),
    "claimtrack.Ledger.due(as_of)": lambda v, _: LEDGER.due(as_of=v),
    "claimtrack.Ledger.propose(as_of)": lambda v, _: _deprecated(lambda: LEDGER.propose([], as_of=v)),
    "claimtrack.Ledger.record(on)": lambda v, w: w.record(RECORD.claim.id, "unverifiable", on=v, note="a day"),
    "claimtrack.Ledger.status(as_of)": lambda v, _: LEDGER.status(RECORD.claim.id, as_of=v),
    "claimtrack.Ledger.to_pandas(as_of)": lambda v, _: LEDGER.to_pandas(as_of=v),
    "claimtrack.Ledger.to_pandas(said_between)": lambda v, _: LEDGER.to_pandas(said_between=(None, v)),
    "claimtrack.Ledger.verdict_counts(as_of)": lambda v, _: LEDGER.verdict_counts(as_of=v),
    "claimtrack.check(as_of)": lambda v, _: ct.check(RECORD.claim, [GPT4O], as_of=v),
    "claimtrack.compare(said_on)": lambda v, _: ct.compare(
        "We will ship it this year.",
        "We will ship it next year.",
        said_on=v,
        original_language="en",
        rendering_language="en",
    ),
    "claimtrack.fidelity_card(as_of)": lambda v, _: ct.fidelity_card(LEDGER, as_of=v),
    "claimtrack.parse_date_range(base)": lambda v, _: ct.parse_date_range("next year", base=v),
    "claimtrack.parse_horizon(said_on)": lambda v, _: ct.parse_horizon("by the end of this year", v),
    "claimtrack.propose(as_of)": lambda v, _: ct.propose(LEDGER, [GPT4O], as_of=v),
    "claimtrack.scorecard(as_of)": lambda v, _: ct.scorecard(LEDGER, as_of=v),
    "claimtrack.checking.propose(as_of)": lambda v, _: checking.propose(LEDGER.records(), [GPT4O], as_of=v),
    "claimtrack.checking.publication_guard(as_of)": lambda v, _: checking.publication_guard(GPT4O, v),
    "claimtrack.dates.as_date(value)": lambda v, _: dates.as_date(v, name="value"),  # type: ignore[arg-type]
    "claimtrack.intake.RuleExtractor.drafts(said_on)": lambda v, _: list(
        intake.RuleExtractor().drafts([PASSAGE], said_on=v)
    ),
    "claimtrack.intake.claim_id(said_on)": lambda v, _: intake.claim_id("Sam Altman", v, "a quote"),
    "claimtrack.ledger.count_verdicts(as_of)": lambda v, _: ledger.count_verdicts(LEDGER.records(), as_of=v),
    "claimtrack.ledger.replay(as_of)": lambda v, _: ledger.replay(RECORD.events, as_of=v),
    "claimtrack.DateRange.contains(day)": lambda v, _: ct.DateRange.day(date(2024, 5, 1)).contains(v),
    "claimtrack.DateRange.day(day)": lambda v, _: ct.DateRange.day(v),
    "claimtrack.Horizon.has_ended(as_of)": lambda v, _: ct.Horizon(
        text="this year", start=date(2024, 3, 18), end=date(2024, 12, 31)
    ).has_ended(v),
    "claimtrack.ledger.resolved_early(deadline)": lambda v, _: ledger.resolved_early(True, v, date(2024, 5, 1)),
    "claimtrack.ledger.resolved_early(resolved_on)": lambda v, _: ledger.resolved_early(True, date(2024, 7, 1), v),
    "claimtrack.ledger.status_event(as_of)": lambda v, _: ledger.status_event(RECORD.events, as_of=v),
    "claimtrack.scoring.horizon_bucket(deadline)": lambda v, _: scoring.horizon_bucket(
        ct.ClaimKind.PREDICTION, date(2024, 1, 1), v
    ),
    "claimtrack.scoring.horizon_bucket(said_on)": lambda v, _: scoring.horizon_bucket(
        ct.ClaimKind.PREDICTION, v, date(2025, 1, 1)
    ),
    "claimtrack.web.ChatExtractor.adrafts(said_on)": lambda v, _: _chat(
        lambda e: asyncio.run(e.adrafts([], said_on=v))
    ),
    "claimtrack.web.ChatExtractor.drafts(said_on)": lambda v, _: _chat(lambda e: list(e.drafts([], said_on=v))),
}

_RECORDED = datetime(2025, 1, 1, tzinfo=UTC)
MODELS: dict[str, pydantic.BaseModel] = {
    "claimtrack.ContainsCriterion(by)": ct.ContainsCriterion(collection="OpenAI board", item="Fidji Simo"),
    "claimtrack.DateRange(end)": ct.DateRange(start=date(2024, 1, 1), end=date(2024, 12, 31)),
    "claimtrack.DateRange(start)": ct.DateRange(start=date(2024, 1, 1), end=date(2024, 12, 31)),
    "claimtrack.EventCriterion(by)": ct.EventCriterion(event="openai-new-flagship-model"),
    "claimtrack.EventFact(occurred_on)": ct.EventFact(event="openai-new-flagship-model"),
    "claimtrack.Horizon(end)": ct.Horizon(text="this year", start=date(2024, 1, 1), end=date(2024, 12, 31)),
    "claimtrack.Horizon(start)": ct.Horizon(text="this year", start=date(2024, 1, 1), end=date(2024, 12, 31)),
    "claimtrack.ListFact(on)": ct.ListFact(collection="OpenAI board", items=("Fidji Simo",)),
    "claimtrack.MeasureFact(on)": ct.MeasureFact(metric="METR 50% task length", value=1.5, unit="hours"),
    "claimtrack.StatusEvent(effective_on)": RECORD.events[0].model_copy(update={"recorded_at": _RECORDED}),
    "claimtrack.ThresholdCriterion(by)": ct.ThresholdCriterion(
        metric="METR 50% task length", op=">=", value=2, unit="hours"
    ),
}

_RESULT = "a result record the library builds from days it has already read; callers do not pass it a day"
_EXTRACTOR = "a protocol; the two extractors that implement it are called above"
_PROTOCOL = "a protocol for stores to implement; callers reach it through Ledger.claims, due and verdict_counts"
SKIPS: dict[str, str] = {
    "claimtrack.Assessment(as_of)": _RESULT,
    "claimtrack.Assessment(effective_on)": _RESULT,
    "claimtrack.FidelityCard(as_of)": _RESULT,
    "claimtrack.Proposals(as_of)": _RESULT,
    "claimtrack.Scorecard(as_of)": _RESULT,
    "claimtrack.checking.Finding(deadline)": _RESULT,
    "claimtrack.dates.ParsedDate(end)": _RESULT,
    "claimtrack.dates.ParsedDate(start)": _RESULT,
    "claimtrack.fidelity.DriftReport(said_on)": _RESULT,
    "claimtrack.scoring.ClaimLine(deadline)": _RESULT,
    "claimtrack.scoring.ClaimLine(resolved_on)": _RESULT,
    "claimtrack.scoring.ClaimLine(said_on)": _RESULT,
    "claimtrack.scoring.Distortion(said_on)": _RESULT,
    "claimtrack.scoring.NotSaidClaim(said_on)": _RESULT,
    "claimtrack.scoring.TimelineMonth(month)": _RESULT,
    "claimtrack.intake.Extractor.drafts(said_on)": _EXTRACTOR,
    "claimtrack.ledger.QueryStore.due_claims(as_of)": _PROTOCOL,
    "claimtrack.ledger.QueryStore.due_claims(limit)": _PROTOCOL,
    "claimtrack.ledger.QueryStore.query_claims(as_of)": _PROTOCOL,
    "claimtrack.ledger.QueryStore.verdict_counts(as_of)": _PROTOCOL,
}

FOUND = date_parameters()


def test_every_date_parameter_is_covered() -> None:
    calls, models, skips = set(CALLS), set(MODELS), set(SKIPS)
    assert not calls & models
    assert not calls & skips
    assert not models & skips
    listed = calls | models | skips
    assert sorted(set(FOUND) - listed) == [], "date parameters in no table: add each to CALLS, MODELS or SKIPS"
    assert sorted(listed - set(FOUND)) == [], "tables name parameters the walk no longer finds"
    assert "claimtrack.ClaimFilter(said_between)" in FOUND  # a pair of days counts as a day parameter


def test_the_walk_ignores_datetime() -> None:
    assert not _takes_a_day(datetime)
    assert not _takes_a_day(datetime | None)
    assert _takes_a_day(date | str | None)
    assert _takes_a_day(tuple[date | None, date | None] | None)


def _parameter(key: str) -> str:
    return key[key.rindex("(") + 1 : -1]


CALLED = sorted(set(FOUND) - set(SKIPS))
"""The day parameters these tests call (SKIPS says why each of the others is not called)."""


@pytest.mark.parametrize("key", CALLED)
def test_a_date_parameter_takes_an_iso_string(key: str, writable: ct.Ledger) -> None:
    if key in MODELS:
        sample, field = MODELS[key], _parameter(key)
        read = type(sample).model_validate({**sample.model_dump(), field: ISO})
        assert getattr(read, field) == DAY
        return
    before = {e.id for e in writable.history(RECORD.claim.id)}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        from_string = CALLS[key](ISO, writable)
        from_date = CALLS[key](DAY, writable)
    if key.endswith("Ledger.record(on)"):  # the same event both times (its id is its content): one, on the day
        assert (from_string.id, from_string.effective_on) == (from_date.id, DAY)
        added = [e for e in writable.history(RECORD.claim.id) if e.id not in before]
        assert [e.effective_on for e in added] == [DAY]
    else:
        assert repr(from_string) == repr(from_date)


@pytest.mark.parametrize("key", CALLED)
def test_a_date_parameter_refuses_what_is_not_a_day(key: str, writable: ct.Ledger) -> None:
    if key in MODELS:
        sample, field = MODELS[key], _parameter(key)
        for bad in ("2023-02-29", [2024, 6, 1]):
            with pytest.raises(pydantic.ValidationError, match=field):
                type(sample).model_validate({**sample.model_dump(), field: bad})
        return
    name = _parameter(key)
    with pytest.raises(TypeError, match=rf"^{name} must be a date or a 'YYYY-MM-DD' string, not int$"):
        CALLS[key](BAD_TYPE, writable)
    with pytest.raises(TypeError, match=rf"^{name} must be a date or a 'YYYY-MM-DD' string, not a datetime"):
        CALLS[key](datetime(2024, 6, 1, tzinfo=UTC), writable)
    with pytest.raises(DateParseError, match="February has 28 days in 2023"):
        CALLS[key]("2023-02-29", writable)


def test_said_between_is_a_pair_not_one_string() -> None:
    with pytest.raises(TypeError, match="said_between must be a pair"):
        ct.ClaimFilter(said_between="2024-01-01")  # type: ignore[arg-type]
    assert ct.ClaimFilter(said_between=("2024-01-01", None)).said_between == (date(2024, 1, 1), None)
