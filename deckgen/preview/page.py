"""The preview page: index.html with the slides (their notes under them), the handout and the cards.

Why its own module: the page is the one thing a trainer looks at while writing, so what it
says (which slides needed help, in the fit report's words) is kept apart from how the
images are made. The page is one self-contained file: no external scripts, styles or
fonts, so it works offline and from disk. Served by `deckgen watch --preview`, a few
lines of script listen for the server's rebuild events and reload it.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

_SLIDE = re.compile(r"^slide (\d+) \(([^)]*)\): (.*)$")
_CONTINUED = re.compile(r"continued over (\d+) slides")


@dataclass
class Slide:
    image: str  # file name in the preview folder
    notes: str = ""
    marks: list[str] = field(default_factory=list)  # what the fitting had to do, in the fit report's words


def marks_by_slide(report: list[str]) -> tuple[dict[int, list[str]], list[str]]:
    """The deck's fit report as {slide number: [words]}, a continued text marking every slide it spans;
    lines about no slide in particular come back as the second value."""
    marks: dict[int, list[str]] = {}
    other = []
    for line in report:
        m = _SLIDE.match(line)
        if not m:
            other.append(line)
            continue
        first, what, words = int(m.group(1)), m.group(2), m.group(3)
        span = int(_CONTINUED.search(words).group(1)) if _CONTINUED.search(words) else 1
        for n in range(first, first + span):
            marks.setdefault(n, []).append(f"{what}: {words}" + (f" (this is part {n - first + 1} of {span})"
                                                                  if span > 1 else ""))
    return marks, other


RELOAD_SCRIPT = """<script>
(function () {
  if (!/^https?:$/.test(location.protocol) || !window.EventSource) return;
  var build = document.body.getAttribute("data-build");
  var source = new EventSource("/events");
  source.onmessage = function (e) { if (e.data !== build) { source.close(); location.reload(); } };
})();
</script>"""

STYLE = """<style>
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1000px; padding: 0 16px 48px;
       color: #1d1d1d; background: #f4f4f2; }
header { position: sticky; top: 0; background: #f4f4f2; padding: 10px 0; border-bottom: 1px solid #ccc; }
header h1 { font-size: 19px; margin: 0; } header p { margin: 2px 0 0; color: #555; }
nav a { margin-right: 14px; }
h2 { margin: 28px 0 10px; font-size: 17px; scroll-margin-top: 96px; }
.slide { background: #fff; margin: 0 0 18px; padding: 12px; border: 1px solid #ddd; border-radius: 4px;
         scroll-margin-top: 96px; }  /* #slide-N lands below the sticky header */
.slide.help { border-left: 6px solid #c77700; }
.slide img, .page img { width: 100%; height: auto; display: block; border: 1px solid #ccc; }
.slide h3 { font-size: 14px; margin: 0 0 8px; color: #444; }
.mark { background: #fff3dc; border: 1px solid #e8b35a; padding: 4px 8px; margin: 0 0 8px; font-size: 14px; }
.notes { white-space: pre-wrap; margin: 8px 0 0; font-size: 13.5px; color: #333; }
.notes-label { font-weight: 600; font-size: 12px; color: #777; margin-top: 8px; text-transform: uppercase; }
.pages { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 14px; }
.page { background: #fff; padding: 8px; border: 1px solid #ddd; }
.report { font-size: 13px; color: #444; }
</style>"""


def render(*, title: str, theme: str, build: int, slides: list[Slide], handout: list[str], cards: list[str],
           sheet: str | None, report: dict[str, list[str]], warnings: list[str]) -> str:
    """The page's HTML. `report` is each output's fit report by format; `build` numbers the
    rebuild, so that the page knows when to reload and images are never taken from a cache."""
    e = html.escape
    v = f"?v={build}"
    helped = sum(1 for s in slides if s.marks)
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{e(title)} - deckgen preview</title>", STYLE, "</head>",
             f'<body data-build="{build}">', "<header>", f"<h1>{e(title)}</h1>",
             f"<p>theme {e(theme)} · {len(slides)} slides"
             + (f" · {helped} needed help to fit (marked)" if helped else " · every slide fits as written")
             + f" · build {build}</p>",
             '<nav><a href="#slides">Slides</a>' + ('<a href="#handout">Handout</a>' if handout else "")
             + ('<a href="#cards">Cards</a>' if cards else "")
             + (f'<a href="{e(sheet)}{v}">Contact sheet</a>' if sheet else "") + "</nav>", "</header>"]
    if warnings:
        parts.append('<h2 id="warnings">Warnings</h2><ul class="report">'
                     + "".join(f"<li>{e(w)}</li>" for w in warnings) + "</ul>")
    parts.append('<h2 id="slides">Slides</h2>')
    general = marks_by_slide(report.get("deck", []))[1]  # what the fitting says about no slide in particular
    if general:
        parts.append('<ul class="report">' + "".join(f"<li>{e(x)}</li>" for x in general) + "</ul>")
    for n, slide in enumerate(slides, 1):
        cls = "slide help" if slide.marks else "slide"
        parts.append(f'<section class="{cls}" id="slide-{n}"><h3>Slide {n}</h3>')
        for mark in slide.marks:
            parts.append(f'<p class="mark">Needed help: {e(mark)}</p>')
        parts.append(f'<img src="{e(slide.image)}{v}" alt="Slide {n}">')
        if slide.notes.strip():
            parts.append(f'<div class="notes-label">Notes</div><div class="notes">{e(slide.notes.strip())}</div>')
        parts.append("</section>")
    for key, label, images in (("handout", "Handout", handout), ("cards", "Cards", cards)):
        if not images:
            continue
        parts.append(f'<h2 id="{key}">{label}</h2>')
        lines = report.get(key, [])
        if lines:
            parts.append('<ul class="report">' + "".join(f"<li>{e(x)}</li>" for x in lines) + "</ul>")
        parts.append('<div class="pages">' + "".join(
            f'<div class="page"><img src="{e(img)}{v}" alt="{label} page {i}"></div>'
            for i, img in enumerate(images, 1)) + "</div>")
    parts += [RELOAD_SCRIPT, "</body></html>"]
    return "\n".join(parts) + "\n"
