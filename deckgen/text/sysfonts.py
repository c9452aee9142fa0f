"""Finding the metrics of a font a template names: its files, the machine's, a twin, or a safe fallback.

The order (`find_family`):
1. the theme's own font files (a theme family with that name);
2. the font files installed on this machine, found by the family and style names read
   from the files themselves (Windows: the system and per-user font folders; macOS: the
   system, library, user and Office font folders; Linux: fontconfig's folders). On a
   trainer's laptop with PowerPoint this is the very font PowerPoint draws;
3. a bundled metric-compatible twin (Liberation for Arial and Times New Roman, Carlito for
   Calibri and Calibri Light, Caladea for Cambria), or one installed on the system
   (Liberation Sans Narrow, Liberation Mono) — but only where LibreOffice draws the twin too:
   fontconfig's own metric aliases (LIBREOFFICE_TWINS) or this machine's fontconfig map the
   name to it. "Calibri Light" has no such alias: a LibreOffice without the font draws it in
   the default sans (DejaVu Sans, 24 % wider than Carlito), so it is measured as DejaVu Sans
   (`substitute`), and the caller warns with the alias that would let Carlito measure it;
4. otherwise a conservative fallback: DejaVu Sans with every advance 8 % wider
   (FALLBACK_SCALE), at least as wide as the wide common faces (Verdana, Segoe UI, Aptos,
   Montserrat), never Arial's widths. The caller warns once per font.

The system index is built once and cached in $XDG_CACHE_HOME/deckgen/sysfonts; a build
only lists the font folders (names, sizes, dates) to see that it is still right, and
reads the names of new or changed files alone. DECKGEN_FONT_DIRS (folders separated by
os.pathsep; empty: none) replaces the system's folders, for tests and locked-down machines.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from functools import lru_cache
from pathlib import Path

from deckgen.text.fonts import (
    ALIASES,
    FONT_DIR,
    SYSTEM_TWINS,
    Family,
    FontFiles,
    bundled_files,
    cache_dir,
    cache_store,
    open_font,
)

FALLBACK_SCALE = 1.08
FALLBACK_NAME = "DejaVu Sans"
# Names a plain LibreOffice draws with their metric twin: fontconfig's 30-metric-aliases.conf binds
# each to its twin ("same" binding), as LibreOffice's own replacement table does on Windows and macOS.
LIBREOFFICE_TWINS = frozenset({"arial", "helvetica", "arimo", "times new roman", "times", "tinos", "calibri",
                               "cambria", "arial narrow", "courier new", "courier", "cousine"})
SUBSTITUTE = "substitute"  # the start of a Family.source measured as LibreOffice's substitute
_EXTENSIONS = (".ttf", ".otf")  # collections (.ttc) would need a face number: not indexed
INDEX_VERSION = 1


def font_dirs() -> list[Path]:
    """The folders fonts are installed in on this kind of machine."""
    env = os.environ.get("DECKGEN_FONT_DIRS")
    if env is not None:
        return [Path(p) for p in env.split(os.pathsep) if p]
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        return [windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        office = [Path(f"/Applications/Microsoft {app}.app/Contents/Resources/DFonts")
                  for app in ("PowerPoint", "Word", "Excel")]
        return [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library" / "Fonts", *office]
    dirs = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".fonts",
            Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share") / "fonts"]
    dirs += [Path(d) / "fonts" for d in os.environ.get("XDG_DATA_DIRS", "").split(":") if d]
    for conf in [Path("/etc/fonts/fonts.conf"), *sorted(Path("/etc/fonts/conf.d").glob("*.conf"))]:
        try:
            text = conf.read_text(errors="replace")
        except OSError:
            continue
        for d in re.findall(r"<dir[^>]*>([^<]+)</dir>", text):
            d = d.strip()
            dirs.append(home / d[2:] if d.startswith("~/") else Path(d))
    unique = []
    for d in dirs:
        if d not in unique:
            unique.append(d)
    return unique


def _listing(dirs: list[Path]) -> dict[str, tuple[int, int]]:
    files: dict[str, tuple[int, int]] = {}
    for top in dirs:
        for root, _, names in os.walk(top):
            for name in names:
                if name.lower().endswith(_EXTENSIONS):
                    path = os.path.join(root, name)
                    try:
                        st = os.stat(path)
                    except OSError:
                        continue
                    files[path] = (st.st_size, st.st_mtime_ns)
    return files


def _describe(path: str) -> dict | None:
    """Family names, weight and slant of one font file, or None when it cannot be read."""
    try:
        with open_font(Path(path)) as font:
            names = font["name"]

            def name(i: int) -> str:
                rec = names.getName(i, 3, 1) or names.getName(i, 1, 0)
                return str(rec).strip() if rec is not None else ""

            os2 = font.get("OS/2")
            weight = os2.usWeightClass if os2 is not None else 400
            mac = font["head"].macStyle
            italic = bool(mac & 2) or bool(os2 is not None and os2.fsSelection & 1)
            if mac & 1 and weight < 600:
                weight = 700
            return {"families": sorted({n for n in (name(1), name(16), name(21)) if n}),
                    "full": name(4), "sub": name(2), "weight": weight, "italic": italic}
    except Exception:  # noqa: BLE001  (a damaged or unusual file on the machine is simply not indexed)
        return None


def _index_path(dirs: list[Path]) -> Path:
    key = "|".join(map(str, dirs)) + f"|{INDEX_VERSION}"
    return cache_dir("sysfonts") / (hashlib.sha1(key.encode()).hexdigest() + ".json")


@lru_cache(maxsize=4)
def _index_for(dirs: tuple[Path, ...]) -> dict[str, dict]:
    """path -> description of every readable font file in dirs, from the cache when current."""
    listing = _listing(list(dirs))
    cache = _index_path(list(dirs))
    old: dict = {}
    try:
        old = json.loads(cache.read_text())
    except (OSError, ValueError):
        pass
    files = old.get("files", {}) if isinstance(old, dict) else {}
    if isinstance(files, dict) and {p: tuple(v[:2]) for p, v in files.items()} == listing:
        return {p: v[2] for p, v in files.items() if v[2]}
    fresh = {}
    for path, (size, mtime) in listing.items():
        prev = files.get(path) if isinstance(files, dict) else None
        desc = prev[2] if prev and tuple(prev[:2]) == (size, mtime) else _describe(path)
        fresh[path] = [size, mtime, desc]
    cache_store(cache, json.dumps({"files": fresh}).encode())
    return {p: v[2] for p, v in fresh.items() if v[2]}


def system_index() -> dict[str, dict]:
    return _index_for(tuple(font_dirs()))


def _pick(fonts: list[tuple[str, dict]], bold: bool, italic: bool) -> str | None:
    want = 700 if bold else 400
    candidates = [(p, d) for p, d in fonts if d["italic"] == italic and (d["weight"] >= 600) == bold]
    if not candidates:
        return None
    return min(candidates, key=lambda pd: (abs(pd[1]["weight"] - want), pd[1]["sub"] not in
                                           ("Regular", "Bold", "Italic", "Bold Italic"), pd[0]))[0]


def system_files(family: str) -> FontFiles | None:
    """The installed files of a family (its family or full name, any case), or None."""
    key = family.strip().lower()
    index = system_index()
    fonts = sorted((p, d) for p, d in index.items() if key in (n.lower() for n in d["families"]))
    if not fonts:  # "Bebas Neue Regular": a full name
        full = sorted(p for p, d in index.items() if d["full"].lower() == key)
        return FontFiles(Path(full[0])) if full else None
    regular = _pick(fonts, False, False) or _pick(fonts, True, False) or fonts[0][0]
    picks = {"bold": _pick(fonts, True, False), "italic": _pick(fonts, False, True),
             "bold_italic": _pick(fonts, True, True)}
    return FontFiles(Path(regular), **{k: Path(v) if v else None for k, v in picks.items()})


def fallback_family(name: str) -> Family:
    files = bundled_files(FALLBACK_NAME)
    assert files is not None
    return Family(name, files, FALLBACK_SCALE,
                  f"fallback: {FALLBACK_NAME} +{round((FALLBACK_SCALE - 1) * 100)} % (conservative)")


def drawn_as_twin(key: str, twin: str) -> bool:
    """Whether a LibreOffice without the font named key draws its twin: a standard alias, or this
    machine's fontconfig resolves the name to the twin (a user's alias)."""
    return key in LIBREOFFICE_TWINS or twin in _fontconfig_match(key)


@lru_cache(maxsize=64)
def _fontconfig_match(key: str) -> str:
    """The family fontconfig gives for a name (lower case), '' without fontconfig."""
    import shutil
    import subprocess

    if shutil.which("fc-match") is None:
        return ""
    try:
        done = subprocess.run(["fc-match", "-f", "%{family}", key], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip().lower() if done.returncode == 0 else ""


def substitute_family(name: str, twin: str) -> Family:
    """A font with a twin LibreOffice does not know it by: measured as the default sans LibreOffice draws
    for it (DejaVu Sans, as it is: what Debian's and Ubuntu's LibreOffice show, wider than Fedora's Noto
    Sans), so it fits there and in PowerPoint alike."""
    files = bundled_files(FALLBACK_NAME)
    assert files is not None
    return Family(name, files, 1.0, f"{SUBSTITUTE}: {FALLBACK_NAME}, as LibreOffice draws it without the font "
                                    f"(no alias maps it to its twin {twin.title()})")


def find_family(name: str, theme_families: tuple[Family, ...] = ()) -> Family:
    """The metrics for a typeface a template names, in the order of this module's docstring;
    the returned family's `source` says which one (it starts with "fallback" for step 4)."""
    key = name.strip().lower()
    for fam in theme_families:
        if fam.name.strip().lower() == key and not fam.files.regular.is_relative_to(FONT_DIR):
            return Family(name, fam.files, fam.scale, fam.source or "theme font files")
    files = system_files(name)
    if files is not None:
        return Family(name, files, 1.0, f"installed: {files.regular}")
    files = bundled_files(name)
    if files is not None:
        twin = ALIASES.get(key, key)
        if twin != key and not drawn_as_twin(key, twin):
            return substitute_family(name, twin)
        return Family(name, files, 1.0, "bundled" if twin == key else f"bundled twin: {twin.title()}")
    twin = SYSTEM_TWINS.get(key)
    files = system_files(twin) if twin else None
    if files is not None:
        return Family(name, files, 1.0, f"installed twin: {twin.title()}")
    return fallback_family(name)
