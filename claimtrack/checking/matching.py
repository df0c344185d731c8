"""Matching: which claims a piece of evidence bears on, ranked, with two thresholds.

Text similarity is computed with rapidfuzz over every text a claim has: its
original wording, each translation, and the quotes its sources carry. So a
claim recorded in Japanese with an English translation matches English
news (rapidfuzz scores 0 across scripts, so the translation is what makes
this work). Text is cut into tokens: words for alphabetic scripts,
overlapping character pairs for Japanese, Chinese and Korean, so that
Japanese matches Japanese without a word segmenter.

The score in [0, 1] combines:

* ``text`` (weight 0.75): the best over the claim's texts (original,
  translations, source quotes, plain-text criteria) of the IDF-weighted
  token overlap with the evidence's title and excerpt, normalised like a
  cosine: ``overlap / sqrt(weight(claim text) x weight(evidence))``. Tokens
  are IDF-weighted by how rare they are among the claims, and an evidence
  token also counts for claim tokens within a rapidfuzz ``ratio`` of 88
  ("hallucinate" ~ "hallucination");
* ``topics`` (0.10): the share of the claim's topics named in the evidence;
* ``speaker`` (0.10): the evidence names the speaker;
* ``dates`` (0.05): the evidence falls where it can bear on the claim (for a
  prediction, after it was said and not long after its deadline).

A match is *suggested* at ``score >= thresholds.suggested`` and *confirmed*
at ``score >= thresholds.confirmed``. Measured precision and recall at both
are in docs/benchmarks.d/checking.md.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Literal

import attrs
from rapidfuzz import fuzz, process

from claimtrack.model import Claim, Evidence, TextCriterion

__all__ = ["ClaimIndex", "Match", "Thresholds", "match", "tokens"]

_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\uff66-\uff9f"
_TOKEN = re.compile(rf"[{_CJK}]+|[^\W_{_CJK}]+(?:[-.'][^\W_{_CJK}]+)*")
_IS_CJK = re.compile(rf"[{_CJK}]")

_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "then",
        "than",
        "that",
        "this",
        "these",
        "those",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "do",
        "does",
        "did",
        "doing",
        "have",
        "has",
        "had",
        "having",
        "i",
        "me",
        "my",
        "we",
        "our",
        "us",
        "you",
        "your",
        "he",
        "him",
        "his",
        "she",
        "her",
        "it",
        "its",
        "they",
        "them",
        "their",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "how",
        "all",
        "any",
        "both",
        "each",
        "few",
        "more",
        "most",
        "other",
        "some",
        "such",
        "no",
        "nor",
        "not",
        "only",
        "own",
        "same",
        "so",
        "too",
        "very",
        "can",
        "will",
        "just",
        "should",
        "would",
        "could",
        "may",
        "might",
        "must",
        "shall",
        "of",
        "at",
        "by",
        "for",
        "with",
        "about",
        "against",
        "between",
        "into",
        "through",
        "during",
        "before",
        "after",
        "above",
        "below",
        "to",
        "from",
        "up",
        "down",
        "in",
        "out",
        "on",
        "off",
        "over",
        "under",
        "again",
        "further",
        "once",
        "here",
        "there",
        "as",
        "s",
        "t",
        "don",
        "going",
        "think",
        "thing",
        "things",
        "like",
        "really",
        "kind",
        "sort",
        "lot",
        "get",
        "got",
        "also",
        "one",
        "way",
    ]
)
_SUFFIXES = ("ions", "ion", "ing", "ies", "ied", "es", "ed", "ly", "e", "s")

TEXT_WEIGHT = 0.75
TOPIC_WEIGHT = 0.10
SPEAKER_WEIGHT = 0.10
DATE_WEIGHT = 0.05
_FUZZY_TOKEN = 88.0
_LATE_WINDOW = timedelta(days=366)


def _stem(word: str) -> str:
    word = word.replace("-", "").replace(".", "").replace("'", "")
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def tokens(text: str) -> tuple[str, ...]:
    """The matching tokens of ``text``: stemmed content words, and character pairs for CJK runs."""
    text = unicodedata.normalize("NFKC", text).casefold()
    out: list[str] = []
    for piece in _TOKEN.findall(text):
        if _IS_CJK.match(piece):
            if len(piece) == 1:
                out.append(piece)
            else:
                out.extend(piece[i : i + 2] for i in range(len(piece) - 1))
        elif piece not in _STOP and (len(piece) > 1 or piece.isdigit()):
            out.append(_stem(piece))
    return tuple(out)


@attrs.frozen
class Thresholds:
    """The two match levels: suggested (worth a look) and confirmed (safe to accept in scripts)."""

    suggested: float = 0.25
    confirmed: float = 0.35

    def __attrs_post_init__(self) -> None:
        if not 0.0 <= self.suggested <= self.confirmed <= 1.0:
            raise ValueError(f"need 0 <= suggested ({self.suggested}) <= confirmed ({self.confirmed}) <= 1")

    def level(self, score: float) -> Literal["confirmed", "suggested"] | None:
        """``confirmed``, ``suggested`` or None for a score."""
        if score >= self.confirmed:
            return "confirmed"
        if score >= self.suggested:
            return "suggested"
        return None


@attrs.frozen(kw_only=True)
class Match:
    """A claim that a piece of evidence may bear on, with the parts of its score."""

    claim: Claim
    evidence_id: str
    score: float
    level: Literal["confirmed", "suggested"]
    text: float
    """Text similarity in [0, 1] (best over original, translations and source quotes)."""
    via: str
    """Which text of the claim matched best: ``text``, ``translation:<lang>`` or ``source:<n>``."""
    topics: tuple[str, ...] = ()
    """The claim's topics the evidence names."""
    speaker: bool = False
    dates: float = 0.0

    @property
    def confirmed(self) -> bool:
        """True at the confirmed level."""
        return self.level == "confirmed"


