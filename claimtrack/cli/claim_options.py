"""The claim flags of ``add`` and ``edit``, the ``--known-at`` type of ``status``, and their printing.

The claims themselves are built by the library (:mod:`claimtrack.intake.claims`,
:mod:`claimtrack.intake.batch`); here the flags become :class:`ClaimFields`, what
the library read becomes printed lines, and a library error naming a field becomes
one click error naming its flag (nothing is written).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from claimtrack.cli._common import echo
from claimtrack.errors import ClaimFieldError, EventError
from claimtrack.intake.batch import problem_line, problem_place
from claimtrack.intake.claims import BuiltClaim, ClaimFields, Note, Origin
from claimtrack.model import ClaimKind, Credence, Fidelity, Horizon, Problem, SourceRole
from claimtrack.renderers import terminal_safe

__all__ = [
    "FLAGS",
    "KNOWN_AT",
    "MAX_SHOWN",
    "claim_errors",
    "claim_fields",
    "claim_flags",
    "echo_built",
    "given_flags",
    "refuse_batch",
]

F = TypeVar("F", bound=Callable[..., Any])

FLAGS = {
    "text": "--text",
    "language": "--language",
    "speaker": "--speaker",
    "said_on": "--said-on",
    "kind": "--kind",
    "topics": "--topic",
    "translations": "--translation",
    "horizon": "--horizon",
    "credence": "--credence",
    "source_url": "--source",
    "quote": "--quote",
    "locator": "--locator",
    "fidelity": "--fidelity",
    "source_role": "--source-role",
    "id": "--id",
}
"""The flag of each :class:`ClaimFields` field, in the order ``add --help`` lists them."""

# -- the flags -----------------------------------------------------------------------------------


def claim_flags(*, edit: bool) -> Callable[[F], F]:
    """The claim flags (``--text`` ... ``--source-role``); for ``edit`` every one is optional and unset."""
    kinds = click.Choice([k.value for k in ClaimKind])
    topic_help = "A topic slug (repeatable)" + ("; those given replace the claim's." if edit else ".")
    options = [
        click.option("--text", help="The claim exactly as said."),
        click.option(
            "--language",
            default=None if edit else "en",
            show_default=not edit,
            help="BCP 47 tag of --text.",
        ),
        click.option(
            "--speaker", help="Who said it." if edit else "Who said it (with --file: for the drafts that name nobody)."
        ),
        click.option("--said-on", help="When: YYYY-MM-DD, YYYY-MM or YYYY."),
        click.option("--kind", type=kinds, help="What kind of statement."),
        click.option("--topic", "topics", multiple=True, help=topic_help),
        click.option(
            "--translation",
            "translations",
            multiple=True,
            metavar="LANG=TEXT",
            help="The claim in another language, e.g. ja=... (repeatable).",
        ),
        click.option(
            "--horizon",
            metavar="TEXT",
            help="The horizon as words ('by the end of 2025'), read from --said-on"
            + ("." if edit else "; default: read from the text of a prediction or commitment."),
        ),
        click.option(
            "--credence",
            metavar="P|WORD",
            help="A probability (0.7, 70%) or a hedge word (probably)"
            + ("." if edit else "; default: read from the text of a prediction or commitment."),
        ),
        click.option(
            "--source",
            "--source-url",
            "source_url",
            metavar="URL",
            help="Where it was said" + (" (a source with this URL is updated, else added)." if edit else "."),
        ),
        click.option("--quote", help="The words as the --source carries them."),
        click.option("--locator", help="Where in the --source: a timestamp, page or paragraph."),
        click.option("--fidelity", type=click.Choice([f.value for f in Fidelity]), help="How faithful --source is."),
        click.option(
            "--source-role",
            type=click.Choice([r.value for r in SourceRole]),
            default=None if edit else SourceRole.PRIMARY.value,
            show_default=not edit,
            help="Whether --source is where it was said (primary) or a report of it.",
        ),
    ]

    def apply(func: F) -> F:
        for option in reversed(options):
            func = option(func)
        return func

    return apply


def claim_fields(claim_id: str | None, values: Mapping[str, Any]) -> ClaimFields:
    """The fields of the claim flags among a command's keyword arguments, with ``claim_id`` as ``id``."""
    return ClaimFields(id=claim_id, **{name: values[name] for name in FLAGS if name != "id"})


def given_flags(fields: ClaimFields, *, but: tuple[str, ...] = ()) -> list[str]:
    """The flags given (as ``--name``), leaving out the fields ``but`` and options left at ``add``'s default."""
    defaults = {"language": "en", "source_role": SourceRole.PRIMARY.value}
    return [
        flag
        for name, flag in FLAGS.items()
        if name not in but and getattr(fields, name) and getattr(fields, name) != defaults.get(name)
    ]


# -- library errors as click errors --------------------------------------------------------------


def _bad(flag: str, message: str) -> click.BadParameter:
    return click.BadParameter(terminal_safe(message, one_line=True), param_hint=f"'{flag}'")


