"""A ledger's speaker alias table: its entries, and the store capability that keeps them.

An entry (:class:`SpeakerAlias`) says what one spelling of a speaker stands for; a
store that keeps the table implements :class:`SpeakerAliasStore` (every bundled store
does: claimtrack/stores/_speakers.py says where). :mod:`claimtrack.ledger.speakers`
groups speakers with them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, Protocol, runtime_checkable

import attrs

from claimtrack.ledger.names import clean_name, speaker_key

__all__ = ["SpeakerAlias", "SpeakerAliasStore"]


def _named(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not clean_name(value):
        raise ValueError(f"{attribute.name} must name someone (got {value!r})")


@attrs.frozen(kw_only=True)
class SpeakerAlias:
    """An entry of a ledger's alias table: what one spelling of a speaker stands for.

    ``to`` merges the spelling into another name's group (the row takes that name);
    ``person`` says whether it names a person at all (False: a generic claimant, left
    out of cards by speaker; True: a person, even if the name looks generic). An entry
    is keyed by the spelling's :func:`~claimtrack.ledger.names.speaker_key`, so "Kamala
    Haris" and "kamala  haris" are one entry. An entry whose ``to`` is its own name keeps
    the spelling apart from a title-and-surname merge.
    """

    name: str = attrs.field(validator=_named)
    to: str | None = attrs.field(default=None, validator=attrs.validators.optional(_named))
    person: bool | None = None

    def __attrs_post_init__(self) -> None:
        if self.to is None and self.person is None:
            raise ValueError("an alias says what the name stands for (to=...) or whether it is a person")

    @property
    def key(self) -> str:
        """The spelling's matching key: the entry's identity in the table."""
        return speaker_key(self.name)

    def to_json(self) -> str:
        """The entry as one line of JSON (how stores keep it)."""
        data: dict[str, Any] = {"name": self.name}
        if self.to is not None:
            data["to"] = self.to
        if self.person is not None:
            data["person"] = self.person
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | bytes) -> SpeakerAlias:
        """An entry from :meth:`to_json`'s text; ValueError for anything else."""
        data = json.loads(text)
        if not isinstance(data, dict) or set(data) - {"name", "to", "person"}:
            raise ValueError(f"not a speaker alias: {text!r}")
        name, to, person = data.get("name"), data.get("to"), data.get("person")
        if not isinstance(name, str) or not (to is None or isinstance(to, str)):
            raise ValueError(f"not a speaker alias: {text!r}")
        if not (person is None or isinstance(person, bool)):
            raise ValueError(f"not a speaker alias: {text!r}")
        return cls(name=name, to=to, person=person)


@runtime_checkable
class SpeakerAliasStore(Protocol):
    """Optional store capability: the ledger's alias table, kept with the ledger (every bundled store has it)."""

    def speaker_aliases(self) -> tuple[SpeakerAlias, ...]:
        """Every entry, in key order."""
        ...

    def write_speaker_aliases(self, put: Iterable[SpeakerAlias] = (), remove: Iterable[str] = ()) -> None:
        """In one atomic step: drop the entries of the names in ``remove`` and add (or replace) ``put``."""
        ...
