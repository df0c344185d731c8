"""The HTML report's layout, measured in headless Chromium at 800 px and at a phone's 390 px.

Tables, the calibration chart, the filter box and the text size are measured; a screenshot
at each width is taken and checked too, so the page is looked at, not only measured.

Each test adds a measuring script to the page (its hash joins the page's own in the
Content-Security-Policy, so the page's policy stays in force), lets Chromium lay the page
out, and reads back what the script wrote: bounding boxes, widths, and the claim rows.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
import struct
import zlib
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import claimtrack as ct
from claimtrack.model import ClaimRecord
from claimtrack.renderers import render_html
from claimtrack.scoring import Scorecard, scorecard
from tests.browser import Viewer, viewer_in

pytestmark = pytest.mark.browser

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "altman-lex-fridman-2024"
WIDTH = 800
PHONE = 390
WIDTHS = [WIDTH, PHONE]

_BOX = "function box(e) { var r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }"

_TABLES = (
    _BOX
    + """
var out = {inner: window.innerWidth, client: document.documentElement.clientWidth,
           scroll: document.documentElement.scrollWidth, tables: []};
Array.prototype.forEach.call(document.querySelectorAll("table"), function (t) {
  var p = t.parentElement;
  out.tables.push({id: t.id, table: box(t), parent: box(p), parentClient: p.clientWidth,
                   parentScroll: p.scrollWidth, overflowX: getComputedStyle(p).overflowX});
});
"""
)

_CHART = (
    _BOX
    + """
var svg = document.getElementById("calibration-chart");
var out = {svg: box(svg), viewBox: svg.getAttribute("viewBox").split(" "), texts: [], dots: []};
Array.prototype.forEach.call(svg.querySelectorAll("text"), function (t) {
  out.texts.push({cls: t.getAttribute("class") || "", text: t.textContent, box: box(t)});
});
Array.prototype.forEach.call(svg.querySelectorAll("circle.bin"), function (c) {
  out.dots.push({title: c.textContent, box: box(c)});
});
"""
)


def _filter(word: str) -> str:
    return f"""
var box = document.getElementById("claims-filter");
box.value = {json.dumps(word)};
box.dispatchEvent(new Event("input"));
var out = {{info: document.getElementById("claims-info").textContent, ids: []}};
Array.prototype.forEach.call(document.getElementById("claims").tBodies[0].rows, function (r) {{
  out.ids.push(r.cells[0].querySelector("code").textContent);
}});
"""


def _measure(
    viewer: Viewer, folder: Path, page: str, script: str, *, width: int = WIDTH, screenshot: Path | None = None
) -> dict[str, Any]:
    """Lay ``page`` out at ``width`` px after its own script ran, run ``script``, and return its ``out``."""
    script = "(function () {\n" + script + '\nvar pre = document.createElement("pre"); pre.id = "measured";\n'
    script += "pre.textContent = JSON.stringify(out); document.body.appendChild(pre);\n})();"
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    policy = "script-src &#x27;sha256-"
    assert page.count(policy) == 1
    page = page.replace(policy, f"script-src &#x27;sha256-{digest}&#x27; &#x27;sha256-")
    page = page.replace("</body>", f"<script>{script}</script></body>")
    path = folder / "measured.html"
    path.write_text(page, encoding="utf-8")
    dom, console = viewer.look(path, width=width, screenshot=screenshot)
    assert console == []  # no CSP refusal, no error: both scripts ran
    found = re.search(r'<pre id="measured">(.*?)</pre>', dom, re.S)
    assert found is not None, dom[-2000:]
    result: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return result


_PHONE = (
    _BOX
    + """
var client = document.documentElement.clientWidth;
var filter = document.getElementById("claims-filter");
var out = {client: client, scroll: document.documentElement.scrollWidth, filter: box(filter),
           filterFont: parseFloat(getComputedStyle(filter).fontSize), small: [], outside: []};
