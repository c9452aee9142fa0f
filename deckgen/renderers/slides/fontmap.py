"""LibreOffice draws each family with the font file deckgen measured it with: a generated fontconfig file.

Why: a template names families this machine may lack (Calibri Light, Trebuchet MS, Montserrat).
deckgen measures each with a file it can find (text/sysfonts.py: the theme's files, the
installed font, a metric-compatible twin such as Carlito for Calibri, else DejaVu Sans widened
by FALLBACK_SCALE). Left to itself, LibreOffice substitutes by its own tables (often plain
DejaVu Sans, narrower than what was measured), so a preview or a slides PDF could show
three-line titles PowerPoint never draws, or hide an overflow it does. So every family the
deck names gets a fontconfig rule that replaces it with the family of the very file deckgen
measured it with, and the widened fallback exists as a real font ("Deckgen Fallback": DejaVu
Sans with every glyph and advance FALLBACK_SCALE wider, no kerning, as deckgen measures it),
generated once per machine into $XDG_CACHE_HOME/deckgen/lofonts. The system's configuration is
included first, so every other font still resolves as usual.

Used by office.py (the cold soffice, the warm one of the preview and `watch --preview`) and by
the tests' LibreOffice fit checks (tests/renderers/lo.py).
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import shutil
import zipfile
from collections.abc import Iterable
from pathlib import Path

from deckgen.text.fonts import FONT_DIR, Family, bundled_files, cache_dir, open_font
from deckgen.text.sysfonts import FALLBACK_NAME, FALLBACK_SCALE, find_family

FALLBACK_FAMILY = "Deckgen Fallback"  # the widened DejaVu Sans, as LibreOffice sees it
_VERSION = 1  # of the generated fallback files: a change here makes new ones
_TYPEFACE = re.compile(rb'<a:(?:latin|ea|cs)\b[^>]*?\btypeface="([^"]*)"')
_MEMBERS = re.compile(r"ppt/(theme/theme|slideMasters/slideMaster|slideLayouts/slideLayout|slides/slide"
                      r"|notesMasters/notesMaster)\d*\.xml$")


def deck_families(deck: Path) -> list[str]:
    """The font families a .pptx names (its themes, masters, layouts, slides), without theme references."""
    names: set[str] = set()
    try:
        with zipfile.ZipFile(deck) as package:
            for member in package.namelist():
                if _MEMBERS.match(member):
                    for raw in _TYPEFACE.findall(package.read(member)):
                        name = html.unescape(raw.decode("utf-8", "replace")).strip()
                        if name and not name.startswith("+"):  # "+mj-lt": the theme's font, named there
                            names.add(name)
    except (OSError, zipfile.BadZipFile, KeyError):
        return []  # LibreOffice reports an unreadable deck itself
    return sorted(names, key=str.lower)


def file_family(path: Path) -> str:
    """The family name fontconfig knows a font file by (its typographic family, else its family)."""
    try:
        with open_font(path) as font:
            names = font["name"]
            for i in (16, 1):
                rec = names.getName(i, 3, 1) or names.getName(i, 1, 0)
                if rec is not None and str(rec).strip():
                    return str(rec).strip()
    except Exception:  # noqa: BLE001  (an unreadable file: LibreOffice falls back as it would anyway)
        pass
    return ""


def drawn_as(family: Family) -> tuple[str, list[Path]]:
    """The family LibreOffice should draw `family` with, and the files it is in."""
    files = [p for p in (family.files.regular, family.files.bold, family.files.italic, family.files.bold_italic) if p]
    if family.scale != 1.0:
        return FALLBACK_FAMILY, []
    return file_family(family.files.regular) or family.name, files


def _stretch(source: Path, target: Path, style: str) -> None:
    """DejaVu Sans with every glyph and advance FALLBACK_SCALE wider and no kerning, named FALLBACK_FAMILY."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(source))
    glyf, hmtx = font["glyf"], font["hmtx"]
    for name in font.getGlyphOrder():
        glyph = glyf[name]
        if glyph.isComposite():
            for comp in glyph.components:
                comp.x = round(comp.x * FALLBACK_SCALE)
        elif glyph.numberOfContours > 0:
            glyph.coordinates.scale((FALLBACK_SCALE, 1.0))
            glyph.coordinates.toInt()
        if hasattr(glyph, "program"):
            glyph.program.fromBytecode(b"")  # hints for the old outlines would distort the new ones
    for name in font.getGlyphOrder():
        glyph = glyf[name]
        glyph.recalcBounds(glyf)
        advance, _ = hmtx[name]
        hmtx[name] = (round(advance * FALLBACK_SCALE), getattr(glyph, "xMin", 0) if glyph.numberOfContours else 0)
    for table in ("fpgm", "prep", "cvt ", "hdmx", "LTSH", "VDMX", "kern"):
        if table in font:
            del font[table]
    if "GPOS" in font:  # deckgen measures without kerning: LibreOffice draws without it
        for record in font["GPOS"].table.FeatureList.FeatureRecord:
            if record.FeatureTag == "kern":
                record.Feature.LookupListIndex = []
                record.Feature.LookupCount = 0
    font["OS/2"].xAvgCharWidth = round(font["OS/2"].xAvgCharWidth * FALLBACK_SCALE)
    font["hhea"].advanceWidthMax = round(font["hhea"].advanceWidthMax * FALLBACK_SCALE)
    names = font["name"]
    names.names = [n for n in names.names if n.nameID not in (1, 2, 3, 4, 6, 16, 17, 21, 22)]
    subfamily = "Bold" if style == "bold" else "Regular"
    for name_id, value in ((1, FALLBACK_FAMILY), (2, subfamily), (3, f"deckgen:{FALLBACK_FAMILY}:{subfamily}"),
                           (4, f"{FALLBACK_FAMILY} {subfamily}"), (6, f"DeckgenFallback-{subfamily}")):
        names.setName(value, name_id, 3, 1, 0x409)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    font.save(str(tmp))
    os.replace(tmp, target)


