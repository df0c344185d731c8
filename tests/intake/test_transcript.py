"""The transcript reader: five layouts, who said what and when, and bad input that never crashes."""

from __future__ import annotations

import gc
import time
import tracemalloc
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from claimtrack.errors import InvalidRecordError
from claimtrack.intake import (
    Transcript,
    TranscriptFormat,
    Turn,
    detect_format,
    parse_lines,
    parse_transcript,
    read_transcript,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fidelity" / "transcripts"
EXCERPT = FIXTURES / "lex-fridman-419-excerpt"


def _t(h: int = 0, m: int = 0, s: int = 0, ms: int = 0) -> timedelta:
    return timedelta(hours=h, minutes=m, seconds=s, milliseconds=ms)


def _said(transcript: Transcript) -> list[tuple[str | None, str | None, str]]:
    return [(turn.speaker, turn.locator, turn.text) for turn in transcript.turns]


# -- [hh:mm:ss] Name: text --------------------------------------------------------------------

BRACKETED = """\
[01:13:06] Lex Fridman: hear rumblings where it's going to be politicized, AI ...
maybe the right is against AI and the left is for AI
[1:13:37] Sam Altman: I think it will get caught up in like left versus right wars.
[01:13:46.250] Sam Altman: What I meant more about theatrical risks is like AI is going to have...
[13:06] SAM   ALTMAN :  Short form.
"""


def test_bracketed_turns_speakers_times_and_continuation_lines() -> None:
    transcript = parse_transcript(BRACKETED)
    assert transcript.format is TranscriptFormat.BRACKETED
    assert transcript.problems == ()
    assert _said(transcript) == [
        (
            "Lex Fridman",
            "01:13:06",
            "hear rumblings where it's going to be politicized, AI ... "
            "maybe the right is against AI and the left is for AI",
        ),
        (
            "Sam Altman",
            "01:13:37",
            "I think it will get caught up in like left versus right wars. "
            "What I meant more about theatrical risks is like AI is going to have...",
        ),
        ("SAM ALTMAN", "00:13:06", "Short form."),  # whitespace squeezed, case kept
    ]
    lex, sam, short = transcript.turns
    assert (lex.line, sam.line, short.line) == (1, 3, 5)
    assert sam.start == _t(1, 13, 37)
    assert sam.end is None  # the layout gives no end times
    assert transcript.speakers == ("Lex Fridman", "Sam Altman", "SAM ALTMAN")


def test_merged_lines_keep_their_own_time_and_line() -> None:
    sam = parse_transcript(BRACKETED).turns[1]
    assert [(m.locator, m.line) for m in sam.marks] == [("01:13:37", 3), ("01:13:46", 4)]
    assert sam.marks[1].start == _t(1, 13, 46, 250)
    second = sam.text.index("What I meant")
    assert sam.marks[1].offset == second
    passage = sam.passage(second, len(sam.text))
    assert (passage.speaker, passage.locator, passage.line) == ("Sam Altman", "01:13:46", 4)
    assert passage.text.startswith("What I meant")
    first = sam.passage(0, second)
    assert (first.locator, first.end, first.text) == (
        "01:13:37",
        _t(1, 13, 46, 250),
        "I think it will get caught up in like left versus right wars.",
    )


def test_a_timestamped_line_without_a_name_is_no_ones_and_is_never_merged() -> None:
    transcript = parse_transcript("[00:00:01] Lex Fridman: Hello.\n[00:00:05] and then more words\n[00:00:09] yet more")
    assert _said(transcript) == [
        ("Lex Fridman", "00:00:01", "Hello."),
        (None, "00:00:05", "and then more words"),
        (None, "00:00:09", "yet more"),
    ]


def test_labels_that_are_not_names_stay_text() -> None:
    transcript = parse_transcript(
        "[00:00:01] So here's the thing: it works.\n[00:00:02] [Music]\n[00:00:03] Ursula von der Leyen: Yes.\n"
        "[00:00:04] At 10:30 we met.\n[00:00:05] Speaker 2: Hello."
    )
    assert _said(transcript) == [
        (None, "00:00:01", "So here's the thing: it works."),
        (None, "00:00:02", "[Music]"),
        ("Ursula von der Leyen", "00:00:03", "Yes."),
        (None, "00:00:04", "At 10:30 we met."),
        ("Speaker 2", "00:00:05", "Hello."),
    ]


# -- Name (hh:mm:ss): text --------------------------------------------------------------------


def test_parenthesised_headers_with_text_on_the_same_or_following_lines() -> None:
    text = (
        "Lex Fridman (01:09:36): You tweeted about needing $7 trillion.\n"
        "Sam Altman (01:09:36)\n"
        "I did not tweet about that.\n"
        "I never said like we're raising $7 trillion, blah, blah, blah.\n"
        "\n"
        "Lex Fridman (1:09:40): Oh, but you said fuck it, maybe eight, I think.\n"
    )
    transcript = parse_transcript(text)
    assert transcript.format is TranscriptFormat.PARENTHESISED
    assert _said(transcript) == [
        ("Lex Fridman", "01:09:36", "You tweeted about needing $7 trillion."),
        (
            "Sam Altman",
            "01:09:36",
            "I did not tweet about that. I never said like we're raising $7 trillion, blah, blah, blah.",
        ),
        ("Lex Fridman", "01:09:40", "Oh, but you said fuck it, maybe eight, I think."),
    ]
    assert [t.line for t in transcript.turns] == [1, 2, 6]


# -- WebVTT -----------------------------------------------------------------------------------

VTT = """\
WEBVTT - an interview

NOTE speakers are in voice tags

STYLE
::cue { color: white }

1
00:01:02.000 --> 00:01:05.500 align:start
<v Lex Fridman>Nuclear?</v>

00:01:05.500 --> 00:01:07.000
<v.loud Sam Altman>That's <i>what</i> I
believe &amp; hope.

00:01:07.000 --> 00:01:09.000
<v Sam Altman><c.yellow>More</c> of it.<00:01:08.000> Still me.

00:01:09.000 --> 00:01:10.000
No voice tag here.

00:01:10.000 --> 00:01:11.000
<v Lex Fridman>Fusion?</v> <v Sam Altman>That's what I believe.
"""


def test_webvtt_voice_tags_merging_and_cues_without_a_voice() -> None:
    transcript = parse_transcript(VTT)
    assert transcript.format is TranscriptFormat.WEBVTT
    assert transcript.problems == ()
    assert _said(transcript) == [
        ("Lex Fridman", "00:01:02", "Nuclear?"),
        ("Sam Altman", "00:01:05", "That's what I believe & hope. More of it. Still me."),
        (None, "00:01:09", "No voice tag here."),  # not given to the speaker before: see the docstring
        ("Lex Fridman", "00:01:10", "Fusion?"),
        ("Sam Altman", "00:01:10", "That's what I believe."),
    ]
    sam = transcript.turns[1]
    assert (sam.start, sam.end) == (_t(0, 1, 5, 500), _t(0, 1, 9))  # first start, last end
    assert [(m.start, m.line) for m in sam.marks] == [(_t(0, 1, 5, 500), 12), (_t(0, 1, 7), 16)]
    assert transcript.turns[0].line == 9  # the timing line


def test_webvtt_cue_ending_before_it_starts_is_a_warning() -> None:
    transcript = parse_transcript("WEBVTT\n\n00:00:05.000 --> 00:00:01.000\n<v A>Hi\n")
    assert [(p.code, p.severity) for p in transcript.problems] == [("end_before_start", "warning")]
    assert "line 3" in transcript.problems[0].message
    assert _said(transcript) == [("A", "00:00:05", "Hi")]


# -- SRT --------------------------------------------------------------------------------------

SRT = """\
1
00:01:02,000 --> 00:01:05,000
LEX FRIDMAN: Nuclear?

2
00:01:05,000 --> 00:01:07,000
[Sam Altman] That's what I believe.

3
00:01:07,000 --> 00:01:09,000
Sam Altman: <i>I think Helion's doing</i>
the best work.

4
00:01:09,000 --> 00:01:11,000
- Lex Fridman: Fusion?
- Sam Altman: That's what I believe.

5
00:01:11,000 --> 00:01:12,000
An unlabelled cue.
"""


def test_srt_labels_dialogue_dashes_and_merging() -> None:
    transcript = parse_transcript(SRT)
    assert transcript.format is TranscriptFormat.SRT
    assert transcript.problems == ()
    assert _said(transcript) == [
        ("LEX FRIDMAN", "00:01:02", "Nuclear?"),
        ("Sam Altman", "00:01:05", "That's what I believe. I think Helion's doing the best work."),
        ("Lex Fridman", "00:01:09", "Fusion?"),
        ("Sam Altman", "00:01:09", "That's what I believe."),
        (None, "00:01:11", "An unlabelled cue."),
    ]
    assert (transcript.turns[1].start, transcript.turns[1].end) == (_t(0, 1, 5), _t(0, 1, 9))


# -- plain ------------------------------------------------------------------------------------


def test_plain_labels_and_paragraphs() -> None:
    transcript = parse_transcript(
        "A title line\n\nLex Fridman: Nuclear?\nSam Altman: That's what I\nbelieve.\n\nAn aside."
    )
    assert transcript.format is TranscriptFormat.PLAIN
    assert _said(transcript) == [
        (None, None, "A title line"),
        ("Lex Fridman", None, "Nuclear?"),
        ("Sam Altman", None, "That's what I believe."),
        (None, None, "An aside."),
    ]


# -- detection --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (BRACKETED, TranscriptFormat.BRACKETED),
        ("Lex Fridman (01:13:06): hi\nSam Altman (01:13:10): yes", TranscriptFormat.PARENTHESISED),
        (VTT, TranscriptFormat.WEBVTT),
        ("00:00:01.000 --> 00:00:02.000\n<v A>no header", TranscriptFormat.WEBVTT),
        (SRT, TranscriptFormat.SRT),
        ("Lex Fridman: hi\nSam Altman: yes", TranscriptFormat.PLAIN),
        ("[Music]\n[Applause]", TranscriptFormat.PLAIN),
        ("", TranscriptFormat.PLAIN),
    ],
)
def test_the_layout_is_detected(text: str, expected: TranscriptFormat) -> None:
    assert detect_format(text.splitlines()) is expected
    assert parse_transcript(text).format is expected