Array.prototype.forEach.call(document.querySelectorAll("body *"), function (e) {
  var own = Array.prototype.some.call(e.childNodes, function (n) { return n.nodeType === 3 && n.textContent.trim(); });
  var size = parseFloat(getComputedStyle(e).fontSize), svg = e.closest("svg");
  if (svg) { size *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width; }  // scaled charts
  if (own && size < 11.5) { out.small.push(e.tagName + " " + size + " " + e.textContent.trim()); }
  if (!e.closest(".wide") && box(e)[2] > client + 0.5) { out.outside.push(e.tagName + "#" + e.id); }
});
"""
)


def _png(path: Path) -> tuple[int, int, set[bytes]]:
    """Width, height and the distinct pixel colours of an 8-bit RGB or RGBA, non-interlaced PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks, idat = 8, {}, b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        chunks.setdefault(kind, body)
        idat += body if kind == b"IDAT" else b""
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    assert (depth, interlace) == (8, 0)
    assert colour in (2, 6)
    step = 3 if colour == 2 else 4
    raw, stride = zlib.decompress(idat), width * step
    previous, colours = bytearray(stride), set()
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - step] if i >= step else 0
            up, corner = previous[i], previous[i - step] if i >= step else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                guess = left + up - corner
                near = min((abs(guess - left), 0, left), (abs(guess - up), 1, up), (abs(guess - corner), 2, corner))
                line[i] = (line[i] + near[2]) & 255
        colours.update(bytes(line[i : i + 3]) for i in range(0, stride, step))
        previous = line
    return width, height, colours


