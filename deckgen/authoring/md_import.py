"""Reading a Markdown one-pager into blocks, notes and metadata for draft.py.

Why markdown-it-py with mdit-py-plugins: deckgen already parses its inline markup with
markdown-it-py, so a Markdown one-pager is read by the same CommonMark parser the
content file will be read with; the plugins add what one-pagers use beyond CommonMark:
footnotes (`[^1]` and `[^1]: …`, pandoc's syntax), a YAML front matter block (title,
subtitle, author, date, lang, as pandoc reads them) and pipe tables (imported as `table:`,
their cells as plain text; a pipe table's first row is always its header).
"""

from __future__ import annotations

import re
from pathlib import Path

from deckgen.authoring.budget import LIMITS, Counter, over
from deckgen.authoring.draft import Block, Imported, listing
from deckgen.authoring.inline import Run, all_bold, plain
from deckgen.authoring.pictures import ImportedPicture, too_large
from deckgen.errors import Location, fail

_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*")
_REFERENCE = re.compile(r" {0,3}\[[^\]^][^\]]*\]:")


def _parser():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    return MarkdownIt("commonmark").use(footnote_plugin).use(front_matter_plugin).enable("table")


def read(path: Path) -> Imported:
    where = Location(str(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise fail(where, f"cannot read the file: {exc.strerror or exc}", "check the name and the permissions")
    if len(data) > LIMITS["bytes"]:
        raise over(where, "bytes", len(data), "Markdown file")
    if b"\x00" in data[:8192]:
        raise fail(where, "this is not a Markdown text file (it holds binary data)",
                   "import a .md text file, or a Word document (.docx)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise fail(Location(str(path), line), "the file is not UTF-8 text",
                   "save it as UTF-8 (in most editors: Save As, encoding UTF-8)")
    check_budget(text, path)
    return _Reader(path).read(text)


def check_budget(text: str, path: Path) -> None:
    """Counts what makes markdown-it and the draft slow, line by line, before anything is parsed:
    every count within its limit (budget.LIMITS) bounds the import to a few seconds."""
    count = Counter(Location(str(path)), "Markdown file")
    for number, line in enumerate(text.split("\n"), 1):
        at = Location(str(path), number)
        count.at_most("characters on one line", len(line), at)
        if line.lstrip(" ").startswith("#") or _SETEXT.fullmatch(line):
            count.add("headings", 1, at)
        if _REFERENCE.match(line):
            count.add("link reference definitions", 1, at)
        if "[^" in line:
            count.add("footnotes and their references", line.count("[^"), at)
        if "|" in line:
            count.at_most("columns in a table row", line.count("|"), at)
        marks = line.count("*") + line.count("_")
        if marks:
            count.add("emphasis marks (* and _)", marks, at)


class _Reader:
    def __init__(self, path: Path):
        self.path = str(path)
        self.out = Imported(source=path.name)
        self.skipped: dict[str, list[str]] = {}
        self.folder = path.resolve().parent  # a picture's file must be in it (or below it)
        self.pictures: list[Block] = []  # the pictures of the paragraph being read, placed after it

    def skip(self, what: str, where: str) -> None:
        self.skipped.setdefault(what, []).append(where)

    def read(self, text: str) -> Imported:
        tokens = _parser().parse(text)
        lists: list[list] = []  # open lists: [ordered, next number]
        item_first = False       # the next paragraph is the first of a list item
        note: str | None = None  # inside a footnote definition: its key
        line = 1
        depth_table = 0
        for i, tok in enumerate(tokens):
            if tok.map:
                line = tok.map[0] + 1
            where = f"line {line}"
            kind = tok.type
            if kind == "front_matter":
                self._front_matter(tok.content)
            elif kind == "footnote_open":
                note = self._note_key(tok.meta)
                self.out.notes[note] = []
            elif kind == "footnote_close":
                note = None
            elif kind in ("bullet_list_open", "ordered_list_open"):
                start = tok.attrs.get("start", 1)
                lists.append([kind == "ordered_list_open", int(start) if str(start).isascii() and str(start).isdigit() and len(str(start)) <= 9 else 1])
            elif kind in ("bullet_list_close", "ordered_list_close"):
                lists.pop()
            elif kind == "list_item_open":
                item_first = True
            elif kind == "table_open":
                depth_table += 1
                self.out.blocks.append(Block("table", [], f"at {where}", rows=[], header=True))
            elif kind == "tr_open" and depth_table:
                self.out.blocks[-1].rows.append([])
            elif kind == "inline" and depth_table:  # a cell (th or td): its text, without markup
                self.out.blocks[-1].rows[-1].append(" ".join(plain(self._inline(tok.children or [],
                                                                                       where)).split()))
            elif kind == "table_close":
                depth_table -= 1
            elif kind in ("fence", "code_block"):
                self.skip("code block", f"{where} ('{' '.join(tok.content.split())[:40]}')")
            elif kind == "html_block":
                self.skip("HTML block", f"{where} ('{' '.join(tok.content.split())[:40]}')")
            elif kind == "inline" and not depth_table:
                runs = self._inline(tok.children or [], where)
                prev = tokens[i - 1].type if i else ""
                if note is not None:
                    self.out.notes[note].append(runs)
                elif prev == "heading_open":
                    self.out.blocks.append(Block("heading", runs, where, int(tokens[i - 1].tag[1:])))
                elif lists and item_first:
                    ordered, number = lists[-1]
                    lists[-1][1] += 1
                    self.out.blocks.append(Block("item", runs, where, len(lists) - 1, ordered, number,
                                                 bold_line=all_bold(runs)))
                else:
                    self.out.blocks.append(Block("para", runs, where, bold_line=all_bold(runs)))
                if note is None:
                    self.out.blocks += self.pictures
                item_first = False
            for picture in self.pictures if note is not None or depth_table else ():
                self.skip("image", f"{picture.where}: in a {'footnote' if note is not None else 'table'}, where a "
                                   "picture has no place")
            self.pictures = []
        self.out.skipped += listing(self.skipped)
        return self.out

    @staticmethod
    def _note_key(meta: dict) -> str:
        label = meta.get("label")
        return f"md:{label}" if label is not None else f"md:inline-{meta.get('id')}"

    def _inline(self, children, where: str) -> list[Run]:
        runs: list[Run] = []
        bold = italic = 0
        href: str | None = None
        for tok in children:
            kind = tok.type
            if kind in ("text", "code_inline"):
                runs.append(Run(tok.content, bold > 0, italic > 0, href))
            elif kind in ("softbreak", "hardbreak"):
                runs.append(Run(" ", bold > 0, italic > 0, href))
            elif kind == "strong_open":
                bold += 1
            elif kind == "strong_close":
                bold -= 1
            elif kind == "em_open":
                italic += 1
            elif kind == "em_close":
                italic -= 1
            elif kind == "link_open":
                href = tok.attrs.get("href")
            elif kind == "link_close":
                href = None
            elif kind == "footnote_ref":
                runs.append(Run(note=self._note_key(tok.meta)))
            elif kind == "image":
                found = self._picture(tok.attrs.get("src") or "", tok.content or "")
                if isinstance(found, str):
                    self.skip("image", f"{where} ('{tok.content[:40] or tok.attrs.get('src', '')[:40]}'): {found}")
                else:
                    self.pictures.append(Block("picture", [], where, picture=found))
            elif kind == "html_inline":
                self.skip("piece of HTML", f"{where} ('{tok.content[:40]}')")
        return runs

    def _picture(self, src: str, alt: str) -> ImportedPicture | str:
        """The picture `![alt](src)` shows, or why it cannot be taken: only a PNG, JPEG, WebP or GIF file
        in the Markdown file's folder (or below it) is read, so that a file received cannot pull others in."""
        from urllib.parse import unquote, urlsplit

        from deckgen.content.images import sniff

        parts = urlsplit(src)
        if parts.scheme or parts.netloc:
            return "a picture on the web: save it beside the draft and name it under 'image:'"
        path = Path(unquote(parts.path))
        try:
            target = (self.folder / path).resolve() if not path.is_absolute() else None
            if target is None or not target.is_relative_to(self.folder):
                return "outside the Markdown file's folder"
            if not target.is_file():
                return "file not found"
            size = target.stat().st_size
            if (why := too_large(size)) is not None:
                return why
            data = target.read_bytes()
        except (OSError, ValueError) as exc:
            return f"cannot be read ({exc.strerror if isinstance(exc, OSError) and exc.strerror else exc})"
        suffix = {"PNG": ".png", "JPEG": ".jpg", "WebP": ".webp", "GIF": ".gif"}.get(sniff(data[:64]))
        if suffix is None:
            return f"{sniff(data[:64])}, not a PNG, JPEG, WebP or GIF"
        return ImportedPicture(data, suffix, " ".join(alt.split()), False, False, path.name)

    def _front_matter(self, text: str) -> None:
        import yaml

        depth = 0
        try:  # the parser is a state machine; only composing the tree recurses, once per level
            for event in yaml.parse(text, Loader=yaml.BaseLoader):
                if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                    depth += 1
                    if depth > LIMITS["levels of nesting in the front matter"]:
                        raise over(Location(self.path, event.start_mark.line + 2, event.start_mark.column + 1),
                                   "levels of nesting in the front matter", depth, "Markdown file",
                                   "the front matter (between the --- lines) holds the title, author, date "
                                   "and lang: write them as plain 'key: value' lines")
                elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                    depth -= 1
        except yaml.YAMLError:
            pass  # said below
        try:
            meta = yaml.load(text, Loader=yaml.BaseLoader)  # every value a string; no tags, no objects
        except yaml.YAMLError:
            self.out.notices.append("the front matter (between the --- lines) is not valid YAML: it was left out")
            return
        if not isinstance(meta, dict):
            return

        def get(*keys: str) -> str | None:
            for key in keys:
                value = meta.get(key)
                if isinstance(value, list):
                    value = ", ".join(v for v in value if isinstance(v, str))
                if isinstance(value, str) and value.strip():
                    return " ".join(value.split())
            return None

        out = self.out
        out.title, out.subtitle = get("title"), get("subtitle")
        out.title_is_meta = out.title is not None
        out.authors = get("authors", "author")
        out.organisation = get("organisation", "organization", "institute", "company")
        date = get("date")
        out.date = date if date and _ISO.fullmatch(date) else None
        if get("lang", "language"):
            out.language, out.language_from = get("lang", "language"), "the front matter"
