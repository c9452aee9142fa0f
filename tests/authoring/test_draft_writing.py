"""The draft's YAML loads back exactly, and imported runs become markup that reads back as the same text and looks;
a build never imports the authoring code or its readers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deckgen.authoring import inline, yamlwrite
from deckgen.authoring.inline import Run
from deckgen.content.strictyaml import load_text
from deckgen.errors import Diagnostics, Location

TRICKY = ["no", "yes", "1.10", "0x1F", "~", "null", "- a", "# not a comment", "a: b", "key: 'q'", '"', "\\", "\t",
          "|", ">", "&a", "*a", "!!binary", "%YAML", "---", "...", "\r\n", "\x85", "\u2028", "\ufeff", "  lead", "é",
          "😀", "\x07", "[^1]", "**", "_x_", "\n\n", " ", ""]
text = st.lists(st.one_of(st.sampled_from(TRICKY), st.text(max_size=12)), max_size=8).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["title", "lead", "colophon", "x-y"]), text, min_size=1),
       st.lists(st.dictionaries(st.sampled_from(["heading", "text"]), text, min_size=1), max_size=3))
def test_every_value_loads_back_exactly(values, sections):
    values = {**values, "sections": sections} if sections else values
    dumped = yamlwrite.dump(values, ["a comment\nwith a line break", "\x00 and \u2028"])
    assert yamlwrite.plain(load_text(dumped, "<test>")) == values
    assert all(line.startswith("# ") for line in dumped.splitlines()[:2])


def test_multi_line_text_is_a_literal_block():
    assert yamlwrite.dump({"lead": "Een: alinea.\n\nNog een # geen commentaar.\n"}) == \
        'lead: |\n  Een: alinea.\n\n  Nog een # geen commentaar.\n'
    assert yamlwrite.dump({"title": "no"}) == 'title: "no"\n'


run_text = st.text(alphabet=st.sampled_from(list("ab *_[]\\`!<>&-+1.)#é?\u2022")), min_size=1, max_size=8)
runs = st.lists(st.builds(Run, run_text, st.booleans(), st.booleans(),
                          st.sampled_from([None, None, "https://example.org/a_(b)", "javascript:x"])),
                min_size=1, max_size=6)


def _read(markup: str):
    from deckgen.content import markup as parser

    diags = Diagnostics()
    rich = parser.parse(markup, lambda ident: 1, lambda _n: Location("t"), diags, Location("t"))
    return rich, diags


@settings(max_examples=400, deadline=None)
@given(runs)
def test_runs_read_back_as_the_same_text(runs):
    runs = inline.normalise(runs)
    if not runs:
        return
    markup, how = inline.paragraph(runs, {})
    rich, diags = _read(markup)
    got = "".join(s.text for p in rich.paragraphs for s in p)
    assert how != "differs", markup
    assert got == inline.plain(runs), markup
    assert not diags.items
    if how == "ok":  # the looks arrived too, character by character
        looks = [(c, s.strong, s.em) for p in rich.paragraphs for s in p for c in s.text if c.strip()]
        assert looks == [(c, r.bold, r.italic) for r in runs for c in r.text if c.strip()]


def test_a_paragraph_that_starts_with_a_dash_keeps_it_escaped():
    """A leading '– ' would read as a Word bullet; a backslash escapes it (issue 12: every
    markup character can be escaped), so the paragraph reads back as typed."""
    markup, how = inline.paragraph([Run("\u2013 zo zei ze het")], {})
    assert (markup, how) == ("\\\u2013 zo zei ze het", "ok")
    rich, _ = _read(markup)
    assert [s.text for p in rich.paragraphs for s in p] == ["\u2013 zo zei ze het"]


def test_emphasis_that_commonmark_cannot_express_is_reported_not_garbled():
    runs = [Run("a"), Run('"b"', bold=True), Run("c")]
    markup, _ = inline.paragraph(runs, {})
    rich, _ = _read(markup)
    assert "".join(s.text for p in rich.paragraphs for s in p) == 'a"b"c'


BUILD_IMPORTS = r'''
import sys
from deckgen.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    assert exc.code == 0, exc.code
print("loaded:", ",".join(sorted(m for m in ("docx", "mdit_py_plugins", "deckgen.authoring") if m in sys.modules)))
'''


def test_a_build_never_imports_the_authoring_code(tmp_path):
    import deckgen

    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "a.yaml").write_text('title: "A"\nlanguage: en\nsections:\n  - text: "B."\n',
                                                 encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(deckgen.__file__).resolve().parent.parent)}
    done = subprocess.run([sys.executable, "-c", BUILD_IMPORTS, "build", "-j", "1", "-q"], capture_output=True,
                          text=True, check=False, env=env, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "loaded: "
    assert (tmp_path / "output" / "default" / "a.pptx").is_file()


@pytest.mark.parametrize("text, lang, iso", [
    ("03-05-24 - Dit document", "nl", "2024-05-03"), ("05/03/2024 by us", "en-US", "2024-05-03"),
    ("2024-05-03: written", "de", "2024-05-03"), ("31-02-24 oops", "nl", None), ("Dit document", "nl", None)])
def test_the_colophon_date(text, lang, iso):
    from deckgen.authoring.draft import iso_date

    assert iso_date(text, lang) == iso
