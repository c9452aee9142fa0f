"""The command line: exit codes, messages without tracebacks, and end-to-end deck builds."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from conftest import sourced

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "content" / "migratie-en-ontwikkelingssamenwerking.yaml"
ENGLISH = ROOT / "content" / "migration-and-development-cooperation.yaml"
DECK = Path("output") / "default" / (SEED.stem + ".pptx")
BROKEN = 'title: "x"\nlanguage: nl\nsections:\n  - text: "y"\n    texts: "z"\n'
BROKEN_ERROR = "broken.yaml:5:5: error: unknown key 'texts' in section 1 (did you mean 'text'?)"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder with the seed in content/, as the working directory."""
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / SEED.name).write_text(sourced(SEED), encoding="utf-8")  # its own sources: a quiet build
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))  # where crash reports go
    monkeypatch.chdir(tmp_path)
    return tmp_path


def slide_texts(path: Path) -> list[str]:
    from pptx import Presentation

    prs = Presentation(str(path))
    return [shape.text_frame.text for slide in prs.slides for shape in slide.shapes if shape.has_text_frame]


# --- validate and exit codes ------------------------------------------------------------

def test_validate_seed_says_no_errors(project, run):
    assert run("validate") == (0, "no errors\n", "")


def test_validate_broken_file_prints_path_line_col(project, run):
    Path("broken.yaml").write_text(BROKEN)
    assert run("validate", "broken.yaml") == (1, "", f"{BROKEN_ERROR}\n1 error(s)\n")


def test_validate_reports_every_error_and_warning(project, run):
    Path("broken.yaml").write_text('title: Migratie: hoe hangt het samen?\nlanguage: nl\n')
    Path("two.yaml").write_text('title: "x"\nlanguage: nl\ndate: 2024-02-30\nsections:\n  - text: "zie [^9]"\n')
    code, out, err = run("validate", "broken.yaml", "two.yaml")
    assert code == 1 and out == ""
    assert err.splitlines() == [
        "broken.yaml:1:16: error: YAML syntax: mapping values are not allowed here "
        "(text that contains ': ' must be put in quotes, for example title: \"Migratie: hoe?\")",
        "two.yaml:3:7: error: '2024-02-30' is not a real date (check the month and the day)",
        "two.yaml:5:16: warning: footnote [^9] has no source "
        "(add it under 'sources:' with id: \"9\", or remove the reference)",
        "2 error(s)",
    ]


def test_validate_warnings_only_exit_zero(project, run):
    Path("warn.yaml").write_text('title: "x"\nlanguage: nl\nsections:\n  - text: "zie [^9]"\n')
    code, out, err = run("validate", "warn.yaml")
    assert (code, out) == (0, "no errors, 1 warning(s)\n")
    assert err.startswith("warn.yaml:4:16: warning: footnote [^9] has no source")


@pytest.mark.parametrize("name, message", [
    ("missing.yaml", "missing.yaml: error: file not found"),
    ("content", "content: error: this is a folder, not a YAML file"),
    ("notes.txt/doc.yaml", "notes.txt/doc.yaml: error: cannot read the file: Not a directory"),
])
def test_validate_bad_paths_are_user_errors(project, run, name, message):
    Path("notes.txt").write_text("x")
    assert run("validate", name) == (1, "", f"{message}\n1 error(s)\n")


def test_no_content_files(tmp_path, monkeypatch, run):
    monkeypatch.chdir(tmp_path)
    code, _, err = run("validate")
    assert code == 1
    assert err.splitlines()[0] == ("content: error: no content files found "
                                   "(start one with deckgen new, or import a one-pager: deckgen new --from onepager.docx; "
                                   "or name the file: deckgen build my.yaml)")


@pytest.mark.parametrize("args", [("build", "--bogus"), ("frobnicate",), ("build", "--jobs", "0")])
def test_wrong_usage_exits_2(project, run, args):
    code, out, err = run(*args)
    assert code == 2
    assert out == ""
    assert "Usage: deckgen" in err and "Error:" in err


