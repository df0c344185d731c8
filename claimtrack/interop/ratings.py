"""Rating normalisation: fact-checkers' own ratings mapped to claimtrack verdicts, as data.

The table lives in ``ratings.json`` next to this module (versioned, one named
scheme per publisher or dataset, each with where its words come from). A
rating is mapped in this order:

1. its text (``alternateName``, else ``name``) through the table;
2. the first clause of a sentence-long text, when it ends with a full stop, a
   colon or a spaced dash ("Incorrect. The figure is ...", "FALSO: ...",
   "SESAT - ...");
3. a numeric ``ratingValue``, only on a scale the table knows for the review's
   publisher (``scales``): a number on an unknown scale is never read by its
   position (a publisher's 4 of 6 may be "false"); it is reported as not used;
4. the fallback (``unverifiable``), keeping the text.

The original text is always kept on the event (``StatusEvent.rating``), so
the mapping can be redone. Users extend the table from a file with
:meth:`RatingTable.extended` (``--ratings FILE`` on the command line).

Example:
    >>> table = RatingTable.default()
    >>> table.normalise(text="Pants on Fire!").verdict
    <Verdict.FALSE: 'false'>
    >>> table.normalise(value=4, best=5, worst=1).verdict  # no known scale: the number is not used
    <Verdict.UNVERIFIABLE: 'unverifiable'>
"""

from __future__ import annotations

import functools
import json
import os
import re
import unicodedata
from collections.abc import Mapping
from enum import StrEnum
from importlib import resources
from typing import Any

import attrs

from claimtrack.errors import InvalidRecordError
from claimtrack.interop.text import shown
from claimtrack.model import Verdict

__all__ = ["NumericScale", "RatingMatch", "RatingMethod", "RatingTable", "rating_key"]

_DASHES = re.compile(r"[-_\u2010-\u2015]+")
_SPACES = re.compile(r"\s+")
_EDGE = " \t\r\n\"'“”‘’「」『』【】()（）[]{}.!?！？。:：;；,、*"
_CLAUSE_END = re.compile(r"^(.{1,40}?)(?:[.。:：!！]\s+|\s+[-\u2013\u2014]\s+)\S")


class RatingMethod(StrEnum):
    """How a rating was mapped to its verdict (the steps of the module docstring, in order)."""

    TABLE = "table"
    """Its text is in the table."""
    FIRST_CLAUSE = "first_clause"
    """The first clause of a sentence-long text is in the table."""
    NUMERIC = "numeric"
    """Its ratingValue, on the scale the table knows for the review's publisher."""
    FALLBACK = "fallback"
    """Nothing could be read: the table's fallback verdict."""


def rating_key(text: str) -> str:
    """The form a rating text is matched in: NFKC, case-folded, dashes as spaces, edges trimmed."""
    key = unicodedata.normalize("NFKC", text).casefold()
    key = _DASHES.sub(" ", key)
    key = _SPACES.sub(" ", key)
    return key.strip(_EDGE)


@attrs.frozen
class RatingMatch:
    """The verdict a rating maps to, how it was found, and any warning about it."""

    verdict: Verdict
    text: str | None
    """The original rating text, unchanged (None when the rating had none)."""
    method: RatingMethod
    scheme: str | None = None
    """The table scheme that matched (``politifact-truth-o-meter``), for table matches."""
    position: float | None = None
    """Where a numeric rating sits between worst (0.0) and best (1.0), clamped."""
    warnings: tuple[tuple[str, str], ...] = ()
    """``(code, message)`` pairs: rating outside its range, number not used, unknown text."""


@attrs.frozen
class NumericScale:
    """A publisher's documented numeric scale: which verdict each ``ratingValue`` stands for."""

    name: str
    publishers: frozenset[str]
    """Publisher names and URL hosts it applies to, as :func:`rating_key` forms."""
    values: Mapping[str, Verdict]
    """``ratingValue`` written as ``f"{number:g}"`` -> verdict."""
    worst: float | None = None
    best: float | None = None


