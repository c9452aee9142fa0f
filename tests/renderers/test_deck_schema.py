"""Decks that PowerPoint opens without offering to repair them: every part is checked
against the Office Open XML schemas and semantic rules (openxml-audit, a pure-Python port
of the Open XML SDK validator), for every built-in theme, the stress document and the
test templates. LibreOffice forgives what PowerPoint does not, so this is its own check."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DATA, ENGLISH, SEED, STRESS
from renderers.templates import as_potx, dutch_template, rewrite_part

from deckgen.content.load import load
from deckgen.renderers import RenderOptions, get
from deckgen.theming.load import available
from deckgen.theming.load import load as load_theme

openxml_audit = pytest.importorskip("openxml_audit")  # a test dependency: pip install '.[test]'
TEMPLATES = DATA / "templates"


def _problems(path: Path) -> list[str]:
    validator = openxml_audit.OpenXmlValidator(file_format=openxml_audit.FileFormat.OFFICE_2016, max_errors=20)
    result = validator.validate(str(path))
    return [f"{getattr(e, 'part_uri', '')} {getattr(e, 'path', '')}: {getattr(e, 'description', e)}"
            for e in result.errors]


def _cases(tmp: Path) -> dict[str, tuple[Path, RenderOptions, str]]:
    template = dutch_template(tmp / "sjabloon.pptx")
    cases = {}
    for theme in available(None):
        cases[f"seed-{theme}"] = (SEED, RenderOptions(), theme)
    cases["english-default"] = (ENGLISH, RenderOptions(), "default")
    cases["pictures-default"] = (DATA / "pictures.yaml", RenderOptions(), "default")  # every placement of a picture
    cases["english-german-potx"] = (ENGLISH, RenderOptions(template=TEMPLATES / "german.potx"), "default")
    cases["stress-default"] = (STRESS, RenderOptions(), "default")
    cases["stress-projector"] = (STRESS, RenderOptions(), "projector")
    cases["seed-dutch-template"] = (SEED, RenderOptions(template=template), "default")
    cases["seed-dutch-potx"] = (SEED, RenderOptions(template=as_potx(template, tmp / "sjabloon.potx")), "default")
    cases["seed-german-potx"] = (SEED, RenderOptions(template=TEMPLATES / "german.potx"), "default")
    cases["stress-title-only"] = (STRESS, RenderOptions(template=TEMPLATES / "title-only-blank.pptx"), "default")
    return cases


@pytest.fixture(scope="module")
def decks(tmp_path_factory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("schema")
    out = {}
    for name, (content, options, theme_name) in _cases(tmp).items():
        doc, _ = load(content)
        theme, _ = load_theme(theme_name)
        out[name] = tmp / f"{name}.pptx"
        out[name].write_bytes(get("deck").render(doc, theme, options).data)
    return out


@pytest.mark.parametrize("name", ["seed-default", "seed-projector", "seed-print", "english-default", "pictures-default",
                                  "english-german-potx",
                                  "stress-default", "stress-projector", "seed-dutch-template", "seed-dutch-potx",
                                  "seed-german-potx", "stress-title-only"])
def test_the_deck_is_valid_office_open_xml(decks, name):
    assert _problems(decks[name]) == []


def test_the_check_finds_what_powerpoint_would_repair(decks, tmp_path):
    """A misplaced element and a font size beyond the schema's limit, as a careless patch would write."""
    broken = rewrite_part(decks["seed-default"], tmp_path / "broken.pptx", "ppt/slides/slide2.xml",
                          lambda xml: xml.replace(b"<a:bodyPr", b"<a:bogus/><a:bodyPr", 1).replace(
                              b'sz="', b'sz="9999999', 1))
    problems = _problems(broken)
    assert any("bogus" in p for p in problems), problems
    assert any("sz" in p for p in problems), problems
