"""Pictures in the content: the `image:` keys, and every mistake at its file:line:col (issue 16)."""

from __future__ import annotations

from pathlib import Path

import picturedata
import pytest

from deckgen.content import load as content
from deckgen.errors import DeckgenError

DOC = '''title: "Test"
language: en
image:
  file: "{file}"
{extra}sections:
  - text: "A text."
'''


def doc(tmp_path: Path, file: str = "photo.jpg", extra: str = '  alt: "A photo"\n') -> Path:
    path = tmp_path / "doc.yaml"
    path.write_text(DOC.format(file=file, extra=extra), encoding="utf-8")
    return path


def errors(path: Path, decode: bool = False) -> list[str]:
    with pytest.raises(DeckgenError) as info:
        content.load(path, display="doc.yaml", decode_images=decode)
    return [d.format() for d in info.value.errors]


def test_every_key_is_read_and_the_file_is_relative_to_the_content_file(tmp_path):
    (tmp_path / "img").mkdir()
    picturedata.portrait(tmp_path / "img" / "p.jpg")
    path = tmp_path / "doc.yaml"
    path.write_text('title: "T"\nlanguage: en\nsections:\n  - heading: "H"\n    text: "A text."\n    image:\n'
                    '      file: "img/p.jpg"\n      alt: "A tree"\n      credit: "Photo: Jan de Vries / ANP"\n'
                    '      fit: "contain"\n      focus: "top-left"\n      placement: "background"\n'
                    'qa:\n  items:\n    - question: "Q?"\n      answer: "A."\n      image:\n'
                    '        file: "img/p.jpg"\n        decorative: "yes"\n', encoding="utf-8")
    document, warnings = content.load(path)
    pic = document.sections[0].image
    assert warnings == []
    assert Path(pic.path) == (tmp_path / "img" / "p.jpg").resolve()
    assert (pic.kind, pic.width, pic.height) == ("JPEG", 600, 900)
    assert (pic.alt, pic.credit, pic.fit, pic.focus, pic.placement) == (
        "A tree", "Photo: Jan de Vries / ANP", "contain", "top-left", "background")
    assert pic.focus_point == (0.0, 0.0)
    assert (pic.loc.line, pic.loc.col) == (7, 13)
    question = document.qa.items[0].image
    assert question.decorative and question.alt == "" and question.credit is None
    assert (question.fit, question.focus, question.placement) == ("cover", "center", "auto")
    assert document.image is None
    assert document.pictures() == [pic, question]
    assert document.pictures("sections") == [pic]


def test_a_missing_alt_is_an_error_naming_the_key_with_the_decorative_hint(tmp_path):
    picturedata.photo(tmp_path / "photo.jpg")
    assert errors(doc(tmp_path, extra="")) == [
        "doc.yaml:3:1: error: the image of the document needs 'alt': a short description of what it shows, for "
        "people who cannot see it (add a line alt: \"…\"; if the picture is only decoration, write decorative: "
        "\"yes\" instead)"]


def test_a_decorative_picture_needs_no_alt(tmp_path):
    picturedata.photo(tmp_path / "photo.jpg")
    document, _ = content.load(doc(tmp_path, extra='  decorative: "yes"\n'))
    assert document.image.decorative


@pytest.mark.parametrize("extra, message", [
    ('  alt: "x"\n  fit: "stretch"\n', "doc.yaml:6:8: error: 'fit' in the image of the document is 'stretch' "
                                       "(write one of: cover, contain)"),
    ('  alt: "x"\n  focus: "middle"\n', "doc.yaml:6:10: error: 'focus' in the image of the document is 'middle' "
                                        "(write one of: center, top, bottom, left, right, top-left, top-right, "
                                        "bottom-left, bottom-right)"),
    ('  alt: "x"\n  placement: "left"\n', "doc.yaml:6:14: error: 'placement' in the image of the document is 'left' "
                                          "(write one of: auto, background, side)"),
    ('  alt: "x"\n  decorative: "maybe"\n', "doc.yaml:6:15: error: 'decorative' in the image of the document is "
                                            "'maybe' (write one of: yes, no)"),
    ('  alt: "x"\n  credits: "me"\n', "doc.yaml:6:3: error: unknown key 'credits' in the image of the document "
                                      "(did you mean 'credit'?)"),
])
def test_wrong_values_are_errors_at_their_place(tmp_path, extra, message):
    picturedata.photo(tmp_path / "photo.jpg")
    assert errors(doc(tmp_path, extra=extra)) == [message]


def test_a_missing_file_is_reported_at_the_file_line(tmp_path):
    assert errors(doc(tmp_path, file="photos/missing.jpg")) == [
        "doc.yaml:4:9: error: image file 'photos/missing.jpg' not found (the path is relative to the content "
        "file's folder)"]


def test_a_file_that_is_no_picture_is_reported_at_the_file_line(tmp_path):
    (tmp_path / "photo.jpg").write_text("not a picture at all", encoding="utf-8")
    assert errors(doc(tmp_path)) == [
        "doc.yaml:4:9: error: 'image': photo.jpg is not an image; deckgen needs a PNG, JPEG, WebP or GIF image "
        "(export it as JPEG (photographs) or PNG (drawings))"]


