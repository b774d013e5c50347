"""The web view's page: one self-contained HTML file (no CDN, no build step, no framework).

The first frame is in the page itself, so it shows the bars at once; then an
``EventSource`` on ``events`` (relative: the token is in the page's path)
replaces them with each frame the server pushes. Every text from a bar is
put in the page with ``textContent``: a description such as
``<script>`` is shown, never run. The server's Content-Security-Policy
allows only this page's own script and style (by nonce) and requests to itself.
"""

from __future__ import annotations

__all__ = ["render_page"]

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>progbar</title>
<style nonce="@NONCE@">
body { margin: 0; padding: 16px 20px; background: #fff; color: #1f2328;
       font: 14px/1.5 'DejaVu Sans Mono', ui-monospace, Menlo, Consolas, monospace; }
header { display: flex; gap: 16px; align-items: baseline; margin-bottom: 12px; }
h1 { font-size: 16px; margin: 0; }
#status { color: #57606a; }
#status.live::before { content: "\\25cf "; color: #1a7f37; }
.bar { margin: 6px 0; }
.line { display: flex; flex-wrap: wrap; gap: 4px 10px; align-items: center; white-space: pre; }
.desc { flex: none; width: 24ch; font-weight: bold; overflow: hidden; text-overflow: ellipsis; }
.track { flex: 0 0 240px; height: 12px; background: #eaeef2; border-radius: 3px; overflow: hidden; }
.fill { height: 100%; background: #0969da; width: 0; }
.bar.done > .line .fill { background: #1a7f37; }
.bar.stopped > .line .fill { background: #cf222e; }
.bar.unknown > .line .fill { background: repeating-linear-gradient(45deg, #0969da 0 6px,
        #54aeff 6px 12px); width: 100%; }
.figures, .metrics, .workers { color: #57606a; }
.children { margin-left: 24px; border-left: 1px solid #d0d7de; padding-left: 10px; }
.workers { margin-left: 24px; font-size: 13px; }
.empty { color: #57606a; }
</style></head>
<body>
<header><h1>progbar</h1><span id="status">connecting</span></header>
<main id="bars"></main>
<script id="first" type="application/json">@FIRST@</script>
<script nonce="@NONCE@">
"use strict";
const BIN = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"], SI = ["B", "kB", "MB", "GB", "TB", "PB"];
function amount(x, units) {
  if (x === null || x === undefined) return "?";
  if (units === "bytes" || units === "bytes_si") {
    const base = units === "bytes" ? 1024 : 1000, names = units === "bytes" ? BIN : SI;
    let i = 0;
    while (Math.abs(x) >= base && i < names.length - 1) { x /= base; i++; }
    return (i ? x.toFixed(1) : String(Math.round(x))) + " " + names[i];
  }
  if (Number.isInteger(x) || Math.abs(x) >= 100) return String(Math.round(x));
  return String(Number(x.toPrecision(3)));
}
function duration(s) {
  if (s === null || s === undefined) return "?";
  s = Math.round(s);
  const h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, sec = s % 60;
  const two = (n) => String(n).padStart(2, "0");
  return h ? h + ":" + two(m) + ":" + two(sec) : m + ":" + two(sec);
}
function metric(v) {  // as Keras shows them: %.4f, or %.4e for tiny values
  if (typeof v !== "number") return String(v);
  return Math.abs(v) > 1e-3 || v === 0 ? v.toFixed(4) : v.toExponential(4);
}
function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}
function complete(b) {
  return b.finished && (b.target === null || b.count >= b.target);
}
function figures(b) {
  const unit = b.units === "count" ? " " + b.unit_name : "";
  const total = b.target === null ? "" : "/" + amount(b.target, b.units);
  const parts = [amount(b.count, b.units) + total + unit];
  if (b.rate !== null) parts.push(amount(b.rate, b.units) + unit + "/s");
  parts.push(complete(b) ? "done in " + duration(b.elapsed) : "elapsed " + duration(b.elapsed));
  if (!b.finished && !b.closed && b.eta !== null) parts.push("ETA " + duration(b.eta));
  if ((b.closed || b.finished) && !complete(b)) parts.push("stopped");
  return parts.join("  ");
}
function barElement(b, children) {
  const state = complete(b) ? "done" : b.closed || b.finished ? "stopped"
    : b.target === null ? "unknown" : "running";
  const box = el("div", "bar " + state);
  box.dataset.id = String(b.id);
  const line = el("div", "line");
  line.appendChild(el("span", "desc", b.description === null ? "" : b.description));
  const track = el("span", "track"), fill = el("span", "fill");
  fill.style.display = "block";
  if (b.target) fill.style.width = Math.min(100, 100 * b.count / b.target) + "%";
  else if (b.target === 0 || complete(b)) fill.style.width = "100%";
  track.appendChild(fill);
  line.appendChild(track);
  line.appendChild(el("span", "figures", figures(b)));
  const metrics = Object.entries(b.metrics).map(([k, v]) => k + ": " + metric(v)).join("  ");
  if (metrics) line.appendChild(el("span", "metrics", metrics));
  box.appendChild(line);
  if (b.workers && b.workers.length) {
    const list = el("div", "workers");
    for (const w of b.workers)
      list.appendChild(el("div", "worker",
        "worker " + w.worker + ": " + amount(w.count, b.units) + " (" + w.state + ")"));
    box.appendChild(list);
  }
  if (children.length) {
    const nest = el("div", "children");
    for (const c of children) nest.appendChild(c);
    box.appendChild(nest);
  }
  return box;
}
function render(frame) {
  const known = new Set(frame.bars.map((b) => b.id)), kids = new Map();
  for (const b of frame.bars) {
    const p = known.has(b.parent) ? b.parent : null;
    if (!kids.has(p)) kids.set(p, []);
    kids.get(p).push(b);
  }
  const build = (b) => barElement(b, (kids.get(b.id) || []).map(build));
  const roots = (kids.get(null) || []).map(build);
  const main = document.getElementById("bars");
  if (roots.length) main.replaceChildren(...roots);
  else main.replaceChildren(el("p", "empty", "no bars yet"));
  const running = frame.bars.filter((b) => !b.finished && !b.closed).length;
  document.title = "progbar: " + running + " running";
}
const status = document.getElementById("status");
render(JSON.parse(document.getElementById("first").textContent));
const events = new EventSource("events");
events.onopen = () => { status.textContent = "live"; status.className = "live"; };
events.onmessage = (e) => render(JSON.parse(e.data));
events.onerror = () => { status.textContent = "reconnecting"; status.className = ""; };
events.addEventListener("end", () => {
  events.close();
  status.textContent = "ended"; status.className = "";
});
</script></body></html>
"""


def render_page(nonce: str, first: str) -> bytes:
    """The page, with the CSP ``nonce`` and the first frame (JSON made safe inside ``<script>``)."""
    return _PAGE.replace("@NONCE@", nonce).replace("@FIRST@", first).encode()
