"""Reading an import file: one JSON value, JSON Lines, or the JSON-LD script blocks of an HTML page."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

from claimtrack.interop.builder import RecordBuilder
from claimtrack.interop.results import ImportResult, with_problems
from claimtrack.ledger import Clock
from claimtrack.model import Problem

__all__ = ["import_file", "read_json_input"]


class _JsonLdScripts(HTMLParser):
    """Collects the text of every ``<script type="application/ld+json">`` of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            kind = dict(attrs_).get("type") or ""
            self._inside = kind.split(";")[0].strip().lower() == "application/ld+json"
            if self._inside:
                self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.blocks[-1] += data


def read_json_input(path: str | os.PathLike[str]) -> tuple[object, tuple[Problem, ...]]:
    """The JSON in a file, by its suffix: ``.json``; ``.jsonl``/``.ndjson`` (one value a line, read as a
    list); ``.html``/``.htm`` (the page's JSON-LD script blocks, as a list). Unreadable lines or
    blocks are returned as problems, the rest is kept."""
    name = os.fspath(path)
    with open(name, encoding="utf-8-sig") as handle:
        text = handle.read()
    suffix = os.path.splitext(name)[1].lower()
    problems: list[Problem] = []
    if suffix in (".html", ".htm", ".xhtml"):
        parser = _JsonLdScripts()
        parser.feed(text)
        parser.close()
        values: list[object] = []
        for i, block in enumerate(parser.blocks):
            try:
                values.append(json.loads(block))
            except json.JSONDecodeError as exc:
                problems.append(_bad_json(name, f"script[{i}]", exc))
        if not parser.blocks:
            problems.append(
                Problem(message="no JSON-LD script blocks in the page", path=name, code="no_jsonld", severity="error")
            )
        return values, tuple(problems)
    if suffix in (".jsonl", ".ndjson"):
        lines: list[object] = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                lines.append(json.loads(line))
            except json.JSONDecodeError as exc:
                problems.append(_bad_json(name, f"line {number}", exc))
        return lines, tuple(problems)
    try:
        return json.loads(text), ()
    except json.JSONDecodeError as exc:
        return None, (_bad_json(name, None, exc),)


def _bad_json(path: str, record: str | None, exc: json.JSONDecodeError) -> Problem:
    return Problem(
        message=f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})",
        path=path,
        record=record,
        code="invalid_json",
        severity="error",
    )


def import_file(
    path: str | os.PathLike[str], read: Callable[..., ImportResult], *, clock: Clock | None, **options: Any
) -> ImportResult:
    """Import a file with ``read`` (an importer's ``read_*`` of parsed data), named in its problems.

    Lines or blocks that are not valid JSON come first among the problems and
    count as skipped records; the rest is read. ``options`` go to ``read``.
    """
    data, problems = read_json_input(path)
    if data is None:
        return with_problems(RecordBuilder(path=os.fspath(path)).build(clock=clock), problems)
    return with_problems(read(data, clock=clock, path=os.fspath(path), **options), problems)