@attrs.frozen
class RatingTable:
    """A versioned table from rating text to verdict, plus numeric bands and a fallback."""

    version: str
    entries: Mapping[str, tuple[Verdict, str]]
    """Rating key (see :func:`rating_key`) -> (verdict, scheme name)."""
    bands: tuple[tuple[float, Verdict], ...]
    fallback: Verdict = Verdict.UNVERIFIABLE
    default_best: float = 5.0
    default_worst: float = 1.0
    scales: tuple[NumericScale, ...] = ()
    """Numeric scales known per publisher; a number counts only on one of these."""
    _memo: dict[tuple[object, ...], RatingMatch] = attrs.field(
        factory=dict, init=False, repr=False, eq=False, hash=False
    )
    """Ratings already normalised by this table (a file repeats its ratings); see :meth:`normalise`."""

    @classmethod
    def default(cls) -> RatingTable:
        """The table shipped with claimtrack (``claimtrack/interop/ratings.json``)."""
        return _default_table()

    @classmethod
    def from_data(cls, data: Mapping[str, Any], *, origin: str = "<data>") -> RatingTable:
        """A table from the JSON structure of ``ratings.json``; raises InvalidRecordError naming the field."""
        return _table_from(data, origin=origin, base=None)

    def extended(self, extra: Mapping[str, Any] | str | os.PathLike[str]) -> RatingTable:
        """This table with entries added from ``extra``; the extra entries win on a clash.

        ``extra`` is a path to a JSON file or its parsed content: either the
        full ``ratings.json`` format (``{"schemes": [...], "scales": [...]}``)
        or a flat ``{"rating text": "verdict"}`` object. A scale names the
        publishers it is for and the verdict of each ``ratingValue``
        (``{"name", "publishers": [...], "values": {"1": "false", ...}}``).
        """
        origin = "<data>"
        if not isinstance(extra, Mapping):
            origin = os.fspath(extra)
            try:
                with open(origin, encoding="utf-8-sig") as handle:
                    extra = json.load(handle)
            except json.JSONDecodeError as exc:
                raise InvalidRecordError(f"not valid JSON: {exc}", path=origin) from exc
            if not isinstance(extra, Mapping):
                raise InvalidRecordError("a rating table must be a JSON object", path=origin)
        if "schemes" not in extra and "scales" not in extra:
            extra = {"schemes": [{"name": "user", "ratings": dict(extra)}]}
        return _table_from(extra, origin=origin, base=self)

    def lookup(self, text: str) -> tuple[Verdict, str, RatingMethod] | None:
        """The verdict, scheme and method for a rating text, or None when the table lacks it."""
        key = rating_key(text)
        found = self.entries.get(key)
        if found is not None:
            return found[0], found[1], RatingMethod.TABLE
        m = _CLAUSE_END.match(unicodedata.normalize("NFKC", text).strip())
        if m:
            found = self.entries.get(rating_key(m.group(1)))
            if found is not None:
                return found[0], found[1], RatingMethod.FIRST_CLAUSE
        return None

    def band(self, position: float) -> Verdict:
        """The verdict of a position in [0, 1] on a numeric scale."""
        for upper, verdict in self.bands:
            if position < upper:
                return verdict
        return self.bands[-1][1]

    def normalise(
        self,
        *,
        text: str | None = None,
        value: object = None,
        best: object = None,
        worst: object = None,
        publisher: str | None = None,
        site: str | None = None,
    ) -> RatingMatch:
        """Map a rating (text and/or number on a scale) to a verdict; never raises on data.

        ``publisher`` (the reviewer's name) and ``site`` (the review URL's host)
        pick the publisher's numeric scale, when the table knows one.

        The answer for text and numbers seen before comes from a memo (the
        table is immutable, and so is the match). The memo is keyed by the
        exact types too, so ``1``, ``"1"`` and ``True`` never share an answer;
        floats that print differently while comparing equal (``-0.0``) or that
        never compare equal (NaN), and texts over 200 characters, are not
        memoised: the memo holds no long texts.
        """
        scale = self.scale_of(publisher, site) if value not in (None, "") else None
        key = _memo_key(text, value, best, worst, scale.name if scale is not None else None)
        if key is None:
            return self._normalise(text, value, best, worst, scale)
        found = self._memo.get(key)
        if found is None:
            found = self._normalise(text, value, best, worst, scale)
            if len(self._memo) < _MEMO_LIMIT:
                self._memo[key] = found
        return found

    def scale_of(self, publisher: str | None, site: str | None) -> NumericScale | None:
        """The numeric scale known for a publisher (by name) or a review's host, or None."""
        if not self.scales:
            return None
        keys = [rating_key(v) for v in (publisher, site) if v]
        if site and site.startswith("www."):
            keys.append(rating_key(site[4:]))
        return next((s for s in self.scales if any(k in s.publishers for k in keys)), None)

    def _normalise(
        self, text: str | None, value: object, best: object, worst: object, scale: NumericScale | None
    ) -> RatingMatch:
        warnings: list[tuple[str, str]] = []
        position = None
        number = _number(value)
        if value not in (None, "") and number is None:
            warnings.append(("bad_rating", f"ratingValue {shown(value)} is not a number; ignored"))
        if number is not None:
            position = self._position(number, best, worst, warnings)
        if text:
            found = self.lookup(text)
            if found is not None:
                return RatingMatch(found[0], text, found[2], found[1], position, tuple(warnings))
        if number is not None and scale is not None:
            verdict = scale.values.get(f"{number:g}")
            if verdict is not None:
                return RatingMatch(verdict, text, RatingMethod.NUMERIC, scale.name, position, tuple(warnings))
            warnings.append(
                ("unused_rating_value", f"ratingValue {number:g} is not on the scale {scale.name!r}; not used")
            )
        elif number is not None:
            warnings.append(
                (
                    "unused_rating_value",
                    f"ratingValue {number:g}{_range(best, worst)} not used: no numeric scale is known for this "
                    "publisher, and a number is never read by its position",
                )
            )
        if text:
            warnings.append(
                ("unknown_rating", f"rating {shown(text)} is not in the rating table; kept as {self.fallback.value}")
            )
        elif number is None:
            warnings.append(("missing_rating", f"no rating text or number; recorded as {self.fallback.value}"))
        return RatingMatch(self.fallback, text, RatingMethod.FALLBACK, None, position, tuple(warnings))

    def _position(self, number: float, best: object, worst: object, warnings: list[tuple[str, str]]) -> float | None:
        """Where ``number`` sits between worst (0.0) and best (1.0), for range checks; None without both ends."""
        high, low = _number(best), _number(worst)
        if high is None or low is None:
            return None
        if high == low:
            warnings.append(("bad_rating_scale", f"bestRating equals worstRating ({high:g}); the number is ignored"))
            return None
        position = (number - low) / (high - low)
        if not 0.0 <= position <= 1.0:
            warnings.append(
                (
                    "rating_out_of_range",
                    f"ratingValue {number:g} is outside {low:g}..{high:g}; clamped to the nearer end",
                )
            )
            position = min(1.0, max(0.0, position))
        return position