def test_too_many_pixels_is_refused_from_the_header_without_decoding(tmp_path, monkeypatch):
    picturedata.big_header_png(tmp_path / "photo.jpg", 8000, 6000)  # 48 MP claimed, a few bytes stored
    import PIL.Image

    def never(*args, **kwargs):
        raise AssertionError("Pillow opened a decompression bomb")

    monkeypatch.setattr(PIL.Image, "open", never)
    assert errors(doc(tmp_path), decode=True) == [
        "doc.yaml:4:9: error: 'image': photo.jpg is 8000×6000 pixels; the limit is 40,000,000 pixels (scale it "
        "down: a slide needs at most 2560 pixels on the long side, print at most 300 dpi)"]


def test_a_file_over_30_mb_is_refused(tmp_path):
    path = picturedata.photo(tmp_path / "photo.jpg", size=(40, 30))
    with open(path, "r+b") as fh:
        fh.truncate(31 * 1024 * 1024)  # sparse: quick to make
    assert errors(doc(tmp_path)) == [
        "doc.yaml:4:9: error: 'image': photo.jpg is 31 MB; the limit is 30 MB (scale it down: a slide needs at "
        "most 2560 pixels on the long side, print at most 300 dpi)"]


def test_validate_decodes_and_reports_a_damaged_picture(tmp_path, run):
    data = picturedata.photo(tmp_path / "full.jpg").read_bytes()
    (tmp_path / "photo.jpg").write_bytes(data[: len(data) // 3])  # the header is fine, the pixels cut off
    path = doc(tmp_path)
    content.load(path)  # a build checks the header only: the renderer decodes it (and reports it there)
    code, _, err = run("validate", str(path))
    assert code == 1
    assert f"{path}:4:9: error: 'image': photo.jpg cannot be read as JPEG" in err


@pytest.mark.parametrize("make, kind", [(picturedata.gif, "GIF"), (picturedata.webp, "WebP"),
                                        (picturedata.transparent_png, "PNG"), (picturedata.cmyk, "JPEG")])
def test_gif_webp_png_and_jpeg_are_accepted(tmp_path, make, kind):
    make(tmp_path / "photo.jpg")
    document, _ = content.load(doc(tmp_path), decode_images=True)
    assert document.image.kind == kind


@pytest.mark.parametrize("make, message", [
    (lambda p: picturedata.frame_bomb_gif(p), "holds a frame of 9400×9400 pixels"),
    (lambda p: picturedata.frame_bomb_gif(p, small_frames=3), "holds a frame of 9400×9400 pixels"),
    (lambda p: picturedata.frame_bomb_gif(p, size=(10, 10), offset=(9000, 9000)),
     "holds a frame of 10×10 pixels at 9000,9000"),
    (picturedata.frame_bomb_apng, "holds a frame of 9000×9000 pixels"),
    (picturedata.frame_bomb_webp, "holds a frame of 9000×9000 pixels"),
], ids=["gif-first-frame", "gif-fourth-frame", "gif-frame-far-off-the-screen", "apng", "animated-webp"])
def test_every_frame_is_checked_before_anything_decodes_it(tmp_path, monkeypatch, make, message):
    """The header's canvas says 1×1; a frame inside says 88 megapixels (issue 26: a 60 KB GIF that
    Pillow decoded whole, 20 s and 548 MB). Refused from the file's structure, without Pillow."""
    path = make(tmp_path / "photo.jpg")
    assert path.stat().st_size < 70_000
    import PIL.Image

    def never(*args, **kwargs):
        raise AssertionError("Pillow opened a decompression bomb")

    monkeypatch.setattr(PIL.Image, "open", never)
    [error] = errors(doc(tmp_path), decode=True)
    assert error.startswith(f"doc.yaml:4:9: error: 'image': photo.jpg {message}; the limit is 40,000,000 pixels "
                            "(scale it down"), error


def test_the_frames_of_real_animated_files_are_read(tmp_path):
    from deckgen.content.images import frames

    from PIL import Image

    pictures = [Image.new("RGB", (30, 20), c) for c in ("red", "blue")]
    pictures[0].save(tmp_path / "a.gif", "GIF", save_all=True, append_images=pictures[1:])
    assert [f[2:] for f in frames(tmp_path / "a.gif", "GIF")] == [(30, 20), (30, 20)]

    Image.new("RGB", (50, 40)).save(tmp_path / "a.webp", "WEBP")
    assert list(frames(tmp_path / "a.webp", "WebP")) == [(0, 0, 50, 40)]
    pictures[0].save(tmp_path / "b.webp", "WEBP", save_all=True, append_images=pictures[1:])
    assert [f[2:] for f in frames(tmp_path / "b.webp", "WebP")][0] == (30, 20)
    pictures[0].save(tmp_path / "c.png", "PNG", save_all=True, append_images=pictures[1:])
    assert list(frames(tmp_path / "c.png", "PNG")) == [(0, 0, 30, 20), (0, 0, 30, 20)]


def test_a_frame_bomb_stops_the_build_before_anything_is_written(tmp_path, monkeypatch, run):
    monkeypatch.chdir(tmp_path)
    picturedata.frame_bomb_gif(tmp_path / "photo.jpg")
    doc(tmp_path)
    code, out, err = run("build", "doc.yaml")
    assert (code, out) == (1, "")
    assert err.startswith("doc.yaml:4:9: error: 'image': photo.jpg holds a frame of 9400×9400 pixels; the limit is "
                          "40,000,000 pixels"), err
    assert not (tmp_path / "output").exists()
