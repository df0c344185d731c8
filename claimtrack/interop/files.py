"""Reading an import file: one JSON value, JSON Lines, or the JSON-LD script blocks of an HTML page.

Import files are untrusted, and read so that no one value can stop the rest:

* a top-level JSON array and JSON Lines are parsed **one value at a time**
  (:class:`JsonValues`), so a file of millions of values that are not records
  costs the time to look at each, never the memory to hold them all;
* a value nested too deeply for the parser (or holding an integer too long to
  convert) becomes an :class:`Unreadable` marker, which the importer reports
  as one problem at that value's position, and reading goes on after it;
* bytes that are not UTF-8 are replaced with U+FFFD and reported once;
* the script blocks of a page are found by a linear scan (``html.parser``
  takes quadratic time on unclosed tags: 50 KB of ``<a `` took 29 s).

A syntax error elsewhere still means nothing is read (:class:`InvalidJson`):
where one value ends is then unknown, so what follows cannot be trusted.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterator
from typing import Any

import attrs

from claimtrack.interop.builder import RecordBuilder
from claimtrack.interop.results import ImportResult, with_problems
from claimtrack.ledger import Clock
from claimtrack.model import Problem

__all__ = [
    "STREAMED_MEMBERS",
    "InvalidJson",
    "JsonValues",
    "PageContext",
    "Unreadable",
    "article_date",
    "import_file",
    "positioned",
    "read_json_input",
]


@attrs.frozen
class Unreadable:
    """A value of the input that could not be parsed: where it is and why. Importers report it as one error."""

    position: str
    message: str
    code: str = "invalid_json"


@attrs.frozen
class PageContext:
    """What a page says about itself, for the reviews on it that do not say it themselves.

    ``article_date`` is the ``datePublished`` of the page's article (a
    NewsArticle or another Article type among its JSON-LD nodes),
    ``published_time`` its ``article:published_time`` meta tag, ``language``
    its ``<html lang>`` (a BCP 47 tag, or None).
    """

    article_date: object = None
    published_time: str | None = None
    language: str | None = None


class JsonValues:
    """The values of a JSON array, a JSON Lines file or a page's script blocks, parsed as they are iterated.

    Iterating yields ``(position, value)`` pairs (``[3]``, ``line 4``, ``script[1]``,
    ``dataFeedElement[7]``); a value may be an :class:`Unreadable`. It can be iterated once, and raises
    :class:`InvalidJson` when the file's syntax is broken further on. ``page`` is set for a page's blocks;
    ``context`` is the ``@context`` of a top-level object whose record list is streamed.
    """

    def __init__(
        self, pairs: Iterator[tuple[str, object]], *, page: PageContext | None = None, context: object = None
    ) -> None:
        self._pairs = pairs
        self.page = page
        self.context = context

    def __iter__(self) -> Iterator[tuple[str, object]]:
        return self._pairs


class InvalidJson(Exception):
    """The file is not valid JSON; nothing of it is read. Carries the problem to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def positioned(values: list[Any] | JsonValues) -> Iterator[tuple[str, object]]:
    """``(position, value)`` of a parsed list (``[i]``) or of :class:`JsonValues` (their own positions)."""
    if isinstance(values, JsonValues):
        return iter(values)
    return ((f"[{i}]", value) for i, value in enumerate(values))


def read_json_input(path: str | os.PathLike[str]) -> tuple[object, tuple[Problem, ...]]:
    """The JSON in a file, by its suffix, and the problems of the file as a whole.

    ``.json``: the value (a top-level array as :class:`JsonValues`); ``.jsonl``/``.ndjson``: one value a
    line; ``.html``/``.htm``: the page's JSON-LD script blocks (both as :class:`JsonValues`). The value is
    None when nothing can be read (the problem says why).
    """
    name = os.fspath(path)
    with open(name, "rb") as handle:
        raw = handle.read()
    text, problems = _decode(raw, name)
    del raw
    suffix = os.path.splitext(name)[1].lower()
    if suffix in (".html", ".htm", ".xhtml"):
        blocks = _script_blocks(text)
        if not blocks:
            problems.append(
                Problem(message="no JSON-LD script blocks in the page", path=name, code="no_jsonld", severity="error")
            )
        values = list(_parsed((f"script[{i}]", block) for i, block in enumerate(blocks)))  # a page's few blocks
        return JsonValues(iter(values), page=_page_context(text, values)), tuple(problems)
    if suffix in (".jsonl", ".ndjson"):
        return JsonValues(_parsed(_lines(text))), tuple(problems)
    start = _skip_space(text, 0)
    if text.startswith("[", start):
        return JsonValues(_array_values(text, start, name)), tuple(problems)
    if text.startswith("{", start):
        streamed = _streamed_object(text, start, name)
        if streamed is not None:
            return streamed, tuple(problems)
        if len(text) > MAX_OBJECT_CHARS:
            refused = Problem(
                message=f"the file is one JSON object of {len(text) / 2**20:.0f} MB that is not a DataFeed, an "
                "@graph or a Fact Check API response; it is not read whole (that would take gigabytes): put its "
                "records in a top-level array, JSON Lines or a DataFeed's dataFeedElement",
                path=name,
                record="[0]",
                code="too_large",
                severity="error",
            )
            return None, (*problems, refused)
    try:
        return json.loads(text), tuple(problems)
    except json.JSONDecodeError as exc:
        return None, (*problems, _bad_json(name, None, exc))
    except (RecursionError, ValueError) as exc:
        found = _unreadable("[0]", exc)
        return None, (*problems, Problem(message=found.message, path=name, code=found.code, severity="error"))