def _range(best: object, worst: object) -> str:
    high, low = _number(best), _number(worst)
    return f" (on {low:g}..{high:g})" if high is not None and low is not None else ""


_MEMO_LIMIT = 4096
_MEMO_TYPES = (type(None), str, int)
_MEMO_TEXT = 200
"""The longest rating text (or number written as text) memoised; longer ones are mapped every time."""


def _memo_key(*parts: object) -> tuple[object, ...] | None:
    """``parts`` with their types, or None when one of them may not be memoised (see ``normalise``)."""
    key: list[object] = []
    for part in parts:
        kind = type(part)
        if kind is float:
            if part != part or part == 0.0:
                return None
        elif kind not in _MEMO_TYPES:
            return None
        elif (isinstance(part, str) and len(part) > _MEMO_TEXT) or (isinstance(part, int) and part.bit_length() > 64):
            return None  # long texts and 400-digit numbers are not kept
        key.append(kind)
        key.append(part)
    return tuple(key)


def _number(value: object) -> float | None:
    """A finite float from a rating number or numeric text; None for anything else (400-digit integers too)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            number = float(value)
        except OverflowError:  # an integer too large for a float: no position on any scale
            return None
    elif isinstance(value, str):
        if len(value) > _MEMO_TEXT:
            return None
        try:
            number = float(value.strip().replace(",", "."))
        except ValueError:
            return None
    else:
        return None
    return number if number == number and abs(number) != float("inf") else None


def _verdict(value: object, *, origin: str, field: str) -> Verdict:
    try:
        return Verdict(str(value))
    except ValueError:
        allowed = ", ".join(v.value for v in Verdict)
        raise InvalidRecordError(f"{shown(value)} is not a verdict ({allowed})", path=origin, field=field) from None


def _table_from(data: Mapping[str, Any], *, origin: str, base: RatingTable | None) -> RatingTable:
    entries: dict[str, tuple[Verdict, str]] = dict(base.entries) if base is not None else {}
    schemes = data.get("schemes", [])
    if not isinstance(schemes, list):
        raise InvalidRecordError("'schemes' must be a list", path=origin, field="schemes")
    seen: dict[str, tuple[Verdict, str]] = {}
    for i, scheme in enumerate(schemes):
        if not isinstance(scheme, Mapping) or not isinstance(scheme.get("ratings"), Mapping):
            raise InvalidRecordError("a scheme needs a 'ratings' object", path=origin, field=f"schemes[{i}]")
        name = str(scheme.get("name", f"scheme-{i}"))
        for text, verdict_value in scheme["ratings"].items():
            verdict = _verdict(verdict_value, origin=origin, field=f"schemes[{i}].ratings.{text}")
            key = rating_key(str(text))
            if not key:
                raise InvalidRecordError("an empty rating text", path=origin, field=f"schemes[{i}].ratings")
            earlier = seen.get(key)
            if earlier is not None and earlier[0] is not verdict:
                raise InvalidRecordError(
                    f"{shown(text)} maps to {verdict.value} here but to {earlier[0].value} "
                    f"in scheme {shown(earlier[1])}",
                    path=origin,
                    field=f"schemes[{i}].ratings.{text}",
                )
            seen[key] = (verdict, name)
            entries[key] = (verdict, name)
    numeric = data.get("numeric", {})
    if base is not None and not numeric:
        bands = base.bands
        best, worst = base.default_best, base.default_worst
    else:
        raw_bands = numeric.get("bands") if isinstance(numeric, Mapping) else None
        if not isinstance(raw_bands, list) or not raw_bands:
            raise InvalidRecordError("'numeric.bands' must be a non-empty list", path=origin, field="numeric.bands")
        bands = tuple(
            (float(upper), _verdict(v, origin=origin, field=f"numeric.bands[{i}]"))
            for i, (upper, v) in enumerate(raw_bands)
        )
        best = float(numeric.get("default_best", 5))
        worst = float(numeric.get("default_worst", 1))
    fallback = _verdict(
        data.get("fallback", base.fallback.value if base is not None else "unverifiable"),
        origin=origin,
        field="fallback",
    )
    version = str(data.get("version", "user"))
    if base is not None:
        version = f"{base.version}+{version}"
    scales = _scales_from(data.get("scales", []), origin=origin)
    if base is not None:
        scales = scales + base.scales  # the extra scales win
    return RatingTable(
        version=version,
        entries=entries,
        bands=bands,
        fallback=fallback,
        default_best=best,
        default_worst=worst,
        scales=scales,
    )


def _scales_from(raw: object, *, origin: str) -> tuple[NumericScale, ...]:
    if not isinstance(raw, list):
        raise InvalidRecordError("'scales' must be a list", path=origin, field="scales")
    scales = []
    for i, item in enumerate(raw):
        field = f"scales[{i}]"
        if not isinstance(item, Mapping):
            raise InvalidRecordError("a scale must be an object", path=origin, field=field)
        publishers = item.get("publishers")
        values = item.get("values")
        if not isinstance(publishers, list) or not publishers or not all(isinstance(p, str) for p in publishers):
            raise InvalidRecordError("'publishers' must list names or hosts", path=origin, field=f"{field}.publishers")
        if not isinstance(values, Mapping) or not values:
            raise InvalidRecordError("'values' must map ratingValue to verdict", path=origin, field=f"{field}.values")
        mapped = {}
        for number, verdict in values.items():
            parsed = _number(number)
            if parsed is None:
                raise InvalidRecordError(f"{shown(number)} is not a number", path=origin, field=f"{field}.values")
            mapped[f"{parsed:g}"] = _verdict(verdict, origin=origin, field=f"{field}.values.{number}")
        scales.append(
            NumericScale(
                name=str(item.get("name", f"scale-{i}")),
                publishers=frozenset(rating_key(p) for p in publishers),
                values=mapped,
                worst=_number(item.get("worst")),
                best=_number(item.get("best")),
            )
        )
    return tuple(scales)


@functools.cache
def _default_table() -> RatingTable:
    text = resources.files("claimtrack.interop").joinpath("ratings.json").read_text(encoding="utf-8")
    return _table_from(json.loads(text), origin="claimtrack/interop/ratings.json", base=None)


EXPORT_LABELS = {
    Verdict.OPEN: "Open",
    Verdict.TRUE: "True",
    Verdict.MOSTLY_TRUE: "Mostly true",
    Verdict.MIXED: "Mixed",
    Verdict.MOSTLY_FALSE: "Mostly false",
    Verdict.FALSE: "False",
    Verdict.UNVERIFIABLE: "Unverifiable",
    Verdict.AMBIGUOUS: "Ambiguous",
    Verdict.ANNULLED: "Annulled",
    Verdict.NOT_CHECKABLE: "Not checkable",
    Verdict.NOT_SAID: "Not said by the speaker",
}
"""The rating text written for a verdict that has no original rating text (read back by the table)."""

EXPORT_SCALE = {
    Verdict.FALSE: 1,
    Verdict.MOSTLY_FALSE: 2,
    Verdict.MIXED: 3,
    Verdict.MOSTLY_TRUE: 4,
    Verdict.TRUE: 5,
}
"""The numeric ratingValue written for graded verdicts, on a 1 (worst) .. 5 (best) scale."""
