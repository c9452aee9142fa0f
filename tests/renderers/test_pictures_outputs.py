"""Pictures read back from the outputs (issue 16): the deck with python-pptx and its XML, the handout and
cards with pdfplumber and pypdf, and the stamps of a real build."""

from __future__ import annotations

import io
import re
import shutil
import zipfile

import pdfplumber
import picturedata
import pypdf
import pytest
from conftest import ENGLISH, ROOT, SEED
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from deckgen.content.load import load
from deckgen.renderers import RenderOptions, get
from deckgen.renderers.deck import ooxml

CREDIT = "Drawing: deckgen sample images (CC0)"


@pytest.fixture(scope="module")
def english_deck(english_doc, default_theme):
    result = get("deck").render(english_doc, default_theme, RenderOptions())
    return Presentation(io.BytesIO(result.data)), result


def pictures_of(slide):
    """Pictures, and pictures in a layout's picture placeholder."""
    return [s for s in slide.shapes if s._element.tag.endswith("}pic")]


def content_pictures(prs):
    """(slide number, picture) of every picture but the theme's logo."""
    return [(n, p) for n, slide in enumerate(prs.slides, 1) for p in pictures_of(slide)
            if p.name.startswith("Picture: ")]


def test_every_picture_has_alt_text_or_is_marked_decorative(english_deck, english_doc):
    prs, _ = english_deck
    found = [p for slide in prs.slides for p in pictures_of(slide)]
    assert len(content_pictures(prs)) == 7  # title, 4 sections, 2 questions
    decorative = 0
    for pic in found:
        descr = pic._element.xpath("./p:nvPicPr/p:cNvPr")[0].get("descr", "")
        if ooxml.is_decorative(pic._element):
            decorative += 1
            assert descr == ""
        else:
            assert descr.strip(), pic.name
    assert decorative == 1  # the globes, decorative: "yes"
    alts = {p._element.xpath("./p:nvPicPr/p:cNvPr")[0].get("descr") for _, p in content_pictures(prs)}
    assert {pic.alt for pic in english_doc.pictures() if not pic.decorative} <= alts


def test_crops_are_srcrect_around_the_focus_and_never_stretch(english_deck):
    prs, _ = english_deck
    tree = next(p for _, p in content_pictures(prs) if "tree-portrait" in p.name)  # portrait, landscape slot
    rect = tree._element.xpath("./p:blipFill/a:srcRect")[0]
    assert rect.get("t") in (None, "0")  # focus: top keeps the top
    assert int(rect.get("b")) > 20000
    for _, pic in content_pictures(prs):
        if pic.crop_left or pic.crop_right or pic.crop_top or pic.crop_bottom:
            image = pic.image
            from PIL import Image

            w, h = Image.open(io.BytesIO(image.blob)).size
            shown = (w * (1 - pic.crop_left - pic.crop_right)) / (h * (1 - pic.crop_top - pic.crop_bottom))
            assert shown == pytest.approx(pic.width / pic.height, rel=0.01), pic.name


def test_contain_shows_the_whole_picture_without_a_crop(english_deck):
    prs, _ = english_deck
    globes = next(p for _, p in content_pictures(prs) if "linked-globes" in p.name)
    assert (globes.crop_left, globes.crop_top, globes.crop_right, globes.crop_bottom) == (0, 0, 0, 0)
    assert globes.width / globes.height == pytest.approx(1200 / 800, rel=0.01)


def test_a_side_picture_leaves_the_text_its_own_side(english_deck):
    prs, _ = english_deck
    for number, pic in content_pictures(prs):
        slide = prs.slides[number - 1]
        if pic.width > prs.slide_width * 0.9:
            continue  # a background picture
        body = slide.placeholders[1]
        assert body.left + body.width <= pic.left, f"slide {number}: the text runs under the picture"
        assert body.width < prs.slide_width * 0.5


def test_a_background_picture_fills_the_slide_behind_a_panel(english_deck):
    prs, _ = english_deck
    title_slide = prs.slides[0]
    shapes = list(title_slide.shapes)
    picture = shapes[0]
    assert picture.shape_type == MSO_SHAPE_TYPE.PICTURE and "horizon" in picture.name  # at the back
    assert (picture.left, picture.top, picture.width, picture.height) == (0, 0, prs.slide_width, prs.slide_height)
    panels = [s for s in shapes if s.name == "Panel under text"]
    assert panels and all(ooxml.is_decorative(p._element) for p in panels)
    title = title_slide.shapes.title
    assert any(p.left <= title.left and p.top <= title.top and p.left + p.width >= title.left + title.width
               and p.top + p.height >= title.top + title.height for p in panels)
    order = [s.name for s in shapes]
    assert order.index("Panel under text") < order.index(title.name)


