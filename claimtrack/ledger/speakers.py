"""The speakers of a ledger: one group per person, whatever the spellings, and the claimants that are none.

A scorecard by speaker has one row per :class:`SpeakerGroup`. :class:`Speakers`
builds the groups from the spellings a ledger holds (a :class:`SpeakerCensus`)
and the ledger's alias table (:class:`SpeakerAlias` entries), in four steps:

1. **Spelling.** Spellings with one :func:`~claimtrack.ledger.names.speaker_key`
   are one speaker: "Muhammadu Buhari", "President Muhammadu Buhari " and
   "President of Nigeria Muhammadu Buhari".
2. **Aliases.** An entry of the alias table maps a spelling to the name it stands
   for ("Kamala Haris" -> "Kamala Harris"); chains are followed.
3. **Shared links.** Speakers whose ``same_as`` links name the same entity (a
   Wikidata item, a Wikipedia article, in any of their URL spellings) are one.
4. **A title and a surname.** "President Buhari" is the one speaker of the
   ledger whose name ends in "Buhari", when there is exactly one; with two
   ("Donald Trump", "Donald Trump Jr") it stays apart. An alias entry for the
   spelling (even to itself) keeps it apart too.

Nothing else is merged: near-duplicate names ("Kamala Haris", "Freya Ferdnand II")
are only reported by :meth:`Speakers.suggestions`, for a person to accept as aliases.

A group whose every spelling names no one in particular ("unknown", "social media
users", "Varias fuentes": :func:`~claimtrack.ledger.names.is_generic`) is not a person
(``person=False``); an alias entry can say otherwise either way. Everything here is a
pure function of the census and the aliases, so a scorecard summed up in SQL and one
replayed in Python group alike.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import attrs

from claimtrack.errors import StoreError
from claimtrack.ledger.aliases import SpeakerAlias, SpeakerAliasStore
from claimtrack.ledger.names import clean_name, is_generic_key, parse_name, same_as_key, speaker_key
from claimtrack.model import ClaimRecord

if TYPE_CHECKING:
    from claimtrack.ledger.store import Store

__all__ = [
    "LedgerSpeakers",
    "SpeakerCensus",
    "SpeakerCensusStore",
    "SpeakerGroup",
    "SpeakerSuggestion",
    "Speakers",
    "Spelling",
    "census_of",
]

_GENERATIONS = frozenset(("jr", "sr", "ii", "iii", "iv", "v"))
"""Words after a name that tell a father from a son (keys spell "Jnr" and "Junior" as "jr")."""


class SpeakerCensus:
    """The spellings a ledger's claims name their speakers by: claims per spelling, and their ``same_as`` links."""

    def __init__(self) -> None:
        self.claims: dict[str, int] = {}
        """Claims per spelling, exactly as written."""
        self.links: dict[str, set[str]] = {}
        """The ``same_as`` URLs written with each spelling (only spellings that have some)."""

    def add(self, name: str, same_as: Iterable[str] = (), *, claims: int = 1) -> None:
        """Count ``claims`` claims of ``name`` (with these links)."""
        self.claims[name] = self.claims.get(name, 0) + claims
        if same_as:
            self.link(name, same_as)

    def link(self, name: str, same_as: Iterable[str]) -> None:
        """Note ``same_as`` links written with ``name``."""
        links = [url for url in same_as if url]
        if links:
            self.links.setdefault(name, set()).update(links)

    def __len__(self) -> int:
        return len(self.claims)

    def __contains__(self, name: object) -> bool:
        return name in self.claims


@runtime_checkable
class SpeakerCensusStore(Protocol):
    """Optional store capability: the census without reading every record (the SQL stores, from columns)."""

    def speaker_census(self) -> SpeakerCensus: ...


def census_of(records: Iterable[ClaimRecord]) -> SpeakerCensus:
    """The census of claim records."""
    census = SpeakerCensus()
    for record in records:
        speaker = record.claim.speaker
        census.add(speaker.name, speaker.same_as)
    return census


@attrs.frozen(kw_only=True)
class Spelling:
    """One spelling of a speaker (tidied: whitespace and invisible characters) and its claims."""

    name: str
    claims: int


