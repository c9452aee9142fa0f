"""`deckgen watch` in a subprocess: rebuilds after content and theme edits, keeps the last good outputs
through a content error, rebuilds after the fix, stops cleanly on Ctrl-C."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from pptx import Presentation
from watching import Watch, make_project, save
from programs import need

DECK = Path("out/mine/seed.pptx")
OUTPUTS = [DECK, Path("out/mine/seed.handout.pdf"), Path("out/mine/seed.cards.pdf")]


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path)


@pytest.fixture
def watch(project):
    w = Watch(project)
    yield w
    w.close()


def title(project: Path) -> str:
    return Presentation(str(project / DECK)).slides[0].shapes.title.text_frame.text


def digests(project: Path) -> list[str]:
    return [hashlib.sha256((project / p).read_bytes()).hexdigest() for p in OUTPUTS]


def retitle(project: Path, new: str) -> None:
    path = project / "content" / "seed.yaml"
    text = path.read_text(encoding="utf-8")
    save(path, re.sub(r'^title: "[^"]*"', f'title: "{new}"', text, count=1, flags=re.M))


def test_builds_then_rebuilds_after_a_content_edit(project, watch):
    watch.ready()
    assert "4 written" in watch.text() and "fit: slide 24 (sources)" in watch.text()  # the fit report
    assert title(project) == "Migratie en ontwikkelingssamenwerking"
    retitle(project, "Migratie en samenwerking")
    watch.wait_for(r"^changed: seed\.yaml")
    watch.wait_for(r"^built in \d")
    assert title(project) == "Migratie en samenwerking"
    assert "wrote       out/mine/seed.handout.pdf" in watch.text()


def test_the_first_build_reuses_outputs_a_build_left_up_to_date(project):
    import subprocess
    import sys

    from watching import ENV

    built = subprocess.run([sys.executable, "-m", "deckgen", "build", "content/seed.yaml", "--theme", "themes/mine",
                            "--out", "out"], cwd=project, env=ENV, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    before = {p: (project / p).stat().st_mtime_ns for p in OUTPUTS}
    w = Watch(project)
    try:
        w.ready()
        assert "0 written, 4 up to date" in w.text() and "every output is up to date" in w.text()
        assert "wrote " not in w.text() and "fit: " not in w.text()  # nothing reads like a change
        assert {p: (project / p).stat().st_mtime_ns for p in OUTPUTS} == before
        retitle(project, "Migratie en samenwerking")  # and a change still rebuilds
        w.wait_for(r"^built in \d")
        assert title(project) == "Migratie en samenwerking"
    finally:
        w.close()


def test_rebuilds_after_a_theme_edit(project, watch):
    watch.ready()
    before = (project / DECK).read_bytes()
    theme = project / "themes" / "mine" / "theme.yaml"
    save(theme, theme.read_text(encoding="utf-8").replace('primary: "#1F4E79"', 'primary: "#7A1F4E"'))
    watch.wait_for(r"^changed: theme\.yaml")
    watch.wait_for(r"^built in \d")
    after = (project / DECK).read_bytes()
    assert after != before
    from zipfile import ZipFile

    with ZipFile(project / DECK) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))
    assert "7A1F4E" in xml.upper() and "1F4E79" not in xml.upper()


def test_a_content_error_keeps_the_last_good_outputs_and_the_fix_rebuilds(project, watch):
    watch.ready()
    good = digests(project)
    path = project / "content" / "seed.yaml"
    original = path.read_text(encoding="utf-8")
    save(path, original.replace("sections:", "sectoins:", 1))
    m = watch.wait_for(r"^(\d+) error\(s\): nothing was written, the last good outputs stay")
    assert int(m.group(1)) >= 1
    assert re.search(r"content/seed\.yaml:\d+:\d+: error: .*sectoins", watch.text()), watch.text()
    assert digests(project) == good
    retitle(project, "Na de fout")
    path_text = path.read_text(encoding="utf-8").replace("sectoins:", "sections:", 1)
    save(path, path_text)
    watch.wait_for(r"^built in \d")
    assert title(project) == "Na de fout"
    assert digests(project) != good


def test_ctrl_c_stops_cleanly(project):
    watch = Watch(project, theme=None)  # the default theme, as `deckgen watch FILE` has it
    try:
        watch.ready()
        assert (project / "out" / "default" / "seed.pptx").is_file()
        code = watch.interrupt()
    finally:
        watch.close()
    out = watch.text()
    assert code in (0, 130)
    assert "Traceback" not in out and "internal error" not in out and "stopped watching" in out


def _office_processes(watch_pid: int) -> list[str]:
    """Processes of the watch's LibreOffice (its pipe name carries the watch's process id)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if f"deckgen{watch_pid}x" in cmdline:
            found.append(cmdline[:120])
    return found


@pytest.mark.render
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc (Linux)")
def test_ctrl_c_with_the_preview_ends_the_server_and_libreoffice(project):
    import time

    w = Watch(project, "--preview")
    try:
        w.wait_for(r"^preview at http://127\.0\.0\.1:\d+/", timeout=120)
        w.ready()
        warm = bool(_office_processes(w.proc.pid))  # none when no Python with uno is here (cold conversions)
        code = w.interrupt()
    finally:
        w.close()
    assert code in (0, 130)
    assert "Traceback" not in w.text() and "stopped watching" in w.text()
    deadline = time.monotonic() + 15
    while _office_processes(w.proc.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _office_processes(w.proc.pid) == [], "LibreOffice outlived the watch"
    if not warm:
        need("uno")  # without LibreOffice's Python bridge there was no warm LibreOffice: only the clean stop was checked
        raise AssertionError("LibreOffice was not kept warm, although its Python bridge (uno) is here")


@pytest.mark.render
def test_watch_rebuilds_the_slides_pdf_too(project):
    from pypdf import PdfReader

    w = Watch(project, "--format", "deck,slides-pdf")
    try:
        w.ready()
        pdf = project / "out" / "mine" / "seed.slides.pdf"
        assert "Migratie en" in PdfReader(pdf).pages[0].extract_text()
        retitle(project, "Dia's als PDF")
        w.wait_for(r"^built in \d")
        assert "Dia's als PDF" in PdfReader(pdf).pages[0].extract_text()
        assert len(PdfReader(pdf).pages) == 26
    finally:
        w.close()
    assert "Traceback" not in w.text()


def test_an_edited_photo_rebuilds_the_outputs_that_show_it(project):
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the test pictures
    import picturedata

    photo = picturedata.photo(project / "content" / "photo.jpg")
    seed = project / "content" / "seed.yaml"
    seed.write_text(seed.read_text(encoding="utf-8") + 'image:\n  file: "photo.jpg"\n  alt: "Stripes"\n',
                    encoding="utf-8")
    watch = Watch(project)
    try:
        watch.ready()
        start = len(watch.out)
        photo.write_bytes(picturedata.photo(project / "other.jpg", seed=3).read_bytes())  # as an editor saves
        watch.wait_for(r"^changed: photo\.jpg")
        watch.wait_for(r"^built in \d")
        after = "\n".join(watch.out[start:])
        assert "wrote       out/mine/seed.pptx" in after and "wrote       out/mine/seed.handout.pdf" in after
        assert "seed.cards.pdf" not in after.replace("up to date  out/mine/seed.cards.pdf", "")
    finally:
        watch.close()
