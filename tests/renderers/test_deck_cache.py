"""What the deck keeps between builds or reads the short way gives exactly what the long way gives.

The QR code's PNG is kept in the cache folder (deck/qrcode.py): a cold, warm or damaged
cache makes the same deck, byte for byte. Its picture is added without Pillow, with the
XML python-pptx's add_picture writes. The notes and titles a deck hands to the notes
handout are read from the XML, as python-pptx reads them. The legibility check reads the
colours under each text leaving the slide's own pictures unpainted where no text meets them:
the colours are those of the slide painted whole.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.util import Emu

from deckgen.renderers import RenderOptions, get
from deckgen.renderers.deck import qrcode, readback
from deckgen.renderers.slidexml import backdrop

TEMPLATES = Path(__file__).resolve().parents[1] / "data" / "templates"
URL = "https://www.partos.nl"


def _forget() -> None:
    """What the deck's caches keep in memory, forgotten: a new process, which has only the cache folder."""
    from deckgen.renderers.deck import template
    from deckgen.renderers.slidexml import thumbs

    qrcode.png.cache_clear()
    thumbs.thumbnail.cache_clear()
    template._checked_here.clear()
    template._spare.clear()


@pytest.fixture
def cold(tmp_path, monkeypatch):
    """An empty cache folder and no code kept in memory (before the test and after it)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    _forget()
    yield tmp_path / "cache" / "deckgen" / "qr"
    _forget()


def _tamper(entry: Path) -> None:
    """Damage only the entry's digest can tell: its magic and digest kept, a body that still reads as one
    of its kind (a PNG with one byte of its pixel data changed, a thumbnail with one pixel changed, a
    checked template whose checks said one thing more)."""
    import marshal
    import zlib

    from deckgen.renderers.deck import template
    from deckgen.renderers.slidexml import thumbs

    magic = {"qr": qrcode._FORMAT, "thumbs": thumbs._FORMAT, "templates": template._CHECKED}[entry.parent.name]
    raw = entry.read_bytes()
    head, body = raw[:len(magic) + 32], raw[len(magic) + 32:]
    if entry.parent.name == "qr":
        body = body[:-20] + bytes([body[-20] ^ 0x01]) + body[-19:]  # in the last chunk before IEND
    elif entry.parent.name == "thumbs":
        mode, size, pixels = marshal.loads(body)
        pixels = bytearray(zlib.decompress(pixels))
        pixels[len(pixels) // 2] ^= 0x80
        body = marshal.dumps((mode, size, zlib.compress(bytes(pixels), 1)))
    else:
        said, package = marshal.loads(body)
        body = marshal.dumps((said + ["a note no check made"], package))
    entry.write_bytes(head + body)


def test_the_qr_png_is_kept_and_read_back(cold, monkeypatch):
    made = qrcode.png(URL)
    assert made == qrcode._make(URL) and made.startswith(b"\x89PNG")
    assert len(list(cold.iterdir())) == 1
    qrcode.png.cache_clear()  # a new process: from the cache folder, segno not asked
    monkeypatch.setattr(qrcode, "_make", lambda url: pytest.fail("made again"))
    assert qrcode.png(URL) == made
    assert qrcode.png(URL) is qrcode.png(URL)  # and from memory after that


@pytest.mark.parametrize("damage", [lambda b: b[:-7], lambda b: b[:40] + b"x" + b[41:], lambda b: b"", lambda b: b"PK",
                                    lambda b: b[:-30] + bytes([b[-30] ^ 1]) + b[-29:]],
                         ids=["truncated", "digest", "empty", "other", "body"])
def test_a_damaged_qr_entry_is_made_again(cold, monkeypatch, damage):
    made = qrcode.png(URL)
    entry = next(cold.iterdir())
    entry.write_bytes(damage(entry.read_bytes()))
    qrcode.png.cache_clear()
    assert qrcode.png(URL) == made
    assert entry.read_bytes().endswith(made), "the entry is written again, whole"


def test_the_qr_entry_depends_on_the_link_and_segno(cold, monkeypatch):
    first = qrcode._entry(URL)
    assert qrcode._entry(URL + "/x") != first
    monkeypatch.setattr(qrcode, "_segno_stamp", lambda: "another segno")
    assert qrcode._entry(URL) != first


def test_add_png_writes_what_add_picture_writes():
    data = qrcode._make(URL)
    out = []
    for add in (lambda shapes: shapes.add_picture(io.BytesIO(data), Emu(1000), Emu(2000), Emu(3000), Emu(3000)),
                lambda shapes: qrcode.add_png(shapes, data, Emu(1000), Emu(2000), Emu(3000), Emu(3000))):
        prs = Presentation()
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        pic = add(slide.shapes)
        add(slide.shapes)  # the same picture twice: one image part
        out.append((etree.tostring(slide.shapes._spTree), pic.image.blob, pic.image.content_type,
                    str(pic._element.blip_rId), sorted(str(p.partname) for p in prs.part.package.iter_parts())))
    assert out[0] == out[1]


@pytest.mark.parametrize("kind", [None, "german", "master-logo"])
def test_a_cold_warm_or_damaged_cache_makes_the_same_deck(cold, monkeypatch, tmp_path, seed_doc, default_theme, kind):
    """Every cache the deck keeps (QR codes; with a template its check, and the pictures it paints under
    texts) gives the same deck, report and warnings cold, warm (from the folder only: nothing made
    again) and damaged in a way only each entry's digest can tell (then everything is made again)."""
    from deckgen.renderers.deck import template as tpl
    from deckgen.renderers.slidexml import thumbs
    from renderers.templates import made_template

    template = {None: None, "german": TEMPLATES / "german.potx"}.get(kind) or (
        made_template(tmp_path / "logo.pptx", kind) if kind else None)
    options = RenderOptions(template=template, epoch=1700000000)

    def render():
        result = get("deck").render(seed_doc, default_theme, options)
        return result.data, result.report, [w.message for w in result.warnings]

    folder = cold.parent
    decks = [render()]  # cold
    kinds = {None: {"qr"}, "german": {"qr", "templates"}}.get(kind, {"qr", "templates", "thumbs"})
    entries = sorted(p for p in folder.rglob("*.bin"))
    assert {p.parent.name for p in entries} == kinds
    _forget()
    with monkeypatch.context() as m:  # warm: each answer from the folder
        m.setattr(qrcode, "_make", lambda url: pytest.fail("QR code made again"))
        m.setattr(thumbs, "_decode", lambda blob, side: pytest.fail("picture decoded again"))
        m.setattr(tpl, "_check", lambda *a: pytest.fail("template checked again"))
        decks.append(render())
    made = {"qr": 0, "thumbs": 0, "templates": 0}
    for module, name, kind in ((qrcode, "_make", "qr"), (thumbs, "_decode", "thumbs"), (tpl, "_check", "templates")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, _real=real, _kind=kind: made.__setitem__(_kind, made[_kind] + 1)
                            or _real(*a))
    for entry in entries:
        _tamper(entry)
    _forget()
    decks.append(render())  # damaged: all made again
    assert {k for k, n in made.items() if n} == kinds, made
    assert decks[0] == decks[1] == decks[2]


