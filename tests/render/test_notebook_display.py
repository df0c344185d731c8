"""In a notebook: one-line reprs, short escaped HTML, and DataFrames of cards and ledger queries."""

from __future__ import annotations

import sys
from datetime import date

import pandas as pd
import pytest

import claimtrack as ct
from claimtrack.fidelity import check_attributions
from claimtrack.intake import read_transcript
from claimtrack.model import install_html_repr
from claimtrack.renderers import notebook_html
from tests.conftest import BUNDLED, REPO

AS_OF = date(2026, 11, 27)
HOSTILE = "<script>alert(1)</script> & <b>bold</b>"


@pytest.fixture(scope="module")
def ledger() -> ct.Ledger:
    return ct.open_ledger(BUNDLED, create=False)


@pytest.fixture(scope="module")
def card(ledger: ct.Ledger) -> ct.Scorecard:
    return ct.scorecard(ledger, by="kind", as_of=AS_OF)


def _one_line(text: str, limit: int = 200) -> None:
    assert "\n" not in text
    assert len(text) <= limit, text


# -- reprs -------------------------------------------------------------------------------------


def test_a_scorecard_repr_is_a_one_line_summary(card: ct.Scorecard) -> None:
    shown = repr(card)
    _one_line(shown)  # it was the whole attrs tree: 122,004 characters
    assert shown.startswith("Scorecard(by='kind', as_of=2026-11-27, ")
    assert f"claims={card.total.total}" in shown
    assert f"rows={len(card.rows)}" in shown
    assert f"not_said={len(card.not_said)}" in shown
    assert f"hit_rate={round(card.total.hit_rate or 0, 3)}" in shown
    _one_line(repr(card.rows[0]))
    assert repr(card.rows[0]).startswith(f"Row({card.rows[0].key!r}, total={card.rows[0].total}")


def test_a_claim_repr_names_it_and_cuts_its_text(ledger: ct.Ledger) -> None:
    claim = ledger.get("capable-systems-end-of-decade")
    shown = repr(claim)
    _one_line(shown)
    assert shown.startswith("Claim('capable-systems-end-of-decade', prediction by Sam Altman on 2024-03-18: '")
    assert "…" in shown or claim.text in shown
    record = repr(ledger.record_of(claim.id))
    assert record.count("Claim(") == 1
    assert "translations=" not in record


def test_the_fidelity_card_and_check_results_have_one_line_reprs(ledger: ct.Ledger) -> None:
    fidelity = ct.fidelity_card(ledger)
    _one_line(repr(fidelity))
    assert f"distortions={fidelity.total.distorted}" in repr(fidelity)
    _one_line(repr(fidelity.rows[0]))
    assessment = ct.check(
        ledger.get("amazing-model-2024"), ledger.evidence("amazing-model-2024"), as_of=date(2025, 1, 1)
    )
    assert repr(assessment) == (
        "Assessment('amazing-model-2024', as_of=2025-01-01, verdict='true', reasons=3, used=2, ignored=0)"
    )
    report = ct.compare(
        "We will probably release it this year",
        "10年以内に必ずリリースする",
        said_on=date(2024, 3, 18),
        original_language="en",
        rendering_language="ja",
        recorded=ct.Fidelity.FAITHFUL,
    )
    assert repr(report) == "DriftReport(fidelity='faithful', recorded='faithful', flags=['horizon', 'hedge'])"
    empty = ct.compare("", "x", said_on=date(2024, 3, 18), original_language="en", rendering_language="en")
    assert repr(empty) == "DriftReport(supported=False, reason='the original text is empty')"
    transcript = read_transcript(REPO / "tests" / "fidelity" / "transcripts" / "lex-fridman-419-excerpt.txt")
    check = check_attributions(ledger, transcript)[0]
    _one_line(repr(check))
    assert repr(check).startswith(f"AttributionCheck({check.claim_id!r}, status='{check.status.value}'")


# -- HTML --------------------------------------------------------------------------------------


def test_the_scorecard_html_is_its_summary_table(card: ct.Scorecard) -> None:
    html = card._repr_html_()
    assert html is not None
    assert len(html) < 10_000  # the summary, not the report (card.to_html() is the report)
    assert html.count("<tr>") == len(card.rows) + 2  # header, one per group, the total
    for row in card.rows:
        assert f">{row.key}</th><td>{row.total:,}</td><td>{row.graded:,}</td>" in html
    assert "<strong>All claims</strong>" in html
    assert "4 not said by the speaker" in html


def test_the_ledger_html_counts_latest_verdicts_by_kind(ledger: ct.Ledger) -> None:
    html = ledger._repr_html_()
    assert html is not None
    assert f"{len(ledger):,} claims" in html
    counts = {(c.key, c.verdict): c.claims for c in ledger.verdict_counts(by="kind")}
    prediction_row = html.split(">prediction</th>")[1].split("</tr>")[0]
    header = html.split("<thead>")[1].split("</thead>")[0]
    labels = [cell.split("</th>")[0] for cell in header.split("<th>")[2:]]
    cells = [cell.split("</td>")[0] for cell in prediction_row.split("<td>")[1:]]
    shown = dict(zip(labels, cells, strict=True))
    assert shown["true"] == str(counts[("prediction", ct.Verdict.TRUE)])
    assert shown["open"] == str(counts[("prediction", ct.Verdict.OPEN)])


