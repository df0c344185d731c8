#!/usr/bin/env python
"""Build the bundled ledger ``fixtures/altman-lex-fridman-2024/`` from the research notes.

The ledger holds every checkable statement of a Japanese article (note.com, by
"psymen") that summarised the Lex Fridman Podcast #419 with Sam Altman
(published 2024-03-18): the 50 speaker records and 11 editorial records of
``shared/research/seed-claims.md`` plus three statements from its Appendix A
that the research's key finding 14 names as distorted.

Everything comes from two places: the YAML blocks of the research file (ids,
Japanese text, translations, original quotes, kinds, fidelity, status and
evidence) and the hand-written tables below (topics, horizons, credences,
criteria, effective dates of verdicts, evidence stances), each derived from
the research's prose and documented in ``fixtures/altman-lex-fridman-2024/README.md``.
Nothing is invented: where the research marks a fact as unverified, the
generated record says so.

The research's statuses map to verdicts through ``STATUS``, with one exception:
a statement whose status the research's summary table gives as
"inaccurate (attribution)" (its section 0: the seed states something Altman
did not say at all, and ``inaccurate`` then "means 'attribution fails'") is
recorded as ``Verdict.NOT_SAID``, with ``rating="inaccurate"`` and a note
quoting what Altman actually said (``ACTUALLY_SAID``).

The folder is written by the library itself (``Ledger.open`` + ``ledger.add``),
never by hand, and the output is deterministic: the status events carry a
fixed ``recorded_at`` (2026-11-27T00:00:00Z), so running the script twice gives
byte-identical files.

Usage::

    python scripts/build_bundled_ledger.py                 # rewrite fixtures/altman-lex-fridman-2024/
    python scripts/build_bundled_ledger.py --out /tmp/x    # write elsewhere (tests compare the bytes)

Needs PyYAML (a development-only dependency of this script). The research and
seed paths default to ``../shared`` next to the repository; override them with
``--research``/``--seed`` or the ``CLAIMTRACK_SHARED`` environment variable.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a plain script from a checkout
    sys.path.insert(0, str(REPO))

from claimtrack import (  # noqa: E402  (after the sys.path fix above)
    Claim,
    ClaimKind,
    Credence,
    CredenceBasis,
    DateRange,
    Entity,
    Evidence,
    Fidelity,
    Granularity,
    Horizon,
    Ledger,
    Source,
    SourceRole,
    Stance,
    StatusEvent,
    TextCriterion,
    Verdict,
    credence_from_text,
    parse_horizon,
)

SHARED = Path(os.environ.get("CLAIMTRACK_SHARED", REPO.parent / "shared"))
DEFAULT_RESEARCH = SHARED / "research" / "seed-claims.md"
DEFAULT_SEED = SHARED / "seed" / "000_967b3a2647d16728.txt"
DEFAULT_OUT = REPO / "fixtures" / "altman-lex-fridman-2024"

SAID_ON = date(2024, 3, 18)
"""The day the episode (and, per the research, the article) was published."""
AS_OF = date(2026, 11, 27)
"""The research's assessment date."""
RECORDED_AT = datetime(2026, 11, 27, tzinfo=UTC)
"""Fixed recording time of every status event, so that regeneration is deterministic."""
BY = "claimtrack bundled research"

ALTMAN = Entity(name="Sam Altman", role="CEO", organisation="OpenAI")
AUTHOR = Entity(name="psymen", role="article author (編集局員, editorial staff)", organisation="note.com")

PODCAST_URL = "https://lexfridman.com/sam-altman-2-transcript"
PODCAST_TITLE = "Sam Altman: OpenAI, GPT-5, Sora, Board Saga, Elon Musk, Ilya, Power & AGI | Lex Fridman Podcast #419"
PODCAST_PUBLISHER = "Lex Fridman Podcast"
ASR_URL = (
    "https://github.com/lawwu/transcripts/blob/cd524eea92d21e263f93c6ec6d5d870bb64d30aa/"
    "data/transcripts/jvqFAi7vkBc.txt"
)
ASR_NOTE = (
    "Quote and timestamp from the Whisper ASR transcript of YouTube jvqFAi7vkBc (lawwu/transcripts, commit "
    "cd524eea); only the opening of the official transcript at lexfridman.com was reachable and it matched word "
    "for word. ASR has no speaker labels (speakers inferred from the question/answer flow) and small recognition "
    "errors; official timestamps may differ by a few seconds."
)

ARTICLE_TITLE = "OpenAI サム・アルトマン最新2時間インタビュー<7500文字 詳しめ要約>"
ARTICLE_PUBLISHER = "note.com (psymen)"
ARTICLE_NOTE_URL = (
    "The article's URL is not given in the seed file or the research, so none is recorded; its title is the "
    "seed file's heading and its date (2024-03-18) the research's."
)
SAID_ON_NOTE = (
    "said_on is the episode's publication date; the research dates the recording a few days earlier, probably "
    "2024-03-11..16 (Altman says Musk announced Grok's open-sourcing 'this week': announced 2024-03-11, "
    "weights out 2024-03-17)."
)

KINDS = {
    "factual-assertion": ClaimKind.ASSERTION,
    "intention-or-commitment": ClaimKind.COMMITMENT,
    "uncertainty-statement": ClaimKind.UNCERTAINTY,
    "prediction": ClaimKind.PREDICTION,
    "denial": ClaimKind.DENIAL,
    "opinion": ClaimKind.OPINION,
}
FIDELITY = {
    "faithful": Fidelity.FAITHFUL,
    "partly-faithful": Fidelity.PARTLY_FAITHFUL,
    "distorted": Fidelity.DISTORTED,
    "not-in-interview": Fidelity.NOT_IN_ORIGINAL,
    "misattributed": Fidelity.MISATTRIBUTED,
}
STATUS: dict[str, Verdict | None] = {
    "came-true": Verdict.TRUE,
    "accurate": Verdict.TRUE,
    "did-not-come-true": Verdict.FALSE,
    "inaccurate": Verdict.FALSE,
    "partly": Verdict.MIXED,
    "unverifiable": Verdict.UNVERIFIABLE,
    "not-checkable-opinion": Verdict.NOT_CHECKABLE,
    "still-open-not-due": None,
    "still-open-overdue": None,
}
NOT_IN_INTERVIEW = "not-in-interview"
"""The seed fidelity the research gives a statement the article attributes to Altman that is not in the interview.

Whatever the truth of its content (the research may judge it accurate from other sources), the words are not
Altman's: the claim gets ``Verdict.NOT_SAID`` and counts for no one; the outlet card counts the rendering
``not_in_original`` against the article. The research's status stays as the event's rating.
"""
ATTRIBUTION_FAILURE = "inaccurate (attribution)"
"""The status the research's summary table (its section 2) gives a statement Altman did not say at all.

Its section 0: "When the seed states something Altman did not say at all (misreading or invention), the status
is `inaccurate` and means 'attribution fails'". Such a record gets ``Verdict.NOT_SAID`` instead of ``false``: it
counts against the article that made the error, never for or against Altman.
"""

# --------------------------------------------------------------------------------------------
# Hand-written tables (each derived from the research prose; see the fixture's README.md)
# --------------------------------------------------------------------------------------------

KEY_FINDINGS: dict[str, int] = {
    "ai-politicized-left-right": 1,
    "capable-systems-end-of-decade": 2,
    "agi-far-future-misread": 3,
    "gpt4-naming-misread": 4,
    "post-training-vs-scale": 5,
    "no-one-person-control": 6,
    "safety-whole-company": 7,
    "ai-theatrical-wrong-garbled": 8,
    "ed-lex-stopped-question": 8,
    "sora-human-labeling": 9,
    "musk-wanted-control-tesla": 10,
    "musk-left-feb-2018-own-choice": 10,
    "sora-red-team": 11,
    "youtube-ai-content-5y": 12,
    "ed-only-lowercase-ceo-heading": 13,
    "board-new-members-expertise": 14,
    "culture-war-no-struggles": 14,
    "ads-worse-with-ai": 14,
    "slow-thinking-paradigm": 14,
    "return-to-robotics": 14,
    "compute-massive-needs-bottlenecks": 14,
    "ads-dislike-grow-without-ads": 14,
    "safety-researchers-hung-up": 14,
}
"""Which of the research's 14 key findings on the article's fidelity (its section 1) each claim carries."""

