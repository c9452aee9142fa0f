"""The benchmark's generated documents (bench/make_docs.py) are valid content; no timing here."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from conftest import other_warnings

from deckgen.content.load import load

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "content" / "migratie-en-ontwikkelingssamenwerking.yaml"


def _make_docs():
    # bench/ is not part of the installed package: import the file itself.
    spec = importlib.util.spec_from_file_location("deckgen_bench_make_docs", ROOT / "bench" / "make_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_x10_document_loads_without_warnings_and_has_70_questions(tmp_path):
    path = _make_docs().write_docs(tmp_path, factors=(10,))[10]

    doc, warnings = load(path)

    assert [w.format() for w in other_warnings(warnings)] == []  # but the seed's placeholder sources
    assert len(doc.qa.items) == 70
    questions = [item.question.plain for item in doc.qa.items]
    assert len(set(questions)) == 70
    assert questions[7].startswith("(8) ")
    seed, _ = load(SEED)
    assert len(doc.sources) == len(seed.sources)
    assert len(doc.sections) == len(seed.sections)


def test_generated_documents_are_deterministic_and_x1_is_the_seed(tmp_path):
    make_docs = _make_docs()
    first = make_docs.write_docs(tmp_path / "a", factors=(1, 10))
    second = make_docs.write_docs(tmp_path / "b", factors=(1, 10))

    assert first[10].read_bytes() == second[10].read_bytes()
    assert first[1].read_bytes() == SEED.read_bytes()
