"""LibreOffice draws a template's fonts with the files deckgen measured them with (issue 21, item 9).

A template naming fonts this machine lacks (Calibri Light, Trebuchet MS, Montserrat): the
preview and slides-pdf must show the lines deckgen measured, not LibreOffice's own guess.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from conftest import SEED
from pptx import Presentation
from pptx.util import Emu
from renderers import lo
from renderers.templates import master_style, rewrite_part

from deckgen.content.load import load
from deckgen.renderers import RenderOptions, get
from deckgen.renderers.deck.measure import resolver
from deckgen.renderers.slides import fontmap
from deckgen.text import sysfonts
from deckgen.text.fit import WIDTH_MARGIN, Para, Run, TextStyle, count_lines
from deckgen.theming.load import load as load_theme

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
KERNING = 1.03  # what kerning may save on a line, at most
pytestmark = pytest.mark.skipif(lo.soffice() is None, reason="LibreOffice is not installed")


@pytest.fixture
def no_system_fonts(monkeypatch, tmp_path):
    """deckgen (and the fontconfig rules it writes) see no installed fonts: the test does not
    depend on what this machine has. Its fontconfig maps Calibri Light to Carlito (the alias deckgen's
    warning proposes; without it Calibri Light is measured, and drawn, as DejaVu Sans: test_sysfonts),
    so Carlito measures the titles and the map must draw them with it."""
    monkeypatch.setenv("DECKGEN_FONT_DIRS", "")
    monkeypatch.setattr(sysfonts, "_fontconfig_match", lambda key: "carlito" if key == "calibri light" else "")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    sysfonts._index_for.cache_clear()
    yield
    sysfonts._index_for.cache_clear()


def _template(tmp: Path) -> Path:
    """Titles in Calibri Light (theme major), body placeholders in Trebuchet MS (master body
    style), text boxes in Montserrat (theme minor)."""
    plain = tmp / "plain.pptx"
    prs = Presentation()
    master_style(prs, "bodyStyle", typeface="Trebuchet MS")
    prs.save(str(plain))

    def change(data: bytes) -> bytes:
        major, minor = data.index(b"<a:majorFont>"), data.index(b"<a:minorFont>")
        data = data[:minor] + data[minor:].replace(b'typeface="Calibri"', b'typeface="Montserrat"', 1)
        return data[:major] + data[major:].replace(b'typeface="Calibri"', b'typeface="Calibri Light"', 1)

    return rewrite_part(plain, tmp / "fonts.pptx", "ppt/theme/theme1.xml", change)


def _measured_lines(deck: Path, wider: float = 1.0) -> dict[tuple[int, str], int]:
    """Per (slide, shape name): the lines deckgen's own measure gives the shape's text at the
    box's full width (× `wider`), with the typeface, size and weight the deck resolves to."""
    prs = Presentation(str(deck))
    res = resolver(prs)
    out = {}
    for n, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            if not shape.has_text_frame or not shape.text_frame.text.strip():
                continue
            if shape.is_placeholder:
                ph = shape.placeholder_format
                kind = {1: "title", 3: "ctrTitle", 4: "subTitle", 2: "body"}.get(int(ph.type), "body")
                eff = res.resolve(kind if int(ph.type) != 7 else "body", slide.slide_layout._element, str(ph.idx))
            else:
                eff = res.resolve(None)
            body = shape.text_frame._txBody.find(f"{A}bodyPr")
            insets = sum(int(body.get(k, 91440)) for k in ("lIns", "rIns"))
            lines = 0
            for p in shape.text_frame.paragraphs:
                runs = [r for r in p.runs if r.text]
                if not runs:
                    continue
                rpr = runs[0]._r.find(f"{A}rPr")
                size = int(rpr.get("sz")) / 100
                latin = rpr.find(f"{A}latin")
                family = sysfonts.find_family(latin.get("typeface") if latin is not None else eff.typeface)
                ppr = p._p.find(f"{A}pPr")
                margin = int(ppr.get("marL", 0)) if ppr is not None else 0
                width = Emu(shape.width - insets - margin).pt
                style = TextStyle(family, italic=eff.italic, tracking=eff.spc, caps=eff.cap != "none")
                para = Para(tuple(Run(r.text, bold=r._r.find(f"{A}rPr").get("b", "1" if eff.bold else "0") == "1")
                                  for r in runs))
                lines += count_lines(para, style, size, width * wider / WIDTH_MARGIN)
            if lines:  # not a field alone (the slide number)
                out[(n, shape.name)] = lines
    return out


