"""The template author's sample text is left out of the deck's layouts; the template's own texts and
artwork stay (renderers/slidexml/samples.py)."""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Pt

from deckgen.renderers.slidexml import samples

P = "http://schemas.openxmlformats.org/presentationml/2006/main"


def _with_texts(texts: list[tuple[str, bool]]):
    """python-pptx's default template whose 'Title Slide' layout carries text boxes (text, filled)."""
    prs = Presentation()
    layout = prs.slide_layouts[0]
    scratch = prs.slides.add_slide(prs.slide_layouts[6])
    for n, (text, filled) in enumerate(texts):
        box = scratch.shapes.add_textbox(Pt(20), Pt(20 + 30 * n), Pt(200), Pt(24))
        box.text_frame.text = text
        if filled:
            box.fill.solid()
            box.fill.fore_color.rgb = RGBColor(0x99, 0x99, 0x99)
        layout.shapes._spTree.append(box._element)
    return prs, layout


def _texts(layout) -> list[str]:
    return [sp.text_frame.text for sp in layout.shapes if not sp.is_placeholder and sp.has_text_frame]


def test_sample_text_is_left_out_and_the_templates_own_text_stays():
    prs, layout = _with_texts([("Misja Mikkers\nm.c.mikkers@utwente.nl", False), ("Honolulu", False),
                               ("info@utwente.nl · www.utwente.nl", False), ("Click to add text", False),
                               ("Agenda1", True), ("Agenda2", True), ("© 2024 ACME · Confidential", False),
                               ("trainer@partos.nl", False)])
    said = samples.remove_samples(samples.owners(prs), {"Trainer@Partos.nl"})
    left = _texts(layout)
    assert left == ["Honolulu", "info@utwente.nl · www.utwente.nl", "", "", "© 2024 ACME · Confidential",
                    "trainer@partos.nl"]  # the filled tabs keep their shape, not their text
    assert len([sp for sp in layout.shapes if not sp.is_placeholder]) == 6
    assert said == [
        ("template: layout 'Title Slide': the template's sample text 'Misja Mikkers / m.c.mikkers@utwente.nl' "
         "left out (an e-mail address that is not the document's)"),
        ("template: layout 'Title Slide': the template's sample text 'Click to add text' left out (an editing "
         "prompt)"),
        ("template: layout 'Title Slide': the template's sample text 'Agenda1', 'Agenda2' left out (numbered "
         "labels of a series)")]
    out = io.BytesIO()
    prs.save(out)  # still a valid package
    assert Presentation(out).slide_layouts[0].name == "Title Slide"


def test_a_single_numbered_label_and_fields_are_the_templates_own():
    prs, layout = _with_texts([("Phase 1", False), ("2024", False)])
    number = layout.shapes._spTree.xpath(".//p:sp[.//a:t='2024']")[0]
    run = number.xpath(".//a:r")[0]
    run.tag = "{http://schemas.openxmlformats.org/drawingml/2006/main}fld"  # a field: the slide number
    run.set("type", "slidenum")
    run.set("id", "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}")
    assert samples.remove_samples(samples.owners(prs)) == []
    assert _texts(layout) == ["Phase 1", "2024"]


def test_inspect_says_which_sample_text_the_build_leaves_out(tmp_path):
    """A communications officer sees it before building; the layouts and risks listed are the build's."""
    from deckgen.renderers.deck.inspect import describe

    prs, _ = _with_texts([("Jan Jansen\njan.jansen@example.org", False), ("Honolulu", False)])
    prs.slides._sldIdLst.remove(prs.slides._sldIdLst[0])  # the scratch slide
    path = tmp_path / "sample.pptx"
    prs.save(path)
    report = describe(path)
    assert ("layout 'Title Slide': the template's sample text 'Jan Jansen / jan.jansen@example.org' is left out "
            "when building (an e-mail address that is not the document's)") in report
    assert "Honolulu" not in report