@pytest.mark.parametrize("template", [None, TEMPLATES / "german.potx", TEMPLATES / "title-only-blank.pptx"],
                         ids=["plain", "german", "title-only"])
def test_notes_and_titles_are_what_python_pptx_reads(seed_doc, default_theme, template):
    result = get("deck").render(seed_doc, default_theme, RenderOptions(template=template))
    prs = Presentation(io.BytesIO(result.data))
    notes = tuple(s.notes_slide.notes_text_frame.text if s.has_notes_slide and s.notes_slide.notes_text_frame
                  else "" for s in prs.slides)
    titles = tuple(" ".join(s.shapes.title.text_frame.text.split()) if s.shapes.title is not None else ""
                   for s in prs.slides)
    assert (result.notes, result.titles) == (notes, titles) == readback.notes_and_titles(prs)
    assert sum(1 for n in notes if n) > 10 and sum(1 for t in titles if t) > 10


@pytest.mark.parametrize("template", [None, TEMPLATES / "german.potx"], ids=["plain", "german"])
def test_colours_under_a_text_are_those_of_the_whole_slide(monkeypatch, english_doc, default_theme, template):
    """The English seed has a cover, section pictures and the QR code: pictures beside texts are
    left unpainted, pictures under texts are painted, and every reading is the whole slide's."""
    real = backdrop.SlideLayers.colours
    seen = {"texts": 0, "deferred": 0, "painted": 0}

    def checked(self, below, box):
        got = real(self, below, box)
        whole = backdrop.SlideLayers(self.backdrop, self.index, self.element, self.part).under(below)
        assert got == self.backdrop.colours_under(whole, box)
        seen["texts"] += 1
        seen["deferred"] += bool(self.deferred)
        pics = [el for el in self.painted if el.tag.endswith("}pic")]
        seen["painted"] += any(self._picture(el) and not any(r == self._picture(el) for r in self.deferred)
                               for el in pics)
        return got

    monkeypatch.setattr(backdrop.SlideLayers, "colours", checked)
    get("deck").render(english_doc, default_theme, RenderOptions(template=template))
    assert seen["texts"] > 50 and seen["deferred"] > 5 and seen["painted"] > 0, seen


