"""The inline style and script of the HTML report, and the Content-Security-Policy that allows only them.

Kept apart from :mod:`claimtrack.renderers.html`, which builds the page, because
they are assets rather than logic: the script is allowed by its SHA-256 hash,
so any change to it changes the policy with it.
"""

import base64
import hashlib
from html import escape

__all__ = ["CSP", "CSS", "SCRIPT", "SCRIPT_HASH", "h", "num_td", "page_head", "tile"]

CSS = """
:root{--fg:#1b1f24;--muted:#5b6470;--line:#d8dde3;--bg:#fff;--soft:#f4f6f8;--accent:#1f5fae}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK JP",sans-serif;
color:var(--fg);background:var(--bg);margin:0 auto;max-width:1200px;padding:24px}
h1{font-size:1.6em;margin:0 0 4px}
h2{font-size:1.2em;margin:32px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
.muted{color:var(--muted)}
.tiles{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
.tile{background:var(--soft);border-radius:8px;padding:10px 14px;min-width:120px}
.tile b{display:block;font-size:1.35em}.tile span{color:var(--muted);font-size:.85em}
table{border-collapse:collapse;width:100%;margin:8px 0}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{background:var(--soft);position:sticky;top:0}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.wide{overflow-x:auto;max-width:100%}.wide td.n{white-space:nowrap}
#claims{min-width:60em}#claims td.n{white-space:normal}#claims td{overflow-wrap:break-word}
#claims td:first-child{min-width:16em}
table.sortable th{cursor:pointer;user-select:none}
table.sortable th[aria-sort=ascending]::after{content:" ▲"}table.sortable th[aria-sort=descending]::after{content:" ▼"}
tfoot td{font-weight:600}
.charts{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
.charts figure{margin:0;max-width:100%}
svg{max-width:100%;height:auto}
svg text{font:12px system-ui,sans-serif;fill:var(--muted)}
.v{display:inline-block;border-radius:4px;padding:0 6px;font-size:.85em;white-space:nowrap;background:#e0e0e0}
.v-true,.v-mostly_true{background:#c8e6c9}.v-mixed{background:#fff3c4}.v-mostly_false,.v-false{background:#ffcdd2}
.v-open{background:#d6e9ff}
.fid{font-size:max(.8em,12px);color:var(--muted)}.fid-distorted,.fid-not_in_original,.fid-misattributed{color:#c62828}
.tr{color:var(--muted);font-size:.9em;margin-top:2px}
.pager{display:flex;gap:8px;align-items:center;margin:8px 0;flex-wrap:wrap}
.pager input{padding:4px 8px;min-width:min(100%,24em)}
button{padding:3px 10px}
ul.unscored li{margin:2px 0}
ul.not-said li{margin:6px 0}.v-not_said{background:#e8dcf2}
.legend span{display:inline-block;margin-right:14px}
.legend i{display:inline-block;width:10px;height:10px;margin-right:4px}
code{font-size:.9em}
@media (max-width:600px){body{padding:12px}h1{font-size:1.35em}.tiles{gap:8px}.tile{flex:1 1 40%;min-width:0}
#claims{min-width:40em}#claims td:first-child{min-width:12em}
.pager input{flex:1 1 100%;min-width:0;font-size:16px;padding:8px}button{padding:8px 14px}
#timeline-chart{max-width:none}}
"""