def test_credits_are_on_the_slides_and_all_in_the_closing_notes(english_deck, english_doc):
    prs, _ = english_deck
    for number, pic in content_pictures(prs):
        slide = prs.slides[number - 1]
        captions = [s for s in slide.shapes if s.name == "Picture credit"]
        credited = "linked-globes" not in pic.name
        assert bool(captions) == credited, f"slide {number}"
        if credited:
            assert captions[0].text_frame.text == CREDIT
            assert captions[0].text_frame.paragraphs[0].runs[0].font.size.pt >= 10
    notes = prs.slides[-1].notes_slide.notes_text_frame.text
    assert prs.slides[-1].shapes.title.text_frame.text == "Thank you!"  # the closing slide
    block = notes[notes.index("Image credits:"):]
    lines = block.splitlines()[1:]
    assert lines == [f"Title slide: {CREDIT}", f"Introduction: {CREDIT}",
                     f"Not intended to prevent migration: {CREDIT}",
                     f"Asylum costs from the development cooperation budget: {CREDIT}",
                     f"Question 1: {CREDIT}", f"Question 3: {CREDIT}"]


def test_the_same_image_used_twice_is_stored_once(english_deck, english_doc, default_theme):
    prs, result = english_deck
    files = {pic.path for pic in english_doc.pictures()}
    assert len(files) == 5 and len(english_doc.pictures()) == 7
    parts = set()
    for number, pic in content_pictures(prs):
        r_id = pic._element.xpath("./p:blipFill/a:blip")[0].get(
            "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed")
        parts.add(str(prs.slides[number - 1].part.related_part(r_id).partname))
    assert len(parts) == len(files)  # 7 pictures, 5 image parts
    media = [n for n in zipfile.ZipFile(io.BytesIO(result.data)).namelist() if n.startswith("ppt/media/")]
    logo = default_theme.logo is not None
    assert len(media) == len(files) + 1 + logo  # and the closing slide's QR code (and the theme's logo, if any)


def test_large_photos_are_downscaled_in_the_deck(tmp_path, default_theme):
    picturedata.photo(tmp_path / "big.jpg", size=(4000, 3000))
    (tmp_path / "doc.yaml").write_text('title: "T"\nlanguage: en\nsections:\n  - heading: "H"\n    text: "Text."\n'
                                       '    image:\n      file: "big.jpg"\n      alt: "Stripes"\n', encoding="utf-8")
    doc, _ = load(tmp_path / "doc.yaml")
    prs = Presentation(io.BytesIO(get("deck").render(doc, default_theme, RenderOptions()).data))
    from PIL import Image

    (pic,) = [p for s in prs.slides for p in pictures_of(s) if p.name.startswith("Picture: ")]
    assert max(Image.open(io.BytesIO(pic.image.blob)).size) == 2560


# --- handout and cards ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def english_handout(english_doc, default_theme):
    return get("handout").render(english_doc, default_theme, RenderOptions()).data


def test_the_handout_prints_the_cover_the_section_figures_and_their_credits(english_handout, english_doc):
    with pdfplumber.open(io.BytesIO(english_handout)) as pdf:
        first = pdf.pages[0]
        images = first.images
        halves = [page.crop(box).extract_text() or "" for page in pdf.pages  # column by column
                  for box in ((0, 0, page.width / 2, page.height), (page.width / 2, 0, page.width, page.height))]
        text = "\n".join(halves)
        flat = " ".join(text.split())
        title_top = min(w["top"] for w in first.extract_words() if w["text"] == "Migration")
    # The one-pager fits page 1 with smaller pictures (issue 23): the cover beside the title, in its band,
    # the section pictures a third of the column wide; their credits run up their edges
    cover = max(images, key=lambda im: im["width"])
    lead_top = min(w["top"] for w in first.extract_words() if w["text"] == "political")
    assert cover["x0"] > first.width / 2 and cover["top"] < title_top < cover["bottom"] < lead_top
    column = (first.width - 2 * 18 * 72 / 25.4 - 7 * 72 / 25.4) / 2
    small = [im for im in images if im is not cover]
    assert len(small) == 4 and all(im["width"] < column * 0.4 for im in small)
    rotated = pypdf.PdfReader(io.BytesIO(english_handout)).pages[0].extract_text(orientations=(90,))
    assert " ".join(rotated.split()).count(CREDIT) == 4  # the cover's and three section pictures' (the globes: none)
    assert flat.count(CREDIT) == 4  # the list
    sources, credits = text.index("Sources\n"), text.index("Image credits\n")
    assert sources < credits < text.index("About this document")
    listed = text[credits:text.index("About this document")]
    assert f"Cover: {CREDIT}" in listed and "Not intended to prevent migration" in listed
    assert "Question" not in listed  # question pictures are on the cards and slides only