TOPICS: dict[str, tuple[str, ...]] = {
    "board-new-members-expertise": ("governance", "board"),
    "board-more-robust-governance": ("governance", "board"),
    "ilya-did-not-see-agi": ("agi", "ilya"),
    "ilya-work-together": ("ilya", "people"),
    "musk-wanted-control-tesla": ("musk", "governance"),
    "musk-left-feb-2018-own-choice": ("musk", "governance"),
    "free-tier-no-ads-open": ("ads", "business"),
    "musk-closedai-grok-open": ("musk", "open-source"),
    "sora-limbs-fundamental": ("sora", "video"),
    "sora-scale-magic": ("sora", "scaling"),
    "sora-human-labeling": ("sora", "training-data"),
    "sora-red-team": ("sora", "safety"),
    "sora-misuse-risk": ("sora", "safety", "deepfakes"),
    "creator-optout-compensation": ("copyright", "creators"),
    "ai-task-horizon-growth": ("agents", "work"),
    "youtube-ai-content-5y": ("video", "media"),
    "gpt4-naming-misread": ("gpt-4",),
    "gpt4-look-back-soon": ("gpt-4", "progress"),
    "post-training-vs-scale": ("gpt-4", "training"),
    "context-billions-future": ("context-window",),
    "young-default-start": ("usage",),
    "hallucination-better-next": ("hallucination",),
    "hallucination-not-solved-2024": ("hallucination",),
    "memory-recently-implemented": ("memory",),
    "memory-personal-agent-goal": ("memory", "agents"),
    "memory-user-control": ("memory", "privacy"),
    "slow-thinking-paradigm": ("reasoning",),
    "qstar-not-ready": ("reasoning", "q-star"),
    "reasoning-pursuit": ("reasoning",),
    "gpt5-date-unknown": ("gpt-5", "releases"),
    "amazing-model-2024": ("gpt-5", "releases"),
    "releases-coming-months": ("releases",),
    "7t-tweet-denial-and-8-meme": ("compute", "funding"),
    "compute-precious-commodity": ("compute",),
    "compute-massive-needs-bottlenecks": ("compute", "energy"),
    "fusion-solves-energy": ("energy", "fusion"),
    "fission-new-reactors": ("energy", "nuclear"),
    "ai-theatrical-wrong-garbled": ("safety",),
    "ai-politicized-left-right": ("politics",),
    "air-pollution-vs-nuclear": ("energy", "nuclear"),
    "search-not-google-copy": ("search",),
    "llm-search-integration": ("search",),
    "ads-dislike-grow-without-ads": ("ads", "business"),
    "safety-whole-company": ("safety",),
    "state-actors-hacking": ("security", "safety"),
    "return-to-robotics": ("robotics",),
    "agi-far-future-misread": ("agi",),
    "capable-systems-end-of-decade": ("agi",),
    "no-one-person-control": ("governance", "agi"),
    "andreessen-regulatory-capture": ("regulation", "politics"),
    "ed-episode-published-2024-03-18": ("podcast",),
    "ed-second-interview": ("podcast",),
    "ed-lex-mit-research": ("podcast",),
    "ed-wsj-sources-parenthetical": ("compute", "funding", "media"),
    "ed-helion-altman-invested": ("energy", "fusion"),
    "ed-gemini-images-parenthetical": ("google", "politics"),
    "ed-openai-robotics-history": ("robotics",),
    "ed-andreessen-techno-optimist": ("regulation",),
    "ed-lex-stopped-question": ("podcast", "safety"),
    "ed-only-lowercase-ceo-heading": ("podcast",),
    "ed-clarke-closing-quote": ("podcast", "agi"),
    "culture-war-no-struggles": ("culture", "politics"),
    "ads-worse-with-ai": ("ads",),
    "safety-researchers-hung-up": ("safety",),
}

TEXT_FRAGMENT: dict[str, int] = {
    # The research's ``ja`` joins several verbatim fragments with " / "; the claim's text is the first one
    # unless the one that governs checking is another (the rest is kept in the note).
    "ads-dislike-grow-without-ads": 1,  # the prediction ("可能だと思う") is the second fragment
    "ed-clarke-closing-quote": 1,  # the Japanese rendering; the first fragment is the English original
}

EN_OVERRIDES: dict[str, str] = {
    # English for the chosen fragment where the research's ``en`` does not split along the same " / ", or where
    # it drops a clause of the Japanese (the translation must carry the whole text).
    "memory-personal-agent-goal": (  # the research's "en" drops 最近実装された (recently implemented)
        "The recently implemented memory feature aims, in the future, to become an AI agent that grows more and "
        "more personalized and useful over the course of one's life."
    ),
    "ed-lex-mit-research": (  # the research's "en" drops the hours-long, relentless interviews with geniuses
        "Lex Fridman is a podcast influencer who, while researching autonomous-driving AI and more at MIT, conducts "
        "relentless, no-holds-barred interviews lasting several hours with the world's geniuses."
    ),
    "ed-helion-altman-invested": "Hopeful about the startup Helion Energy (Sam Altman has also invested).",
    "ed-gemini-images-parenthetical": (
        "(the incident where, perhaps from excessive political correctness, it output extremely left-leaning, "
        "historically incorrect images such as Asian Nazis and Black American Founding Fathers)"
    ),
    "ed-only-lowercase-ceo-heading": "On being the only CEO who tweets entirely in lowercase",
    "ed-clarke-closing-quote": (
        '"It may be that our role on this planet is not to worship God, but to create Him." (Arthur C. Clarke)'
    ),
}


@dataclass(frozen=True)
class HorizonSpec:
    text: str
    end: date | None
    rule: str
    vague: bool = False
    note: str | None = None


NO_TIME = "no time given"
HORIZONS: dict[str, HorizonSpec] = {
    "board-more-robust-governance": HorizonSpec(NO_TIME, None, "open-ended"),
    "ilya-work-together": HorizonSpec(
        "for certainly the rest of my career",
        None,
        "open-ended",
        note="Open-ended, but falsified by a departure (research).",
    ),
    "sora-scale-magic": HorizonSpec(NO_TIME, None, "open-ended"),
    "sora-misuse-risk": HorizonSpec(NO_TIME, None, "open-ended"),
    "creator-optout-compensation": HorizonSpec(NO_TIME, None, "open-ended"),
    "ai-task-horizon-growth": HorizonSpec(NO_TIME, None, "open-ended"),
    "youtube-ai-content-5y": HorizonSpec(
        "in the next five years",
        date(2029, 3, 18),
        "in-the-next-n-units",
        note="The five years come from Lex Fridman's question [00:41:50], not from Altman's answer; the article "
        "renders them as 今後5年以内 (within the next 5 years).",
    ),
    "gpt4-look-back-soon": HorizonSpec(
        "relatively soon",
        None,
        "open-ended",
        vague=True,
        note="No deadline; the research assessed it at 2026-11-27.",
    ),
    "context-billions-future": HorizonSpec("if we dream into the distant future", None, "open-ended"),
    "hallucination-better-next": HorizonSpec(
        "upcoming versions",
        None,
        "open-ended",
        note="Tied to the next major models, not to a date; the research assessed it through GPT-5 (2025-08-07).",
    ),
    "hallucination-not-solved-2024": HorizonSpec("this year", date(2024, 12, 31), "this-year"),
    "memory-personal-agent-goal": HorizonSpec("over the course of your life", None, "open-ended"),
    "memory-user-control": HorizonSpec(NO_TIME, None, "open-ended"),
    "slow-thinking-paradigm": HorizonSpec(NO_TIME, None, "open-ended"),
    "reasoning-pursuit": HorizonSpec(NO_TIME, None, "open-ended"),
    "amazing-model-2024": HorizonSpec("this year", date(2024, 12, 31), "this-year"),
    "releases-coming-months": HorizonSpec(
        "in the coming months",
        date(2024, 9, 18),
        "coming-units",
        vague=True,
        note="'The coming months' read as at most six months (the research's assumption and the house convention).",
    ),
    "compute-precious-commodity": HorizonSpec("the future", None, "open-ended"),
    "compute-massive-needs-bottlenecks": HorizonSpec(NO_TIME, None, "open-ended"),
    "fusion-solves-energy": HorizonSpec(NO_TIME, None, "open-ended"),
    "ai-theatrical-wrong-garbled": HorizonSpec(NO_TIME, None, "open-ended"),
    "ai-politicized-left-right": HorizonSpec(NO_TIME, None, "open-ended"),
    "search-not-google-copy": HorizonSpec(NO_TIME, None, "open-ended"),
    "llm-search-integration": HorizonSpec(NO_TIME, None, "open-ended"),
    "ads-dislike-grow-without-ads": HorizonSpec(NO_TIME, None, "open-ended"),
    "safety-whole-company": HorizonSpec("there will come a point", None, "open-ended"),
    "return-to-robotics": HorizonSpec("at some point", None, "open-ended"),
    "capable-systems-end-of-decade": HorizonSpec(
        "by the end of this decade and possibly somewhat sooner than that",
        date(2029, 12, 31),
        "end-of-this-decade",
        note="End of the 2020s (2030-12-31 is also defensible, per the research). The article's '10年' (10 years) "
        "would put the deadline at 2034-03-18 instead.",
    ),
    "no-one-person-control": HorizonSpec(
        NO_TIME, None, "open-ended", note="An ongoing stance ('I continue to not want super-voting control')."
    ),
    "andreessen-regulatory-capture": HorizonSpec(NO_TIME, None, "open-ended"),
}