def import_file(
    path: str | os.PathLike[str], read: Callable[..., ImportResult], *, clock: Clock | None, **options: Any
) -> ImportResult:
    """Import a file with ``read`` (an importer's ``read_*`` of parsed data), named in its problems.

    Problems of the file as a whole come first; an error among them counts as
    a skipped record. ``options`` go to ``read``.
    """
    name = os.fspath(path)
    data, problems = read_json_input(name)
    if data is None:
        return with_problems(RecordBuilder(path=name).build(clock=clock), problems)
    try:
        result = read(data, clock=clock, path=name, **options)
    except InvalidJson as exc:
        return with_problems(RecordBuilder(path=name).build(clock=clock), (*problems, exc.problem))
    return with_problems(result, problems)


# -- decoding -------------------------------------------------------------------------------------

_BOM = b"\xef\xbb\xbf"


def _decode(raw: bytes, name: str) -> tuple[str, list[Problem]]:
    """The text of a file (a UTF-8 BOM dropped); bytes that are not UTF-8 become U+FFFD, with one warning."""
    if raw.startswith(_BOM):
        raw = raw[len(_BOM) :]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        problem = Problem(
            message=f"not valid UTF-8 (first at line {line}, byte {exc.start}); the bytes that are not were "
            "replaced with U+FFFD",
            path=name,
            code="bad_encoding",
            severity="warning",
        )
        return raw.decode("utf-8", "replace"), [problem]


# -- values one at a time ---------------------------------------------------------------------------

_WS = re.compile(r"[ \t\n\r]*")
_SCAN: Callable[[str, int], tuple[Any, int]] = json.JSONDecoder().scan_once  # type: ignore[attr-defined]
"""JSONDecoder.raw_decode's C scanner (typeshed does not declare it): a value and where it ends."""


def _skip(pattern: re.Pattern[str], text: str, pos: int) -> int:
    """Where the match of ``pattern`` (which may match nothing) at ``pos`` ends."""
    found = pattern.match(text, pos)
    return found.end() if found is not None else pos


def _skip_space(text: str, pos: int) -> int:
    """The position of the first character at or after ``pos`` that is not JSON white space."""
    return _skip(_WS, text, pos)


def _unreadable(position: str, exc: BaseException) -> Unreadable:
    if isinstance(exc, RecursionError):
        return Unreadable(position, "the value is nested too deeply to read; skipped", "too_deep")
    return Unreadable(position, f"the value cannot be read ({exc}); skipped", "bad_value")


