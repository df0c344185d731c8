"""Update a ledger from a JSON file of new articles (the cookbook recipe of docs/cookbook.md).

Usage::

    python docs/examples/update_ledger.py ARTICLES.json LEDGER --as-of 2026-11-27 [--by NAME] [--dry-run]

ARTICLES.json is a list of evidence objects (url, title, published_on, and
optionally occurred_on, stance, excerpt, and "claims": the ids of the claims
an article is about). Proposals whose match reached the confirmed threshold
are recorded; the rest are printed for a person to review with
``claimtrack review``. Running it twice records nothing new.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

import claimtrack as ct


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=Path)
    parser.add_argument("ledger")
    parser.add_argument("--as-of", type=date.fromisoformat, required=True)
    parser.add_argument("--by", default="update_ledger.py")
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)

    articles = json.loads(args.articles.read_text(encoding="utf-8"))
    with ct.open_ledger(args.ledger, create=False) as ledger:
        result = ct.propose(ledger, articles, as_of=args.as_of)
        recorded = 0
        for proposal in result:
            if proposal.actionable and proposal.confirmed:
                if not args.dry_run:
                    event = ct.apply(ledger, proposal, by=args.by)
                    recorded += event is not None
                print(f"recorded  {proposal.summary()}")
            else:
                why = "still open" if not proposal.actionable else "match not confirmed"
                print(f"review    {proposal.summary()} ({why})")
        for item in result.ignored:
            print(f"ignored   {item}")
    print(f"{recorded} event(s) recorded, {len(result.ignored)} article(s) ignored")
    return 0


if __name__ == "__main__":
    sys.exit(main())