@attrs.frozen
class _Variant:
    via: str
    tokens: frozenset[str]
    joined: str


@attrs.frozen
class _Entry:
    claim: Claim
    variants: tuple[_Variant, ...]
    topics: tuple[tuple[str, frozenset[str]], ...]
    speaker_keys: tuple[str, ...]


def _variants(claim: Claim) -> list[tuple[str, str]]:
    texts = [("text", claim.text)]
    texts.extend((f"translation:{lang}", text) for lang, text in sorted(claim.translations.items()))
    texts.extend((f"source:{i}", s.quote) for i, s in enumerate(claim.sources) if s.quote)
    texts.extend((f"criterion:{i}", c.text) for i, c in enumerate(claim.criteria) if isinstance(c, TextCriterion))
    return texts


def _speaker_keys(claim: Claim) -> tuple[str, ...]:
    name = unicodedata.normalize("NFKC", claim.speaker.name).casefold().strip()
    parts = [p for p in re.split(r"\s+", name) if len(p) > 2]
    keys = {name}
    if len(parts) > 1:
        keys.add(parts[-1])  # the surname alone ("Altman")
    return tuple(sorted(keys))


class ClaimIndex:
    """Claims prepared for matching: tokens, IDF weights and an inverted index.

    Build one per batch (``propose`` does) so each claim is tokenised once;
    :meth:`match` then scores only claims that share a token with the
    evidence.
    """

    def __init__(self, claims: Iterable[Claim]) -> None:
        entries: list[_Entry] = []
        df: Counter[str] = Counter()
        for claim in claims:
            variants = []
            for via, text in _variants(claim):
                toks = tokens(text)
                if toks:
                    variants.append(_Variant(via=via, tokens=frozenset(toks), joined=" ".join(toks)))
            topics = tuple((t, frozenset(tokens(t.replace("-", " ")))) for t in claim.topics)
            entry = _Entry(claim=claim, variants=tuple(variants), topics=topics, speaker_keys=_speaker_keys(claim))
            entries.append(entry)
            df.update(set().union(*(v.tokens for v in variants)) if variants else set())
        self.entries: tuple[_Entry, ...] = tuple(entries)
        n = max(len(entries), 1)
        self._idf = {tok: math.log(1.0 + n / count) for tok, count in df.items()}
        self._default_idf = math.log(1.0 + n)
        postings: dict[str, list[int]] = defaultdict(list)
        for i, entry in enumerate(entries):
            for tok in set().union(*(v.tokens for v in entry.variants)) if entry.variants else ():
                postings[tok].append(i)
            for _, topic_tokens in entry.topics:
                for tok in topic_tokens:
                    postings[tok].append(i)
        self._postings = {tok: tuple(sorted(set(ids))) for tok, ids in postings.items()}
        by_length: dict[int, list[str]] = defaultdict(list)
        for tok in sorted(self._postings):
            if not _IS_CJK.match(tok):
                by_length[len(tok)].append(tok)
        self._by_length = {n: tuple(words) for n, words in by_length.items()}
        self._similar_memo: dict[str, tuple[str, ...]] = {}

    def __len__(self) -> int:
        return len(self.entries)

    def _idf_of(self, tok: str) -> float:
        return self._idf.get(tok, self._default_idf)

    def _similar(self, tok: str) -> tuple[str, ...]:
        """Claim-vocabulary tokens within a rapidfuzz ratio of 88 of ``tok`` (memoised)."""
        found = self._similar_memo.get(tok)
        if found is None:
            pool = [w for n in range(len(tok) - 2, len(tok) + 3) for w in self._by_length.get(n, ())]
            found = tuple(
                w
                for w, _score, _ in process.extract(tok, pool, scorer=fuzz.ratio, score_cutoff=_FUZZY_TOKEN, limit=5)
                if w != tok
            )
            self._similar_memo[tok] = found
        return found

    def _expand(self, ev_tokens: frozenset[str]) -> frozenset[str]:
        """The evidence tokens plus claim-vocabulary tokens close to them ("hallucinate" ~ "hallucination")."""
        extra: set[str] = set()
        for tok in ev_tokens:
            if len(tok) >= 5 and not _IS_CJK.match(tok):
                extra.update(self._similar(tok))
        return ev_tokens | extra

    def match(self, evidence: Evidence, *, thresholds: Thresholds | None = None) -> tuple[Match, ...]:
        """Claims ``evidence`` may bear on, best first, at or above the suggested threshold."""
        thresholds = thresholds or Thresholds()
        text = evidence_text(evidence)
        raw_tokens = frozenset(tokens(text))
        if not raw_tokens:
            return ()
        ev_tokens = self._expand(raw_tokens)
        ev_weight = sum(self._idf_of(t) for t in raw_tokens)
        folded = unicodedata.normalize("NFKC", text).casefold()
        candidates: set[int] = set()
        for tok in ev_tokens:
            candidates.update(self._postings.get(tok, ()))
        out = []
        for i in candidates:
            scored = self._score(self.entries[i], evidence, ev_tokens, ev_weight, folded, thresholds)
            if scored is not None:
                out.append(scored)
        out.sort(key=lambda m: (-m.score, m.claim.id))
        return tuple(out)

    def _score(
        self,
        entry: _Entry,
        evidence: Evidence,
        ev_tokens: frozenset[str],
        ev_weight: float,
        folded: str,
        thresholds: Thresholds,
    ) -> Match | None:
        best, via = 0.0, "text"
        for variant in entry.variants:
            covered = sum(self._idf_of(t) for t in variant.tokens if t in ev_tokens)
            if covered == 0.0:
                continue
            total = sum(self._idf_of(t) for t in variant.tokens)
            value = min(1.0, covered / math.sqrt(total * ev_weight))
            if value > best:
                best, via = value, variant.via
        if best == 0.0:
            return None  # speaker, topics and dates alone never make a match
        named_topics = tuple(t for t, toks in entry.topics if toks and toks <= ev_tokens)
        topic_share = len(named_topics) / len(entry.topics) if entry.topics else 0.0
        speaker = any(key in folded for key in entry.speaker_keys)
        dates = _date_fit(entry.claim, evidence)
        score = TEXT_WEIGHT * best + TOPIC_WEIGHT * topic_share + SPEAKER_WEIGHT * speaker + DATE_WEIGHT * dates
        level = thresholds.level(score)
        if level is None:
            return None
        return Match(
            claim=entry.claim,
            evidence_id=evidence.id,
            score=round(score, 4),
            level=level,
            text=round(best, 4),
            via=via,
            topics=named_topics,
            speaker=speaker,
            dates=dates,
        )