SCRIPT = r"""
(function () {
  "use strict";
  function cellValue(td) {
    var v = td.getAttribute("data-v");
    if (v === null) { v = td.textContent; }
    var f = parseFloat(v);
    return isNaN(f) || String(f) !== v.trim() ? v.toLowerCase() : f;
  }
  function compare(a, b) {
    if (typeof a === typeof b) { return a < b ? -1 : a > b ? 1 : 0; }
    return typeof a === "number" ? -1 : 1;
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable.static"), function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, col) {
      th.addEventListener("click", function () {
        var dir = th.getAttribute("aria-sort") === "descending" ? 1 : -1;
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) { return dir * compare(cellValue(r1.cells[col]), cellValue(r2.cells[col])); });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });

  var dataEl = document.getElementById("claims-data");
  if (!dataEl) { return; }
  var all = JSON.parse(dataEl.textContent);
  var table = document.getElementById("claims");
  var body = table.tBodies[0];
  var info = document.getElementById("claims-info");
  var filterBox = document.getElementById("claims-filter");
  var size = 50, page = 0, rows = all, sortKey = "said_on", sortDir = -1;

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }
  function link(label, url) {
    if (typeof url === "string" && /^https?:\/\//i.test(url)) {
      var a = el("a", label); a.href = url; a.rel = "noopener noreferrer"; return a;
    }
    return el("span", label);
  }
  function pct(p) { return p === null || p === undefined ? "" : Math.round(p * 100) + "%"; }
  function key(c, k) {
    var v = c[k];
    if (k === "credence") { return v === undefined || v === null ? -1 : v; }
    return v === undefined || v === null ? "" : String(v).toLowerCase();
  }
  function sortRows() {
    rows = rows.slice().sort(function (a, b) {
      var x = key(a, sortKey), y = key(b, sortKey);
      if (x < y) { return -sortDir; } if (x > y) { return sortDir; }
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    });
  }
  function row(c) {
    var tr = document.createElement("tr");
    var td = el("td"); td.appendChild(el("div", c.text));
    Object.keys(c.translations || {}).forEach(function (lang) {
      td.appendChild(el("div", lang + ": " + c.translations[lang], "tr"));
    });
    td.appendChild(el("code", c.id, "muted")); tr.appendChild(td);
    tr.appendChild(el("td", c.speaker));
    tr.appendChild(el("td", c.said_on_text));
    tr.appendChild(el("td", c.kind.replace("_", " ")));
    td = el("td"); td.appendChild(el("span", c.verdict.replace(/_/g, " "), "v v-" + c.verdict));
    if (c.resolved_on) { td.appendChild(el("div", c.resolved_on, "muted")); }
    if (c.overdue) { td.appendChild(el("div", "overdue", "fid fid-distorted")); }
    if (c.note) { td.appendChild(el("div", c.note, "tr")); }
    tr.appendChild(td);
    td = el("td", pct(c.credence)); td.className = "n";
    if (c.credence_word) { td.appendChild(el("div", "\u201c" + c.credence_word + "\u201d", "tr")); }
    tr.appendChild(td);
    td = el("td", c.horizon || "");
    if (c.deadline) { td.appendChild(el("div", "\u2192 " + c.deadline, "muted")); }
    tr.appendChild(td);
    td = el("td");
    (c.sources || []).forEach(function (s) {
      var d = el("div"); d.appendChild(link(s.label, s.url));
      if (s.locator) { d.appendChild(el("span", " @" + s.locator, "fid")); }
      if (s.fidelity) { d.appendChild(el("span", " " + s.fidelity.replace(/_/g, " "), "fid fid-" + s.fidelity)); }
      td.appendChild(d);
    });
    tr.appendChild(td);
    td = el("td");
    (c.evidence || []).forEach(function (e) {
      var d = el("div"); d.appendChild(link(e.label, e.url));
      if (e.published_on) { d.appendChild(el("span", " " + e.published_on, "fid")); }
      td.appendChild(d);
    });
    tr.appendChild(td);
    return tr;
  }
  function render() {
    var pages = Math.max(1, Math.ceil(rows.length / size));
    if (page >= pages) { page = pages - 1; }
    var frag = document.createDocumentFragment();
    rows.slice(page * size, page * size + size).forEach(function (c) { frag.appendChild(row(c)); });
    while (body.firstChild) { body.removeChild(body.firstChild); }
    body.appendChild(frag);
    info.textContent = rows.length === 0 ? "no claims match" : rows.length === 1 ? "1 claim" :
      "claims " + (page * size + 1) + "\u2013" + Math.min(rows.length, page * size + size) + " of " + rows.length +
      " (page " + (page + 1) + " of " + pages + ")";
  }
  document.getElementById("claims-prev").addEventListener("click", function () { if (page > 0) { page--; render(); } });
  document.getElementById("claims-next").addEventListener("click", function () { page++; render(); });
  filterBox.addEventListener("input", function () {
    var q = filterBox.value.toLowerCase();
    rows = !q ? all : all.filter(function (c) {
      var hay = [c.id, c.text, c.speaker, c.verdict, c.verdict.replace(/_/g, " "), c.kind, c.note || ""];
      (c.sources || []).forEach(function (s) {
        if (s.fidelity) { hay.push(s.fidelity, s.fidelity.replace(/_/g, " ")); }
      });
      Object.keys(c.translations || {}).forEach(function (l) { hay.push(c.translations[l]); });
      (c.topics || []).forEach(function (t) { hay.push(t); });
      return hay.join("\n").toLowerCase().indexOf(q) >= 0;
    });
    page = 0; sortRows(); render();
  });
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    var k = th.getAttribute("data-key");
    if (!k) { return; }
    th.addEventListener("click", function () {
      sortDir = sortKey === k ? -sortDir : 1; sortKey = k;
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", sortDir === 1 ? "ascending" : "descending");
      sortRows(); page = 0; render();
    });
  });
  sortRows(); render();
  document.documentElement.setAttribute("data-ready", "1");
})();
"""

SCRIPT_HASH = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
CSP = f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{SCRIPT_HASH}'"


def page_head(heading: str, description: str, *, extra_css: str = "") -> list[str]:
    """The opening of every claimtrack page up to its header's description: doctype, CSP, styles, h1.

    One home for the Content-Security-Policy, so the scorecard and the outlet card cannot drift apart.
    ``heading`` and ``description`` are text (escaped here); ``extra_css`` is trusted, from the code.
    """
    return [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{escape(CSP)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="claimtrack">',
        f"<title>{escape(heading)}</title><style>{CSS}{extra_css}</style></head><body>",
        f'<header><h1>{escape(heading)}</h1><p class="muted">{escape(description)}</p>',
    ]


def h(value: object) -> str:
    """HTML-escape any value for text or a quoted attribute."""
    return escape(str(value), quote=True)


def tile(value: str, label: str) -> str:
    """One figure of a page's totals: the value large, its label below."""
    return f'<div class="tile"><b>{h(value)}</b><span>{h(label)}</span></div>'


def num_td(value: float | int | None, text: str) -> str:
    """A numeric table cell showing ``text`` that sorts by ``value`` (``data-v``; none when unknown)."""
    data = "" if value is None else f' data-v="{value}"'
    return f'<td class="n"{data}>{h(text)}</td>'
