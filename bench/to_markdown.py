"""The same content as pandoc Markdown, so pandoc can make the same deck for comparison.

    python bench/to_markdown.py IN.yaml [OUT.md]      then: pandoc OUT.md -o OUT.pptx

The slides follow deckgen's deck: the title block (title slide); per section a slide
with its points as bullets (or its text) and the full text in `::: notes`; a key-figure
slide where a section has figures; a `# Q & A` divider; per question a question slide
and an answer slide with the answer's points, the full answer in the notes of both; the
sources; the colophon. Footnotes stay pandoc footnotes ([^id] with `[^id]: text`).

Pandoc picks the slide level from the document: the highest heading level that is
followed directly by content. Slides are therefore `##` headings throughout, and `#`
headings (followed directly by a `##`) become pandoc's section title slides; a `#`
slide with content would make every `##` a heading inside one slide.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml

LABELS = {
    "nl": {"intro": "Inleiding", "key_figures": "Kerncijfers", "question_of": "Vraag {n} van {total}",
           "questions": "Vragen", "sources": "Bronnen", "colophon": "Colofon"},
    "en": {"intro": "Introduction", "key_figures": "Key figures", "question_of": "Question {n} of {total}",
           "questions": "Questions", "sources": "Sources", "colophon": "Colophon"},
}

_ORDERED_MARKER = re.compile(r"(\(?)([0-9]+|[A-Za-z]|[ivxlcdmIVXLCDM]+)([.)])(\s|$)")
_BLOCK_START = re.compile(r"([-+*]\s|[#>|:~=`]|\[\^[^\]]*\]:)")


def inline(text: str) -> str:
    """One paragraph of deckgen markup as one line of Markdown (the markup is pandoc-compatible)."""
    line = " ".join(text.split())
    # deckgen shows <, > and & literally; in Markdown < could start raw HTML.
    line = line.replace("<", "\\<").replace(">", "\\>")
    return line


def block(text: str) -> str:
    """A paragraph that must not start a list, heading, quote or div."""
    line = inline(text)
    m = _ORDERED_MARKER.match(line)
    if m:
        if m.group(1):
            return "\\" + line  # \(1) …
        return line[:m.end(2)] + "\\" + line[m.end(2):]  # 1\. …
    if _BLOCK_START.match(line):
        return "\\" + line
    return line


def paragraphs(text: str | None) -> list[str]:
    if not text:
        return []
    return [block(p) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def bullets(items) -> list[str]:
    return ["- " + block(item) for item in items]


def notes(*texts: str | None) -> list[str]:
    paras = [p for t in texts for p in paragraphs(t)]
    if not paras:
        return []
    return ["::: notes", "", *_join(paras), "", ":::"]


def _join(paras: list[str]) -> list[str]:
    out: list[str] = []
    for p in paras:
        if out:
            out.append("")
        out.append(p)
    return out


def _slide(out: list[str], title: str, body: list[str], note_lines: list[str]) -> None:
    out += ["", f"## {inline(title)}", ""]
    if body:
        out += body if body[0].startswith("- ") else _join(body)
        out.append("")
    if note_lines:
        out += note_lines
        out.append("")


def to_markdown(data: dict) -> str:
    """Pandoc Markdown for content data (as read with yaml.BaseLoader)."""
    lang = data.get("language", "en")
    labels = LABELS.get(lang.split("-")[0].lower(), LABELS["en"])
    meta = ["---", f"title: {json.dumps(inline(data['title']), ensure_ascii=False)}"]
    if data.get("subtitle"):
        meta.append(f"subtitle: {json.dumps(inline(data['subtitle']), ensure_ascii=False)}")
    authors = [a for a in (data.get("organisation"), data.get("authors")) if a]
    if authors:
        meta.append("author:")
        meta += [f"  - {json.dumps(inline(a), ensure_ascii=False)}" for a in authors]
    if data.get("date"):
        meta.append(f"date: {json.dumps(data['date'])}")
    meta += [f"lang: {json.dumps(lang)}", "---"]
    out = meta + ["", f"# {inline(data['title'])}"]

    for index, section in enumerate(data.get("sections", [])):
        heading = section.get("heading") or (labels["intro"] if index == 0 else data["title"])
        body = bullets(section.get("points", [])) or paragraphs(section.get("text"))
        lead = data.get("lead") if index == 0 else None
        _slide(out, heading, body, notes(lead, section.get("heading"), section.get("text")))
        figures = section.get("figures", [])
        if figures:
            lines = []
            for fig in figures:
                ref = f"[^{fig['source']}]" if fig.get("source") else ""
                lines.append(f"- **{inline(fig['value'])}** {inline(fig['label'])}{ref}")
            _slide(out, f"{labels['key_figures']}: {heading}", lines, notes(section.get("text")))

    qa = data.get("qa")
    if qa and qa.get("items"):
        out += ["", f"# {inline(qa.get('heading') or labels['questions'])}"]
        total = len(qa["items"])
        for n, item in enumerate(qa["items"], 1):
            item_notes = notes(item["question"], item["answer"], item.get("notes"))
            _slide(out, labels["question_of"].format(n=n, total=total), paragraphs(item["question"]), item_notes)
            body = bullets(item.get("points", [])) or paragraphs(item["answer"])
            _slide(out, item["question"], body, item_notes)

    sources = data.get("sources", [])
    if sources or data.get("colophon"):
        out += ["", f"# {labels['sources']}"]
    if sources:
        lines = [f"{i}. {inline(s['text'])}" + (f" <{s['url']}>" if s.get("url") else "")
                 for i, s in enumerate(sources, 1)]
        out += ["", f"## {labels['sources']}", "", *lines, ""]
    if data.get("colophon"):
        _slide(out, labels["colophon"], paragraphs(data["colophon"]), notes(data["colophon"], data.get("authors")))

    if sources:
        out.append("")
        out += [f"[^{s['id']}]: {inline(s['text'])}" + (f" <{s['url']}>" if s.get("url") else "") for s in sources]
    return "\n".join(out).rstrip("\n") + "\n"


def convert(yaml_path: Path, md_path: Path) -> Path:
    data = yaml.load(Path(yaml_path).read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # noqa: S506
    Path(md_path).write_text(to_markdown(data), encoding="utf-8")
    return Path(md_path)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help") or len(argv) > 2:
        print(__doc__)
        return 0 if argv and argv[0] in ("-h", "--help") else 2
    src = Path(argv[0])
    dst = Path(argv[1]) if len(argv) > 1 else src.with_suffix(".md")
    convert(src, dst)
    print(dst)
    return 0


if __name__ == "__main__":
    sys.exit(main())