ICD203 = {"likely": (0.55, 0.80), "roughly even chance": (0.45, 0.55)}
"""The ICD 203 bands used (US ODNI Analytic Standards 2015, via research/prediction-anchors.md section 10)."""

UNHEDGED = "unhedged"
CREDENCES: dict[str, tuple[str, str] | str | None] = {
    # (hedge word, ICD 203 term) | "unhedged" | None (the hedge states a wish or a value, not a likelihood)
    "board-more-robust-governance": UNHEDGED,
    "ilya-work-together": None,
    "sora-scale-magic": ("it looks to me like yes", "likely"),
    "sora-misuse-risk": None,
    "creator-optout-compensation": None,
    "ai-task-horizon-growth": UNHEDGED,
    "youtube-ai-content-5y": None,
    "gpt4-look-back-soon": ("I think", "likely"),
    "context-billions-future": None,
    "hallucination-better-next": ("I think", "likely"),
    "hallucination-not-solved-2024": UNHEDGED,
    "memory-personal-agent-goal": None,
    "memory-user-control": None,
    "slow-thinking-paradigm": ("I think", "likely"),
    "reasoning-pursuit": UNHEDGED,
    "amazing-model-2024": UNHEDGED,
    "releases-coming-months": UNHEDGED,
    "compute-precious-commodity": ("maybe", "roughly even chance"),
    "compute-massive-needs-bottlenecks": ("I think", "likely"),
    "fusion-solves-energy": ("That's what I believe", "likely"),
    "ai-theatrical-wrong-garbled": ("I think", "likely"),
    "ai-politicized-left-right": ("I think", "likely"),
    "search-not-google-copy": None,
    "llm-search-integration": None,
    "ads-dislike-grow-without-ads": ("I think", "likely"),
    "safety-whole-company": ("I think", "likely"),
    "return-to-robotics": UNHEDGED,
    "capable-systems-end-of-decade": ("I expect", "likely"),
    "no-one-person-control": UNHEDGED,
    "andreessen-regulatory-capture": UNHEDGED,
}
CREDENCE_NOTES: dict[str, str] = {
    "ilya-work-together": "'I really hope' states a wish, not a likelihood: no credence recorded.",
    "sora-misuse-risk": "'you can imagine' names a possibility without a likelihood: no credence recorded.",
    "creator-optout-compensation": "'I think' qualifies a value judgement (creators deserve compensation) and "
    "'I don't know yet what the answer is' the mechanism; no likelihood of an outcome: no credence recorded.",
    "memory-personal-agent-goal": "'I think' qualifies what people want, not whether it will happen: no credence "
    "recorded.",
    "memory-user-control": "'I think the right answer there is just user choice' is normative: no credence recorded.",
    "search-not-google-copy": "'I think' qualifies a value judgement ('that would so understate what this can "
    "be'): no credence recorded.",
    "llm-search-integration": "'I would love to' states a wish, not a likelihood: no credence recorded.",
    "releases-coming-months": "'I think they'll be very cool' hedges how cool the releases are, not whether they "
    "ship: the release itself is a flat 'we'll release'.",
    "andreessen-regulatory-capture": "'I realize ... will claim' presents the outcome as given: recorded as unhedged.",
    "compute-precious-commodity": "'I think compute is gonna be the currency of the future ... maybe the most "
    "precious commodity': the weaker 'maybe' governs the article's combined sentence (which drops it).",
    "context-billions-future": "'if we dream into the distant future' frames a speculation, and 'They might not "
    "literally go there, but effectively, it'll feel like that' qualifies the form (literal billions of tokens or "
    "something that effectively feels like it), not how likely the outcome is. The research states no likelihood: "
    "no credence recorded.",
    "youtube-ai-content-5y": "'Many videos, maybe most of them, will use AI tools in the production': 'maybe' "
    "qualifies how many videos (many, perhaps most), not how likely the outcome is. The research states no "
    "likelihood: no credence recorded.",
}

CRITERIA: dict[str, str] = {
    "board-more-robust-governance": "OpenAI's structure is changed to make its governance more robust (the research "
    "weighed the 2025-10-28 recapitalization; whether it is more robust is contested).",
    "ilya-work-together": "Altman and Sutskever keep working together; Sutskever leaving OpenAI counts against.",
    "sora-scale-magic": "Scaling Sora-style visual patches brings a jump like LLMs' scaling 'magic' (the research "
    "found OpenAI's own 'GPT-3.5 moment for video' framing; independent evidence is weaker).",
    "sora-misuse-risk": "Sora is misused for deepfakes or misinformation once released.",
    "creator-optout-compensation": "Artists can opt out of generation in their style and get an economic model "
    "when it happens (the research found partial economic models, no general scheme for individual artists).",
    "ai-task-horizon-growth": "AI takes on tasks of longer and longer duration (the research used METR's "
    "50%-success time horizon on software tasks).",
    "youtube-ai-content-5y": "By 2029-03-18 most YouTube videos use AI tools in production while still driven by a "
    "person (the research found no measurement of 'most videos').",
    "gpt4-look-back-soon": "GPT-4 is soon looked back on as GPT-3 was in 2024: superseded (the research counted "
    "its retirement from ChatGPT on 2025-04-30 and GPT-4o, o1, o3 and GPT-5 far exceeding it).",
    "context-billions-future": "Context windows of billions of tokens, or memory that effectively feels like it.",
    "hallucination-better-next": "Upcoming OpenAI models hallucinate markedly less (assessed through GPT-5).",
    "hallucination-not-solved-2024": "Hallucination is still unsolved at the end of 2024.",
    "memory-personal-agent-goal": "A personal agent that gets to know its user and grows more useful over their life.",
    "memory-user-control": "Users can switch memory off and take out what they want forgotten.",
    "slow-thinking-paradigm": "A new paradigm where AI thinks longer on harder problems and answers easier ones "
    "quickly (the research counted o1's test-time compute and GPT-5's router).",
    "reasoning-pursuit": "OpenAI pursues better reasoning in its systems and ships it.",
    "amazing-model-2024": "OpenAI releases an amazing new model, under any name, by 2024-12-31.",
    "releases-coming-months": "OpenAI releases many different things within the coming months (by about 2024-09-18).",
    "compute-precious-commodity": "Compute becomes the currency of the future, maybe the most precious commodity "
    "(vague; the research finds it not measurable).",
    "compute-massive-needs-bottlenecks": "The world wants an amount of compute hard to reason about in 2024, with "
    "energy the hardest part to supply.",
    "fusion-solves-energy": "Fusion solves the energy supply (the research: no commercial fusion electricity as of "
    "2026-11).",
    "ai-theatrical-wrong-garbled": "Some things go 'theatrically wrong' with AI (a judgement call, per the research).",
    "ai-politicized-left-right": "AI gets caught up in left-versus-right political wars.",
    "search-not-google-copy": "OpenAI does not build just another copy of Google.",
    "llm-search-integration": "OpenAI works on integrating LLMs with search and ships it.",
    "ads-dislike-grow-without-ads": "OpenAI builds a business that pays for its compute without ads; ads in ChatGPT "
    "count against.",
    "safety-whole-company": "Safety becomes mostly what the whole company thinks about (no measure exists).",
    "return-to-robotics": "OpenAI returns to work on robots.",
    "capable-systems-end-of-decade": "By 2029-12-31 there are quite capable systems that people look at and say "
    "'Wow, that's really remarkable' (subjective, per the research).",
    "no-one-person-control": "No single person, Altman included, gets total control of OpenAI or AGI (e.g. "
    "super-voting control).",
    "andreessen-regulatory-capture": "People like Marc Andreessen claim Altman is going for regulatory capture.",
}