def test_handout_pictures_are_at_most_300_dpi_and_stored_once(english_handout, default_theme):
    reader = pypdf.PdfReader(io.BytesIO(english_handout))
    with pdfplumber.open(io.BytesIO(english_handout)) as pdf:
        for page in pdf.pages:
            for im in page.images:
                if im["width"] < 40 * 72 / 25.4:
                    continue  # the theme's logo, as the theme gives it
                w_px, h_px = im["srcsize"]
                assert w_px / (im["width"] / 72) <= 301 and h_px / (im["height"] / 72) <= 301
    xobjects = set()
    for page in reader.pages:
        for obj in (page["/Resources"].get("/XObject") or {}).values():
            xobjects.add(obj.idnum)
    assert len(xobjects) == 5 + (default_theme.print_logo is not None)  # cover, four section figures (, a logo)


def test_the_dutch_handout_lists_beeldverantwoording(tmp_path, default_theme):
    picturedata.photo(tmp_path / "foto.jpg")
    (tmp_path / "doc.yaml").write_text('title: "T"\nlanguage: nl\nsections:\n  - heading: "Kop"\n    text: "Tekst."\n'
                                       '    image:\n      file: "foto.jpg"\n      alt: "Strepen"\n'
                                       '      credit: "Foto: Jan de Vries / ANP"\n', encoding="utf-8")
    doc, _ = load(tmp_path / "doc.yaml")
    data = get("handout").render(doc, default_theme, RenderOptions()).data
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    assert "Beeldverantwoording" in text and "Kop: Foto: Jan de Vries / ANP" in text


def test_a_card_shows_its_picture_above_the_question(english_doc, default_theme):
    data = get("cards").render(english_doc, default_theme, RenderOptions()).data
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        front = pdf.pages[0]
        words = front.extract_words(extra_attrs=["size"])
        images = front.images
    logos = 4 if default_theme.print_logo is not None else 0  # a theme's logo on each of the four fronts
    assert len(images) == 2 + logos  # questions 1 and 3
    photo = max(images, key=lambda im: im["width"])
    question = [w for w in words if w["text"] == "What" and w["x0"] < front.width / 2]
    assert question and question[0]["top"] > photo["bottom"]  # under the picture
    credit = [w for w in words if w["text"] == "Drawing:"]
    sizes = {round(w["size"]) for w in words if w["text"] == "counter"}
    assert credit and max(sizes) > 2 * round(credit[0]["size"])  # the question stays the hero


# --- stamps ------------------------------------------------------------------------------------

def test_an_edited_photo_rebuilds_exactly_the_outputs_that_show_it(tmp_path, run, monkeypatch):
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    shutil.copy(ENGLISH, project / "content" / ENGLISH.name)
    shutil.copytree(ENGLISH.parent / "images", project / "content" / "images")
    monkeypatch.chdir(project)
    assert run("build", "-q", "-j", "1")[0] == 0

    def rebuilt(*args) -> set[str]:
        code, out, _ = run("build", "-j", "1", *args)
        assert code == 0
        return {m.group(1) for m in re.finditer(r"^wrote\s+\S+?\.(pptx|handout\.pdf|cards\.pdf)", out, re.MULTILINE)}

    assert rebuilt() == set()
    section_photo = project / "content" / "images" / "dusk-cmyk.jpg"  # a section's only
    section_photo.write_bytes(section_photo.read_bytes() + b"\x00")
    assert rebuilt() == {"pptx", "handout.pdf"}
    question_only = project / "content" / "images" / "tree-portrait.jpg"  # section 1 and question 3
    question_only.write_bytes(question_only.read_bytes() + b"\x00")
    assert rebuilt() == {"pptx", "handout.pdf", "cards.pdf"}
    assert rebuilt() == set()


def test_an_edited_content_logo_rebuilds_every_output(tmp_path, run, monkeypatch):
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    text = SEED.read_text(encoding="utf-8").replace(
        "language:", 'logo:\n  file: "logo.png"\n  alt: "Logo of the organisation"\nlanguage:', 1)
    (project / "content" / SEED.name).write_text(text, encoding="utf-8")
    logo = project / "content" / "logo.png"
    shutil.copy(ROOT / "tests" / "data" / "logo.png", logo)
    monkeypatch.chdir(project)
    assert run("build", "-q", "-j", "1")[0] == 0

    def rebuilt() -> set[str]:
        code, out, _ = run("build", "-j", "1")
        assert code == 0
        return {m.group(1) for m in re.finditer(r"^wrote\s+\S+?\.(pptx|handout\.pdf|cards\.pdf)", out, re.MULTILINE)}

    assert rebuilt() == set()
    logo.write_bytes(logo.read_bytes() + b"\x00")
    assert rebuilt() == {"pptx", "handout.pdf", "cards.pdf"}
    assert rebuilt() == set()


