"""The markup's shortcuts read exactly as markdown-it-py does: a paragraph of text and footnote
references is read without it, and a link with an ASCII host is normalised with mdurl alone
(content/markup.py), so that a build whose text has no other markup never imports markdown-it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from deckgen.content import markup
from deckgen.errors import Diagnostics, Location

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])
# the characters that matter to the shortcut (markup, footnotes, whitespace, CR, NUL) and some that do not
TEXT = st.lists(st.sampled_from(list("ab Z1.-_ \n\t\r\0[]^()*\\!<&`~é€\u00a0") + ["[^1]", "[^x]", "[^9z]", "[^]"]),
               max_size=30).map("".join)
FOOTNOTES = {"1": 1, "x": 2}


def _read(source: str, plain: bool) -> tuple:
    """The paragraph's spans and warnings, read with the shortcut where it applies, or by markdown-it."""
    diags = Diagnostics()
    builder = markup._Builder(FOOTNOTES.get, lambda _: Location("<t>"), diags)
    with pytest.MonkeyPatch.context() as patch:
        if not plain:
            patch.setattr(markup, "_plain", lambda _source: None)
        spans = builder.paragraph(source)
    return spans, [d.format() for d in diags.items]


@SETTINGS
@given(TEXT)
def test_a_paragraph_reads_the_same_without_markdown_it(source):
    assert _read(source, True) == _read(source, False)


@pytest.mark.parametrize(("source", "taken"), [
    ("Europa [^1] en [^x].", True), ("[^1]", True), ("a\n  b [^2] c", True), ("x [^1](y)", True),
    ("geen [link", False), ("[a](https://b.nl)", False), ("**vet**", False), ("a\\-b", False), ("a\r\nb", False)])
def test_the_shortcut_is_taken_only_for_text_and_footnotes(source, taken):
    assert (markup._plain(source) is not None) == taken
    assert _read(source, True) == _read(source, False)


URLS = st.builds(lambda scheme, host, rest: scheme + host + rest,
                 st.sampled_from(["http://", "https://", "mailto:", "", "//", "ftp://"]),
                 st.text(st.sampled_from(list("ab.-:@0[]") + ["ü", "例", "\x7f", "。"]), max_size=12),
                 st.lists(st.sampled_from(list("/?#=&%20 az\"<>{}|\\^`'éü") + ["%zz", "%C3%A9"]),
                          max_size=16).map("".join))


@SETTINGS
@given(URLS)
def test_a_link_is_normalised_as_markdown_it_does(url):
    assert markup.href(url) == MarkdownIt.normalizeLink(MarkdownIt("zero"), url)


def test_the_seed_is_read_without_importing_markdown_it():
    code = ("import sys; from deckgen.content.load import load; "
            "load('content/migratie-en-ontwikkelingssamenwerking.yaml'); print('markdown_it' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert result.stdout.strip() == "False", result.stderr