EFFECTIVE: dict[str, date] = {
    # The day each verdict became true in the world. Assertions, denials, misattributions and attribution
    # failures are judged as of the day they were said, and so are uncertainty statements and opinions unless
    # the research judges them on later events (sora-limbs-fundamental, fission-new-reactors); outcomes take the
    # date of the event in the research's timeline (its Appendix C); "unverifiable" claims judged on later
    # evidence take the date of the latest evidence the research weighed.
    "board-new-members-expertise": SAID_ON,
    "board-more-robust-governance": date(2025, 10, 28),  # recapitalization completed
    "ilya-did-not-see-agi": SAID_ON,
    "ilya-work-together": date(2024, 5, 14),  # Sutskever announces his departure
    "musk-wanted-control-tesla": SAID_ON,
    "musk-left-feb-2018-own-choice": SAID_ON,
    "free-tier-no-ads-open": SAID_ON,
    "musk-closedai-grok-open": SAID_ON,
    "sora-limbs-fundamental": date(2025, 9, 30),  # Sora 2, the latest evidence weighed
    "sora-scale-magic": date(2025, 9, 30),  # Sora 2, "GPT-3.5 moment for video"
    "sora-human-labeling": SAID_ON,
    "sora-red-team": SAID_ON,
    "sora-misuse-risk": date(2025, 10, 16),  # OpenAI pauses Sora generations of Dr. King
    "creator-optout-compensation": date(2025, 12, 11),  # Disney licensing deal, the latest outcome weighed
    "ai-task-horizon-growth": date(2025, 3, 19),  # METR: task length doubling every ~7 months
    "gpt4-naming-misread": SAID_ON,
    "gpt4-look-back-soon": date(2025, 4, 30),  # GPT-4 retired from ChatGPT
    "post-training-vs-scale": SAID_ON,
    "young-default-start": SAID_ON,
    "hallucination-better-next": date(2025, 8, 7),  # GPT-5
    "hallucination-not-solved-2024": date(2024, 12, 31),  # the year ended unsolved
    "memory-recently-implemented": SAID_ON,
    "memory-personal-agent-goal": date(2025, 4, 10),  # memory references all past chats
    "memory-user-control": date(2024, 4, 29),  # memory, with its off switch, reaches all Plus users
    "slow-thinking-paradigm": date(2024, 9, 12),  # o1-preview
    "qstar-not-ready": SAID_ON,
    "reasoning-pursuit": date(2024, 9, 12),  # o1-preview
    "gpt5-date-unknown": SAID_ON,
    "amazing-model-2024": date(2024, 5, 13),  # GPT-4o
    "releases-coming-months": date(2024, 5, 13),  # memory GA, Model Spec, GPT-4o + desktop app by then
    "7t-tweet-denial-and-8-meme": SAID_ON,
    "compute-massive-needs-bottlenecks": date(2025, 11, 6),  # Nadella: power is the bottleneck (reported 11-06)
    "fission-new-reactors": date(2024, 9, 20),  # TMI-1 restart agreed (a wish the research tracks as a trend)
    "ai-politicized-left-right": date(2025, 7, 23),  # AI Action Plan and "Preventing Woke AI" order
    "air-pollution-vs-nuclear": SAID_ON,
    "search-not-google-copy": date(2024, 10, 31),  # ChatGPT search launched
    "llm-search-integration": date(2024, 7, 25),  # SearchGPT prototype
    "ads-dislike-grow-without-ads": date(2026, 2, 9),  # ads test begins in ChatGPT
    "safety-whole-company": date(2024, 6, 14),  # latest evidence weighed (Safety and Security Committee)
    "state-actors-hacking": SAID_ON,
    "return-to-robotics": date(2024, 11, 5),  # Caitlin Kalinowski joins to lead robotics (~2024-11-05)
    "agi-far-future-misread": SAID_ON,
    "andreessen-regulatory-capture": SAID_ON,  # already true when said (see the event note)
}
"""Editorial records and the Appendix A additions are judged as of the day they were said (SAID_ON)."""

EVENT_NOTES: dict[str, str] = {
    "memory-user-control": "Effective 2024-04-29, when memory with its on/off control reached all Plus users "
    "(research timeline); the control was already part of the February 2024 test.",
    "compute-massive-needs-bottlenecks": "Effective 2025-11-06: the research dates Nadella's remark to early "
    "November 2025 and cites a report of 2025-11-06.",
    "return-to-robotics": "Effective ~2024-11-05 (approximate in the research).",
    "andreessen-regulatory-capture": "Effective on the day said: the evidence predates the interview, so it cannot "
    "resolve a prediction under the temporal guard; the research's 'came true' (low confidence) rests on the attacks "
    "already being under way when Altman spoke. No post-interview statement by Andreessen naming Altman was "
    "retrieved.",
    "sora-limbs-fundamental": "Effective on the date of the latest evidence weighed (Sora 2, 2025-09-30).",
    "fission-new-reactors": "Effective 2024-09-20: the research tracks this wish as a trend and dates its example, "
    "the Microsoft-Constellation agreement to restart Three Mile Island Unit 1, to 2024-09-20.",
    "safety-whole-company": "Effective on the date of the latest evidence weighed (2024-06-14).",
    "free-tier-no-ads-open": "Judged as of said_on. SUPERSEDED: no longer true for the US Free tier since 2026-02-09 "
    "(the research keeps the verdict and flags the change; no second event is recorded because the assertion is "
    "about 2024-03-18).",
}

STANCE_OVERRIDES: dict[tuple[str, int], str] = {
    ("free-tier-no-ads-open", 0): "context",
    ("free-tier-no-ads-open", 1): "context",
    ("free-tier-no-ads-open", 2): "context",
    ("ilya-did-not-see-agi", 0): "supports",
    ("ilya-did-not-see-agi", 1): "context",
    ("ilya-did-not-see-agi", 2): "context",
    ("musk-left-feb-2018-own-choice", 2): "context",
    ("sora-scale-magic", 0): "context",
    ("sora-scale-magic", 1): "supports",
    ("sora-scale-magic", 2): "context",
    ("creator-optout-compensation", 0): "refutes",
    ("creator-optout-compensation", 1): "mixed",
    ("creator-optout-compensation", 2): "supports",
    ("hallucination-better-next", 2): "context",
    ("7t-tweet-denial-and-8-meme", 2): "context",
    ("fission-new-reactors", 0): "supports",
    ("fission-new-reactors", 1): "supports",
    ("llm-search-integration", 2): "context",
    ("safety-whole-company", 0): "refutes",
    ("state-actors-hacking", 2): "context",
}
"""Stances that differ from the verdict's direction.

By default: true -> supports, false -> refutes, mixed -> mixed, anything else -> context.
"""

EVIDENCE_NOTES: dict[tuple[str, int], str] = {
    ("ai-task-horizon-growth", 2): "Secondary analysis of early-2026 METR data: medium/low confidence (research).",
    ("hallucination-better-next", 0): "Hallucination figures are OpenAI's own, reported by the press (research).",
    ("hallucination-better-next", 1): "Hallucination figures are OpenAI's own, reported by the press (research).",
    ("hallucination-better-next", 2): "The path was not monotonic: o3 and o4-mini hallucinated more than o1.",
    ("7t-tweet-denial-and-8-meme", 0): "The $5-7T figure was attributed to people familiar with the matter; CNBC "
    "could not confirm it. Altman's 'maybe eight' meme post itself was not retrieved (research).",
    ("musk-wanted-control-tesla", 2): "Quotes a Jan-31-2018 email Musk forwarded; who wrote the forwarded text is "
    "not verified (research).",
    ("context-billions-future", 0): "The ~1-10M-token contexts elsewhere were not verified (research).",
    ("no-one-person-control", 1): "Altman's equity after the 2025 recapitalization was not verified (research).",
    ("andreessen-regulatory-capture", 0): "Published before the interview.",
    ("andreessen-regulatory-capture", 1): "Published before the interview.",
    ("andreessen-regulatory-capture", 2): "Published before the interview.",
    ("ilya-work-together", 2): "The research dates this to July 2025; its evidence notes give 2025-06-29 for the "
    "change of CEO.",
}