def test_a_layout_s_picture_placeholder_takes_the_picture(english_doc, default_theme):
    import dataclasses

    deck = dataclasses.replace(default_theme.deck, layouts={"content": "Picture with Caption"})
    theme = dataclasses.replace(default_theme, deck=deck)
    prs = Presentation(io.BytesIO(get("deck").render(english_doc, theme, RenderOptions()).data))
    slide = next(s for s in prs.slides if s.shapes.title.text_frame.text == "Not intended to prevent migration")
    (pic,) = [s for s in pictures_of(slide) if s.name.startswith("Picture: ")]
    assert pic.is_placeholder and pic.placeholder_format.type == 18  # PP_PLACEHOLDER.PICTURE
    layout_pic = next(p for p in slide.slide_layout.placeholders if p.placeholder_format.idx == pic.placeholder_format.idx)
    assert (pic.left, pic.top, pic.width) == (layout_pic.left, layout_pic.top, layout_pic.width)
    assert pic._element.xpath("./p:nvPicPr/p:cNvPr")[0].get("descr") == "Dark hills at dusk under a red and blue sky"
    assert pic._element.xpath("./p:blipFill/a:srcRect")


def test_every_placement_keeps_text_and_pictures_apart(default_theme):
    from conftest import DATA

    doc, warnings = load(DATA / "pictures.yaml")
    result = get("deck").render(doc, default_theme, RenderOptions())
    prs = Presentation(io.BytesIO(result.data))
    first = prs.slides[0]
    (side,) = [p for p in pictures_of(first) if p.name.startswith("Picture: ")]
    for shape in (first.shapes.title, first.placeholders[1]):  # the title slide: title and subtitle beside it
        assert shape.left + shape.width <= side.left
    footer_top = min(p.top for p in first.slide_layout.placeholders if p.placeholder_format.type in (15, 16, 13))
    assert side.top + side.height <= footer_top  # clear of where a footer goes
    assert not any("too long for a caption" in w.message for w in result.warnings)  # on two lines, whole
    credit = next(s for s in first.shapes if s.name == "Picture credit")
    assert credit.text_frame.text == doc.image.credit and credit.top >= side.top + side.height - 12700  # under it
    contained = [(n, p) for n, p in content_pictures(prs) if "linked-globes" in p.name]
    assert len(contained) == 2
    for _, pic in contained:  # contain: the whole drawing, its own shape, no crop
        assert pic.width / pic.height == pytest.approx(1.5, rel=0.01)
        assert (pic.crop_left, pic.crop_top, pic.crop_right, pic.crop_bottom) == (0, 0, 0, 0)
    behind = prs.slides[2]
    assert pictures_of(behind)[0].width == prs.slide_width
    assert behind.shapes.title.text_frame.text == "A section behind which a photo fills the slide"
    assert any(s.name == "Panel under text" for s in behind.shapes)


def test_a_damaged_picture_stops_the_build_at_its_file_line(tmp_path, run, monkeypatch):
    data = picturedata.photo(tmp_path / "full.jpg").read_bytes()
    (tmp_path / "photo.jpg").write_bytes(data[: len(data) // 3])
    (tmp_path / "doc.yaml").write_text('title: "T"\nlanguage: en\nsections:\n  - heading: "H"\n    text: "Text."\n'
                                       '    image:\n      file: "photo.jpg"\n      alt: "Stripes"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, _, err = run("build", "doc.yaml", "-j", "1", "--format", "deck")
    assert code == 1
    assert "doc.yaml:7:13: error: image photo.jpg cannot be read" in err


def test_a_credit_two_lines_do_not_hold_is_cut_with_a_warning(tmp_path, monkeypatch, default_theme):
    """A side picture's credit takes two lines where one does not hold it; one that two lines do not
    hold either is cut there with a warning (the closing slide's notes list it whole)."""
    import shutil

    from conftest import DATA, ROOT

    monkeypatch.chdir(tmp_path)  # the project folder: the pictures are named relative to the content file
    shutil.copytree(ROOT / "content" / "images", tmp_path / "content" / "images")
    text = (DATA / "pictures.yaml").read_text(encoding="utf-8")
    long = "a credit long enough to be shortened on a small caption of its slide"
    path = tmp_path / "tests" / "data" / "pictures.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(text.replace(long, f"{long}, even on two lines, {long}, {long}"), encoding="utf-8")
    doc, _ = load(path)
    result = get("deck").render(doc, default_theme, RenderOptions())
    assert any("too long for a caption" in w.message for w in result.warnings)
    first = Presentation(io.BytesIO(result.data)).slides[0]
    credit = next(s for s in first.shapes if s.name == "Picture credit")
    assert credit.text_frame.text.endswith("…") and doc.image.credit.startswith(credit.text_frame.text[:-1])
    closing = Presentation(io.BytesIO(result.data)).slides[-1]
    assert doc.image.credit in closing.notes_slide.notes_text_frame.text
