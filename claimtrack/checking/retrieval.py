"""Retrieval: the few claims worth scoring for a piece of evidence, found without visiting every claim.

:class:`ClaimRetriever` is a BM25 index of the claims' tokens (the same
tokens as :mod:`claimtrack.checking.matching`: Japanese, Chinese and Korean
character pairs, product names whole, translations, criteria, source quotes
and topics indexed), built with `bm25s <https://github.com/xhluna/bm25s>`_,
whose sparse score matrix holds one column of (claim, BM25 weight) postings
per token.

Two things make the cost of a query independent of the ledger's size:

* **Champion lists.** Each token's postings are sorted by weight when a
  segment is built, and a query reads at most :data:`CHAMPIONS` of them per
  token (Manning, Raghavan and Schütze, *Introduction to Information
  Retrieval*, 7.1.3). A word in half of a million claims says little about
  which claim the evidence is about; its best-weighted postings are kept.
* **Accumulation over the postings read**, not over an array of every claim.

The index grows in **segments**, as a search engine's does: claims added or
changed since the last build go to a small segment of their own, a changed
claim's old posting is masked, and segments are merged into one when the
small ones hold more than :data:`MERGE_SHARE` of the claims. Scores of
different segments are not compared; each gives its own best candidates and
:class:`~claimtrack.checking.matching.ClaimIndex` scores them all with the
document frequencies of the whole index (:meth:`ClaimRetriever.frequencies`).

The index is a value: :meth:`ClaimRetriever.part` and
:meth:`ClaimRetriever.from_parts` turn it into named byte strings and back,
and the SQL stores keep them beside the ledger
(:mod:`claimtrack.stores.retrieval`). Nothing here reads or writes files.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from claimtrack.checking.matching import Frequencies, claim_fields
from claimtrack.checking.tokens import tokens
from claimtrack.model import Claim

__all__ = ["CANDIDATES", "CHAMPIONS", "FORMAT", "MERGE_SHARE", "ClaimRetriever", "claim_tokens"]

CHAMPIONS = 2000
"""Postings read per query token at most: the claims where the token weighs most."""
CANDIDATES = 64
"""Claims a segment returns per query: what the matcher then scores."""
MERGE_SHARE = 0.1
"""The small segments are merged into the first when they hold more than this share of the claims."""
FORMAT = "claimtrack-retrieval/1"
"""The version of the bytes :meth:`ClaimRetriever.to_bytes` writes; other versions are rebuilt, not read."""

if TYPE_CHECKING:  # numpy is imported when an index is built or read, not with claimtrack (about 100 ms)
    import numpy as np
    import numpy.typing as npt

    _Floats = npt.NDArray[np.float32]
    _Ints = npt.NDArray[np.int64]


def claim_tokens(claim: Claim) -> list[str]:
    """The tokens a claim is found by: its text, translations, criteria, source quotes and topics.

    The same fields and tokens :class:`~claimtrack.checking.matching.ClaimIndex` weighs.
    """
    out: list[str] = []
    for _via, _kind, text in claim_fields(claim):
        out.extend(tokens(text))
    for topic in claim.topics:
        out.extend(tokens(topic))
    return out


class _Segment:
    """One bm25s index over some claims, with its postings in champion order and a mask of retired claims."""

    def __init__(
        self,
        name: str,
        ids: Sequence[str],
        vocab: dict[str, int],
        data: _Floats,
        indices: _Ints,
        indptr: _Ints,
        live: npt.NDArray[np.bool_],
    ) -> None:
        self.name = name
        self.ids = list(ids)
        self.vocab = vocab
        self.data = data
        self.indices = indices
        self.indptr = indptr
        self.live = live

    @classmethod
    def build(cls, name: str, ids: Sequence[str], documents: Sequence[list[str]]) -> _Segment:
        import bm25s
        import numpy as np

        bm25 = bm25s.BM25()
        # bm25s needs one non-empty document to build; a claim with no tokens is found by nothing anyway
        bm25.index([doc or [""] for doc in documents], show_progress=False)
        scores = bm25.scores
        data = np.asarray(scores["data"], dtype=np.float32)
        indices = np.asarray(scores["indices"], dtype=np.int64)
        indptr = np.asarray(scores["indptr"], dtype=np.int64)
        # champion order: within each token's column, postings by descending weight
        column = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))
        order = np.lexsort((-data, column))
        vocab = {str(tok): int(i) for tok, i in bm25.vocab_dict.items() if tok}
        live = np.ones(len(ids), dtype=np.bool_)
        return cls(name, ids, vocab, data[order], indices[order], indptr, live)

    def to_bytes(self) -> bytes:
        vocab = sorted(self.vocab.items(), key=lambda pair: pair[1])
        return _npz(
            {
                "ids": _json_array(self.ids),
                "vocab": _json_array(vocab),
                "data": self.data,
                "indices": self.indices,
                "indptr": self.indptr,
            }
        )

    @classmethod
    def from_bytes(cls, name: str, blob: bytes) -> _Segment:
        import numpy as np

        with np.load(io.BytesIO(blob), allow_pickle=False) as archive:
            ids = [str(i) for i in json.loads(archive["ids"].tobytes())]
            vocab = {str(tok): int(i) for tok, i in json.loads(archive["vocab"].tobytes())}
            return cls(
                name,
                ids,
                vocab,
                archive["data"],
                archive["indices"],
                archive["indptr"],
                np.ones(len(ids), dtype=np.bool_),
            )

    def __len__(self) -> int:
        return int(self.live.sum())

    def document_frequency(self) -> dict[str, int]:
        import numpy as np

        counts = np.diff(self.indptr)
        return {tok: int(counts[i]) for tok, i in self.vocab.items()}

    def candidates(self, query: Mapping[str, float], limit: int) -> list[tuple[str, float]]:
        """The ``limit`` live claims with the highest weighted BM25 over the champion postings of ``query``."""
        import numpy as np

        docs: list[_Ints] = []
        weights: list[_Floats] = []
        for tok, factor in query.items():
            column = self.vocab.get(tok)
            if column is None:
                continue
            start = int(self.indptr[column])
            end = min(int(self.indptr[column + 1]), start + CHAMPIONS)
            docs.append(self.indices[start:end])
            weights.append(self.data[start:end] * np.float32(factor))
        if not docs:
            return []
        found, inverse = np.unique(np.concatenate(docs), return_inverse=True)
        summed = np.bincount(inverse, weights=np.concatenate(weights))
        keep = self.live[found]
        found, summed = found[keep], summed[keep]
        if len(found) > limit:
            top = np.argpartition(-summed, limit - 1)[:limit]
            found, summed = found[top], summed[top]
        return [(self.ids[int(d)], float(s)) for d, s in zip(found, summed, strict=True)]


class ClaimRetriever:
    """A BM25 index of claims in segments; see the module docstring.

    ``stamp`` is whatever the store uses to know which claims changed after
    the index was last brought up to date (a change sequence number); the
    retriever only carries it.
    """

    def __init__(self, segments: Sequence[_Segment] = (), *, stamp: int = 0) -> None:
        self._segments = list(segments)
        self.stamp = stamp
        self._where: dict[str, tuple[int, int]] = {}
        for s, segment in enumerate(self._segments):
            for d, claim_id in enumerate(segment.ids):
                if segment.live[d]:
                    self._where[claim_id] = (s, d)
        self._frequencies: Frequencies | None = None

    @classmethod
    def build(cls, claims: Iterable[Claim], *, stamp: int = 0) -> ClaimRetriever:
        """An index of ``claims`` in one segment."""
        ids: list[str] = []
        documents: list[list[str]] = []
        for claim in claims:
            ids.append(claim.id)
            documents.append(claim_tokens(claim))
        return cls.from_tokens(ids, documents, stamp=stamp)

    @classmethod
    def from_tokens(cls, ids: Sequence[str], documents: Sequence[list[str]], *, stamp: int = 0) -> ClaimRetriever:
        """An index of claims given as ids and their :func:`claim_tokens` (for bulk builds that stream)."""
        if not ids:
            return cls(stamp=stamp)
        return cls([_Segment.build(f"segment-{stamp}-0", ids, documents)], stamp=stamp)

    def __len__(self) -> int:
        return len(self._where)

    def __contains__(self, claim_id: object) -> bool:
        return claim_id in self._where

    @property
    def segments(self) -> int:
        """How many segments the index has (1 after a build or a merge)."""
        return len(self._segments)

    def updated(self, claims: Iterable[Claim], *, stamp: int) -> None:
        """Index ``claims`` (new, or changed since they were indexed) in a new segment, retiring older postings.

        When :meth:`needs_merge` says so afterwards, the caller rebuilds the
        index from every claim (:meth:`build`): only it can read them all.
        """
        batch = {claim.id: claim for claim in claims}
        self.stamp = stamp
        if not batch:
            return
        for claim_id in batch:
            self._retire(claim_id)
        ids = list(batch)
        name = f"segment-{stamp}-{len(self._segments)}"
        self._segments.append(_Segment.build(name, ids, [claim_tokens(batch[i]) for i in ids]))
        index = len(self._segments) - 1
        for d, claim_id in enumerate(ids):
            self._where[claim_id] = (index, d)
        self._frequencies = None

    def needs_merge(self) -> bool:
        """True when the small segments hold more than :data:`MERGE_SHARE` of the claims."""
        small = sum(len(s) for s in self._segments[1:])
        return len(self._segments) > 1 and small > MERGE_SHARE * max(len(self), 1)

    def _retire(self, claim_id: str) -> None:
        where = self._where.pop(claim_id, None)
        if where is not None:
            segment, document = where
            self._segments[segment].live[document] = False

    def candidates(self, query: Mapping[str, float], *, limit: int = CANDIDATES) -> list[tuple[str, float]]:
        """Ids of the claims worth scoring for a query (token -> weight), with each segment's BM25 score.

        At most ``limit`` per segment; best first within a segment.
        """
        out: list[tuple[str, float]] = []
        for segment in self._segments:
            found = segment.candidates(query, limit)
            found.sort(key=lambda pair: (-pair[1], pair[0]))
            out.extend(found)
        return out

    def frequencies(self) -> Frequencies:
        """Document frequencies of every token over the whole index (retired postings of changed claims aside
        from their newer copies count twice until the next merge: a small, bounded overcount)."""
        if self._frequencies is None:
            total: dict[str, int] = {}
            for segment in self._segments:
                for tok, count in segment.document_frequency().items():
                    total[tok] = total.get(tok, 0) + count
            self._frequencies = Frequencies(count=len(self), document_frequency=total)
        return self._frequencies

    # -- bytes --------------------------------------------------------------------------------

    def parts_names(self) -> list[str]:
        """The names of the parts the index is kept in: ``header`` and one per segment.

        A segment's bytes never change once written (its name says which
        segment it is); what changes, the stamp and which claims are retired,
        is in the small ``header``. A store rewrites only the header and the
        segments it does not hold yet.
        """
        return ["header", *(segment.name for segment in self._segments)]

    def part(self, name: str) -> bytes:
        """The bytes of one part (see :meth:`parts_names`)."""
        import numpy as np

        if name != "header":
            for segment in self._segments:
                if segment.name == name:
                    return segment.to_bytes()
            raise KeyError(name)
        header = {"format": FORMAT, "stamp": self.stamp, "segments": [segment.name for segment in self._segments]}
        arrays: dict[str, npt.NDArray[np.generic]] = {"header": _json_array(header)}
        for s, segment in enumerate(self._segments):
            arrays[f"live{s}"] = np.packbits(segment.live)
        return _npz(arrays)

    @classmethod
    def from_parts(cls, read: Callable[[str], bytes | None]) -> ClaimRetriever | None:
        """The index whose parts (:meth:`part`) were kept, reading each part by name; None when missing, damaged or of
        another format (then rebuild it)."""
        import numpy as np

        try:
            blob = read("header")
            if blob is None:
                return None
            with np.load(io.BytesIO(blob), allow_pickle=False) as archive:
                header = json.loads(archive["header"].tobytes())
                if header.get("format") != FORMAT:
                    return None
                segments = []
                for s, name in enumerate(header["segments"]):
                    body = read(str(name))
                    if body is None:
                        return None
                    segment = _Segment.from_bytes(str(name), body)
                    segment.live = np.unpackbits(archive[f"live{s}"], count=len(segment.ids)).astype(np.bool_)
                    segments.append(segment)
                return cls(segments, stamp=int(header["stamp"]))
        except (OSError, ValueError, KeyError, TypeError, json.JSONDecodeError):
            return None


def _json_array(value: object) -> npt.NDArray[np.uint8]:
    import numpy as np

    return np.frombuffer(json.dumps(value, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)


def _npz(arrays: Mapping[str, npt.NDArray[np.generic]]) -> bytes:
    import numpy as np

    buffer = io.BytesIO()
    np.savez(buffer, allow_pickle=False, **arrays)
    return buffer.getvalue()
