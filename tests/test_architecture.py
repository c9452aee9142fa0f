"""The package's folders are the pipeline: imports only go down it, and only a renderer imports its library.

Reads every module's imports (those inside functions too) with `ast`, so a lazy import
that goes the wrong way fails here as well as a top-level one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import deckgen

PACKAGE = Path(deckgen.__file__).parent

# Stages from the bottom up: a module may import its own stage and the stages below it.
STAGES = ["errors", "cache", "startup", "content", "text", "theming", "renderers", "build", "authoring", "preview", "api", "cli"]
TOP = {"__init__", "__main__"}  # the package itself and `python -m deckgen`: above everything

# The heavy libraries, and the only places allowed to import them.
LIBRARIES = {
    "pptx": ("renderers.deck",),
    "segno": ("renderers.deck",),  # the closing slide's QR code
    "reportlab": ("renderers.pdf", "renderers.handout", "renderers.cards", "renderers.guide", "renderers.notes"),
    "pikepdf": ("renderers.pdf", "renderers.notes"),  # slides-pdf mended (retag, dates); the notes handout's slides
    "docx": ("authoring",),
    "babel": ("content.numbers", "content.i18n"),  # numbers (chart values), dates and language names as CLDR has them
    "xlsxwriter": ("renderers.deck",),  # python-pptx's own: a chart's embedded workbook
}


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).with_suffix("")
        parts = rel.parts[:-1] if rel.name == "__init__" and len(rel.parts) > 1 else rel.parts
        out[".".join(parts)] = path
    return out


def _imports(path: Path, name: str) -> list[str]:
    """Every module name imported by the file, absolute (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".") if package else []
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
                module = "deckgen." + module if module else "deckgen"
            else:
                module = node.module or ""
            found.append(module)
            found += [f"{module}.{a.name}" for a in node.names]  # `from deckgen.content import model`
    return found


def _stage(module: str) -> str:
    return module.split(".")[0]


def _rank(module: str) -> int:
    stage = _stage(module)
    return len(STAGES) if stage in TOP else STAGES.index(stage)


MODULES = _modules()


def test_every_module_belongs_to_a_stage():
    strays = [m for m in MODULES if m and _stage(m) not in STAGES and _stage(m) not in TOP]
    assert not strays, f"modules outside the pipeline's folders: {strays} (add them to a stage, or a stage here)"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m))
def test_imports_only_go_down_the_pipeline(module):
    wrong = []
    for imported in _imports(MODULES[module], "deckgen." + module):
        if not imported.startswith("deckgen."):
            continue
        target = imported.removeprefix("deckgen.")
        if target not in MODULES:
            continue  # `from deckgen.x import SomeName`: the module itself is checked too
        if _rank(target) > _rank(module):
            wrong.append(target)
    assert not wrong, f"deckgen.{module} imports stages above its own: {sorted(set(wrong))}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m))
def test_only_a_renderer_imports_its_library(module):
    for imported in _imports(MODULES[module], "deckgen." + module):
        library = imported.split(".")[0]
        if library in LIBRARIES:
            allowed = LIBRARIES[library]
            assert any(module == p or module.startswith(p + ".") for p in allowed), f"deckgen.{module} imports {library}"


def test_renderers_do_not_import_each_other():
    """Each output's renderer stands alone; the PDF ones share only renderers.pdf."""
    outputs = ("renderers.deck", "renderers.handout", "renderers.cards", "renderers.guide", "renderers.slides",
               "renderers.notes")
    for module in MODULES:
        own = next((o for o in outputs if module == o or module.startswith(o + ".")), None)
        if own is None:
            continue
        for imported in _imports(MODULES[module], "deckgen." + module):
            target = imported.removeprefix("deckgen.")
            other = next((o for o in outputs if target == o or target.startswith(o + ".")), None)
            assert other in (None, own), f"deckgen.{module} imports deckgen.{target}"


def test_no_import_cycles():
    graph = {m: {t for i in _imports(p, "deckgen." + m) if (t := i.removeprefix("deckgen.")) in MODULES and t != m}
             for m, p in MODULES.items()}
    # a package's __init__ is imported with any of its modules: that edge is not a cycle of code
    for m in graph:
        graph[m] = {t for t in graph[m] if not m.startswith(t + ".") and t != ""}
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(m: str, path: list[str]) -> bool:
        state[m] = 1
        for t in sorted(graph[m]):
            if state.get(t) == 1:
                cycle.extend(path[path.index(t):] + [t] if t in path else [m, t])
                return True
            if state.get(t) is None and visit(t, path + [t]):
                return True
        state[m] = 2
        return False

    for m in sorted(graph):
        if state.get(m) is None and visit(m, [m]):
            break
    assert not cycle, "import cycle: " + " -> ".join(cycle)


def test_the_checker_sees_a_wrong_import(tmp_path):
    """The checks above read real imports: a content module importing a renderer is caught."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from deckgen.renderers.deck import ooxml\n    import pptx\n", encoding="utf-8")
    imported = _imports(bad, "deckgen.content.bad")
    assert "deckgen.renderers.deck" in imported and "pptx" in imported
    assert _rank("renderers.deck") > _rank("content.bad")


def test_test_modules_have_unique_names():
    """The tests are not packages (pytest imports them by basename): two test files of one name in two
    folders stop the whole suite from collecting, though each folder alone runs."""
    from collections import Counter

    names = Counter(p.name for p in Path(__file__).resolve().parent.rglob("test_*.py"))
    assert not [name for name, count in names.items() if count > 1]
