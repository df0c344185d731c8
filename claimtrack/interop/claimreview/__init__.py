"""schema.org ClaimReview JSON-LD in (``reading``) and out (``writing``).

:func:`from_jsonld` reads a ClaimReview object, a list of them, an ``@graph``
or all the JSON-LD blocks of a page into an in-memory :class:`~claimtrack.Ledger`;
:func:`read_jsonld` does the same and also returns every problem met (the
record's position, field and what was done). :func:`to_jsonld` writes
ClaimReview that carries Google's required and recommended fields.

Mapping (see docs/interop.md for the full table and the choices made):

* ``claimReviewed`` -> ``Claim.text`` (HTML entities and tags cleaned, with a warning);
* ``itemReviewed.author`` (Person, Organization or a bare name) -> ``Claim.speaker``,
  ``Entity(name="unknown")`` when absent;
* ``itemReviewed.datePublished`` -> ``Claim.said_on``; when absent, the
  first appearance's date, else the review's date with a note saying so;
* ``firstAppearance`` -> a primary ``Source``; ``appearance`` -> secondary sources;
* the review -> one dated ``StatusEvent``: verdict mapped through the rating
  table, ``rating`` = the original rating text, ``origin`` =
  ``"claimreview:<review url>"``, ``by`` = the reviewer, ``effective_on`` =
  the review's ``datePublished``; the fact-check article becomes its ``Evidence``.

Claim ids are stable: the claimtrack id carried in ``itemReviewed["@id"]``
(``urn:claimtrack:claim:<id>``, written by :func:`to_jsonld`), else a slug
and hash of another ``itemReviewed["@id"]``, else a slug of the review URL
plus a hash of the URL and the claim text. Importing the same input twice
therefore yields the same records, and ``ledger.merge`` reports them unchanged.
"""

from claimtrack.interop.claimreview.reading import from_jsonld, read_file, read_jsonld
from claimtrack.interop.claimreview.writing import ClaimReviewWarning, ExportResult, export_jsonld, to_jsonld
from claimtrack.interop.ids import CLAIM_ID_PREFIX

__all__ = [
    "CLAIM_ID_PREFIX",
    "ClaimReviewWarning",
    "ExportResult",
    "export_jsonld",
    "from_jsonld",
    "read_file",
    "read_jsonld",
    "to_jsonld",
]