FIDELITY_NOTES: dict[str, str] = {
    "sora-red-team": "Not in the interview: Altman never mentions red-teaming; the detail comes from OpenAI's Sora "
    "page of 2024-02-15. In the interview he gave efficiency/scale work and deepfake/misinformation concerns "
    "[00:39:29].",
    "memory-recently-implemented": "The premise is Lex's ('You've given ChatGPT the ability to have memories'); "
    "Altman called it 'an early exploration', and on said_on memory was only a test for a small share of users.",
    "ed-lex-stopped-question": "The author's interpretation: Lex did not stop a question because the topic got "
    "sensitive. Altman had said some things 'are going to go theatrically wrong with AI' and that the chance he "
    "'eventually get[s] shot' is not zero; Lex asked how to decrease the theatrical nature and moved on "
    "[01:12:45-01:13:37].",
    "ed-only-lowercase-ceo-heading": "The heading presents Lex's claim [01:46:29] ('You're the only CEO of a company "
    "that doesn't capitalize tweets') as fact; Altman: 'I don't even think that's true, but maybe, maybe.'",
    "ed-clarke-closing-quote": "Matches what Lex read at the close [01:54:44]; whether Clarke wrote it was not "
    "verified.",
}

ACTUALLY_SAID: dict[str, str] = {
    # For each statement not in the interview (seed fidelity "not-in-interview"): what Altman said nearest to it.
    "sora-red-team": "Altman never mentions red-teaming (research key finding 11); asked about the dangers of "
    'releasing Sora he named efficiency at scale and misuse [00:39:29]: "one thing we have to do before releasing '
    "the system is just like, get it to work at a level of efficiency that will deliver the scale people are gonna "
    'want from this ... you can imagine like issues with deep fakes, misinformation". The red-team detail comes '
    "from OpenAI's Sora page of 2024-02-15, where the research finds it accurate.",
    # For each attribution failure (research status "inaccurate (attribution)"): what Altman actually said, in the
    # research's words (its key findings 3-5 and the records' en_original). Every quoted passage is checked
    # against the record's en_original when the ledger is built.
    "gpt4-naming-misread": "What Altman said: he was listing example prompts a user brings to GPT-4 as a 'creative "
    "brainstorming partner' [00:46:42]: \"I need to come up with a name for this thing. I need to think about this "
    "problem in a different way. I'm not sure what to do here\" (research key finding 4).",
    "post-training-vs-scale": "Altman did not call post-training superficial or say that base-model scale is what "
    "matters; he said the opposite [00:48:55]: \"they're both super important, but the RLHF, the post-training "
    'step ... that\'s really important", and that the world\'s belief came "more about the ChatGPT interface" '
    'and the post-training "than the underlying model itself" [00:48:19] (research key finding 5).',
    "agi-far-future-misread": "Altman did not say that true AGI is in the far future. He said the question of when "
    'AGI will be built is "very poorly formed", that "it makes more sense to talk about when we\'ll build '
    'systems that can do capability X or Y or Z", and that AGI is "closer to a beginning, but it\'s much more of '
    'a mile marker" [01:32:30] (research key finding 3).',
}

TRANSCRIPT_EVIDENCE: dict[str, tuple[str, str, str]] = {
    # Editorial records checked against the interview itself: (locator, stance, excerpt)
    "ed-lex-stopped-question": (
        "01:12:45-01:13:37",
        "refutes",
        "I think some things are going to go theatrically wrong with AI. I don't know what the percent chance is "
        "that I eventually get shot, but it's not zero. / Lex: Oh, like we want to stop this. / Altman: Maybe. / "
        "Lex: How do you decrease the theatrical nature of it?",
    ),
    "ed-only-lowercase-ceo-heading": (
        "01:46:29",
        "context",
        "Lex: You're the only CEO of a company that doesn't capitalize tweets. / Altman: I don't even think that's "
        "true, but maybe, maybe.",
    ),
    "ed-clarke-closing-quote": (
        "01:54:44",
        "supports",
        "let me leave you with some words from Arthur C. Clarke. It may be that our role on this planet is not to "
        "worship God, but to create him.",
    ),
}

APPENDIX_HEADING = (
    "5. Appendix A — the rest of the seed's statements (mostly opinions or self-reports), mapped to the transcript"
)
"""The research's section heading for Appendix A, verbatim: the ``origin`` anchor of the Appendix A records.

Appendix A rows have no ids, no status and no confidence column, so their events point at the section, name the
row in their note and carry no confidence. ``load_research`` checks that the heading and each row exist."""

APPENDIX_RECORDS: list[dict[str, Any]] = [
    # Statements of the research's Appendix A that its key finding 14 names as shifted or distorted, so that
    # every one of the 14 findings is represented. Appendix A gives no status and no confidence column. Its
    # legend: "O = opinion, S = self-report (not checkable)"; an S row is recorded as not checkable with the
    # rating "self-report (not checkable)", an O row as the research's "not-checkable-opinion" (its status for
    # "a pure opinion or value statement"). ``appendix_row`` is the row's first cell (the seed text, abridged as
    # the research has it) and ``appendix_kind`` its kind code.
    {
        "id": "culture-war-no-struggles",
        "ja": (
            "幸いOpenAI内では、AGIへの信念が他の事を排除しているため、"
            "他の西海岸のテック企業で聞くような政治的、文化な闘争はない"
        ),
        "en": "Fortunately at OpenAI, because the belief in AGI crowds other things out, there are none of the "
        "political and cultural struggles you hear about at other West Coast tech companies.",
        "en_original": "[01:26:06] \"I feel very lucky that we don't have the challenges at OpenAI that I have heard "
        "of at a lot of other companies. ... every company has got some ideological thing. We have one about AGI "
        "and belief in that and it pushes out some others. Like we are much less caught up in the culture war "
        "than I've heard about at a lot of other companies.\" [01:26:37] \"I'm sure it does in all sorts of "
        "subtle ways ... I think we've had our flare-ups for sure\"",
        "speaker": "Sam Altman",
        "kind": "factual-assertion",
        "section": "文化的闘争、安全性の確保について",
        "seed_fidelity": "partly-faithful",
        "fidelity_comment": "Overstated: the original is 'much less caught up in the culture war … we've had our "
        "flare-ups' (research Appendix A), not 'no struggles'.",
        "status_2026_11": "not-checkable-opinion",
        "rating": "self-report (not checkable)",
        "appendix_row": "OpenAI内では…政治的、文化な闘争はない",
        "appendix_kind": "S",
        "_summary": {"kind": "S (self-report)"},
        "evidence": [],
        "note": "A self-report about OpenAI's internal culture; Appendix A classes self-reports as not checkable.",
    },
    {
        "id": "ads-worse-with-ai",
        "ja": "そして世の中の進歩は、AIによってそのような方向に向かっていると思う",
        "en": "And I think that, with AI, the world's progress is heading in that direction.",
        "en_original": '[01:21:23] "when I go use like Twitter or Facebook or Google or any other great product, '
        "but ad supported great product, I don't love that. And I think it gets worse, not better in a world with "
        'AI."',
        "speaker": "Sam Altman",
        "kind": "opinion",
        "section": "7兆ドルのコンピューティング資源… / Googleと広告モデル、Geminiについて",
        "locator": "01:21:36",
        "seed_fidelity": "distorted",
        "fidelity_comment": "The original says ad-supported products get 'worse, not better in a world with AI'; the "
        "article turns it into the world's progress heading toward an ad-driven dystopia (research Appendix A).",
        "status_2026_11": "not-checkable-opinion",
        "appendix_row": "そして世の中の進歩は、AIによってそのような方向に向かっている",
        "appendix_kind": "O",
        "evidence": [],
        "note": "An opinion about ad-supported products in a world with AI.",
    },
    {
        "id": "safety-researchers-hung-up",
        "ja": (
            "実際に、賢くて善意のあるAI安全研究者たちの大きなグループが"
            "その問題にすっかり囚われてしまっているが、その事は嬉しく思っている"
        ),
        "en": "In fact, a large group of smart, well-meaning AI safety researchers has become completely caught up in "
        "that problem, and I'm glad about that.",
        "en_original": "[01:42:20] \"And there's a big group of very smart, I think very well-meaning AI safety "
        "researchers that got super hung up on this one problem. I'd argue without much progress, but super hung up "
        "on this one problem. I'm actually happy that they do that because I think we do need to think about this "
        'more. But I think it pushed aside ... a lot of the other very significant AI-related risks."',
        "speaker": "Sam Altman",
        "kind": "opinion",
        "section": "文化的闘争、安全性の確保について",
        "locator": "01:42:31",
        "seed_fidelity": "partly-faithful",
        "fidelity_comment": "Drops Altman's caveats 'I'd argue without much progress' and that the focus 'pushed "
        "aside … a lot of the other very significant AI-related risks' (research key finding 14).",
        "status_2026_11": "not-checkable-opinion",
        "appendix_row": "賢くて善意のあるAI安全研究者たち…嬉しく思っている",
        "appendix_kind": "O",
        "evidence": [],
        "note": "An opinion about the AI-safety research community.",
    },
]


