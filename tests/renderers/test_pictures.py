"""Preparing pictures with Pillow for an output (renderers/pictures.py): orientation, modes, sizes, geometry."""

from __future__ import annotations

import io
from pathlib import Path

import picturedata
import pytest
from PIL import Image

from deckgen.content.model import Picture
from deckgen.renderers import pictures


def picture(path: Path, kind: str = "JPEG", **kw) -> Picture:
    with Image.open(path) as img:
        width, height = img.size
    return Picture(str(path), path.name, kind, width, height, alt="x", **kw)


def decoded(prepared: pictures.Prepared) -> Image.Image:
    img = Image.open(io.BytesIO(prepared.data))
    img.load()
    return img


def test_exif_orientation_is_applied(tmp_path):
    pic = picture(picturedata.rotated_jpeg(tmp_path / "r.jpg"))
    assert (pic.width, pic.height) == (300, 500)
    assert pictures.oriented_size(pic) == (500, 300)
    img = decoded(pictures.for_slide(pic))
    assert img.size == (500, 300)
    assert not img.getexif().get(0x0112)  # upright pixels, no orientation left for a viewer to apply again


def test_cmyk_becomes_rgb_with_its_colour(tmp_path):
    pic = picture(picturedata.cmyk(tmp_path / "c.jpg"))
    prepared = pictures.for_slide(pic)
    img = decoded(prepared)
    assert (prepared.ext, img.mode) == ("jpeg", "RGB")
    r, g, b = img.getpixel((200, 150))
    assert abs(r - 200) < 20 and abs(g - 120) < 20 and abs(b - 40) < 20


def test_transparency_is_kept_in_a_png(tmp_path):
    pic = picture(picturedata.transparent_png(tmp_path / "t.png"), "PNG")
    prepared = pictures.for_slide(pic)
    img = decoded(prepared)
    assert (prepared.ext, prepared.alpha, img.mode) == ("png", True, "RGBA")
    assert img.getpixel((5, 5))[3] == 0 and img.getpixel((200, 150))[3] == 255


def test_sixteen_bit_becomes_eight_bit_grey(tmp_path):
    pic = picture(picturedata.sixteen_bit_png(tmp_path / "g.png"), "PNG")
    img = decoded(pictures.for_slide(pic))
    assert img.mode == "L"
    assert img.getpixel((0, 50)) < 10 and img.getpixel((199, 50)) > 245


def test_gif_first_frame_and_webp(tmp_path):
    gif = decoded(pictures.for_slide(picture(picturedata.gif(tmp_path / "a.gif"), "GIF")))
    assert gif.size == (120, 80)
    webp = decoded(pictures.for_slide(picture(picturedata.webp(tmp_path / "a.webp"), "WebP")))
    assert webp.size == (160, 90) and webp.mode == "RGB"


def test_slides_get_at_most_2560_pixels_on_the_long_side(tmp_path):
    pic = picture(picturedata.photo(tmp_path / "big.jpg", size=(4000, 3000)))
    prepared = pictures.for_slide(pic)
    assert (prepared.width, prepared.height) == (2560, 1920)
    assert decoded(prepared).size == (2560, 1920)


def test_a_small_plain_jpeg_is_passed_through_unchanged(tmp_path):
    path = picturedata.photo(tmp_path / "small.jpg", size=(800, 600))
    assert pictures.for_slide(picture(path)).data == path.read_bytes()


def test_print_gets_at_most_300_dpi_at_the_placed_size_cropped_to_cover(tmp_path):
    pic = picture(picturedata.portrait(tmp_path / "p.jpg", size=(1200, 1800)), focus="top")
    prepared = pictures.for_print(pic, 72.0, 36.0)  # 1 × 0.5 inch: at most 300 × 150 pixels
    img = decoded(prepared)
    assert img.size == (300, 150)
    assert img.getpixel((150, 75))[0] > 150  # the top (red) half is kept


def test_print_contain_keeps_the_whole_picture(tmp_path):
    pic = picture(picturedata.portrait(tmp_path / "p.jpg", size=(1200, 1800)), fit="contain")
    img = decoded(pictures.for_print(pic, 72.0, 72.0))
    assert img.size == (200, 300)


def test_the_same_file_is_prepared_once_per_output(tmp_path):
    pic = picture(picturedata.photo(tmp_path / "a.jpg"))
    cache = pictures.Cache()
    assert cache.slide(pic) is cache.slide(pic)
    assert cache.print(pic, 100, 50) is cache.print(pic, 100, 50)


@pytest.mark.parametrize("focus, expected", [((0.5, 0.5), (0.0, 0.25, 0.0, 0.25)), ((0.5, 0.0), (0.0, 0.0, 0.0, 0.5)),
                                             ((0.5, 1.0), (0.0, 0.5, 0.0, 0.0))])
def test_a_portrait_on_a_landscape_slot_is_cropped_around_its_focus(focus, expected):
    # 600 × 900 into 2:1.5 (4:3): keeps 600 × 450 of 900 rows, half the height
    assert pictures.cover_crop(600, 900, 400, 300, focus) == pytest.approx(expected)


def test_a_landscape_on_a_portrait_slot_is_cropped_at_the_sides():
    left, top, right, bottom = pictures.cover_crop(1600, 900, 300, 400, (0.0, 0.5))
    assert (left, top, bottom) == (0.0, 0.0, 0.0)
    assert right == pytest.approx(1 - (900 * 0.75) / 1600)


def test_contain_box_places_the_whole_picture_by_its_focus():
    assert pictures.contain_box(200, 100, 10, 20, 100, 100) == (10, 45, 100, 50)
    assert pictures.contain_box(200, 100, 10, 20, 100, 100, (0.5, 0.0)) == (10, 20, 100, 50)


def test_panel_opacity_is_measured_on_the_pixels():
    dark_text = ["#1A1A1A"]
    assert pictures.panel_opacity([(255, 255, 255)], "#FFFFFF", dark_text) == 0.0
    opacity = pictures.panel_opacity([(0, 0, 0), (255, 255, 255)], "#FFFFFF", dark_text)
    assert 0.5 < opacity < 1.0
    mixed = round(opacity * 255)  # black under the panel at that opacity
    from deckgen.theming.contrast import luminance
    lum = luminance(f"#{mixed:02X}{mixed:02X}{mixed:02X}")
    assert (lum + 0.05) / (luminance("#1A1A1A") + 0.05) >= 4.5