def _pictures() -> dict[str, bytes]:
    from PIL import Image

    out = {}
    base = Image.new("RGB", (900, 500))
    base.putdata([((x * 7) % 256, (y * 3) % 256, (x + y) % 256) for y in range(500) for x in range(900)])
    for name, mode, fmt in (("png", "RGB", "PNG"), ("jpeg", "RGB", "JPEG"), ("gif", "P", "GIF"),
                            ("grey16", "I;16", "PNG"), ("alpha", "RGBA", "PNG")):
        buf = io.BytesIO()
        picture = base.convert("L").convert("I;16") if mode == "I;16" else base.convert(mode)
        picture.save(buf, fmt)
        out[name] = buf.getvalue()
    return out


@pytest.fixture
def cold_thumbs(cold):
    from deckgen.renderers.slidexml import thumbs

    return thumbs, cold.parent / "thumbs"


def test_a_template_picture_is_decoded_once_and_kept(cold_thumbs, monkeypatch):
    thumbs, folder = cold_thumbs
    pictures = _pictures()
    decoded = {name: thumbs._decode(blob, 480) for name, blob in pictures.items()}
    made = []
    real = thumbs._decode
    monkeypatch.setattr(thumbs, "_decode", lambda blob, side: made.append(side) or real(blob, side))
    for name, blob in pictures.items():
        first = thumbs.thumbnail(blob, 480)
        want = decoded[name]
        assert (first.mode, first.size, first.tobytes()) == (want.mode, want.size, want.tobytes()), name
        assert max(first.size) == 480 and first.mode == "RGBA"
        assert thumbs.thumbnail(blob, 480) is first, name  # in memory
    assert len(made) == 5 and len(list(folder.iterdir())) == 5
    thumbs.thumbnail.cache_clear()  # a new process: from the cache folder, Pillow not asked to decode
    monkeypatch.setattr(thumbs, "_decode", lambda blob, side: pytest.fail("decoded again"))
    for name, blob in pictures.items():
        again = thumbs.thumbnail(blob, 480)
        want = decoded[name]
        assert (again.mode, again.size, again.tobytes()) == (want.mode, want.size, want.tobytes()), name


def _sealed_body(entry: Path, magic: bytes) -> bytes:
    from deckgen.cache import cache_open

    body = cache_open(entry, magic)
    assert body is not None
    return body