# --------------------------------------------------------------------------------------------
# Reading the research
# --------------------------------------------------------------------------------------------


class BuildError(ValueError):
    """The research or the seed does not support a record as the tables describe it."""


_COMMENT = re.compile(r'^  (seed_fidelity|status_2026_11|kind|evidence|confidence): ([^#"]*?)\s+#\s*(.+)$')
_TABLE_ROW = re.compile(r"^\| (E?\d+) \| ([a-z0-9-]+) \|(.*)\|\s*$")


def load_research(path: Path) -> list[dict[str, Any]]:
    """The records of the research's YAML blocks, each with the inline comments YAML drops (``_comments``)."""
    try:
        import yaml  # type: ignore[import-untyped]
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise BuildError("PyYAML is needed to read the research file: pip install pyyaml") from exc
    text = path.read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    if len(blocks) != 2:
        raise BuildError(f"{path}: expected 2 YAML blocks (speaker and editorial records), found {len(blocks)}")
    summary = _summary_rows(text)
    _check_appendix(text, path)
    records: list[dict[str, Any]] = []
    for block in blocks:
        loaded = yaml.safe_load(block)
        comments = dict(_comments(block))
        for record in loaded:
            record["_comments"] = comments.get(record["id"], {})
            record["_summary"] = summary.get(record["id"], {})
            records.append(record)
    return records


def _check_appendix(text: str, path: Path) -> None:
    """The Appendix A heading (the records' origin anchor) and each row they come from exist in the research."""
    lines = text.splitlines()
    if f"## {APPENDIX_HEADING}" not in lines:
        raise BuildError(f"{path}: no section heading {APPENDIX_HEADING!r} (the Appendix A records' origin)")
    for r in APPENDIX_RECORDS:
        row = f"| {r['appendix_row']} |"
        cells = [[c.strip() for c in line.strip("|").split("|")] for line in lines if line.startswith(row)]
        if len(cells) != 1 or cells[0][2] != r["appendix_kind"]:
            raise BuildError(f"{path}: no single Appendix A row {r['appendix_row']!r} of kind {r['appendix_kind']}")


def _comments(block: str) -> Iterator[tuple[str, dict[str, str]]]:
    current: str | None = None
    found: dict[str, str] = {}
    for line in block.splitlines():
        if line.startswith("- id: "):
            if current is not None:
                yield current, found
            current, found = line[len("- id: ") :].strip(), {}
        elif m := _COMMENT.match(line):
            found[m.group(1)] = m.group(3).strip()
    if current is not None:
        yield current, found


def _summary_rows(text: str) -> dict[str, dict[str, str]]:
    """The research's summary tables (its section 2): kind and status as written there, which name combinations."""
    rows: dict[str, dict[str, str]] = {}
    for line in text.splitlines():
        m = _TABLE_ROW.match(line)
        if not m:
            continue
        cells = [c.strip() for c in m.group(3).split("|")]
        if m.group(1).startswith("E"):  # | E1 | id | kind | status | conf |
            rows[m.group(2)] = {"kind": cells[0], "status": cells[1]}
        elif len(cells) >= 6:  # | n | id | section | kind | horizon | status | conf | fidelity |
            rows[m.group(2)] = {"kind": cells[1], "status": cells[3], "fidelity": cells[5]}
    return rows


def squash(text: str) -> str:
    """Whitespace folded to single spaces (the research's folded YAML scalars end in a newline)."""
    return " ".join(str(text).split())


def parse_research_date(value: object, *, where: str) -> DateRange:
    """A research date ("2024-03-08", "2024-03", "2024", "2025 (late)") as a DateRange keeping fuzzy wording."""
    if isinstance(value, date):
        return DateRange.day(value)
    text = str(value).strip()
    if m := re.fullmatch(r"(\d{4}) \(late\)", text):
        year = int(m.group(1))
        return DateRange(
            start=date(year, 9, 1), end=date(year, 12, 31), granularity=Granularity.PART_OF_YEAR, text=text
        )
    if re.fullmatch(r"\d{4}(-\d{2}){0,2}", text):
        return DateRange.model_validate(text)
    raise BuildError(f"{where}: cannot read the date {text!r}")


# --------------------------------------------------------------------------------------------
# Building records
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Built:
    claim: Claim
    events: tuple[StatusEvent, ...]
    evidence: tuple[Evidence, ...]


def build_all(research: Sequence[dict[str, Any]], seed_text: str) -> list[Built]:
    """Every record of the bundled ledger, checked against the seed article."""
    records = [*research, *APPENDIX_RECORDS]
    ids = [r["id"] for r in records]
    if len(set(ids)) != len(ids):
        raise BuildError("duplicate ids in the research records")
    for table_name, table in (
        ("TOPICS", TOPICS),
        ("HORIZONS", HORIZONS),
        ("CREDENCES", CREDENCES),
        ("EFFECTIVE", EFFECTIVE),
    ):
        unknown = sorted(set(table) - set(ids))
        if unknown:
            raise BuildError(f"{table_name} names ids the research does not have: {unknown}")
    return [build_one(record, seed_text) for record in records]


def build_one(r: dict[str, Any], seed_text: str) -> Built:
    claim_id: str = r["id"]
    where = f"record {claim_id!r}"
    editorial = claim_id.startswith("ed-")
    fragments = r["ja"].split(" / ")
    for fragment in fragments:
        if fragment not in seed_text:
            raise BuildError(f"{where}: field 'ja' is not verbatim in the seed article: {fragment!r}")
    chosen = TEXT_FRAGMENT.get(claim_id, 0)
    text = fragments[chosen]
    en_parts = squash(r["en"]).split(" / ")
    if claim_id in EN_OVERRIDES:
        english = EN_OVERRIDES[claim_id]
    elif len(en_parts) == len(fragments):
        english = en_parts[chosen]
    else:
        raise BuildError(f"{where}: 'en' and 'ja' split into different numbers of fragments; add an EN_OVERRIDES entry")

    try:
        kind = KINDS[r["kind"]]
    except KeyError:
        raise BuildError(f"{where}: field 'kind' has unknown value {r['kind']!r}") from None
    if claim_id not in TOPICS:
        raise BuildError(f"{where}: no TOPICS entry")

    notes: list[str] = []
    others = [(i, f) for i, f in enumerate(fragments) if i != chosen]
    for i, fragment in others:
        english_other = en_parts[i] if len(en_parts) == len(fragments) else None
        notes.append(
            f"The research record also includes the article's 「{fragment}」"
            + (f" ({english_other.rstrip('.')})" if english_other else "")
            + "."
        )
    if chosen:
        notes.append("The claim's text is the fragment that carries the checkable statement.")
    summary_kind = r.get("_summary", {}).get("kind")
    kind_comment = r.get("_comments", {}).get("kind")
    if (summary_kind and summary_kind != r["kind"]) or kind_comment:
        described = summary_kind or r["kind"]
        extra = f"; {kind_comment}" if kind_comment else ""
        notes.append(
            f"Research kind: '{described}'{extra}. Recorded as {kind.value}, the kind that governs how it is checked."
        )
    speaker_text = squash(r["speaker"])
    if editorial and speaker_text not in ("psymen", "psymen (article author)"):
        notes.append(f"Speaker per the research: {speaker_text}. Recorded as the article's author, who states it.")
    elif not editorial and speaker_text != "Sam Altman":
        notes.append(f"Speaker per the research: {speaker_text}. The article attributes the statement to Altman.")
    notes.append(SAID_ON_NOTE if not editorial else "said_on is the article's publication date (research).")
    hedge = r.get("hedge")
    if hedge and str(hedge) != "none":
        notes.append(f"Hedge in the original: {squash(hedge)}.")
    if claim_id in CREDENCE_NOTES:
        notes.append("Credence: " + CREDENCE_NOTES[claim_id])
    deadline = r.get("deadline")
    if deadline is not None and not isinstance(deadline, date):
        notes.append(f"Deadline per the research: {squash(deadline).rstrip('.')}.")
    if claim_id == "capable-systems-end-of-decade":
        notes.append(
            "The article's '10年、場合によっては更に早く' reads 'by the end of this decade' as '10 years': its "
            "deadline would be 2034-03-18, about four years later than the original's 2029-12-31."
        )
    if claim_id in KEY_FINDINGS:
        notes.append(f"Research key finding {KEY_FINDINGS[claim_id]} (the article's fidelity).")
    raw_status = str(r["status_2026_11"])
    if STATUS.get(raw_status, Verdict.OPEN) is None:  # open: no event, so the research's reasoning lives here
        comment = r.get("_comments", {}).get("status_2026_11")
        detail = f"{raw_status}; {comment}" if comment else raw_status
        notes.append(f"Status as of {AS_OF}: open (research: {detail}).")
        if r.get("note"):
            notes.append(squash(r["note"]))

    horizon = credence = None
    if kind.is_forward_looking:
        spec = HORIZONS.get(claim_id)
        if spec is None:
            raise BuildError(f"{where}: a {kind.value} needs a HORIZONS entry")
        horizon = _horizon(spec, where)
        credence = _credence(claim_id, where)
        spec_c = CREDENCES[claim_id]
        if isinstance(spec_c, tuple):
            low, high = ICD203[spec_c[1]]
            notes.append(
                f"Credence: the hedge '{spec_c[0]}' is read on the ICD 203 scale as '{spec_c[1]}' "
                f"({low:.0%}-{high:.0%}, midpoint used as p)."
            )
    criteria = (TextCriterion(text=CRITERIA[claim_id]),) if claim_id in CRITERIA else ()

    sources = _sources(r, text, editorial)
    claim = Claim(
        id=claim_id,
        text=text,
        language="ja",
        translations={"en": english},
        speaker=AUTHOR if editorial else ALTMAN,
        said_on=DateRange.day(SAID_ON),
        kind=kind,
        topics=TOPICS[claim_id],
        sources=sources,
        horizon=horizon,
        credence=credence,
        criteria=criteria,
        note="\n".join(notes),
    )
    evidence = _evidence(r, claim_id)
    events = _events(r, claim, evidence)
    return Built(claim=claim, events=events, evidence=evidence)