def _parsed(texts: Iterator[tuple[str, str]]) -> Iterator[tuple[str, object]]:
    """Each ``(position, JSON text)`` parsed; a text that is not JSON becomes an :class:`Unreadable`."""
    for position, text in texts:
        try:
            value: object = json.loads(text)
        except json.JSONDecodeError as exc:
            value = Unreadable(position, f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")
        except (RecursionError, ValueError) as exc:
            value = _unreadable(position, exc)
        yield position, value


def _lines(text: str) -> Iterator[tuple[str, str]]:
    """``("line N", line)`` for each line that is not blank (split at ``\\n`` only, as JSON Lines says)."""
    start, number, end_of_text = 0, 0, len(text)
    while start < end_of_text:
        end = text.find("\n", start)
        if end < 0:
            end = end_of_text
        number += 1
        line = text[start:end]
        start = end + 1
        if line.strip():
            yield f"line {number}", line


def _array_values(
    text: str, start: int, name: str, *, prefix: str = "", check_end: bool = True
) -> Iterator[tuple[str, object]]:
    """The values of the JSON array that opens at ``text[start]``, one at a time, as ``("[i]", value)``.

    With ``check_end=False`` the text may go on after the array: its end comes last, as an ``_End``.
    """
    decode = _SCAN  # raw_decode without its wrapper: StopIteration(position) when no value starts
    after = _AFTER_VALUE.match
    pos = _skip_space(text, start + 1)
    index = 0
    if not text.startswith("]", pos):
        while True:
            try:
                value, pos = decode(text, pos)
            except StopIteration as stop:
                error = json.JSONDecodeError("Expecting value", text, stop.value)
                raise InvalidJson(_bad_json(name, None, error)) from None
            except json.JSONDecodeError as exc:
                raise InvalidJson(_bad_json(name, None, exc)) from None
            except (RecursionError, ValueError) as exc:
                value, pos = _unreadable(f"{prefix}[{index}]", exc), _skip_value(text, pos, name)
            yield f"{prefix}[{index}]", value
            index += 1
            if text.startswith(",", pos) and not text.startswith(_SPACES, pos + 1):  # minified: the common case
                pos += 1
                continue
            separator = after(text, pos)
            if separator is None:
                error = json.JSONDecodeError("Expecting ',' delimiter", text, _skip_space(text, pos))
                raise InvalidJson(_bad_json(name, None, error))
            pos = separator.end()
            if separator[1] == "]":
                break
    else:
        pos += 1
    if not check_end:
        yield "", _End(pos)
        return
    pos = _skip_space(text, pos)
    if pos != len(text):
        raise InvalidJson(_bad_json(name, None, json.JSONDecodeError("Extra data", text, pos)))


_SPACES = (" ", "\t", "\n", "\r")
_AFTER_VALUE = re.compile(r"[ \t\n\r]*([,\]])[ \t\n\r]*")
"""What follows a value of an array: a comma or the closing bracket, with white space around."""
_STRUCTURE = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[\]{}]', re.DOTALL)
_SCALAR = re.compile(r"[^,\]}\s]*")


def _skip_value(text: str, pos: int, name: str) -> int:
    """Where the value at ``pos`` ends, found without parsing it (brackets counted, strings skipped)."""
    if text[pos : pos + 1] not in ("[", "{"):
        return _skip(_SCALAR, text, pos)
    depth = 0
    for token in _STRUCTURE.finditer(text, pos):
        first = token.group()[0]
        if first in "[{":
            depth += 1
        elif first in "]}":
            depth -= 1
            if depth == 0:
                return token.end()
    raise InvalidJson(_bad_json(name, None, json.JSONDecodeError("Unterminated value", text, pos)))


# -- a top-level object whose record list is streamed ----------------------------------------------------

STREAMED_MEMBERS = ("dataFeedElement", "@graph", "claims")
"""The members of a top-level object read one element at a time: a DataFeed's items, a graph's nodes,
a Fact Check API response's claims (bulk files put their records there)."""

MAX_OBJECT_CHARS = 32 * 2**20
"""The largest top-level JSON object read whole when it has no streamed member."""

_KEY_END = re.compile(r"[ \t\n\r]*:[ \t\n\r]*")


def _streamed_object(text: str, start: int, name: str) -> JsonValues | None:
    """The elements of a top-level object's record list (see :data:`STREAMED_MEMBERS`), or None when it has none.

    The members before the list are read (its ``@context`` among them); the list is then read one element at a
    time, with positions such as ``dataFeedElement[3]``; members after it are checked for syntax only.
    """
    head: dict[str, Any] = {}
    pos = _skip_space(text, start + 1)
    while text.startswith('"', pos):
        try:
            key, pos = _SCAN(text, pos)
        except (StopIteration, json.JSONDecodeError, RecursionError, ValueError):
            return None
        colon = _KEY_END.match(text, pos)
        if colon is None:
            return None
        pos = colon.end()
        if key in STREAMED_MEMBERS and text.startswith("[", pos):
            return JsonValues(_member_values(text, pos, name, key), context=head.get("@context"))
        if len(text) > MAX_OBJECT_CHARS:
            end = _skip_value(text, pos, name)  # a huge member is measured before it is parsed
            if end - pos > MAX_OBJECT_CHARS:
                return None
        try:
            head[key], pos = _SCAN(text, pos)
        except (StopIteration, json.JSONDecodeError, RecursionError, ValueError):
            return None
        separator = _AFTER_MEMBER.match(text, pos)
        if separator is None or separator[1] == "}":
            return None
        pos = separator.end()
    return None


_AFTER_MEMBER = re.compile(r"[ \t\n\r]*([,}])[ \t\n\r]*")


