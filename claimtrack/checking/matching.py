"""Matching: which claims a piece of evidence bears on, ranked, with two thresholds.

Evidence (title, excerpt, the words of its URL's path, publisher) and every
text a claim has (original wording, translations, source quotes, plain-text
criteria, topics) are cut into tokens: lower-cased, lightly stemmed English
words without stop words, product names kept whole (``GPT-4o`` ->
``gpt4o``, ``o1``, ``Grok-1``), and overlapping character pairs for
Japanese, Chinese and Korean, so that Japanese matches Japanese without a
word segmenter. A claim recorded in Japanese with an English translation
matches English news through the translation (rapidfuzz scores 0 across
scripts). An evidence word also counts, at a discount, for claim words
within a rapidfuzz ``ratio`` of 88 ("hallucinate" ~ "hallucinations");
product names never match fuzzily (GPT-4 is not GPT-4o).

Each shared token weighs its IDF among the claims (normalised to [0, 1], so
that the weights mean the same in a ledger of 60 claims and of 10,000),
times the weight of the claim field it is in (the claim's own words count
more than a long transcript quote), times the weight of the evidence field
(title and excerpt more than the publisher), times a boost for names
(capitalised mid-sentence in a claim, or letters with digits).

From the shared tokens come a few features (see :class:`Features`): how much
rare vocabulary is shared (``mass``), what share of the evidence's weighted
words the claim explains (``coverage``), what share of the claim's own
statement the evidence contains (``claim_coverage``), how the claim compares
with the best-matching claim for the same evidence (``relative``), names
shared, the claim's topics named, the speaker named and whether the dates
let the evidence bear on the claim. The score is a logistic function of
these features, so it lies in (0, 1) and reads roughly as the chance that
the evidence bears on the claim. The coefficients were fitted on the
development half of a labelled set built from the bundled ledger and the
thresholds chosen there (``python benchmarks/bench_checking.py --fit``);
precision and recall on the held-out half are in
docs/benchmarks.d/checking.md.

A match is *suggested* at ``score >= thresholds.suggested`` (worth a look;
chosen for a recall of 0.6 on the development half) and *confirmed* at
``score >= thresholds.confirmed`` (for scripts that accept without a person;
chosen for a precision of 0.9 on the development half, 0.71 on the small
held-out half, where its misses are sibling claims of the same event).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from datetime import timedelta

import attrs
from rapidfuzz import fuzz, process

from claimtrack.checking.match_values import (
    RERANK_WEIGHT,
    Features,
    Frequencies,
    Match,
    MatchLevel,
    Reranker,
    Thresholds,
)
from claimtrack.checking.tokens import (
    HAS_DIGIT,
    IS_CJK,
    evidence_text,
    evidence_tokens,
    is_product,
    name_tokens,
    tokens,
    url_words,
)
from claimtrack.model import Claim, Evidence, TextCriterion

__all__ = [
    "RERANK_WEIGHT",
    "ClaimIndex",
    "Features",
    "Frequencies",
    "Match",
    "MatchLevel",
    "Reranker",
    "Thresholds",
    "claim_fields",
    "evidence_tokens",
    "match",
    "tokens",
]

# field weights
_CLAIM_FIELDS = {"text": 1.0, "criterion": 0.5, "source": 0.3, "topic": 1.5}
NAME_BOOST = 1.3
"""Weight factor of names: words capitalised mid-sentence in a claim, and product names (letters with digits)."""
FUZZY_DISCOUNT = 0.7
"""An evidence word that only resembles a claim word (rapidfuzz ratio >= 88) counts this much."""
SPEAKER_TOKEN_WEIGHT = 0.25
"""Weight factor of the words of speakers' names and organisations ("Sam Altman", "OpenAI"): in a ledger of
one person's claims they are everywhere in the news and say nothing about which claim; the speaker feature
counts them instead."""
NAME_MIN_IDF = 0.5
"""Names are boosted only when rare among the claims (normalised IDF at least this): "AI" is not a name."""
MASS_SCALE = 2.0
MIN_CLAIMS = 100
"""IDF is normalised as if the index held at least this many claims, so that in a handful of claims every
word does not look rare (a word in one of 5 claims weighs log(1 + 5) / log(101), not 1)."""
BACKGROUND = 1.0
"""Shared weight a competing claim is assumed to have at least: with no other candidate (a one-claim
index) ``relative`` and ``margin`` measure the claim against this instead of against nothing."""
_FUZZY_TOKEN = 88.0
_LATE_WINDOW = timedelta(days=366)

# Logistic calibration: score = 1 / (1 + exp(-(INTERCEPT + sum(COEF[f] * feature f)))).
# Fitted on the development half of the bundled labelled set by `python benchmarks/bench_checking.py --fit`.
INTERCEPT = -3.14
FIXED = frozenset({"speaker"})
"""Coefficients set by hand, not fitted: all but 11 of the bundled ledger's 64 claims have one speaker, so the
labelled set cannot measure what naming the speaker is worth; 0.5 makes it a tie-breaker."""
COEFFICIENTS: dict[str, float] = {
    "mass": 0.13,
    "coverage": 0.62,
    "claim_coverage": 0.08,
    "relative": 1.26,
    "margin": 2.82,
    "topics": 1.02,
    "speaker": 0.50,
    "dates": 0.55,
}


def calibrated(features: Features) -> float:
    """The score of a pair: a logistic function of its features, in (0, 1)."""
    c = COEFFICIENTS
    z = (
        INTERCEPT
        + c["mass"] * features.mass
        + c["coverage"] * features.coverage
        + c["claim_coverage"] * features.claim_coverage
        + c["relative"] * features.relative
        + c["margin"] * features.margin
        + c["topics"] * features.topics
        + c["speaker"] * features.speaker
        + c["dates"] * features.dates
    )
    return 1.0 / (1.0 + math.exp(-z))


@attrs.frozen
class _Entry:
    claim: Claim
    weights: dict[str, float]
    """Token -> claim field weight (the best field it appears in)."""
    core_weight: float
    """Summed IDF of the tokens of the claim's own statement."""
    core: frozenset[str]
    variants: tuple[tuple[str, frozenset[str]], ...]
    topics: tuple[tuple[str, frozenset[str]], ...]
    speaker_keys: tuple[str, ...]