def _horizon(spec: HorizonSpec, where: str) -> Horizon:
    """The horizon read by claimtrack.parse_horizon, checked against the research's deadline."""
    parsed = parse_horizon(spec.text, SAID_ON, languages=("en",))
    if parsed.end != spec.end:
        raise BuildError(f"{where}: parse_horizon({spec.text!r}) ends {parsed.end}, the research says {spec.end}")
    if parsed.vague != spec.vague:
        raise BuildError(f"{where}: parse_horizon({spec.text!r}) vague={parsed.vague}, expected {spec.vague}")
    return parsed.model_copy(update={"note": spec.note}) if spec.note else parsed


def _credence(claim_id: str, where: str) -> Credence | None:
    if claim_id not in CREDENCES:
        raise BuildError(f"{where}: no CREDENCES entry")
    spec = CREDENCES[claim_id]
    if spec is None:
        return None
    if spec == UNHEDGED:
        return Credence(p=None, basis=CredenceBasis.UNHEDGED, word=None)
    if isinstance(spec, str):
        raise BuildError(f"{where}: unknown CREDENCES value {spec!r}")
    word, term = spec
    low, high = ICD203[term]
    credence = credence_from_text(word, language="en")
    if credence is None or (credence.low, credence.high, credence.scale) != (low, high, "icd203"):
        raise BuildError(f"{where}: credence_from_text({word!r}) gives {credence}, the research reads {term!r}")
    return credence


def _sources(r: dict[str, Any], text: str, editorial: bool) -> tuple[Source, ...]:
    claim_id = r["id"]
    section = r.get("section")
    article_fidelity = FIDELITY.get(str(r.get("seed_fidelity"))) if r.get("seed_fidelity") else None
    comment = r.get("fidelity_comment") or r.get("_comments", {}).get("seed_fidelity")
    fidelity_note = FIDELITY_NOTES.get(claim_id) or comment
    if claim_id == "capable-systems-end-of-decade":
        fidelity_note = (
            "'by the end of this decade' rendered as '10年' (10 years): read literally, the article's deadline is "
            "2034-03-18 instead of 2029-12-31."
        )
    if fidelity_note is None and article_fidelity is Fidelity.FAITHFUL:
        fidelity_note = "Matches the interview (research)."
    if claim_id in KEY_FINDINGS:
        fidelity_note = f"{fidelity_note} [research key finding {KEY_FINDINGS[claim_id]}]"

    if editorial:
        article_fidelity = {
            "ed-lex-stopped-question": Fidelity.DISTORTED,
            "ed-only-lowercase-ceo-heading": Fidelity.MISATTRIBUTED,
            "ed-clarke-closing-quote": Fidelity.FAITHFUL,
        }.get(claim_id)
        fidelity_note = FIDELITY_NOTES.get(claim_id)
        if claim_id in KEY_FINDINGS and fidelity_note:
            fidelity_note = f"{fidelity_note} [research key finding {KEY_FINDINGS[claim_id]}]"
        return (
            Source(
                url=None,
                title=ARTICLE_TITLE,
                publisher=ARTICLE_PUBLISHER,
                published_on=DateRange.day(SAID_ON),
                role=SourceRole.PRIMARY,
                locator=squash(section) if section else None,
                quote=text,
                language="ja",
                fidelity=article_fidelity,
                fidelity_note=f"{fidelity_note} {ARTICLE_NOTE_URL}" if fidelity_note else ARTICLE_NOTE_URL,
            ),
        )

    original = squash(r["en_original"])
    stamps = re.findall(r"\[(\d\d:\d\d:\d\d)", original)
    locator = r.get("locator") or (stamps[0] if stamps else None)
    if r.get("seed_fidelity") == "not-in-interview":
        primary = Source(
            url=PODCAST_URL,
            title=PODCAST_TITLE,
            publisher=PODCAST_PUBLISHER,
            published_on=DateRange.day(SAID_ON),
            role=SourceRole.PRIMARY,
            locator=locator,
            quote=None,
            language="en",
            fidelity=None,
            fidelity_note=f"No primary quote: the statement is not in the interview (research). Nearest passage: "
            f"{original} {ASR_NOTE}",
        )
    else:
        primary = Source(
            url=PODCAST_URL,
            title=PODCAST_TITLE,
            publisher=PODCAST_PUBLISHER,
            published_on=DateRange.day(SAID_ON),
            role=SourceRole.PRIMARY,
            locator=locator,
            quote=original,
            language="en",
            fidelity=Fidelity.VERBATIM,
            fidelity_note=ASR_NOTE,
        )
    secondary = Source(
        url=None,
        title=ARTICLE_TITLE,
        publisher=ARTICLE_PUBLISHER,
        published_on=DateRange.day(SAID_ON),
        role=SourceRole.SECONDARY,
        locator=squash(section) if section else None,
        quote=text,
        language="ja",
        fidelity=article_fidelity,
        fidelity_note=f"{fidelity_note} {ARTICLE_NOTE_URL}" if fidelity_note else ARTICLE_NOTE_URL,
    )
    return (primary, secondary)


def research_verdict(r: dict[str, Any]) -> Verdict | None:
    """The verdict for a research record's status (None: still open, so no event).

    ``STATUS`` maps the status words; a status the research's summary table gives as "inaccurate (attribution)"
    is an attribution failure and becomes ``Verdict.NOT_SAID`` (see ``ATTRIBUTION_FAILURE``).
    """
    claim_id = r["id"]
    raw = str(r["status_2026_11"])
    if raw not in STATUS:
        raise BuildError(f"record {claim_id!r}: field 'status_2026_11' has unknown value {raw!r}")
    if r.get("seed_fidelity") == NOT_IN_INTERVIEW:
        if claim_id not in ACTUALLY_SAID:
            raise BuildError(f"record {claim_id!r}: a statement not in the interview needs an ACTUALLY_SAID entry")
        return Verdict.NOT_SAID
    if r.get("_summary", {}).get("status") == ATTRIBUTION_FAILURE:
        if raw != "inaccurate":
            raise BuildError(f"record {claim_id!r}: '{ATTRIBUTION_FAILURE}' in the summary but {raw!r} in its record")
        if claim_id not in ACTUALLY_SAID:
            raise BuildError(f"record {claim_id!r}: an attribution failure needs an ACTUALLY_SAID entry")
        return Verdict.NOT_SAID
    if claim_id in ACTUALLY_SAID:
        raise BuildError(
            f"record {claim_id!r}: ACTUALLY_SAID names it, but the research's status is not an attribution failure"
        )
    return STATUS[raw]