def test_a_given_format_is_used_as_given() -> None:
    transcript = parse_transcript("Lex Fridman (01:13:06): hi", format="plain")
    assert transcript.format is TranscriptFormat.PLAIN
    assert _said(transcript) == [(None, None, "Lex Fridman (01:13:06): hi")]


# -- bad input --------------------------------------------------------------------------------


def test_a_malformed_timestamp_is_a_problem_naming_the_line_and_the_words_are_kept() -> None:
    transcript = parse_transcript(
        "[00:00:01] Lex Fridman: Question?\n[01:7x:06] Sam Altman: An answer.\n[1:73:06] Lex Fridman: More."
    )
    assert [(p.code, p.message.split(":")[0]) for p in transcript.problems] == [
        ("malformed_timestamp", "line 2"),
        ("malformed_timestamp", "line 3"),
    ]
    assert "[01:7x:06]" in transcript.problems[0].message
    assert _said(transcript) == [
        ("Lex Fridman", "00:00:01", "Question?"),
        ("Sam Altman", None, "An answer."),  # its own turn, never added to Lex's
        ("Lex Fridman", None, "More."),
    ]


def test_malformed_cue_timing_and_a_cue_without_timing() -> None:
    transcript = parse_transcript(
        "WEBVTT\n\n00:00:01.000 --> 00:0x:02.000\n<v A>Bad end.\n\n<v B>No timing at all.\n", path="talk.vtt"
    )
    codes = [(p.code, p.path, p.message.split(":")[0]) for p in transcript.problems]
    assert codes == [("malformed_timestamp", "talk.vtt", "line 3"), ("missing_timing", "talk.vtt", "line 6")]
    assert _said(transcript) == [("A", "00:00:01", "Bad end."), ("B", None, "No timing at all.")]
    assert transcript.turns[0].end is None