def test_version(run):
    assert run("--version") == (0, "deckgen, version 0.1.0\n", "")


def test_internal_error_prints_one_line_and_keeps_the_traceback_in_a_file(project, run, monkeypatch):
    from deckgen.build import run as build

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(build, "validate", broken)
    code, out, err = run("validate", internal_ok=True)
    assert code == 3 and out == ""
    [line] = err.splitlines()
    prefix = "deckgen: internal error (RuntimeError('boom')); the traceback is in "
    assert line.startswith(prefix) and line.endswith(". Please report it.")
    report = Path(line[len(prefix):-len(". Please report it.")])
    assert report.parent == project / "tmp"
    text = report.read_text()
    assert text.startswith("Traceback (most recent call last):")
    assert text.rstrip().endswith("RuntimeError: boom")


def test_real_entry_point_in_a_subprocess(project):
    Path("broken.yaml").write_text(BROKEN)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "deckgen", "validate", "broken.yaml"], capture_output=True,
                            text=True, env=env, timeout=60)
    assert (result.returncode, result.stdout, result.stderr) == (1, "", f"{BROKEN_ERROR}\n1 error(s)\n")


# --- building decks end to end ----------------------------------------------------------

def test_build_deck_then_up_to_date_then_force_then_edit(project, run):
    code, out, err = run("build", "--format", "deck")
    assert (code, err) == (0, "")
    assert out.splitlines()[0].startswith(f"wrote       {DECK}  (")
    assert out.splitlines()[-1] == "1 written, 0 up to date"
    texts = slide_texts(DECK)
    assert len(texts) > 5
    assert any("Migratie en ontwikkelingssamenwerking" in t for t in texts)

    os.utime(DECK, ns=(1_000_000_000, 1_000_000_000))  # an old mtime: any rewrite shows
    data = DECK.read_bytes()
    assert run("build", "--format", "deck") == (
        0, f"up to date  {DECK}\n0 written, 1 up to date (use --force to rebuild)\n", "")
    assert DECK.stat().st_mtime_ns == 1_000_000_000
    assert DECK.read_bytes() == data
    assert run("build", "--format", "deck", "--quiet") == (0, "", "")

    code, out, _ = run("build", "--format", "deck", "--force")
    assert code == 0 and out.splitlines()[-1] == "1 written, 0 up to date"
    assert DECK.stat().st_mtime_ns != 1_000_000_000

    seed = project / "content" / SEED.name
    seed.write_text(seed.read_text(encoding="utf-8").replace('title: "Migratie en', 'title: "Emigratie en', 1),
                    encoding="utf-8")
    code, out, _ = run("build", "--format", "deck")
    assert code == 0 and out.splitlines()[-1] == "1 written, 0 up to date"
    assert any("Emigratie en ontwikkelingssamenwerking" in t for t in slide_texts(DECK))