def _check_actually_said(r: dict[str, Any]) -> None:
    """Every passage ACTUALLY_SAID quotes (between double quotes, "..." marking a cut) is in the en_original."""
    original = squash(r["en_original"])
    for quoted in re.findall(r'"([^"]+)"', ACTUALLY_SAID[r["id"]]):
        for part in re.split(r"\s*\.\.\.\s*", quoted):
            if part and part not in original:
                raise BuildError(f"record {r['id']!r}: ACTUALLY_SAID quotes {part!r}, which is not in en_original")


def _evidence(r: dict[str, Any], claim_id: str) -> tuple[Evidence, ...]:
    verdict = research_verdict(r)
    directions: dict[Verdict | None, str] = {Verdict.TRUE: "supports", Verdict.FALSE: "refutes", Verdict.MIXED: "mixed"}
    default = directions.get(verdict, "context")
    out: list[Evidence] = []
    for i, item in enumerate(r.get("evidence") or ()):
        where = f"record {claim_id!r}, evidence[{i}]"
        url_text = squash(item["url"])
        via = None
        if m := re.fullmatch(r"(\S+) \(mirror: (\S+)\)", url_text):
            url_text, via = m.group(1), m.group(2)
        elif " " in url_text:
            raise BuildError(f"{where}: cannot read the url {url_text!r}")
        publisher = squash(item["publisher"])
        notes = []
        if via or any(word in publisher for word in ("via", "mirror", "copy of")):
            notes.append(
                "Read through a mirror or aggregator copy, as the publisher field says; the research treats such "
                "sources as secondary."
            )
        if (claim_id, i) in EVIDENCE_NOTES:
            notes.append(EVIDENCE_NOTES[(claim_id, i)])
        out.append(
            Evidence.model_validate(
                {
                    "url": url_text,
                    "via_url": via,
                    "title": squash(item["title"]),
                    "publisher": publisher,
                    "published_on": parse_research_date(item["date"], where=where),
                    "stance": STANCE_OVERRIDES.get((claim_id, i), default),
                    "note": " ".join(notes) or None,
                }
            )
        )
    if claim_id in TRANSCRIPT_EVIDENCE:
        locator, stance, excerpt = TRANSCRIPT_EVIDENCE[claim_id]
        out.append(
            Evidence(
                id=f"lex-fridman-419-transcript-{locator.replace(':', '').replace('-', '-to-')}",
                url=PODCAST_URL,
                via_url=ASR_URL,
                title=f"{PODCAST_TITLE} (transcript, [{locator}])",
                publisher=PODCAST_PUBLISHER,
                published_on=DateRange.day(SAID_ON),
                excerpt=excerpt,
                stance=Stance(stance),
                language="en",
                note=ASR_NOTE,
            )
        )
    return tuple(out)


def _events(r: dict[str, Any], claim: Claim, evidence: tuple[Evidence, ...]) -> tuple[StatusEvent, ...]:
    raw = str(r["status_2026_11"])
    verdict = research_verdict(r)
    if verdict is None:
        if claim.id in EFFECTIVE:
            raise BuildError(f"record {claim.id!r}: open in the research but has an EFFECTIVE date")
        return ()
    if claim.id in EFFECTIVE:
        effective = EFFECTIVE[claim.id]
    elif claim.kind.is_forward_looking:
        raise BuildError(f"record {claim.id!r}: a resolved {claim.kind.value} needs an EFFECTIVE date")
    else:  # assertions, denials, opinions and editorial records are judged as of the day they were said
        effective = SAID_ON
    if not SAID_ON <= effective <= AS_OF:
        raise BuildError(f"record {claim.id!r}: effective date {effective} is outside {SAID_ON}..{AS_OF}")
    parts = []
    status_comment = r.get("_comments", {}).get("status_2026_11")
    summary_status = r.get("_summary", {}).get("status")
    confidence = r.get("confidence")
    origin = f"research:seed-claims.md#{claim.id}"
    if "appendix_row" in r:  # Appendix A: no id, status or confidence of its own
        kinds = {
            "S": "S (self-report, not checkable by the appendix's legend)",
            "O": "O (opinion; the research records a pure opinion as not-checkable-opinion)",
        }
        parts.append(
            f"Research: Appendix A row 「{r['appendix_row']}」, kind {kinds[r['appendix_kind']]}. Appendix A has no "
            "status and no confidence column: the verdict follows the row's kind, and no confidence is recorded."
        )
        origin = f"research:seed-claims.md#{APPENDIX_HEADING}"
    elif verdict is Verdict.NOT_SAID and r.get("seed_fidelity") == NOT_IN_INTERVIEW:
        _check_actually_said(r)
        parts.append(
            f"Research status: {summary_status or raw}, seed fidelity {NOT_IN_INTERVIEW}: the research judges the "
            "content against other sources, but Altman did not say it in the interview. A speaker is scored only on "
            "words they said, so the verdict is not_said: it counts for no one here, and the outlet card counts the "
            "rendering not_in_original against the article. " + ACTUALLY_SAID[claim.id]
        )
    elif verdict is Verdict.NOT_SAID:
        _check_actually_said(r)
        detail = f'; its record\'s comment: "{status_comment}"' if status_comment else ""
        parts.append(
            f"Research status: {summary_status}{detail}. By the research's rule (its section 0), 'inaccurate' here "
            "means that attribution fails: the article states something Altman did not say at all. The verdict is "
            "therefore not_said, which counts against the article, never for or against Altman. "
            + ACTUALLY_SAID[claim.id]
        )
    elif summary_status and summary_status != raw:
        parts.append(f"Research status: {summary_status}.")
    elif status_comment:
        parts.append(f"Research status: {raw} ({status_comment}).")
    if r.get("note"):
        parts.append(squash(r["note"]))
    if claim.id in EVENT_NOTES:
        parts.append(EVENT_NOTES[claim.id])
    if not parts:
        parts.append(f"Research status: {raw}; the research adds no note beyond its evidence.")
    if not evidence:
        parts.append("The research lists no outside evidence for this verdict.")
    event = StatusEvent.model_validate(
        {
            "claim_id": claim.id,
            "verdict": verdict,
            "effective_on": effective,
            "recorded_at": RECORDED_AT,
            "evidence": tuple(ev.id for ev in evidence),
            "note": " ".join(parts),
            "by": BY,
            "confidence": confidence,
            "rating": r.get("rating", raw),
            "origin": origin,
        }
    )
    return (event,)


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------

_GENERATED = ("ledger.json", ".gitignore")


def write_ledger(built: Sequence[Built], out: Path) -> int:
    """Write the records into the folder ``out`` through the library, replacing earlier generated files.

    The ledger is built in a temporary folder next to ``out`` and its files are then copied in, so that
    hand-written files in ``out`` (README.md) survive and a failed build leaves ``out`` as it was.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=f".{out.name}.build-") as tmp:
        staging = Path(tmp) / "ledger"
        ledger = Ledger.open(staging)
        for item in built:
            ledger.add(item.claim, events=item.events, evidence=item.evidence)
        problems = ledger.validate()
        if problems:
            raise BuildError("the built ledger has problems:\n" + "\n".join(str(p) for p in problems))
        ledger.close()
        (out / "claims").mkdir(parents=True, exist_ok=True)
        for name in _GENERATED:
            shutil.copyfile(staging / name, out / name)
        fresh = {p.name for p in (staging / "claims").glob("*.json")}
        for old in (out / "claims").glob("*.json"):
            if old.name not in fresh:
                old.unlink()
        for name in sorted(fresh):
            shutil.copyfile(staging / "claims" / name, out / "claims" / name)
    return len(built)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--research", type=Path, default=DEFAULT_RESEARCH, help="path of research/seed-claims.md")
    parser.add_argument("--seed", type=Path, default=DEFAULT_SEED, help="path of the seed article")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="ledger folder to write")
    args = parser.parse_args(argv)
    try:
        research = load_research(args.research)
        seed_text = args.seed.read_text(encoding="utf-8")
        built = build_all(research, seed_text)
        count = write_ledger(built, args.out)
    except (BuildError, OSError) as exc:
        print(f"build_bundled_ledger: error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {count} claims to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