def fallback_folder(spare: Path) -> Path:
    """The folder holding the generated fallback font files: in the cache (made once per machine
    and version), else in `spare` when the cache cannot be written."""
    files = bundled_files(FALLBACK_NAME)
    assert files is not None
    sources = {"regular": files.regular, "bold": files.bold or files.regular}
    key = "|".join([str(_VERSION), str(FALLBACK_SCALE)] + [f"{p.stat().st_size}:{p.stat().st_mtime_ns}"
                                                           for p in sources.values()])
    for folder in (cache_dir("lofonts") / hashlib.sha1(key.encode()).hexdigest()[:16], spare / "lofonts"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for style, source in sources.items():
                target = folder / f"DeckgenFallback-{style}.ttf"
                if not target.is_file():
                    _stretch(source, target, style)
            return folder
        except OSError:
            shutil.rmtree(spare / "lofonts", ignore_errors=True)
            continue
    raise OSError("no folder for LibreOffice's fallback font")  # spare is a fresh temporary folder: not reached


def rules(names: Iterable[str], theme_families: tuple[Family, ...] = ()) -> tuple[dict[str, str], set[Path]]:
    """For each family name: the family LibreOffice must draw instead (only those that differ),
    and the folders of the font files used that fontconfig may not know."""
    replace: dict[str, str] = {}
    folders: set[Path] = set()
    for name in names:
        family = find_family(name, theme_families)
        target, files = drawn_as(family)
        folders.update(p.parent for p in files)
        if target.lower() != name.lower():
            replace[name] = target
    return replace, folders


def write_config(home: Path, names: Iterable[str] = (), theme_families: tuple[Family, ...] = ()) -> Path:
    """Writes HOME/fonts.conf: the system's configuration, deckgen's fonts and the fallback font, and a
    rule per family name that LibreOffice must draw with another family (the one deckgen measured)."""
    replace, folders = rules(names, theme_families)
    dirs = [FONT_DIR, fallback_folder(home), *sorted(folders)]
    edits = "".join(
        f'<match target="pattern"><test qual="any" name="family" compare="eq"><string>{html.escape(name)}</string>'
        f'</test><edit name="family" mode="assign" binding="strong"><string>{html.escape(target)}</string></edit>'
        "</match>" for name, target in sorted(replace.items()))
    conf = home / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                    + "".join(f"<dir>{html.escape(str(d))}</dir>" for d in dict.fromkeys(dirs))
                    + f"<cachedir>{html.escape(str(home / 'fc-cache'))}</cachedir>{edits}</fontconfig>",
                    encoding="utf-8")
    return conf