def test_the_command_says_everything_before_its_fast_exit(project):
    """`deckgen` skips the interpreter's teardown (os._exit): its output must be flushed first."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    ok = subprocess.run([sys.executable, "-m", "deckgen", "build", "-f", "deck,handout"], capture_output=True,
                        text=True, env=env, timeout=120)
    assert ok.returncode == 0, ok.stderr
    lines = ok.stdout.splitlines()
    assert lines[0].startswith("wrote       output/default/") and lines[-1] == "2 written, 0 up to date"
    Path("broken.yaml").write_text(BROKEN)
    bad = subprocess.run([sys.executable, "-m", "deckgen", "build", "broken.yaml"], capture_output=True, text=True,
                         env=env, timeout=120)
    assert (bad.returncode, bad.stdout, bad.stderr) == (1, "", f"{BROKEN_ERROR}\n1 error(s)\n")


def test_build_out_folder(project, run):
    code, out, _ = run("build", "-f", "deck", "--out", "elders")
    assert code == 0
    target = Path("elders") / "default" / (SEED.stem + ".pptx")
    assert out.splitlines()[0].startswith(f"wrote       {target}  (")
    assert len(slide_texts(target)) > 5
    assert not Path("output").exists()


def test_unknown_theme_lists_the_themes(project, run):
    from deckgen.theming import load as theme

    found = ", ".join(theme.available(Path(".")))
    assert "default" in found
    code, out, err = run("build", "--format", "deck", "--theme", "nope")
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == (f"Error: Invalid value for '--theme' / '-t': no theme 'nope' (no folder with a "
                                    f"theme.yaml) (themes found: {found})")
    assert not Path("output").exists()


# Every wrong option value is a usage error: exit 2, the closest value named.
@pytest.mark.parametrize("args, message", [
    (("build", "--format", "deck,pdf"), "Invalid value for '--format' / '-f': unknown format 'pdf' (choose from "
                                        "deck, handout, cards, guide, slides-pdf, notes)"),
    (("build", "-f", "deck,handot"), "unknown format 'handot' (did you mean 'handout'? choose from deck, handout, "),
    (("build", "--format", "zzzunknown", "--force"), "unknown format 'zzzunknown' (choose from"),  # was exit 3
    (("build", "--theme", "projecter"), "no theme 'projecter' (no folder with a theme.yaml) (did you mean "
                                        "'projector'? themes found: "),
    (("build", "--paper", "A5"), "Invalid value for '--paper': unknown paper 'A5' (did you mean 'A4'? choose from "
                                 "A4, letter)"),
    (("build", "--paper", "leter"), "did you mean 'letter'?"),
    (("watch", "--format", "handot"), "did you mean 'handout'?"),
    (("watch", "--theme", "projecter"), "did you mean 'projector'?"),
    (("watch", "--paper", "a3"), "did you mean 'A4'?"),
    (("preview", "--theme", "projecter"), "did you mean 'projector'?"),
])
def test_a_wrong_option_value_exits_2_with_the_closest_value(project, run, args, message):
    code, out, err = run(*args)
    assert (code, out) == (2, ""), err
    assert message in err and err.startswith("Usage: deckgen ")
    assert not Path("output").exists()


def test_paper_is_read_case_aside(project, run):
    assert run("build", "-f", "cards", "--paper", "LETTER", "-q")[0] == 0
    from pypdf import PdfReader

    assert round(float(PdfReader("output/default/" + SEED.stem + ".cards.pdf").pages[0].mediabox.width)) == 612


def _options():
    from deckgen.cli import cli

    def walk(command, path):
        for param in command.params:
            if isinstance(param, __import__("click").Option):
                yield f"{path} {param.opts[0]}", param
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, f"{path} {name}")

    return list(walk(cli, "deckgen"))


@pytest.mark.parametrize("where, option", _options(), ids=[w for w, _ in _options()])
def test_every_option_has_help(where, option):
    assert option.help or option.is_flag and option.opts[0] in ("--version", "--help"), where


def test_the_themes_are_described_as_they_look(project, run):
    """Each built-in theme's description names the colours its headings and key figures have."""
    import colorsys

    from deckgen.theming import load as theme_mod

    def hue_name(hex_colour: str) -> str:
        r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
        h, lightness, s = colorsys.rgb_to_hls(r, g, b)
        if s < 0.15:
            return "black" if lightness < 0.5 else "white"
        degrees = h * 360
        return next(name for limit, name in ((15, "red"), (38, "orange"), (55, "amber"), (170, "green"),
                                             (255, "blue"), (345, "purple"), (361, "red")) if degrees < limit)

    code, out, _ = run("themes")
    assert code == 0
    listed = {line.split()[0]: line for line in out.splitlines()}
    for name in ("default", "projector", "print"):
        theme = theme_mod.load(name, Path("."))[0]
        words = {hue_name(theme.colors.primary), hue_name(theme.colors.accent)}
        said = listed[name].lower()
        synonyms = {"blue": ("blue", "navy"), "amber": ("amber", "yellow")}
        said_words = set(re.findall(r"[a-z]+", said))
        for word in words:
            assert said_words & set(synonyms.get(word, (word,))), (name, word, said)
        others = {"red", "orange", "amber", "yellow", "green", "blue", "navy", "purple"} - words - {
            w for word in words for w in synonyms.get(word, ())}
        assert not others & said_words, (name, said)
    assert "orange key figures" in listed["default"]


