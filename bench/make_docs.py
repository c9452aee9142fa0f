"""Larger content files for the benchmark, made from the seed's own sentences.

    python bench/make_docs.py OUT_DIR [--factors 1,10,100] [--check]

×1 is the seed itself, byte for byte. ×N has the seed's sections, sources and colophon
and N × 7 questions: the seed's seven cycled, each copy varied deterministically so no
two are the same: the question gets its number as a prefix ("(23) Wat doet …?"), and the
sentences of the answer and the order of the points are rotated by the copy's cycle
(a footnote reference stays with its sentence). Every [^id] keeps its source and every
source stays referenced. Same seed, same bytes.

Files are read with yaml.BaseLoader (every scalar stays a string) and written with
every value double-quoted or as a `|` block, so deckgen's strict loader reads back
exactly the strings written.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "content" / "migratie-en-ontwikkelingssamenwerking.yaml"
FACTORS = (1, 10, 100)

# A sentence ends at . ! or ? (optionally followed by a footnote reference such as
# "spanningen.[^6]") where whitespace and more text follow; "1.10" and "1,3" never split.
_SENTENCE_END = re.compile(r"[.!?…]+(?:\[\^[A-Za-z0-9_.-]+\])?(?=\s+\S)")


class _Quoted(str):
    """A value (not a key) to be written double-quoted, or as a `|` block when multi-line."""


class _Dumper(yaml.SafeDumper):
    pass


def _represent_quoted(dumper: yaml.SafeDumper, value: _Quoted) -> yaml.ScalarNode:
    # PyYAML falls back to double quotes when a block is not possible (e.g. trailing spaces).
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style="|" if "\n" in value else '"')


_Dumper.add_representer(_Quoted, _represent_quoted)


def _quote_values(value):
    if isinstance(value, dict):
        return {str(k): _quote_values(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_quote_values(v) for v in value]
    if isinstance(value, str):
        return _Quoted(value)
    raise TypeError(f"unexpected value in content: {value!r}")


def dump(data: dict) -> str:
    """YAML text for content data (a dict of strings, lists and dicts); keys plain, values quoted."""
    # yaml.safe_dump's options, with a SafeDumper subclass that quotes every value.
    text = yaml.dump(_quote_values(data), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)
    if yaml.load(text, Loader=yaml.BaseLoader) != data:  # noqa: S506 - BaseLoader builds only str/list/dict
        raise AssertionError("generated YAML does not read back as the same strings")
    return text


def read_seed(seed: Path = SEED) -> dict:
    """The seed as plain data: every scalar a string (yaml.BaseLoader)."""
    return yaml.load(seed.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # noqa: S506


def sentences(paragraph: str) -> list[str]:
    """The sentences of one paragraph, each with the footnote reference that closes it."""
    out, start = [], 0
    for match in _SENTENCE_END.finditer(paragraph):
        out.append(paragraph[start:match.end()].strip())
        start = match.end()
    rest = paragraph[start:].strip()
    if rest:
        out.append(rest)
    return out


def _rotate(items: list, by: int) -> list:
    if not items:
        return items
    by %= len(items)
    return items[by:] + items[:by]


def rotate_text(text: str, by: int) -> str:
    """The text with the sentences of each paragraph rotated by `by` (same sentences, new order)."""
    trailing = "\n" if text.endswith("\n") else ""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    out = []
    for para in paragraphs:
        lines = " ".join(para.split("\n"))
        out.append(" ".join(_rotate(sentences(lines), by)))
    return "\n\n".join(out) + trailing


def vary_item(item: dict, number: int, cycle: int) -> dict:
    """Question `number` (1-based) of a larger document, from a seed item in copy `cycle` (0-based)."""
    out = {}
    for key, value in item.items():
        if key == "question":
            out[key] = f"({number}) {value}"
        elif key in ("answer", "notes"):
            out[key] = rotate_text(value, cycle)
        elif key == "points":
            out[key] = _rotate(list(value), cycle)
        else:
            out[key] = value
    return out


def make_content(seed: dict, factor: int) -> dict:
    """Content data with `factor` × the seed's questions (×1 returns the seed unchanged)."""
    if factor < 1:
        raise ValueError("factor must be at least 1")
    if factor == 1:
        return seed
    items = seed["qa"]["items"]
    data = dict(seed)
    qa = dict(seed["qa"])
    qa["items"] = [vary_item(items[(n - 1) % len(items)], n, (n - 1) // len(items))
                   for n in range(1, factor * len(items) + 1)]
    data["qa"] = qa
    return data


def footnote_problems(data: dict) -> list[str]:
    """References without a source and sources never referenced (should be empty)."""
    text = yaml.dump(data, allow_unicode=True, width=10**9)
    refs = set(re.findall(r"\[\^([A-Za-z0-9_.-]+)\]", text))
    refs |= {f["source"] for s in data.get("sections", []) for f in s.get("figures", []) if "source" in f}
    ids = {s["id"] for s in data.get("sources", [])}
    return [f"[^{r}] has no source" for r in sorted(refs - ids)] + \
           [f"source {i} is never referenced" for i in sorted(ids - refs)]


def name_for(factor: int) -> str:
    return f"x{factor}.yaml"


def write_docs(out_dir: Path, factors=FACTORS, seed: Path = SEED) -> dict[int, Path]:
    """Writes x1.yaml, x10.yaml, … into out_dir; returns factor -> path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    data = read_seed(seed)
    paths = {}
    for factor in factors:
        path = out_dir / name_for(factor)
        if factor == 1:
            shutil.copyfile(seed, path)  # the seed itself, byte for byte
        else:
            content = make_content(data, factor)
            problems = footnote_problems(content)
            if problems:
                raise AssertionError(f"×{factor}: " + "; ".join(problems))
            path.write_text(dump(content), encoding="utf-8")
        paths[factor] = path
    return paths


def check(path: Path) -> tuple[int, list[str]]:
    """Loads a file with deckgen's strict loader; returns its number of questions and the warnings."""
    from deckgen.content.load import load

    doc, warnings = load(path)
    return (len(doc.qa.items) if doc.qa else 0), [w.format() for w in warnings]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--factors", default=",".join(map(str, FACTORS)), help="comma-separated, default 1,10,100")
    parser.add_argument("--seed", type=Path, default=SEED)
    parser.add_argument("--check", action="store_true", help="load every file with deckgen.content.load.load")
    args = parser.parse_args(argv)
    factors = [int(f) for f in args.factors.split(",") if f.strip()]
    paths = write_docs(args.out_dir, factors, args.seed)
    for factor, path in paths.items():
        line = f"×{factor:<4} {path}  {path.stat().st_size:>9,} bytes"
        if args.check:
            if str(ROOT) not in sys.path:
                sys.path.insert(0, str(ROOT))
            questions, warnings = check(path)
            line += f"  {questions} questions, {len(warnings)} warning(s)"
            for w in warnings:
                line += "\n      " + w
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
