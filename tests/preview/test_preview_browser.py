"""The preview page in Debian's headless Chromium: every slide image shows, and the page reloads after a rebuild."""

from __future__ import annotations

import io
import re

import pytest
from cdp import Browser
from PIL import Image
from watching import Watch, make_project, save

pytestmark = [pytest.mark.render, pytest.mark.needs("chromium")]

# the page parsed whole first (readyState): on a busy machine the browser may run this while only the
# first slides' sections are in the document, all of them loaded
ALL_LOADED = ("(() => { const s = [...document.querySelectorAll('section.slide img')];"
              " return document.readyState === 'complete' && s.length > 0"
              " && s.every(i => i.complete && i.naturalWidth > 0) ? s.length : 0; })()")


def test_the_page_shows_every_slide_and_reloads_after_a_rebuild(tmp_path):
    project = make_project(tmp_path)
    watch = Watch(project, "--preview")
    browser = None
    try:
        url = watch.wait_for(r"^preview at (http://127\.0\.0\.1:\d+/)", timeout=120).group(1)
        slides = int(re.search(r"preview: (\d+) slides", watch.text()).group(1))
        watch.ready()
        browser = Browser()
        browser.goto(url)
        assert browser.wait_for(ALL_LOADED, timeout=30) == slides == 26
        assert browser.evaluate("document.body.dataset.build") == "1"
        assert browser.evaluate("document.querySelector('h1').textContent") == "Migratie en ontwikkelingssamenwerking"
        # every slide the deck's fit report names is marked (a text continued over K slides: K of them)
        helped = sum(int(m.group(2) or 1) for m in re.finditer(
            r"fit: slide (\d+) \([^)]*\): [^\n]*?(?:continued over (\d+) slides)?$", watch.text(), re.M))
        assert helped >= 2  # the seed's sources continue over 2 slides
        assert browser.evaluate("document.querySelectorAll('.mark').length") == helped
        assert browser.evaluate("document.querySelectorAll('img[alt^=\"Handout page\"]').length") == 3
        assert browser.evaluate("document.querySelectorAll('img[alt^=\"Cards page\"]').length") == 4
        png = browser.screenshot()
        (tmp_path / "page.png").write_bytes(png)  # to look at when it fails
        shot = Image.open(io.BytesIO(png))
        assert shot.size == (1200, 900)
        # the first slide's picture is on screen: a wide box of the slide's white with dark title text
        colors = shot.convert("L").getcolors(1 << 20)
        assert len(colors) > 50
        browser.evaluate("window.before_rebuild = true")
        path = project / "content" / "seed.yaml"
        text = path.read_text(encoding="utf-8")
        save(path, re.sub(r'^title: "[^"]*"', 'title: "Herladen na opslaan"', text, count=1, flags=re.M))
        watch.wait_for(r"^preview: 26 slides", timeout=60)
        assert browser.wait_for("document.body && document.body.dataset.build === '2' && "
                                "window.before_rebuild === undefined", timeout=30)
        assert browser.wait_for(ALL_LOADED, timeout=30) == 26
        assert browser.evaluate("document.querySelector('h1').textContent") == "Herladen na opslaan"
        assert browser.evaluate("[...document.images].every(i => i.src.endsWith('?v=2'))")
        after = Image.open(io.BytesIO(browser.screenshot()))
        assert after.tobytes() != shot.tobytes()  # the new title shows
    finally:
        if browser is not None:
            browser.close()
        watch.close()
    assert "Traceback" not in watch.text()