def test_too_many_problems_are_counted_not_listed() -> None:
    transcript = parse_transcript("\n".join(f"[0:{i % 10}x:00] A: w" for i in range(250)))
    assert len(transcript.problems) == 101
    assert transcript.problems[-1].code == "too_many_problems"
    assert "150 more problems" in transcript.problems[-1].message


@pytest.mark.parametrize(
    "text", ["", "   \n\n\t", "WEBVTT\n\nNOTE nothing else\n", "1\n00:00:01,000 --> 00:00:02,000\n"]
)
def test_an_empty_transcript_is_one_problem(text: str) -> None:
    transcript = parse_transcript(text, path="empty.txt")
    assert transcript.turns == ()
    assert [(p.message, p.code, p.path) for p in transcript.problems] == [
        ("empty transcript", "empty_transcript", "empty.txt")
    ]


# -- files ------------------------------------------------------------------------------------


def test_read_transcript_reads_utf8_with_a_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes("\ufeff[00:00:01] Zoë Ünal: Grüß dich.\r\nmore\r\n".encode())
    transcript = read_transcript(path)
    assert _said(transcript) == [("Zoë Ünal", "00:00:01", "Grüß dich. more")]
    assert transcript.format is TranscriptFormat.BRACKETED


def test_a_binary_file_is_refused_naming_the_file_and_the_offset(tmp_path: Path) -> None:
    path = tmp_path / "audio.mp3"
    path.write_bytes(b"[00:00:01] A: fine\nID3\x00\x01binary")
    with pytest.raises(InvalidRecordError, match=r"NUL byte at byte offset 22") as info:
        read_transcript(path)
    assert info.value.path == str(path)
    assert str(path) in str(info.value)