def test_content_error_builds_nothing(project, run):
    (project / "content" / "broken.yaml").write_text(BROKEN)
    code, out, err = run("build", "--format", "deck")
    assert (code, out) == (1, "")
    assert err == f"content/{BROKEN_ERROR}\n1 error(s)\n"
    assert not Path("output").exists()  # not even the good file was built


def test_output_folder_that_cannot_be_written(project, run):
    Path("file.txt").write_text("x")
    code, out, err = run("build", "--format", "deck", "--out", "file.txt/sub")
    assert (code, out) == (1, "")
    assert err == ("file.txt/sub/default: error: cannot write outputs here: Not a directory "
                   "(choose another folder with --out, or fix its permissions)\n1 error(s)\n")


def test_parallel_build_of_two_content_files(project, run):
    (project / "content" / ENGLISH.name).write_text(sourced(ENGLISH), encoding="utf-8")
    shutil.copytree(ENGLISH.parent / "images", project / "content" / "images")
    code, out, err = run("build", "--format", "deck", "-j", "2")
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "2 written, 0 up to date"
    english = Path("output") / "default" / (ENGLISH.stem + ".pptx")
    assert any("Migration and development cooperation" in t for t in slide_texts(english))
    assert any("Migratie en ontwikkelingssamenwerking" in t for t in slide_texts(DECK))


def test_user_error_in_a_worker_process_is_printed_as_a_diagnostic(project, run, monkeypatch):
    from deckgen.build import run as build
    from deckgen.errors import Location, fail

    def refuse(job, *args):  # runs in the forked worker
        raise fail(Location(str(job.content), 7, 3), "this block is taller than a slide", "shorten it")

    monkeypatch.setattr(build, "render_job", refuse)
    (project / "content" / ENGLISH.name).write_text(sourced(ENGLISH), encoding="utf-8")
    shutil.copytree(ENGLISH.parent / "images", project / "content" / "images")
    code, out, err = run("build", "--format", "deck", "-j", "2")
    assert (code, out) == (1, "")
    assert err.splitlines() == [  # both workers' errors, in the order of the files
        f"content/{SEED.name}:7:3: error: this block is taller than a slide (shorten it)",
        f"content/{ENGLISH.name}:7:3: error: this block is taller than a slide (shorten it)", "2 error(s)"]


def test_default_build_writes_every_format(project, run):
    code, out, err = run("build")
    assert code == 0, err
    assert out.splitlines()[-1] == "4 written, 0 up to date"
    folder = Path("output") / "default"
    assert len(slide_texts(DECK)) > 5
    for suffix in (".handout.pdf", ".cards.pdf", ".guide.pdf"):
        assert (folder / (SEED.stem + suffix)).read_bytes().startswith(b"%PDF-")


def test_two_content_files_that_would_write_the_same_output_are_an_error(project, run):
    for folder in ("a", "b"):
        Path(folder).mkdir()
        (Path(folder) / "talk.yaml").write_text(sourced(SEED), encoding="utf-8")
    code, out, err = run("build", "a/talk.yaml", "b/talk.yaml", "-f", "deck")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "b/talk.yaml: error: two builds would write output/default/talk.pptx: this file with theme 'default' and "
        "a/talk.yaml with theme 'default' (rename one of the content files, or build them into different --out "
        "folders)", "1 error(s)"]
    assert not Path("output").exists()