@attrs.frozen(kw_only=True)
class SpeakerGroup:
    """One speaker: the row of a card by speaker, with every spelling counted in it."""

    name: str
    """The row's name: an alias's target, else the spelling without a title used most (then one in
    mixed case, then the longest)."""
    person: bool
    """False for a generic claimant ("unknown", "social media users"): left out of cards by speaker."""
    claims: int
    spellings: tuple[Spelling, ...]
    """Most claims first."""
    same_as: tuple[str, ...]
    merged_by: tuple[str, ...]
    """Why its spellings are one speaker: "spelling", "alias", "same_as", "surname" (empty: one spelling)."""


@attrs.frozen(kw_only=True)
class SpeakerSuggestion:
    """Two speakers that may be one: never merged until someone adds the alias ``name`` -> ``to``."""

    name: str
    """The speaker with fewer claims."""
    to: str
    """The one it may be."""
    claims: tuple[int, int]
    """Claims of ``name`` and of ``to``."""
    score: int
    """How alike the names are, 0 to 100 (rapidfuzz)."""
    reason: str


class _Union:
    """Disjoint sets of keys, each set remembering why it was joined."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.why: dict[str, set[str]] = defaultdict(set)

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, a: str, b: str, reason: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        low, high = sorted((ra, rb))
        self.parent[high] = low
        self.why[low] |= self.why.pop(high, set()) | {reason}


def _surname(key: str) -> str | None:
    words = [w for w in key.split() if w not in _GENERATIONS]
    return words[-1] if len(words) >= 2 and not key.startswith("@") else None


def _proper(name: str) -> bool:
    return name != name.lower() and name != name.upper()


class Speakers:
    """The speakers of a ledger grouped (see the module docstring); built from a census and the alias table.

    Example:
        >>> census = SpeakerCensus()
        >>> for name in ("Muhammadu Buhari", "President Muhammadu Buhari ", "President Buhari", "unknown"):
        ...     census.add(name)
        >>> speakers = Speakers(census)
        >>> speakers.row("President Buhari"), speakers.is_person("unknown")
        ('Muhammadu Buhari', False)
    """

    def __init__(self, census: SpeakerCensus, aliases: Iterable[SpeakerAlias] = ()) -> None:
        self.census = census
        self._entries: dict[str, SpeakerAlias] = {}
        for alias in aliases:
            self._entries[alias.key] = alias
        self._parsed = {name: parse_name(name) for name in census.claims}
        self._sets = _Union()
        self._canon = {name: self._follow(parsed.key) for name, parsed in self._parsed.items()}
        for name in sorted(self._canon):
            self._sets.find(self._canon[name])
            if self._canon[name] != self._parsed[name].key:
                self._sets.why[self._sets.find(self._canon[name])].add("alias")
        for entry in self._entries.values():  # a loop of aliases (X -> Z -> X) still says they are one person
            if entry.to is not None:
                self._sets.union(self._follow(entry.key), self._follow(speaker_key(entry.to)), "alias")
        self._join_links()
        self._join_surnames()
        self._build()

    # -- resolution -------------------------------------------------------------------------------

    def _follow(self, key: str) -> str:
        """``key`` after the alias chain from it (a loop stops where it closes)."""
        seen = {key}
        while (entry := self._entries.get(key)) is not None and entry.to is not None:
            target = speaker_key(entry.to)
            if target in seen:
                break
            seen.add(target)
            key = target
        return key

    def _join_links(self) -> None:
        first: dict[str, str] = {}
        for name in sorted(self.census.links):
            key = self._canon.get(name) or self._follow(speaker_key(name))
            for url in sorted(self.census.links[name]):
                entity = same_as_key(url)
                if entity in first:
                    self._sets.union(first[entity], key, "same_as")
                else:
                    first[entity] = key

    def _join_surnames(self) -> None:
        keys = sorted(set(self._canon.values()))
        by_surname: dict[str, set[str]] = defaultdict(set)
        for key in keys:
            surname = _surname(key)
            if surname is not None and not is_generic_key(key):
                by_surname[surname].add(key)
        titled = {self._canon[n] for n, parsed in self._parsed.items() if parsed.titled}
        named = {self._sets.find(k) for k in keys if " " in k}  # groups with a full name already
        for key in keys:
            if " " in key or key.startswith("@") or key not in titled or key in self._entries:
                continue
            own = self._sets.find(key)
            if own in named:
                continue
            candidates = {self._sets.find(k) for k in by_surname.get(key, ())} - {own}
            if len(candidates) == 1:
                self._sets.union(key, candidates.pop(), "surname")

    def _build(self) -> None:
        members: dict[str, list[str]] = defaultdict(list)
        for name in sorted(self._canon):
            members[self._sets.find(self._canon[name])].append(name)
        self._group_of: dict[str, SpeakerGroup] = {}
        self._by_root: dict[str, SpeakerGroup] = {}
        self._written: dict[str, tuple[str, ...]] = {}
        for root, names in members.items():
            group = self._group(root, names)
            self._by_root[root] = group
            self._written[group.name] = tuple(names)
            for name in names:
                self._group_of[name] = group
        self.groups: tuple[SpeakerGroup, ...] = tuple(
            sorted(self._by_root.values(), key=lambda g: (-g.claims, g.name.casefold(), g.name))
        )
        """Every speaker, most claims first."""

    def _group(self, root: str, names: list[str]) -> SpeakerGroup:
        counts: dict[str, int] = defaultdict(int)
        spelled: dict[str, set[str]] = defaultdict(set)
        for name in names:
            parsed = self._parsed[name]
            counts[parsed.clean] += self.census.claims[name]
            spelled[parsed.key].add(parsed.clean)
        keys = {self._canon[n] for n in names} | set(spelled)
        why = set(self._sets.why.get(root, set()))
        if any(len(cleans) > 1 for cleans in spelled.values()):
            why.add("spelling")
        targets = {
            clean_name(entry.to)
            for entry in self._entries.values()
            if entry.to is not None
            and speaker_key(entry.to) in keys
            and self._follow(speaker_key(entry.to)) == speaker_key(entry.to)
        }
        if targets:
            title = min(targets, key=lambda n: (-counts.get(n, 0), n))
        else:
            parsed_names = self._parsed  # a clean spelling is most often a name of the census, parsed already
            title = min(
                counts,
                key=lambda n: ((parsed_names.get(n) or parse_name(n)).titled, -counts[n], not _proper(n), -len(n), n),
            )
        marks = {self._entries[k].person for k in keys if k in self._entries} - {None}
        person = True if marks == {True} else False if marks else not all(is_generic_key(k) for k in keys)
        links = sorted({url for n in names for url in self.census.links.get(n, ())})
        spellings = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return SpeakerGroup(
            name=title,
            person=person,
            claims=sum(counts.values()),
            spellings=tuple(Spelling(name=n, claims=c) for n, c in spellings),
            same_as=tuple(links),
            merged_by=tuple(sorted(why)),
        )

    # -- questions ------------------------------------------------------------------------------

    def group(self, name: str) -> SpeakerGroup | None:
        """The group of a spelling: one the census holds, or any other that resolves to a group (else None).

        A spelling the census does not hold resolves by its key and the aliases, and a single
        word by the one speaker whose name ends in it (a query: "Buhari").
        """
        found = self._group_of.get(name)
        if found is not None:
            return found
        key = self._follow(speaker_key(name))
        if key in self._sets.parent:
            return self._by_root.get(self._sets.find(key))
        if " " in key:
            return None
        roots = {self._sets.find(k) for k in list(self._sets.parent) if _surname(k) == key}
        return self._by_root.get(roots.pop()) if len(roots) == 1 else None

    def row(self, name: str) -> str:
        """The row of a card by speaker that the spelling ``name`` counts in."""
        group = self.group(name)
        return group.name if group is not None else clean_name(name)

    def is_person(self, name: str) -> bool:
        """False when ``name``'s group is a generic claimant."""
        group = self.group(name)
        return group.person if group is not None else not is_generic_key(speaker_key(name))

    def spellings_of(self, name: str) -> tuple[str, ...]:
        """Every spelling (exactly as written in the census) in ``name``'s group; () when none."""
        group = self.group(name)
        return self._written[group.name] if group is not None else ()

    def not_persons(self) -> tuple[str, ...]:
        """Every spelling (as written) of a generic claimant, sorted."""
        return tuple(sorted(n for n, g in self._group_of.items() if not g.person))

    def rows(self) -> Mapping[str, str]:
        """Each spelling of the census (as written) and the row it counts in."""
        return {name: group.name for name, group in self._group_of.items()}

    # -- suggestions ----------------------------------------------------------------------------

    def suggestions(self, *, min_score: int = 88, max_block: int = 200) -> tuple[SpeakerSuggestion, ...]:
        """Pairs of persons whose names look alike: typos, a name and a longer form of it, swapped words.

        Never merged: each is a proposal to add the alias ``name`` -> ``to``. Names are
        compared when they share a word or a word's first three letters (``max_block``
        bounds how many names one such block compares, so a big ledger stays fast).
        Names that differ in a generation (Jr, II) are never suggested.
        """
        from rapidfuzz import fuzz  # the ledger layer imports it only to suggest

        persons = [g for g in self.groups if g.person]
        keys = [speaker_key(g.name) for g in persons]
        blocks: dict[str, list[int]] = defaultdict(list)
        for i, key in enumerate(keys):
            for word in set(key.split()):
                if len(word) >= 3:
                    blocks[word].append(i)
                    blocks["^" + word[:3]].append(i)
        pairs = {
            (a, b)
            for block in blocks.values()
            if len(block) <= max_block
            for x, a in enumerate(block)
            for b in block[x + 1 :]
            if a != b
        }
        found: list[SpeakerSuggestion] = []
        for a, b in sorted(pairs):
            ka, kb = keys[a], keys[b]
            wa, wb = ka.split(), kb.split()
            if ka == kb or set(wa) & _GENERATIONS != set(wb) & _GENERATIONS:
                continue
            short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
            score = round(fuzz.ratio(ka, kb))
            if score >= min_score and min(len(ka), len(kb)) >= 6:
                reason = "similar spelling"
            elif len(short) >= 2 and long_[: len(short)] == short:
                reason = "one name begins with the other"
            elif len(short) >= 2 and long_[-len(short) :] == short:
                reason = "one name ends with the other"
            elif len(wa) >= 2 and round(fuzz.token_sort_ratio(ka, kb)) >= 95:
                reason = "the same words in another order"
            else:
                continue
            x, y = sorted((persons[a], persons[b]), key=lambda g: (g.claims, g.name), reverse=True)
            found.append(
                SpeakerSuggestion(name=y.name, to=x.name, claims=(y.claims, x.claims), score=score, reason=reason)
            )
        found.sort(key=lambda s: (-s.score, s.name.casefold(), s.to.casefold()))
        return tuple(found)


