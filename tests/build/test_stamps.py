"""Incremental builds: the digest follows every input, and a missing output is never up to date."""

from __future__ import annotations

from pathlib import Path

import pytest

from deckgen.build import stamps


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
    stamps.record(output, "abc", stamps.data_digest(b"deck"))
    assert stamps.stamp_path(output) == tmp_path / "out" / ".deckgen" / "doc.pptx.stamp"
    assert stamps.read(output) == stamps.Stamp("abc", (stamps.data_digest(b"deck"),))
    assert stamps.up_to_date(output, "abc") and not stamps.up_to_date(output, "abd")


def test_a_stamp_remembers_the_last_versions_written(tmp_path):
    output = tmp_path / "doc.pptx"
    for n in range(stamps.HISTORY + 3):
        stamps.expect(output, f"v{n}")
        stamps.record(output, "inputs", f"v{n}")
    known = stamps.read(output).outputs
    assert known == tuple(f"v{n}" for n in range(3, stamps.HISTORY + 3))


def test_an_edited_output_is_recognised_and_kept_aside_under_a_free_name(tmp_path):
    output = tmp_path / "doc.handout.pdf"
    output.write_bytes(b"as written")
    stamps.record(output, "inputs", stamps.data_digest(b"as written"))
    assert not stamps.edited(output)
    output.write_bytes(b"changed by hand")
    assert stamps.edited(output)
    (tmp_path / "doc.handout.edited-1.pdf").write_bytes(b"an earlier copy")
    kept = stamps.keep_aside(output)
    assert kept == tmp_path / "doc.handout.edited-2.pdf" and kept.read_bytes() == b"changed by hand"
    assert not output.exists()


def test_without_a_stamp_an_output_that_differs_from_the_new_one_is_kept(tmp_path):
    """No stamp (a copied or cleaned output folder, a damaged stamp): nothing tells a user's edit
    from an older build, so a file that differs from what the build writes now is kept aside;
    the same bytes are simply written again. A stamp of an older deckgen is trusted."""
    output = tmp_path / "doc.pptx"
    output.write_bytes(b"someone's file")
    assert stamps.edited(output, stamps.data_digest(b"the new version")) == "unknown"
    assert stamps.edited(output, stamps.data_digest(b"someone's file")) is None
    stamps.stamp_path(output).parent.mkdir()
    stamps.stamp_path(output).write_text("a" * 64)  # a stamp of an older deckgen: inputs only
    assert stamps.read(output) == stamps.Stamp("a" * 64, None)
    assert stamps.up_to_date(output, "a" * 64) and stamps.edited(output, "new") is None
    stamps.stamp_path(output).write_text("{not json")
    assert stamps.read(output) is None and stamps.edited(output, "new") == "unknown"