def claim_fields(claim: Claim) -> list[tuple[str, str, str]]:
    """(via, field kind, text) of every text of the claim."""
    out = [("text", "text", claim.text)]
    out.extend((f"translation:{lang}", "text", text) for lang, text in sorted(claim.translations.items()))
    out.extend(
        (f"criterion:{i}", "criterion", c.text) for i, c in enumerate(claim.criteria) if isinstance(c, TextCriterion)
    )
    out.extend((f"source:{i}", "source", s.quote) for i, s in enumerate(claim.sources) if s.quote)
    return out


def _speaker_keys(claim: Claim) -> tuple[str, ...]:
    name = unicodedata.normalize("NFKC", claim.speaker.name).casefold().strip()
    parts = [p for p in re.split(r"\s+", name) if len(p) > 2]
    keys = {name}
    if len(parts) > 1:
        keys.add(parts[-1])  # the surname alone ("Altman")
    return tuple(sorted(keys))


class ClaimIndex:
    """Claims prepared for matching: tokens, IDF weights, names and an inverted index.

    Build one per batch (``propose`` does) so each claim is tokenised once;
    :meth:`match` then scores only claims that share a token with the
    evidence, accumulating weights through the inverted index.
    """

    def __init__(self, claims: Iterable[Claim], *, frequencies: Frequencies | None = None) -> None:
        prepared: list[tuple[Claim, dict[str, float], frozenset[str], tuple[tuple[str, frozenset[str]], ...]]] = []
        df: dict[str, int] = defaultdict(int)
        names: set[str] = set()
        common: set[str] = set()
        topic_sets: list[tuple[tuple[str, frozenset[str]], ...]] = []
        for claim in claims:
            weights: dict[str, float] = {}
            core: set[str] = set()
            variants = []
            for via, kind, text in claim_fields(claim):
                toks = frozenset(tokens(text))
                if not toks:
                    continue
                variants.append((via, toks))
                weight = _CLAIM_FIELDS[kind]
                for tok in toks:
                    if weight > weights.get(tok, 0.0):
                        weights[tok] = weight
                if kind in ("text", "criterion"):
                    core |= toks
                if kind != "source" or claim.language == "en":
                    name_tokens(text, names, common)
            topics = tuple((t, frozenset(tokens(t))) for t in claim.topics)
            for _, toks in topics:
                for tok in toks:
                    if _CLAIM_FIELDS["topic"] > weights.get(tok, 0.0):
                        weights[tok] = _CLAIM_FIELDS["topic"]
            variants.append(("topics", frozenset().union(*(toks for _, toks in topics))))
            for tok in weights:
                df[tok] += 1
            prepared.append((claim, weights, frozenset(core), tuple(variants)))
            topic_sets.append(topics)
        n = max(len(prepared), 1)
        if frequencies is not None:  # the candidates of a retrieval index: weigh words as in the whole ledger
            n = max(frequencies.count, n)
            df = {tok: max(count, frequencies.of(tok)) for tok, count in df.items()}
        scale = math.log(1.0 + max(n, MIN_CLAIMS))
        self._idf = {tok: math.log(1.0 + n / count) / scale for tok, count in df.items()}
        speaker_words: set[str] = set()
        for claim, *_ in prepared:
            speaker_words.update(tokens(claim.speaker.name))
            if claim.speaker.organisation:
                speaker_words.update(tokens(claim.speaker.organisation))
        self._factor = dict.fromkeys(speaker_words, SPEAKER_TOKEN_WEIGHT)
        for t in names:
            if t in df and t not in speaker_words and t not in common and self._idf[t] >= NAME_MIN_IDF:
                self._factor[t] = NAME_BOOST
        self._names = frozenset(t for t, f in self._factor.items() if f == NAME_BOOST)
        entries = []
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for i, ((claim, claim_weights, claim_core, claim_variants), topics) in enumerate(
            zip(prepared, topic_sets, strict=True)
        ):
            entries.append(
                _Entry(
                    claim=claim,
                    weights=claim_weights,
                    core_weight=sum(self._idf[t] for t in claim_core),
                    core=claim_core,
                    variants=claim_variants,
                    topics=topics,
                    speaker_keys=_speaker_keys(claim),
                )
            )
            for tok, weight in claim_weights.items():
                postings[tok].append((i, weight * self._idf[tok] * self._factor.get(tok, 1.0)))
        self.entries: tuple[_Entry, ...] = tuple(entries)
        self._position = {entry.claim.id: i for i, entry in enumerate(self.entries)}
        self._postings = {tok: tuple(p) for tok, p in postings.items()}
        by_length: dict[int, list[str]] = defaultdict(list)
        for tok in sorted(self._postings):
            if not IS_CJK.match(tok) and not HAS_DIGIT.search(tok):
                by_length[len(tok)].append(tok)
        self._by_length = {k: tuple(words) for k, words in by_length.items()}
        self._similar_memo: dict[str, tuple[str, ...]] = {}
        self._pool_memo: dict[int, tuple[str, ...]] = {}

    def __len__(self) -> int:
        return len(self.entries)

    def _idf_of(self, tok: str) -> float:
        return self._idf.get(tok, 1.0)

    def _boost(self, tok: str) -> float:
        factor = self._factor.get(tok)
        if factor is not None:
            return factor
        return NAME_BOOST if is_product(tok) else 1.0

    def _pool(self, length: int) -> tuple[str, ...]:
        """Claim-vocabulary words of ``length`` +- 2 letters (memoised): the only ones a ratio of 88 can reach."""
        pool = self._pool_memo.get(length)
        if pool is None:
            pool = tuple(w for k in range(length - 2, length + 3) for w in self._by_length.get(k, ()))
            self._pool_memo[length] = pool
        return pool

    def _similar(self, tok: str) -> tuple[str, ...]:
        """Claim-vocabulary tokens within a rapidfuzz ratio of 88 of ``tok`` (memoised)."""
        found = self._similar_memo.get(tok)
        if found is None:
            pool = self._pool(len(tok))
            found = tuple(
                w
                for w, _score, _ in process.extract(tok, pool, scorer=fuzz.ratio, score_cutoff=_FUZZY_TOKEN, limit=5)
                if w != tok
            )
            self._similar_memo[tok] = found
        return found

    def _query(self, ev_weights: dict[str, float]) -> dict[str, float]:
        """Claim tokens the evidence reaches, with the evidence-side factor: field weight, x discount if fuzzy."""
        reached: dict[str, float] = {}
        for tok, weight in ev_weights.items():
            if tok in self._postings:
                reached[tok] = max(reached.get(tok, 0.0), weight)
            if len(tok) >= 5 and not IS_CJK.match(tok) and not HAS_DIGIT.search(tok):
                for similar in self._similar(tok):
                    if similar not in ev_weights:
                        reached[similar] = max(reached.get(similar, 0.0), weight * FUZZY_DISCOUNT)
        return reached

    def features(self, evidence: Evidence) -> list[tuple[_Entry, Features]]:
        """Every claim sharing a token with ``evidence``, with the features of the pair (unordered).

        What the score is computed from; the benchmark fits the calibration on it.
        """
        return self._pairs(evidence, floor=None)[1]

    def _pairs(
        self, evidence: Evidence, *, floor: float | None, among: Collection[str] | None = None
    ) -> tuple[dict[str, float], list[tuple[_Entry, Features]]]:
        """The claim tokens ``evidence`` reaches, and the candidate claims with their features.

        With a ``floor``, claims whose score cannot reach it (bounded from
        the shared weight alone) are skipped before the rest is computed.
        With ``among`` (claim ids: what a retrieval index found for this
        evidence), only those claims are scored, each from its own tokens,
        so the cost does not depend on how many claims the index holds.
        """
        ev_weights = evidence_tokens(evidence)
        if not ev_weights:
            return {}, []
        ev_mass = sum(w * self._idf_of(t) * self._boost(t) for t, w in ev_weights.items())
        reached = self._query(ev_weights)
        shared: dict[int, float] = defaultdict(float)
        if among is None:
            for tok, ev_factor in reached.items():
                for i, claim_weight in self._postings[tok]:
                    shared[i] += ev_factor * claim_weight
        else:
            for claim_id in among:
                at = self._position.get(claim_id)
                if at is None:
                    continue
                weights = self.entries[at].weights
                mass = sum(
                    ev_factor * weights[tok] * self._idf[tok] * self._factor.get(tok, 1.0)
                    for tok, ev_factor in reached.items()
                    if tok in weights
                )
                if mass > 0.0:
                    shared[at] = mass
        if not shared:
            return reached, []
        ranked = sorted(shared.values(), reverse=True)
        best = ranked[0]
        second = ranked[1] if len(ranked) > 1 else 0.0
        folded = unicodedata.normalize("NFKC", evidence_text(evidence) + " " + url_words(evidence.url)).casefold()
        reached_set = reached.keys()
        c = COEFFICIENTS
        rest = sum(max(0.0, c[k]) for k in ("claim_coverage", "topics", "speaker", "dates"))
        z_floor = math.log(floor / (1.0 - floor)) if floor is not None and 0.0 < floor < 1.0 else None
        out = []
        for i, mass in shared.items():
            if mass <= 0.0:
                continue
            saturated = 1.0 - math.exp(-mass / MASS_SCALE)
            coverage = min(1.0, mass / ev_mass) if ev_mass else 0.0
            relative = mass / max(best, BACKGROUND)
            other = max(second if mass == best else best, BACKGROUND)
            margin = max(-1.0, min(1.0, (mass - other) / max(mass, other)))
            if z_floor is not None:
                bound = INTERCEPT + rest + c["mass"] * saturated + c["coverage"] * coverage
                bound += c["relative"] * relative + c["margin"] * margin
                if bound < z_floor:
                    continue
            entry = self.entries[i]
            core_shared = sum(self._idf[t] for t in reached if t in entry.core)
            topic_share = (
                sum(1 for _, toks in entry.topics if toks and toks <= reached_set) / len(entry.topics)
                if entry.topics
                else 0.0
            )
            features = Features(
                mass=saturated,
                coverage=coverage,
                claim_coverage=core_shared / entry.core_weight if entry.core_weight else 0.0,
                relative=relative,
                margin=margin,
                topics=topic_share,
                speaker=float(any(key in folded for key in entry.speaker_keys)),
                dates=_date_fit(entry.claim, evidence),
            )
            out.append((entry, features))
        return reached, out

    def match(
        self,
        evidence: Evidence,
        *,
        thresholds: Thresholds | None = None,
        rerank: Reranker | None = None,
        among: Collection[str] | None = None,
    ) -> tuple[Match, ...]:
        """Claims ``evidence`` may bear on, best first, at or above the suggested threshold.

        With ``rerank``, each match also carries its embedding ``similarity``
        and matches are ordered by :attr:`Match.rank`. With ``among``, only
        those claims (ids) are considered: the candidates a retrieval index found.
        """
        thresholds = thresholds or Thresholds()
        reached, scored = self._pairs(evidence, floor=thresholds.suggested, among=among)
        out = []
        for entry, features in scored:
            score = calibrated(features)
            level = thresholds.level(score)
            if level is None:
                continue
            out.append(
                Match(
                    claim=entry.claim,
                    evidence_id=evidence.id,
                    score=round(score, 4),
                    level=level,
                    text=round(features.coverage, 4),
                    via=self._via(entry, reached),
                    topics=tuple(t for t, toks in entry.topics if toks and toks <= reached.keys()),
                    speaker=features.speaker == 1.0,
                    dates=features.dates,
                    features=features,
                )
            )
        if rerank is not None and out:
            text = " ".join(t for t in (evidence.question, evidence.title, evidence.excerpt) if t)
            similar = rerank(text, [m.claim.translations.get("en", m.claim.text) for m in out])
            out = [attrs.evolve(m, similarity=round(float(x), 4)) for m, x in zip(out, similar, strict=True)]
        out.sort(key=lambda m: (-m.rank, m.claim.id))
        return tuple(out)

    def _via(self, entry: _Entry, reached: dict[str, float]) -> str:
        best, via = 0.0, "text"
        for name, toks in entry.variants:
            value = sum(self._idf[t] for t in toks if t in reached)
            if value > best:
                best, via = value, name
        return via


def _date_fit(claim: Claim, evidence: Evidence) -> float:
    """1 when the evidence's date lets it bear on the claim, 0.5 when unknown or late, 0 when it cannot.

    Evidence from before a prediction was made cannot resolve it (it may
    still be context, so it is scored lower, not dropped).
    """
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
    evidence: Evidence,
    claims: Iterable[Claim] | ClaimIndex,
    *,
    thresholds: Thresholds | None = None,
    rerank: Reranker | None = None,
) -> tuple[Match, ...]:
    """Rank the claims ``evidence`` may bear on, best first (only those at or above ``suggested``).

    Pass a :class:`ClaimIndex` instead of claims to match many pieces of
    evidence against the same claims without re-preparing them.
    """
    index = claims if isinstance(claims, ClaimIndex) else ClaimIndex(claims)
    return index.match(evidence, thresholds=thresholds, rerank=rerank)


def best_per_claim(matches: Sequence[Match]) -> dict[str, Match]:
    """The best match for each claim id."""
    out: dict[str, Match] = {}
    for m in matches:
        if m.claim.id not in out or m.score > out[m.claim.id].score:
            out[m.claim.id] = m
    return out