def _member_values(text: str, start: int, name: str, key: str) -> Iterator[tuple[str, object]]:
    """The elements of the array member ``key`` at ``text[start]``, then a syntax check of the rest."""
    end = start
    for position, value in _array_values(text, start, name, prefix=key, check_end=False):
        if isinstance(value, _End):
            end = value.pos
            break
        yield position, value
    pos = _skip_space(text, end)
    while text.startswith(",", pos):  # members after the list: checked, not kept
        pos = _skip_space(text, pos + 1)
        try:
            _, pos = _SCAN(text, pos)
            colon = _KEY_END.match(text, pos)
            if colon is None:
                raise json.JSONDecodeError("Expecting ':' delimiter", text, pos)
            pos = _skip_value(text, colon.end(), name)
        except StopIteration as stop:
            error = json.JSONDecodeError("Expecting value", text, stop.value)
            raise InvalidJson(_bad_json(name, None, error)) from None
        except json.JSONDecodeError as exc:
            raise InvalidJson(_bad_json(name, None, exc)) from None
        pos = _skip_space(text, pos)
    if not text.startswith("}", pos) or _skip_space(text, pos + 1) != len(text):
        raise InvalidJson(_bad_json(name, None, json.JSONDecodeError("Expecting '}'", text, pos)))


@attrs.frozen
class _End:
    """Where an array read by :func:`_array_values` with ``check_end=False`` ended."""

    pos: int


# -- a page's JSON-LD ---------------------------------------------------------------------------------

_TAG_START = re.compile(r"<!--|<script\b", re.IGNORECASE)
_IN_TAG = re.compile(r"[^<>]*")
_SCRIPT_END = re.compile(r"</script", re.IGNORECASE)
_TYPE_ATTRIBUTE = re.compile(r"""\btype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)


def _script_blocks(page: str) -> list[str]:
    """The text of every ``<script type="application/ld+json">`` of a page, outside comments; linear time.

    Each scan stops at the next ``<`` (a tag) or at the end of what it looks
    for, so no character is looked at more than a few times.
    """
    blocks: list[str] = []
    pos = 0
    while (found := _TAG_START.search(page, pos)) is not None:
        if found.group() == "<!--":
            end = page.find("-->", found.end())
            if end < 0:
                break  # the rest of the page is a comment
            pos = end + 3
            continue
        tag_end = _skip(_IN_TAG, page, found.end())
        if not page.startswith(">", tag_end):
            pos = tag_end
            continue
        close = _SCRIPT_END.search(page, tag_end + 1)
        content_end = close.start() if close is not None else len(page)
        kind = _TYPE_ATTRIBUTE.search(page, found.end(), tag_end)
        value = next((g for g in kind.groups() if g is not None), "") if kind else ""
        if value.split(";")[0].strip().lower() == "application/ld+json":
            blocks.append(page[tag_end + 1 : content_end])
        pos = content_end
    return blocks


_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*)", re.IGNORECASE)
_META_TAG = re.compile(r"<meta\b[^<>]*>", re.IGNORECASE)
_META_PUBLISHED = re.compile(r"""(?:property|name)\s*=\s*["']?article:published_time\b""", re.IGNORECASE)
_META_CONTENT = re.compile(r"""\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
_ARTICLE_TYPES = frozenset(
    ("Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting", "ReviewNewsArticle")
)


def _page_context(page: str, values: list[tuple[str, object]]) -> PageContext:
    """The page's article date (JSON-LD), ``article:published_time`` and ``<html lang>``; linear scans."""
    lang = _HTML_LANG.search(page, 0, 4096)
    published = None
    for tag in _META_TAG.finditer(page):
        if _META_PUBLISHED.search(tag.group()):
            content = _META_CONTENT.search(tag.group())
            if content is not None:
                published = next(g for g in content.groups() if g is not None)
                break
    return PageContext(
        article_date=article_date([v for _, v in values]),
        published_time=published,
        language=lang.group(1).replace("_", "-") if lang else None,
    )


def article_date(values: list[object]) -> object:
    """The ``datePublished`` of the first Article-type node among a page's values (walked without recursion)."""
    stack = list(reversed(values))
    seen = 0
    while stack and seen < 10_000:
        item = stack.pop()
        seen += 1
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            kind = item.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            names = {k.rsplit("/", 1)[-1].removeprefix("schema:") for k in kinds if isinstance(k, str)}
            if names & _ARTICLE_TYPES and item.get("datePublished"):
                return item["datePublished"]
            graph = item.get("@graph")
            if isinstance(graph, list):
                stack.extend(reversed(graph))
    return None


def _bad_json(path: str, record: str | None, exc: json.JSONDecodeError) -> Problem:
    return Problem(
        message=f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
        path=path,
        record=record,
        code="invalid_json",
        severity="error",
    )