def _overlap(a: list[float], b: list[float]) -> bool:
    """Whether two boxes [left, top, right, bottom] share any area."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _inside(inner: list[float], outer: list[float]) -> bool:
    return outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


@pytest.fixture
def viewer(tmp_path: Path) -> Viewer:
    """Headless Chromium over the DevTools protocol, which can set a viewport narrower than a window can be."""
    return viewer_in(tmp_path)


@pytest.fixture(scope="module")
def bundled() -> Scorecard:
    if not (FIXTURE / "ledger.json").is_file():
        pytest.skip("the bundled ledger is not there")
    with ct.Ledger.open(FIXTURE, create=False) as ledger:
        return scorecard(ledger, as_of=date(2026, 11, 27))


@pytest.fixture
def certain_card(make: Callable[..., ClaimRecord]) -> Scorecard:
    """Dots in both corners: five claims at credence 1.0 that came true, one at 0.0 that did not."""
    records = [make(f"sure{i}", text=f"certain {i}", credence=1.0, verdict="true") for i in range(5)]
    records.append(make("never", text="never", credence=0.0, verdict="false"))
    return scorecard(records, as_of=date(2026, 1, 1))


@pytest.mark.parametrize("width", WIDTHS)
def test_tables_never_widen_the_page(bundled: Scorecard, viewer: Viewer, tmp_path: Path, width: int) -> None:
    got = _measure(viewer, tmp_path, render_html(bundled), _TABLES, width=width)
    assert got["inner"] == width
    assert got["scroll"] <= got["client"]  # the page itself never scrolls sideways
    ids = {t["id"] for t in got["tables"]}
    assert {"summary", "verdicts", "calibration", "claims"} <= ids
    scrolling = set()
    for t in got["tables"]:
        assert t["parent"][2] <= got["client"], t  # every table's box ends inside the page
        if t["table"][2] > t["parent"][2] + 0.5:  # wider than its box: the box must scroll it
            assert t["overflowX"] in ("auto", "scroll"), t
            assert t["parentScroll"] > t["parentClient"], t
            scrolling.add(t["id"])
    assert "summary" in scrolling  # fourteen columns: they do not fit 800 px, and scroll in their own box
    if width == PHONE:
        assert "claims" in scrolling


@pytest.mark.parametrize("width", WIDTHS)
def test_calibration_chart_labels_clear_each_other_and_the_dots(
    certain_card: Scorecard, viewer: Viewer, tmp_path: Path, width: int
) -> None:
    got = _measure(viewer, tmp_path, render_html(certain_card), _CHART, width=width)
    assert got["svg"][0] >= 0
    assert got["svg"][2] <= width  # the chart fits the page
    texts = got["texts"]
    y_label = next(t for t in texts if t["cls"] == "axis y")
    x_label = next(t for t in texts if t["cls"] == "axis x")
    y_ticks = [t for t in texts if t["cls"] == "tick y"]
    x_ticks = [t for t in texts if t["cls"] == "tick x"]
    assert [t["text"] for t in y_ticks] == ["0%", "25%", "50%", "75%", "100%"]
    assert len(x_ticks) == 5
    for tick in y_ticks:
        assert y_label["box"][2] < tick["box"][0], (y_label, tick)  # the rotated label sits left of every tick
        assert not _overlap(y_label["box"], tick["box"])
    for tick in x_ticks:
        assert not _overlap(x_label["box"], tick["box"]), (x_label, tick)
    for i, a in enumerate(texts):  # no two labels collide, the two 0% ticks included
        for b in texts[i + 1 :]:
            assert not _overlap(a["box"], b["box"]), (a, b)
    assert len(got["dots"]) == 2
    for dot in got["dots"]:
        for t in texts:
            assert not _overlap(dot["box"], t["box"]), (dot, t)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_dot_at_certainty_is_whole_inside_the_chart(
    certain_card: Scorecard, viewer: Viewer, tmp_path: Path, width: int
) -> None:
    got = _measure(viewer, tmp_path, render_html(certain_card), _CHART, width=width)
    certain = next(d for d in got["dots"] if "mean credence 100%, came true 100%" in d["title"])
    scale = (got["svg"][2] - got["svg"][0]) / float(got["viewBox"][2])  # a narrow page shrinks the chart
    diameter = certain["box"][2] - certain["box"][0]
    assert diameter == pytest.approx(20 * scale, abs=0.5)  # the biggest dot (five claims), not a clipped one
    assert _inside(certain["box"], got["svg"]), (certain, got["svg"])
    for dot in got["dots"]:
        assert _inside(dot["box"], got["svg"]), (dot, got["svg"])


@pytest.mark.parametrize("word", ["partly faithful", "partly_faithful", "Misattributed"])
def test_filter_finds_claims_by_the_fidelity_of_their_sources(
    bundled: Scorecard, viewer: Viewer, tmp_path: Path, word: str
) -> None:
    needle = word.lower().replace("_", " ")
    expected = sorted(
        line.id for line in bundled.claims if any((s.fidelity or "").replace("_", " ") == needle for s in line.sources)
    )
    assert 0 < len(expected) < 50  # one page holds them all
    others = {line.id for line in bundled.claims} - set(expected)
    for line in bundled.claims:  # no other field of the other claims carries the word: only fidelity can match
        if line.id in others:
            fields = [line.id, line.text, line.speaker, line.verdict.value, line.kind.value, line.note or ""]
            fields += [text for _, text in line.translations] + list(line.topics)
            assert needle not in " ".join(fields).lower().replace("_", " "), line.id
    got = _measure(viewer, tmp_path, render_html(bundled), _filter(word))
    assert sorted(got["ids"]) == expected
    assert got["info"] == f"claims 1–{len(expected)} of {len(expected)} (page 1 of 1)"


def test_one_matching_claim_is_one_claim(make: Callable[..., ClaimRecord], viewer: Viewer, tmp_path: Path) -> None:
    card = scorecard([make("only", text="The only claim", credence=0.7, verdict="true")], as_of=date(2026, 1, 1))
    got = _measure(viewer, tmp_path, render_html(card), _filter("verbatim"))
    assert got["ids"] == ["only"]
    assert got["info"] == "1 claim"


def test_a_phone_width_page_fits_and_its_filter_is_usable(bundled: Scorecard, viewer: Viewer, tmp_path: Path) -> None:
    got = _measure(viewer, tmp_path, render_html(bundled), _PHONE, width=PHONE)
    assert got["client"] == PHONE
    assert got["scroll"] <= got["client"]  # no sideways scroll for the whole page
    assert got["outside"] == []  # only the table boxes hold anything wider than the screen
    left, _, right, top_bottom = got["filter"]
    assert left >= 0
    assert right <= PHONE
    assert right - left >= PHONE * 0.8  # the filter box spans the screen
    assert top_bottom - got["filter"][1] >= 32  # tall enough to tap
    assert got["filterFont"] >= 16  # phones zoom into smaller inputs
    assert got["small"] == []  # no text under 12 px (11.5: a chart's labels may shrink a little with it)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_screenshot_shows_the_page(bundled: Scorecard, viewer: Viewer, tmp_path: Path, width: int) -> None:
    shot = tmp_path / f"scorecard-{width}.png"
    got = _measure(viewer, tmp_path, render_html(bundled), _TABLES, width=width, screenshot=shot)
    assert got["scroll"] <= got["client"]
    png_width, png_height, colours = _png(shot)
    assert (png_width, png_height) == (width, 1200)
    assert len(colours) > 20  # text, tiles and rules drawn, not a blank or one-colour page
