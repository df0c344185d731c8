"""CSV export and import of claims and their events, for spreadsheets.

One column set serves two shapes: ``rows="claims"`` writes one row per claim
with its latest event (its current status); ``rows="events"`` writes one row
per event, repeating the claim's columns (a claim with no event gets one row
with the event columns empty). Reading accepts either: rows are grouped by
``claim_id``, and every row with a ``verdict`` adds that event.

What round-trips: claim ids, text, language, kind, speaker, the date said
(with its precision), topics, horizon, credence, the first source, the note;
event ids, verdicts, effective dates, recording times, who, rating, origin,
event notes and the ids and URLs of cited evidence. What does not: criteria,
translations, sources after the first, and evidence details other than id
and URL (use the folder store or JSON Lines for a full copy).

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