def test_a_damaged_thumbnail_entry_is_decoded_again(cold_thumbs, monkeypatch):
    """Truncation is caught by marshal and zlib already; a changed body that still reads as a picture
    (another picture's pixels under this one's digest, or one flipped pixel) only by the digest."""
    import hashlib
    import marshal
    import zlib

    thumbs, folder = cold_thumbs
    blob = _pictures()["png"]
    good = thumbs.thumbnail(blob, 480).tobytes()
    entry = next(folder.iterdir())
    mode, size, pixels = marshal.loads(_sealed_body(entry, thumbs._FORMAT))
    black = marshal.dumps((mode, size, zlib.compress(bytes(len(zlib.decompress(pixels))), 1)))
    flipped = bytearray(zlib.decompress(pixels))
    flipped[1000] ^= 0x80
    one_pixel = marshal.dumps((mode, size, zlib.compress(bytes(flipped), 1)))
    for damage in (lambda b: b[:len(b) // 2], lambda b: b[:-1] + bytes([b[-1] ^ 1]), lambda b: b"",
                   lambda b: b[:len(thumbs._FORMAT) + 32] + black, lambda b: b[:len(thumbs._FORMAT) + 32] + one_pixel,
                   lambda b: thumbs._FORMAT + hashlib.sha256(b"x").digest() + b[len(thumbs._FORMAT) + 32:]):
        entry.write_bytes(damage(entry.read_bytes()))
        thumbs.thumbnail.cache_clear()
        assert thumbs.thumbnail(blob, 480).tobytes() == good
        assert _sealed_body(entry, thumbs._FORMAT)  # written again, whole


def test_what_pillow_cannot_read_is_not_painted(cold_thumbs):
    thumbs, folder = cold_thumbs
    assert thumbs.thumbnail(b"<svg xmlns='http://www.w3.org/2000/svg'/>", 480) is None
    assert thumbs.thumbnail(b"\x89PNG\r\n\x1a\n" + b"\0" * 40, 480) is None
    assert not folder.exists() or not list(folder.iterdir())
    entries = [thumbs._entry(b"a", 480), thumbs._entry(b"b", 480), thumbs._entry(b"a", 240)]
    assert len(set(entries)) == 3, "the entry depends on the picture's bytes and on the side"


@pytest.fixture
def cold_templates(cold):
    from deckgen.renderers.deck import template

    return template, cold.parent / "templates"


def _repaired_template(tmp_path) -> Path:
    """german.potx without a slide size: checked, repaired (a warning) and relabelled as a .pptx."""
    import zipfile

    src = zipfile.ZipFile(TEMPLATES / "german.potx")
    out = tmp_path / "nosize.potx"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "ppt/presentation.xml":
                start = blob.index(b"<p:sldSz")
                blob = blob[:start] + blob[blob.index(b"/>", start) + 2:]
            dst.writestr(info, blob)
    return out


def test_a_checked_template_is_read_back_with_what_the_checks_said(cold_templates, tmp_path, monkeypatch):
    template, _ = cold_templates
    path = _repaired_template(tmp_path)
    notes: list[str] = []
    first = template.read_template(path, notes)
    assert notes and "slide size" in notes[0] and first != path.read_bytes()
    _forget()  # a new process: from the cache folder
    monkeypatch.setattr(template, "_check", lambda *a: pytest.fail("checked again"))
    again: list[str] = []
    assert template.read_template(path, again) == first and again == notes
    assert template.read_template(path, None) == first  # and in memory


@pytest.mark.parametrize("damage", ["truncated", "package", "notes"])
def test_a_damaged_template_entry_is_checked_again(cold_templates, tmp_path, monkeypatch, damage):
    """Truncation is caught by marshal already; one changed byte of the kept package, or of what the
    checks said, still reads back as an entry: only its digest tells."""
    template, folder = cold_templates
    path = _repaired_template(tmp_path)
    notes: list[str] = []
    first = template.read_template(path, notes)
    entry = next(folder.iterdir())
    raw = entry.read_bytes()
    if damage == "truncated":
        raw = raw[:-10]
    else:
        at = raw.index(notes[0].encode()) + 3 if damage == "notes" else len(raw) - 5000
        raw = raw[:at] + bytes([raw[at] ^ 0x01]) + raw[at + 1:]
    entry.write_bytes(raw)
    _forget()
    checked = []
    real = template._check
    monkeypatch.setattr(template, "_check", lambda *a: checked.append(1) or real(*a))
    again: list[str] = []
    assert template.read_template(path, again) == first and again == notes
    assert checked == [1]


def test_a_changed_template_is_checked_again(cold_templates, tmp_path):
    from deckgen.errors import DeckgenError

    template, _ = cold_templates
    path = tmp_path / "t.pptx"
    path.write_bytes((TEMPLATES / "title-only-blank.pptx").read_bytes())
    assert template.read_template(path, []) == path.read_bytes()  # nothing to repair: the file itself
    path.write_bytes(path.read_bytes()[:-200])  # truncated since: refused, whatever was kept
    with pytest.raises(DeckgenError, match="damaged"):
        template.read_template(path, [])


def test_the_render_takes_the_template_its_check_opened(monkeypatch, seed_doc, default_theme):
    """A build checks, then renders: the template is parsed once, and the deck is the one made from
    a template opened for it alone."""
    from deckgen.renderers.deck import template

    options = RenderOptions(template=TEMPLATES / "german.potx", epoch=1700000000)
    alone = get("deck").render(seed_doc, default_theme, options)
    opened = []
    real = template.Presentation
    monkeypatch.setattr(template, "Presentation", lambda *a: opened.append(1) or real(*a))
    warnings = get("deck").check(default_theme, options)
    after_check = get("deck").render(seed_doc, default_theme, options)
    assert len(opened) == 1 and not template._spare
    assert after_check.data == alone.data and after_check.report == alone.report
    assert [w.message for w in after_check.warnings] == [w.message for w in alone.warnings]
    assert get("deck").check(default_theme, options) == warnings


def test_the_spare_template_is_known_by_its_content(monkeypatch, seed_doc, default_theme):
    """The render takes the check's template by what it is (its checked content), not by which bytes
    object the check read: when the in-memory memo lets go of those bytes between the check and the
    render, the template is still parsed once, and another template never takes it."""
    from deckgen.renderers.deck import template

    options = RenderOptions(template=TEMPLATES / "german.potx", epoch=1700000000)
    alone = get("deck").render(seed_doc, default_theme, options).data
    opened = []
    real = template.Presentation
    monkeypatch.setattr(template, "Presentation", lambda *a: opened.append(1) or real(*a))
    get("deck").check(default_theme, options)
    template._checked_here.clear()  # read again from the cache folder: other bytes objects, the same content
    assert get("deck").render(seed_doc, default_theme, options).data == alone and len(opened) == 1
    get("deck").check(default_theme, options)
    other = RenderOptions(template=TEMPLATES / "title-only-blank.pptx", epoch=1700000000)
    get("deck").render(seed_doc, default_theme, other)
    assert len(opened) == 3, "another template is parsed for itself"


def test_first_finds_what_find_finds():
    from deckgen.renderers.slidexml.xmlpath import first

    xml = (b'<r xmlns="urn:x"><a><b id="1"/><!-- c --><b id="2"><c id="3"/></b></a><a><c id="4"/><b id="5">'
           b'<c id="6"/></b></a><d/></r>')
    root = etree.fromstring(xml)
    paths = [("a",), ("d",), ("e",), ("a", "b"), ("a", "c"), ("a", "b", "c"), ("a", "*"), ("*", "c"), ("*",),
             ("a", "e")]
    for path in paths:
        tags = tuple(t if t == "*" else "{urn:x}" + t for t in path)
        assert first(root, *tags) is root.find("/".join(tags)), path


def test_a_repaired_template_is_the_same_package_at_any_time(cold_templates, tmp_path, monkeypatch):
    """The package a check repairs does not depend on the clock (a patched member used to be dated
    'now'): checking the same file a minute later gives the same bytes, so its entry and the
    comparisons above do not depend on when they run."""
    import time

    template, _ = cold_templates
    path = _repaired_template(tmp_path)
    first = template.read_template(path, [])
    _forget()
    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    monkeypatch.setattr(time, "localtime", lambda *a: time.gmtime(later))
    checked = []
    real = template._check
    monkeypatch.setattr(template, "_check", lambda *a: checked.append(1) or real(*a))
    for entry in (tmp_path / "cache" / "deckgen" / "templates").iterdir():
        entry.unlink()  # checked again, a minute later
    assert template.read_template(path, []) == first and checked == [1]


@pytest.mark.parametrize("template", [None, TEMPLATES / "german.potx"], ids=["plain", "german"])
def test_reading_facts_are_those_of_the_saved_deck(seed_doc, default_theme, template):
    """Each slide is read back as it is finished (before its tree is let go): the facts are those of the
    saved deck, read whole."""
    result = get("deck").render(seed_doc, default_theme, RenderOptions(template=template))
    prs = Presentation(io.BytesIO(result.data))
    levels = [r.level for r in result.reading]
    kinds = ["sources" if r.sources else "" for r in result.reading]
    assert len(result.reading) == len(prs.slides) == len(result.notes)
    assert result.reading == readback.reading(prs, levels, kinds)
    assert any(r.running for r in result.reading) and any(r.marks for r in result.reading)


def test_finished_slides_are_kept_as_bytes(monkeypatch, seed_doc, default_theme):
    """A long deck must not hold every slide's lxml tree until it is saved (×100: 140 MB of 200): each
    slide and notes page is kept as the bytes python-pptx would have written once it is finished."""
    from pptx.opc.package import XmlPart
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    from deckgen.renderers.deck import template

    opened = []
    real = template.open_template

    def keep(*args, **kwargs):
        opened.append(real(*args, **kwargs))
        return opened[-1]

    monkeypatch.setattr(template, "open_template", keep)
    result = get("deck").render(seed_doc, default_theme, RenderOptions())
    prs = opened[-1][0]
    slides = [rel.target_part for rel in prs.part.rels.values() if rel.reltype == RT.SLIDE]
    notes = [s.part_related_by(RT.NOTES_SLIDE) for s in slides]
    assert len(slides) == len(result.notes) > 20 and len(notes) == len(slides)
    assert not [p for p in slides + notes if isinstance(p, XmlPart) or hasattr(p, "_element")]
    saved = Presentation(io.BytesIO(result.data))
    assert [s.part.blob for s in saved.slides] == [p.blob for p in slides]
