"""CSV export and import of claims and their events, for spreadsheets.

One column set serves two shapes: ``rows="claims"`` writes one row per claim
with its latest event (its current status); ``rows="events"`` writes one row
per event, repeating the claim's columns (a claim with no event gets one row
with the event columns empty). Reading accepts either: rows are grouped by
``claim_id``, and every row with a ``verdict`` adds that event.

A claim round-trips exactly. The columns carry the claim's id, text, language,
translations, kind, speaker, the date said (with its precision), topics,
horizon (with its rule), credence (with its band), its first source (with its
fidelity, locator and quote) and the note; ``other_fields`` carries, as JSON,
whatever else the claim holds (criteria, the sources after the first, the
wording of a date; see :mod:`~claimtrack.interop.tabular.other_fields`). The
event columns carry every field of an event, and the ids and URLs of the
evidence it cites. So exporting a ledger and importing the file back into it
finds nothing new and no conflict; a row added in a spreadsheet (a verdict,
an effective date, no ``event_id``) merges as one new event; a claim column
changed in the file is a merge conflict naming the claim and the field.
Evidence details other than id and URL are not written (the ledger keeps
them; use the folder store or JSON Lines for a full copy).

Spreadsheets: ``bom=True`` writes UTF-8 with a byte-order mark, which Excel
needs to show Japanese text correctly; reading strips a BOM if present. Cells
that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
``@``) are written with a leading apostrophe, and the apostrophe is removed
again on reading.
"""

from claimtrack.interop.tabular.columns import CLAIM_COLUMNS, COLUMNS, EVENT_COLUMNS, Rows
from claimtrack.interop.tabular.reading import from_csv, parse_csv, read_csv
from claimtrack.interop.tabular.writing import to_csv, write_csv

__all__ = [
    "CLAIM_COLUMNS",
    "COLUMNS",
    "EVENT_COLUMNS",
    "Rows",
    "from_csv",
    "parse_csv",
    "read_csv",
    "to_csv",
    "write_csv",
]
