"""Incremental builds: the digest follows every input, and a missing output is never up to date."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckgen import stamps


@pytest.fixture
def inputs(tmp_path: Path):
    content = tmp_path / "doc.yaml"
    content.write_text("title: x\n")
    theme = tmp_path / "themes" / "mine"
    (theme / "fonts").mkdir(parents=True)
    (theme / "theme.yaml").write_text("name: mine\n")
    (theme / "fonts" / "a.ttf").write_bytes(b"font")
    template = tmp_path / "template.pptx"
    template.write_bytes(b"pptx")
    return content, theme, template


def digest_of(content, theme, template, options="fmt=deck"):
    return stamps.digest(content, [theme], [template], options)


def test_digest_is_stable(inputs):
    assert digest_of(*inputs) == digest_of(*inputs)
    assert len(digest_of(*inputs)) == 64


def test_digest_changes_when_the_content_changes_in_the_same_process(inputs):
    content, theme, template = inputs
    before = digest_of(*inputs)
    content.write_text("title: y\n")  # same size, likely the same timestamp tick
    assert digest_of(*inputs) != before


@pytest.mark.parametrize("change", ["edit", "add", "remove", "nested"])
def test_digest_changes_when_a_theme_file_changes(inputs, change):
    content, theme, template = inputs
    before = digest_of(*inputs)
    if change == "edit":
        (theme / "theme.yaml").write_text("name: eniM\n")
    elif change == "add":
        (theme / "logo.png").write_bytes(b"png")
    elif change == "remove":
        (theme / "fonts" / "a.ttf").unlink()
    else:
        (theme / "fonts" / "a.ttf").write_bytes(b"FONT")
    assert digest_of(*inputs) != before


def test_stamp_folder_inside_a_theme_is_ignored(inputs):
    content, theme, template = inputs
    before = digest_of(*inputs)
    (theme / stamps.STAMP_DIR).mkdir()
    (theme / stamps.STAMP_DIR / "x.stamp").write_text("abc")
    assert digest_of(*inputs) == before


def test_digest_changes_with_the_template_and_the_options(inputs):
    content, theme, template = inputs
    before = digest_of(*inputs)
    assert digest_of(content, theme, template, "fmt=handout") != before
    template.write_bytes(b"PPTX")
    assert digest_of(*inputs) != before


def test_up_to_date_needs_the_output_and_a_matching_stamp(tmp_path):
    output = tmp_path / "out" / "doc.pptx"
    assert not stamps.up_to_date(output, "abc")
    output.parent.mkdir()
    output.write_bytes(b"deck")
    assert not stamps.up_to_date(output, "abc")  # no stamp yet
    stamps.record(output, "abc")
    assert stamps.stamp_path(output) == tmp_path / "out" / ".deckgen" / "doc.pptx.stamp"
    assert stamps.stamp_path(output).read_text() == "abc"
    assert stamps.up_to_date(output, "abc")
    assert not stamps.up_to_date(output, "abd")
    output.unlink()
    assert not stamps.up_to_date(output, "abc")  # the stamp alone is not enough