def evidence_text(evidence: Evidence) -> str:
    """The text of evidence that matching reads: title and excerpt."""
    return " ".join(t for t in (evidence.title, evidence.excerpt) if t)


def _date_fit(claim: Claim, evidence: Evidence) -> float:
    """1 when the evidence's date lets it bear on the claim, 0.5 when unknown, 0 when it cannot."""
    when = evidence.occurred_on or evidence.published_on
    if when is None:
        return 0.5
    if not claim.kind.is_forward_looking:
        return 1.0
    if when.end < claim.said_on.start:
        return 0.0
    deadline = claim.deadline
    if deadline is None or when.start <= deadline + _LATE_WINDOW:
        return 1.0
    return 0.5


def match(
    evidence: Evidence, claims: Iterable[Claim] | ClaimIndex, *, thresholds: Thresholds | None = None
) -> tuple[Match, ...]:
    """Rank the claims ``evidence`` may bear on, best first (only those at or above ``suggested``).

    Pass a :class:`ClaimIndex` instead of claims to match many pieces of
    evidence against the same claims without re-preparing them.
    """
    index = claims if isinstance(claims, ClaimIndex) else ClaimIndex(claims)
    return index.match(evidence, thresholds=thresholds)


def best_per_claim(matches: Sequence[Match]) -> dict[str, Match]:
    """The best match for each claim id."""
    out: dict[str, Match] = {}
    for m in matches:
        if m.claim.id not in out or m.score > out[m.claim.id].score:
            out[m.claim.id] = m
    return out
