"""`deckgen inspect`: a template's layouts, placeholders, and which slides each serves."""

from __future__ import annotations

from pathlib import Path

from pptx.util import Emu

from deckgen.renderers.deck import template as tpl
from deckgen.renderers.slidexml import samples
from deckgen.renderers.slidexml.layouts import KINDS, choose, missing
from deckgen.renderers.deck.measure import describe_styles
from deckgen.renderers.deck.risks import layout_risks


def describe(path: Path, words: list[str] | None = None, theme=None) -> str:
    """The report `deckgen inspect` prints; with the words of a document, boxes too narrow for them."""
    prs, dropped = tpl.open_template(path)
    left_out = samples.remove_samples(samples.owners(prs))  # as the build does, before anything is judged
    infos = tpl.layouts(prs)
    height = int(prs.slide_height)
    serves: dict[int, list[str]] = {}
    for kind in KINDS:
        choice = choose(infos, kind, height)
        if choice is not None:
            serves.setdefault(choice.layout.index, []).append(kind)
    lines = [f"{path}: slide size {Emu(prs.slide_width).inches:.2f} × {Emu(prs.slide_height).inches:.2f} in, "
             f"{len(infos)} layouts, {dropped} sample slide(s) (dropped when building)"]
    lines += ["  " + line.removeprefix("template: ").replace(" left out (", " is left out when building (")
              for line in left_out]
    for info in infos:
        used = ", ".join(serves.get(info.index, [])) or "-"
        lines.append(f"  [{info.index}] {info.name!r}  serves: {used}")
        for ph in info.placeholders:
            b = ph.box
            lines.append(f"        {ph.kind:<8} idx {ph.idx:<3} at {Emu(b.left).inches:5.2f},{Emu(b.top).inches:5.2f} in"
                         f"  size {Emu(b.width).inches:5.2f} × {Emu(b.height).inches:5.2f} in"
                         + ("  (vertical: not used)" if ph.vertical else ""))
    gaps = missing(infos, height)
    if gaps:
        lines.append("missing: " + ", ".join(gaps) + " (deckgen uses a fallback and warns)")
    if theme is None:
        from deckgen.theming.load import load

        theme, _ = load("default")
    risks = layout_risks(prs, infos, tpl.layout_objects(prs), theme, words or [])
    serving = [info for info in infos if info.index in serves]
    lines.append("risks to legibility, per layout that serves slides:" if any(risks[i.index] for i in serving)
                 else "risks to legibility: none found on the layouts that serve slides")
    for info in serving:
        for risk in risks[info.index]:
            lines.append(f"  [{info.index}] {info.name!r}: {risk}")
    major, minor = tpl.ooxml.theme_fonts(prs)
    lines.append(f"fonts: headings {major!r}, body {minor!r}; per text style, the font deckgen measures with:")
    lines += describe_styles(prs, tpl.layout_objects(prs), infos)
    return "\n".join(lines)