def test_the_same_file_theme_or_format_named_twice_is_built_once(project, run):
    shutil.copytree(ROOT / "themes" / "default", project / "themes" / "brand")
    (project / "themes" / "brand" / "theme.yaml").write_text('name: "brand"\nextends: "default"\n', encoding="utf-8")
    code, out, err = run("build", f"content/{SEED.name}", f"./content/{SEED.name}", "-f", "deck,deck",
                         "-t", "brand", "-t", "themes/brand", "-t", str(project / "themes" / "brand"))
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "1 written, 0 up to date"


def test_ctrl_c_says_what_became_of_the_outputs(project, run, monkeypatch):
    from deckgen.build import run as build

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(build, "build", interrupted)
    code, out, err = run("build")  # click ends the terminal's ^C line first
    assert (code, out, err.lstrip("\n")) == (
        130, "", "interrupted; outputs already written are complete, the others were not touched\n")


NOOP_IMPORTS = r'''
import sys
from deckgen.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    assert exc.code == 0, exc.code
heavy = sorted(m for m in ("pptx", "reportlab", "markdown_it", "PIL", "fontTools") if m in sys.modules)
print("heavy:", ",".join(heavy))
'''


@pytest.mark.parametrize("extra", [[], ["--template", "corp.pptx"]], ids=["theme", "template"])
def test_an_up_to_date_build_imports_nothing_heavy(project, run, extra):
    from pptx import Presentation

    Presentation().save("corp.pptx")
    import deckgen

    assert run("build", *extra)[0] == 0
    # the same deckgen as this test's (installed or not): its themes' paths are part of the stamps
    env = {**os.environ, "PYTHONPATH": str(Path(deckgen.__file__).resolve().parent.parent)}
    again = subprocess.run([sys.executable, "-c", NOOP_IMPORTS, "build", *extra], capture_output=True, text=True,
                           env=env, timeout=60)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[-2:] == ["0 written, 4 up to date (use --force to rebuild)", "heavy: "]


def _run_on_a_terminal(args: list[str]) -> tuple[int, str, str]:
    """Runs deckgen with its stderr on a pseudo-terminal (as in a shell); returns (code, stdout, terminal)."""
    import pty

    import deckgen

    env = {**os.environ, "PYTHONPATH": str(Path(deckgen.__file__).resolve().parent.parent), "COLUMNS": "200"}
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "deckgen", *args], stdout=subprocess.PIPE, stderr=follower,
                            env=env)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed: the build has ended
            break
        if not chunk:
            break
        seen += chunk
    out = proc.stdout.read().decode()
    proc.stdout.close()
    os.close(leader)
    return proc.wait(timeout=60), out, seen.decode()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="pseudo-terminals as on Linux")