def test_utf16_is_refused_as_binary(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_text("[00:00:01] A: hi", encoding="utf-16-le")
    with pytest.raises(InvalidRecordError, match=r"NUL byte at byte offset 1\b"):
        read_transcript(path)


def test_a_file_that_is_not_utf8_is_refused_naming_the_file_and_the_offset(tmp_path: Path) -> None:
    path = tmp_path / "latin1.srt"
    data = "1\n00:00:01,000 --> 00:00:02,000\nA: café\n".encode("latin-1")
    path.write_bytes(data)
    assert data.index(b"\xe9") == 38
    with pytest.raises(InvalidRecordError, match=r"not UTF-8: byte 0xe9 at byte offset 38 ") as info:
        read_transcript(path)
    assert str(path) in str(info.value)


def test_a_large_file_is_read_in_bounded_memory(tmp_path: Path) -> None:
    """20 MB of blocks the reader skips: memory stays far below the file's size (it is never read whole)."""
    path = tmp_path / "big.vtt"
    with path.open("w", encoding="utf-8") as out:
        out.write("WEBVTT\n\n")
        note = "NOTE " + "filler " * 140 + "\n\n"
        for _ in range(20_000_000 // len(note)):
            out.write(note)
        out.write("00:00:01.000 --> 00:00:02.000\n<v A>The only words.\n")
    gc.collect()
    tracemalloc.start()
    try:
        transcript = read_transcript(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert _said(transcript) == [("A", "00:00:01", "The only words.")]
    assert peak < 2_000_000, f"peak {peak:,} bytes for a {path.stat().st_size:,}-byte file"


def test_parse_lines_streams_from_any_iterable() -> None:
    def lines() -> object:
        yield "[00:00:01] A: one"
        yield "[00:00:02] B: two"

    transcript = parse_lines(lines(), path="stream")  # type: ignore[arg-type]
    assert _said(transcript) == [("A", "00:00:01", "one"), ("B", "00:00:02", "two")]


# -- untrusted text: time linear in the length of a line --------------------------------------


def _seconds(read: Callable[[str], object], text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        read(text)
        best = min(best, time.perf_counter() - start)
    return best


def _assert_linear(read: Callable[[str], object], shape: Callable[[int], str]) -> None:
    """A 1 MB line takes less than 1,000 times a 10 KB one (linear: ~100, quadratic: 10,000), in the same run."""
    small = max(_seconds(read, shape(10_000), 5), 1e-5)
    middle = _seconds(read, shape(100_000), 3)
    assert middle / small < 100, f"100 KB took {middle / small:.0f}x the time of 10 KB ({middle:.3f}s)"
    large = _seconds(read, shape(1_000_000), 1)
    assert large / small < 1_000, f"1 MB took {large / small:.0f}x the time of 10 KB ({large:.3f}s)"


@pytest.mark.parametrize(
    ("shape", "layout"),
    [
        pytest.param(lambda n: "[" + "1:" * (n // 2), None, id="bracket of colons"),
        pytest.param(lambda n: "[00:00:01] " + "Ab " * (n // 3) + ":", None, id="a name that never ends"),
        pytest.param(lambda n: "[00:00:01] A:" + " " * n + "x", None, id="spaces after a label"),
        pytest.param(lambda n: "Lex " * (n // 4) + "(01:00:00): x", None, id="a long parenthesised header"),
        pytest.param(lambda n: "x" * n + " --> " + "1" * n, None, id="a timing arrow far away"),
        pytest.param(
            lambda n: "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n" + "<v " * (n // 3), None, id="vtt: open tags"
        ),
        pytest.param(
            lambda n: "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n" + "<v A>a" * (n // 6), None, id="vtt voices"
        ),
        pytest.param(
            lambda n: "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n" + "&amp" * (n // 4), None, id="vtt: entities"
        ),
        pytest.param(lambda n: "1\n00:00:01,000 --> 00:00:02,000\n" + "[" * n, None, id="srt: brackets"),
        pytest.param(lambda n: "1\n00:00:01,000 --> 00:00:02,000\n" + "{\\" * (n // 2), None, id="srt: ass tags"),
        pytest.param(lambda n: "- " * (n // 2), TranscriptFormat.SRT, id="srt: dashes"),
        pytest.param(lambda n: "A" * n + ":", TranscriptFormat.PLAIN, id="plain: a long label"),
        pytest.param(lambda n: "00:" * (n // 3), TranscriptFormat.PARENTHESISED, id="parenthesised: colons"),
    ],
)
def test_time_is_linear_in_the_length_of_a_line(shape: Callable[[int], str], layout: TranscriptFormat | None) -> None:
    _assert_linear(lambda text: parse_transcript(text, format=layout), shape)


# -- the bundled excerpt in three layouts -----------------------------------------------------


def _turns(path: Path) -> list[tuple[str | None, str | None, str, list[str | None]]]:
    transcript = read_transcript(path)
    assert transcript.problems == ()
    return [(t.speaker, t.locator, t.text, [m.locator for m in t.marks]) for t in transcript.turns]


def test_the_three_layouts_of_the_excerpt_give_the_same_turns() -> None:
    text, vtt, srt = (EXCERPT.with_suffix(suffix) for suffix in (".txt", ".vtt", ".srt"))
    assert read_transcript(text).format is TranscriptFormat.BRACKETED
    assert read_transcript(vtt).format is TranscriptFormat.WEBVTT
    assert read_transcript(srt).format is TranscriptFormat.SRT
    turns = _turns(text)
    assert turns == _turns(vtt) == _turns(srt)
    assert len(turns) == 31
    lines = text.read_text(encoding="utf-8").splitlines()
    assert sum(len(marks) for *_, marks in turns) == len(lines)  # every line is one mark
    first: Turn = read_transcript(text).turns[0]
    assert (first.speaker, first.locator) == ("Sam Altman", "00:00:00")


def test_the_excerpt_gives_lex_his_lines() -> None:
    transcript = read_transcript(EXCERPT.with_suffix(".txt"))
    lex = {t.locator: t.text for t in transcript.turns if t.speaker == "Lex Fridman"}
    assert lex["01:13:06"].endswith(
        "the left is for AI because it's going to help the people or whatever the narrative"
    )
    assert lex["00:41:50"].startswith("If we just look on YouTube")
    assert transcript.speakers == ("Sam Altman", "Lex Fridman")