class LedgerSpeakers:
    """The speaker methods of :class:`~claimtrack.ledger.Ledger`: its alias table and its speakers grouped."""

    store: Store

    def speaker_aliases(self) -> tuple[SpeakerAlias, ...]:
        """The ledger's alias table, in key order (empty for a store that keeps none)."""
        store = self.store
        return store.speaker_aliases() if isinstance(store, SpeakerAliasStore) else ()

    def alias_speaker(self, name: str, to: str | None = None, *, person: bool | None = None) -> SpeakerAlias:
        """Add an entry to the alias table, kept with the ledger: ``name`` stands for ``to``, or is
        (``person=True``) or is not (``person=False``) a person. Replaces the entry of the same key.

        Cards by speaker count ``name``'s claims in ``to``'s row from then on; nothing in the claims
        changes, and :meth:`unalias_speaker` takes the entry back.

        Example:
            >>> from claimtrack.ledger import Ledger
            >>> from datetime import UTC, datetime
            >>> ledger = Ledger.in_memory(clock=lambda: datetime(2025, 1, 1, tzinfo=UTC))
            >>> ledger.alias_speaker("Kamala Haris", "Kamala Harris").to
            'Kamala Harris'
        """
        alias = SpeakerAlias(name=name, to=to, person=person)
        self._alias_store().write_speaker_aliases(put=(alias,))
        return alias

    def unalias_speaker(self, name: str) -> bool:
        """Remove the alias table's entry for ``name`` (any spelling of its key); False when there was none."""
        store = self._alias_store()
        key = speaker_key(name)
        if not any(alias.key == key for alias in store.speaker_aliases()):
            return False
        store.write_speaker_aliases(remove=(name,))
        return True

    def speakers(self) -> Speakers:
        """The ledger's speakers grouped by person (:class:`Speakers`): rows, spellings, suggestions.

        A database store counts the spellings in SQL; other stores read every readable record.
        """
        store = self.store
        census = store.speaker_census() if isinstance(store, SpeakerCensusStore) else census_of(store.records())
        return Speakers(census, self.speaker_aliases())

    def _alias_store(self) -> SpeakerAliasStore:
        store = self.store
        if not isinstance(store, SpeakerAliasStore):
            raise StoreError(
                f"{type(store).__name__} keeps no speaker aliases (it has no speaker_aliases/write_speaker_aliases)",
                location=getattr(store, "location", None),
            )
        return store