def test_progress_shows_on_a_terminal_and_never_in_a_pipe(project):
    (project / "content" / ENGLISH.name).write_text(sourced(ENGLISH), encoding="utf-8")
    shutil.copytree(ENGLISH.parent / "images", project / "content" / "images")
    code, out, terminal = _run_on_a_terminal(["build", "--force"])
    assert code == 0
    assert out.splitlines()[-1] == "8 written, 0 up to date"  # the summary, on stdout
    lines = terminal.split("\r")
    counts = [line.split("]")[0] for line in lines if line.startswith("[")]
    assert counts[0].startswith("[0/8") and counts[-1] == "[8/8 written"
    for name in ("migratie-en-ontwikkelingssamenwerking.pptx", "migration-and-development-cooperation.cards.pdf"):
        assert f"default/{name}" in terminal  # which output is being written
    assert terminal.endswith("\r\x1b[K")  # the progress line is cleared before the summary
    piped = subprocess.run([sys.executable, "-m", "deckgen", "build", "--force"], capture_output=True, text=True,
                           env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert piped.returncode == 0 and "\r" not in piped.stdout + piped.stderr and "[" not in piped.stderr


def test_a_first_build_with_cold_font_caches_prints_nothing_from_the_libraries(project, tmp_path):
    """fontTools logs that Carlito's 'created' timestamp "seems very low" when it first reads the
    font; a user must not see that on a quiet build (in the main process or the workers)."""
    import deckgen

    env = {**os.environ, "PYTHONPATH": str(Path(deckgen.__file__).resolve().parent.parent),
           "XDG_CACHE_HOME": str(tmp_path / "cold-cache")}
    for jobs in ("1", "2"):
        result = subprocess.run([sys.executable, "-m", "deckgen", "build", "-q", "--force", "--theme", "projector",
                                 "-j", jobs], capture_output=True, text=True, env=env, timeout=120)
        assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
        shutil.rmtree(tmp_path / "cold-cache")


def test_a_deck_edited_in_powerpoint_is_kept_when_the_build_replaces_it(project, run):
    """A trainer edits the built deck, then the content, and builds again: nothing of theirs is lost."""
    from pptx import Presentation

    assert run("build", "--format", "deck")[0] == 0
    prs = Presentation(str(DECK))
    prs.slides[0].shapes.title.text = "Mijn eigen titel"
    prs.save(str(DECK))
    seed = project / "content" / SEED.name
    seed.write_text(seed.read_text(encoding="utf-8").replace('title: "Migratie en', 'title: "Emigratie en', 1),
                    encoding="utf-8")
    code, out, err = run("build", "--format", "deck")
    kept = DECK.with_name(SEED.stem + ".edited-1.pptx")
    assert (code, err) == (0, f"{DECK}: warning: this output was changed after deckgen wrote it; your version is "
                              f"kept as {kept.name} (carry your changes over into the content file or the new "
                              "output, then delete the kept copy)\n")
    assert Presentation(str(kept)).slides[0].shapes.title.text == "Mijn eigen titel"
    assert Presentation(str(DECK)).slides[0].shapes.title.text.startswith("Emigratie en")
    code, _, err = run("build", "--format", "deck", "--force")  # deckgen's own version: replaced without a word
    assert (code, err) == (0, "")
    assert sorted(p.name for p in DECK.parent.glob("*.pptx")) == sorted([DECK.name, kept.name])  # no second copy


def test_without_its_stamps_an_edited_deck_is_kept_too(project, run):
    """A copied or cleaned output folder has no .deckgen/: the deck edited in PowerPoint differs
    from the one the build writes, so it is kept aside, never overwritten (issue 26); a build
    that writes the very same bytes keeps nothing."""
    from pptx import Presentation

    assert run("build", "--format", "deck")[0] == 0
    shutil.rmtree(DECK.parent / ".deckgen")
    code, out, err = run("build", "--format", "deck")  # rebuilt (no stamp): the very same bytes, kept nowhere
    assert (code, err) == (0, "") and "1 written" in out
    assert sorted(p.name for p in DECK.parent.glob("*.pptx")) == [DECK.name]
    prs = Presentation(str(DECK))
    prs.slides[0].shapes.title.text = "Mijn eigen titel"
    prs.save(str(DECK))
    shutil.rmtree(DECK.parent / ".deckgen")
    code, _, err = run("build", "--format", "deck")
    kept = DECK.with_name(SEED.stem + ".edited-1.pptx")
    assert (code, err) == (0, f"{DECK}: warning: this output differs from what deckgen writes now, and there is no "
                              f"record of what deckgen wrote before (.deckgen/ is missing); so that no edit is lost, "
                              f"it is kept as {kept.name} (if it held no changes of yours, delete the kept copy)\n")
    assert Presentation(str(kept)).slides[0].shapes.title.text == "Mijn eigen titel"
    assert Presentation(str(DECK)).slides[0].shapes.title.text != "Mijn eigen titel"
