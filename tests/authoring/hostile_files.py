"""Generated hostile one-pagers whose cost is not bounded by their size (issue 26): Word
documents written part by part, streamed into the zip (a 210 KB file of 120 MB of XML is
made in about a second), and Markdown files.

Each maker writes one file and returns its path; `CASES` names them for the tests and for
`measure()`, which imports one in a child process with a memory limit and a time-out.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
       '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/>'
       '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
       'wordprocessingml.document.main+xml"/>'
       '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
       'wordprocessingml.styles+xml"/>'
       '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.'
       'wordprocessingml.footnotes+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         'officeDocument" Target="word/document.xml"/></Relationships>')
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_STYLES = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="{W}">'
           '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>'
           '<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style></w:styles>')
_HEAD = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}"><w:body>'
_TAIL = "</w:body></w:document>"
_START = ('<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>Migration</w:t></w:r></w:p>'
          '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Why it matters</w:t></w:r></w:p>')


def docx(path: Path, body, footnotes=None, styles_target: str = "styles.xml") -> Path:
    """A Word package whose body XML is the chunks body yields (streamed into the zip)."""
    rels = [("rId1", "styles", styles_target)]
    if footnotes is not None:
        rels.append(("rId2", "footnotes", "footnotes.xml"))
    doc_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
                'openxmlformats.org/package/2006/relationships">' + "".join(
                    f'<Relationship Id="{rid}" Type="{_OFFICE}{kind}" Target="{target}"/>'
                    for rid, kind, target in rels) + "</Relationships>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("word/_rels/document.xml.rels", doc_rels)
        zf.writestr("word/styles.xml", _STYLES)
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(_HEAD.encode())
            for chunk in body:
                fh.write(chunk.encode() if isinstance(chunk, str) else chunk)
            fh.write(_TAIL.encode())
        if footnotes is not None:
            zf.writestr("word/footnotes.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                                              f'<w:footnotes xmlns:w="{W}">{footnotes}</w:footnotes>')
    return path


def _repeat(piece: str, count: int, per_chunk: int = 100_000):
    yield _START
    while count > 0:
        n = min(count, per_chunk)
        yield piece * n
        count -= n


def empty_paragraphs(path: Path, count: int = 20_000_000) -> Path:
    """20 million `<w:p/>`: 120 MB of XML (under the 150 MB limit) in a file of about 210 KB."""
    return docx(path, _repeat("<w:p/>", count))


def huge_paragraph(path: Path, chars: int = 40_000_000) -> Path:
    """One paragraph of one run holding 40 million characters, in pieces of 1 MB (a 44 KB file)."""
    piece = "<w:t>" + "a" * 1_000_000 + "</w:t>"
    return docx(path, [_START, "<w:p><w:r>", *(piece for _ in range(chars // 1_000_000)), "</w:r></w:p>"])


def footnote_references(path: Path, count: int = 50_000) -> Path:
    """50,000 references to one footnote in one paragraph."""
    return docx(path, [_START, "<w:p>", *_repeat('<w:r><w:t>x</w:t><w:footnoteReference w:id="1"/></w:r>', count),
                       "</w:p>"], footnotes='<w:footnote w:id="1"><w:p><w:r><w:t>A note.</w:t></w:r></w:p></w:footnote>')


def deep_nesting(path: Path, depth: int = 5_000) -> Path:
    """Hyperlinks nested 5,000 deep in a paragraph."""
    return docx(path, [_START, "<w:p>", "<w:hyperlink>" * depth, "<w:r><w:t>deep</w:t></w:r>",
                       "</w:hyperlink>" * depth, "</w:p>"])


def table_cells(path: Path, cells: int = 300_000) -> Path:
    """One table row of 300,000 cells."""
    return docx(path, [_START, "<w:tbl><w:tr>", *_repeat("<w:tc><w:p/></w:tc>", cells), "</w:tr></w:tbl>"])


def self_styles(path: Path) -> Path:
    """A package whose styles relationship points at the document itself (python-docx: RecursionError)."""
    return docx(path, [_START, "<w:p><w:r><w:t>Text.</w:t></w:r></w:p>"], styles_target="document.xml")


def entity_docx(path: Path) -> Path:
    """A run whose text holds an internal entity: the text after it was dropped silently."""
    body = _START + "<w:p><w:r><w:t>before &e; after</w:t></w:r></w:p>"
    path = docx(path, [body])
    data = {}
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            data[name] = zf.read(name)
    data["word/document.xml"] = data["word/document.xml"].replace(
        b"?>\n", b'?>\n<!DOCTYPE w:document [<!ENTITY e "entity">]>', 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, blob in data.items():
            zf.writestr(name, blob)
    return path


def markdown(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


MD = {
    "2000 footnotes": lambda: "# T\n\n" + "".join(f"Text[^{i}].\n\n" for i in range(2000))
    + "".join(f"[^{i}]: Note {i}.\n" for i in range(2000)),
    "4000 footnotes": lambda: "# T\n\n" + "".join(f"Text[^{i}].\n\n" for i in range(4000))
    + "".join(f"[^{i}]: Note {i}.\n" for i in range(4000)),
    "20000-char autolink": lambda: "# T\n\nSee <http://" + "a" * 20_000 + ">.\n",
    "30000 setext headings": lambda: "".join(f"Heading {i}\n===\n" for i in range(30_000)),
    "15 MB line": lambda: "# T\n\n" + "word " * 3_000_000 + "\n",
    "5000-column table": lambda: "# T\n\n" + "|a" * 5000 + "|\n" + "|-" * 5000 + "|\n" + "|b" * 5000 + "|\n",
    "50000 headings": lambda: "".join(f"# Heading {i}\n" for i in range(50_000)),
    "50000 link references": lambda: "# T\n\n" + "".join(f"[l{i}]: http://x.org/{i}\n" for i in range(50_000)),
    "4 MB line": lambda: "# T\n\n" + "*a " * 1_400_000 + "\n",
    "front matter 5000 deep": lambda: "---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n# T\n\nText.\n",
}

DOCX = {
    "20 million empty paragraphs": empty_paragraphs,
    "one huge paragraph": huge_paragraph,
    "50000 footnote references": footnote_references,
    "nesting 5000 deep": deep_nesting,
    "300000 table cells": table_cells,
    "styles relationship to the document": self_styles,
    "an XML entity in a run": entity_docx,
}


def make(case: str, folder: Path) -> Path:
    """The file of a named case, in folder."""
    if case in DOCX:
        return DOCX[case](folder / (case.replace(" ", "-") + ".docx"))
    return markdown(folder / (case.replace(" ", "-") + ".md"), MD[case]())


def _limit(megabytes: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (megabytes * 2**20, megabytes * 2**20))
    return apply


def measure(source: Path, folder: Path, seconds: float = 30, megabytes: int = 1500) -> tuple[int, float, int, str]:
    """Imports source with `deckgen new --from` in a child process limited to `megabytes` of
    address space and `seconds`; returns (exit code, seconds, peak resident MB, stderr).
    Exit code -9 means killed at the time-out."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    target = folder / (source.stem + ".yaml")
    # The peak is the child's own high-water mark (VmHWM, which starts afresh at exec), not ru_maxrss: Linux
    # keeps ru_maxrss across exec, so a child forked from a large test process (a worker that rendered decks
    # before) would report its parent's peak.
    child = ("import resource, sys\nfrom deckgen.cli import main\n"
             "def peak():\n    try:\n        with open('/proc/self/status') as f:\n"
             "            return next(int(l.split()[1]) for l in f if l.startswith('VmHWM:'))\n"
             "    except (OSError, StopIteration):\n        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
             "try:\n    main(sys.argv[1:])\nfinally:\n    sys.stderr.write('\\nMAXRSS %d' % peak())\n")
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", child, "new", "--from", str(source), str(target)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, preexec_fn=_limit(megabytes),
                            cwd=folder)
    try:
        _, err = proc.communicate(timeout=seconds)
        code = proc.returncode
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
        code = -9
    elapsed = time.perf_counter() - start
    text = err.decode("utf-8", "replace")
    text, _, peak = text.rpartition("\nMAXRSS ")
    return code, elapsed, int(peak) // 1024 if peak.isdigit() else -1, text