def _drawn_lines(deck: Path, pdf: Path) -> dict[tuple[int, str], int]:
    """Per (slide, shape name): the lines LibreOffice drew inside the shape's box."""
    import pdfplumber

    out = {}
    with pdfplumber.open(str(pdf)) as doc:
        for page, boxes in zip(doc.pages, lo.text_boxes(deck)):
            chars = [c for c in page.chars if c["text"].strip()]
            for box in boxes:
                tops: list[float] = []
                inside = [c for c in chars if box.holds(c)]
                largest = max((c["size"] for c in inside), default=0)
                # a superscript (a key figure's footnote marker) rides on its line: not a line of its own
                for ch in sorted((c for c in inside if c["size"] >= 0.75 * largest), key=lambda c: c["bottom"]):
                    if not tops or ch["bottom"] - tops[-1] > 0.5 * ch["size"]:
                        tops.append(ch["bottom"])
                out[(box.slide, box.name)] = len(tops)
    return out


def _convert(deck: Path, out: Path, conf: Path) -> Path:
    home = out / "home"
    home.mkdir(parents=True)
    subprocess.run([lo.soffice(), f"-env:UserInstallation=file://{home}/profile", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(deck)], check=True, capture_output=True, timeout=300,
                   env=dict(os.environ, FONTCONFIG_FILE=str(conf), HOME=str(home)))
    return out / (deck.stem + ".pdf")


def _fonts(pdf: Path) -> set[str]:
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {line.split()[0].split("+")[-1] for line in listing.splitlines()[2:] if line.strip()}


@pytest.mark.render
def test_libreoffice_draws_the_lines_deckgen_measured(tmp_path, no_system_fonts):
    doc, _ = load(SEED)
    result = get("deck").render(doc, load_theme("default")[0], RenderOptions(template=_template(tmp_path)))
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(result.data)
    assert fontmap.deck_families(deck) == ["Calibri", "Calibri Light", "Montserrat", "Trebuchet MS"]
    measured = _measured_lines(deck)
    assert sum(measured.values()) > 60  # titles, bodies, questions, figures: a real deck

    conf_dir = tmp_path / "conf"
    conf_dir.mkdir()
    pdf = _convert(deck, tmp_path / "mapped", fontmap.write_config(conf_dir, fontmap.deck_families(deck)))
    assert {"Carlito", "DeckgenFallback-Regular", "DeckgenFallback-Bold"} <= _fonts(pdf)
    assert not {f for f in _fonts(pdf) if f.startswith("DejaVu")}
    drawn = _drawn_lines(deck, pdf)
    # deckgen measures without kerning, LibreOffice (like PowerPoint, whose masters set kern="1200")
    # kerns Carlito: a line within a few per cent of the box may hold one word more when drawn
    kerned = _measured_lines(deck, KERNING)
    differ = {key: (measured[key], drawn.get(key)) for key in measured
              if not kerned[key] <= (drawn.get(key) or 0) <= measured[key]}
    assert differ == {}, f"(slide, shape): (deckgen's lines, LibreOffice's lines): {differ}"
    assert sum(drawn[key] == lines for key, lines in measured.items()) >= 0.95 * len(measured)

    # LibreOffice left to its own substitutes (the system's fontconfig, as before) draws other lines:
    # the check above can fail.
    plain = tmp_path / "plain.conf"
    plain.write_text('<?xml version="1.0"?><fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                     f"<cachedir>{tmp_path / 'fc'}</cachedir></fontconfig>")
    unmapped = _drawn_lines(deck, _convert(deck, tmp_path / "unmapped", plain))
    assert any(not kerned[key] <= (unmapped.get(key) or 0) <= lines for key, lines in measured.items())


@pytest.mark.render
def test_preview_and_slides_pdf_draw_with_the_measured_fonts(tmp_path, no_system_fonts):
    """office.to_pdf (slides-pdf, the preview): cold, and through the warm office of `watch --preview`,
    which restarts once for a deck naming families it was not started with."""
    from deckgen.renderers.slides import office

    doc, _ = load(SEED)
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(get("deck").render(doc, load_theme("default")[0],
                                        RenderOptions(template=_template(tmp_path))).data)
    cold = tmp_path / "cold.pdf"
    assert office.to_pdf(deck, cold, "the test") is False
    wanted = {"Carlito", "DeckgenFallback-Regular", "LiberationSans"}
    assert wanted <= _fonts(cold) and not {f for f in _fonts(cold) if f.startswith("DejaVu")}
    try:
        started = office.warm("the test")
        if started is None:
            pytest.skip("no Python with LibreOffice's uno module")
        assert not started.serves(["Montserrat"]) and started.serves(["Calibri Light", "arial"])
        warm = tmp_path / "warm.pdf"
        office.to_pdf(deck, warm, "the test")
        now = office.active()
        assert now is not started and now.serves(["Montserrat", "Trebuchet MS", "Calibri Light"])
        assert wanted <= _fonts(warm) and not {f for f in _fonts(warm) if f.startswith("DejaVu")}
        office.to_pdf(deck, warm, "the test")
        assert office.active() is now  # the same families: no restart
    finally:
        office.shutdown()