def _click_error(exc: ClaimFieldError) -> click.ClickException:
    """The error as ``add`` and ``edit`` say it: the same words, with flags for field names."""
    flag = FLAGS.get(exc.field, exc.field) if exc.field else ""
    clears = " and ".join(f"--clear-{name}" for name in exc.fields)
    match exc.code:
        case "missing":
            return click.UsageError(f"missing {', '.join(FLAGS[name] for name in exc.fields)} (or give --file)")
        case "needs_source":
            return click.UsageError(f"{flag} describes a source: give --source URL too")
        case "given_and_cleared":
            return click.UsageError(f"give {flag} or --clear-{exc.field}, not both")
        case "not_forward_looking":
            return click.UsageError(f"{exc.reason}: give {clears} to drop them")
        case "stale_horizon":
            advice = f"give --horizon or --clear-horizon (re-reading {exc.value!r} from the new --said-on)"
            return _bad(flag, f"{exc.reason}; {advice}")
        case "bad_value":
            return _bad(flag, exc.message)
    path = exc.claim_field or ""
    shown = flag or path or "claim"
    where = f" [field {path}]" if path and shown != "--" + path else ""
    more = f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else ""
    return click.ClickException(terminal_safe(f"{shown}: {exc.message}{where}{more}", one_line=True))


@contextlib.contextmanager
def claim_errors() -> Iterator[None]:
    """Turn the library's refusals of claim fields into click errors naming the flags."""
    try:
        yield
    except ClaimFieldError as exc:
        raise _click_error(exc) from exc
    except EventError as exc:
        done = "" if exc.field == "id" else "; nothing written"
        raise click.ClickException(terminal_safe(f"refused: {exc.message}{done}")) from exc


# -- printing what was built ---------------------------------------------------------------------

_NOTES = {
    Note.NO_HORIZON_FOUND: "no horizon found in the text; `claimtrack due` will not list it (give --horizon)",
    Note.NO_HORIZON: "no horizon; `claimtrack due` will not list it (give --horizon)",
    Note.HORIZON_NOT_IN_TEXT: "the horizon {horizon!r} is not in the new text; give --horizon to read it again",
}


def _origin(origin: Origin, flag: str) -> str:
    return {Origin.GIVEN: flag, Origin.TEXT: "read from the text"}.get(origin, "re-read from the new --said-on")


def _horizon_line(horizon: Horizon, origin: str) -> str:
    end = horizon.end.isoformat() if horizon.end else "open-ended"
    vague = ", vague" if horizon.vague else ""
    rule = f", rule {horizon.rule}" if horizon.rule else ""
    return f"horizon: {horizon.text!r} -> {horizon.start} .. {end} ({origin}{rule}{vague})"


def _credence_line(credence: Credence, origin: str) -> str:
    if credence.p is None:
        return f"credence: unhedged ({credence.word!r}): no probability ({origin})"
    band = f" {credence.scale}:{credence.band}" if credence.scale else ""
    word = f" from {credence.word!r}" if credence.word else ""
    return f"credence: p={credence.p}{word}{band} ({credence.basis.value}, {origin})"


def echo_built(built: BuiltClaim) -> None:
    """Print what was read (the horizon, the credence and where each came from), then the notes on stderr."""
    claim = built.claim
    if built.horizon_from is not None and claim.horizon is not None:
        echo(f"  {_horizon_line(claim.horizon, _origin(built.horizon_from, '--horizon'))}", one_line=True)
    if built.credence_from is not None and claim.credence is not None:
        echo(f"  {_credence_line(claim.credence, _origin(built.credence_from, '--credence'))}", one_line=True)
    horizon = claim.horizon.text if claim.horizon else ""
    for note in built.notes:
        echo(f"note: {_NOTES[note].format(horizon=horizon)}", err=True, one_line=True)


# -- add --file ---------------------------------------------------------------------------------

MAX_SHOWN = 50
"""Problems of a batch printed one by one; the rest are counted."""

_NEEDS_SPEAKER = "no speaker is known: give --speaker NAME to name the speaker of every such draft"


def _worded(problem: Problem) -> Problem:
    """The problem, its advice naming the flag to give."""
    return problem.model_copy(update={"message": _NEEDS_SPEAKER}) if problem.code == "needs_speaker" else problem


def refuse_batch(problems: Sequence[Problem], path: Path) -> NoReturn:
    """Print a batch's problems (one error line when one line is at fault) and refuse it: nothing is added."""
    problems = [_worded(p) for p in problems]
    if all(p.path == problems[0].path for p in problems):  # one line at fault: one error line
        said = "; ".join(problem_line(p, place=False) for p in problems)
        raise click.ClickException(terminal_safe(f"{problem_place(problems[0])}: {said}", one_line=True))
    for problem in problems[:MAX_SHOWN]:
        echo(problem_line(problem), err=True, one_line=True)
    if len(problems) > MAX_SHOWN:
        echo(f"... and {len(problems) - MAX_SHOWN} more", err=True)
    raise click.ClickException(terminal_safe(f"{len(problems)} problems in {path}; nothing added"))


# -- status -------------------------------------------------------------------------------------


class _KnownAt(click.ParamType):  # type: ignore[type-arg]
    name = "ISO"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> datetime:
        if isinstance(value, datetime):
            return value
        text = str(value).strip()
        try:
            if len(text) == 10:  # a day alone: the end of that day, UTC
                return datetime.combine(date.fromisoformat(text), time.max, tzinfo=UTC)
            moment = datetime.fromisoformat(text)
        except ValueError:
            self.fail(f"{value!r} is not an ISO date or time (2025-08-07 or 2025-08-07T12:00:00+00:00)", param, ctx)
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


KNOWN_AT = _KnownAt()
"""A moment: an ISO time (UTC unless it has an offset), or a day alone meaning the end of that day, UTC."""