def test_html_escapes_what_came_from_data(make_claim, clock) -> None:  # type: ignore[no-untyped-def]
    claim = make_claim(
        id="hostile",
        text=HOSTILE,
        speaker=ct.Entity(name=HOSTILE),
        topics=(HOSTILE,),
        sources=(ct.Source(role="primary", url='https://example.org/?a=<x>&b="y"', title=HOSTILE),),
    )
    ledger = ct.Ledger.in_memory(clock=clock)
    ledger.add(claim)
    for html in (claim._repr_html_(), ledger._repr_html_()):
        assert html is not None
        assert "<script>" not in html
        assert "<b>" not in html
    claim_html = claim._repr_html_() or ""
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in claim_html
    assert 'href="https://example.org/?a=&lt;x&gt;&amp;b=&quot;y&quot;"' in claim_html


def test_check_and_fidelity_results_show_their_findings(ledger: ct.Ledger) -> None:
    assessment = ct.check(
        ledger.get("amazing-model-2024"), ledger.evidence("amazing-model-2024"), as_of=date(2025, 1, 1)
    )
    html = assessment._repr_html_() or ""
    assert "<strong>true</strong>, in effect from 2024-05-13" in html
    assert html.count("<li>") == len(assessment.reasons) + len(assessment.used)
    report = ct.compare(
        "We will probably release it this year",
        "10年以内に必ずリリースする",
        said_on=date(2024, 3, 18),
        original_language="en",
        rendering_language="ja",
    )
    html = report._repr_html_() or ""
    assert "<td>this year</td>" in html
    assert "<td>10年以内</td>" in html
    assert html.count("<tr>") == 1 + len(report.flags)
    fidelity = ct.fidelity_card(ledger)
    html = fidelity._repr_html_() or ""
    assert f"<td>{fidelity.total.renderings:,}</td>" in html
    assert "All renderings" in html


def test_without_an_installed_writer_a_notebook_falls_back_to_the_repr(card: ct.Scorecard, ledger: ct.Ledger) -> None:
    previous = install_html_repr(None)
    try:
        assert card._repr_html_() is None
        assert ledger.get("amazing-model-2024")._repr_html_() is None
    finally:
        install_html_repr(previous)
    assert card._repr_html_() is not None
    assert notebook_html(object()) is None


# -- DataFrames --------------------------------------------------------------------------------


def test_scorecard_rows_as_a_dataframe(card: ct.Scorecard) -> None:
    frame = card.to_pandas()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.index) == [row.key for row in card.rows]
    assert list(frame.columns[: len(ct.scoring.ROW_COLUMNS) - 1]) == list(ct.scoring.ROW_COLUMNS[1:])
    for row in card.rows:
        assert frame.loc[row.key, "total"] == row.total
        assert frame.loc[row.key, "true"] == row.counts[ct.Verdict.TRUE]
        if row.hit_rate is not None:
            assert frame.loc[row.key, "hit_rate"] == pytest.approx(row.hit_rate)
    assert frame["total"].sum() == card.total.total  # by kind, each claim is in one row
    with_total = card.to_pandas(include_total=True)
    assert list(with_total.index)[-1] == card.total.key
    assert with_total.loc[card.total.key, "graded"] == card.total.graded


def test_scorecard_claims_as_a_dataframe(card: ct.Scorecard) -> None:
    frame = card.to_pandas("claims")
    assert len(frame) == len(card.claims)
    line = card.claims[0]
    assert frame.loc[line.id, "verdict"] == line.verdict.value
    assert frame.loc[line.id, "said_on"] == pd.Timestamp(line.said_on)
    assert pd.api.types.is_datetime64_any_dtype(frame["deadline"])
    with pytest.raises(ValueError, match="'rows' or 'claims'"):
        card.to_pandas("verdicts")  # type: ignore[arg-type]


def test_a_ledger_query_as_a_dataframe(ledger: ct.Ledger) -> None:
    as_of = date(2024, 6, 1)
    frame = ledger.to_pandas(kind="prediction", as_of=as_of)
    claims = ledger.claims(kind="prediction", as_of=as_of)
    assert list(frame.index) == [c.id for c in claims]
    for claim in claims:
        assert frame.loc[claim.id, "verdict"] == ledger.status(claim.id, as_of=as_of).value
    assert frame.loc["amazing-model-2024", "resolved_on"] == pd.Timestamp("2024-05-13")
    assert frame.loc["amazing-model-2024", "text_en"].startswith("This year we will release")
    open_now = ledger.to_pandas(verdict="open", kind="prediction")
    assert set(open_now["verdict"]) == {"open"}
    assert open_now["resolved_on"].isna().all()
    empty = ledger.to_pandas(speaker="nobody at all")
    assert len(empty) == 0
    assert "verdict" in empty.columns


def test_without_pandas_the_error_says_how_to_install_it(
    card: ct.Scorecard, ledger: ct.Ledger, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # what an environment without pandas does on import
    for call in (card.to_pandas, ledger.to_pandas):
        with pytest.raises(ModuleNotFoundError, match=r"pip install 'claimtrack\[pandas\]'"):
            call()
