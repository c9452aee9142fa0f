"""LibreOffice, found and driven: decks to PDF, cold (one soffice per call) or warm (one kept running).

Why here: turning a deck into a PDF is the only thing deckgen asks of LibreOffice, for the
`slides-pdf` format and for the preview's slide images. The build never needs it otherwise.

soffice is found on PATH or in its usual install folders on Windows and macOS. A warm
office is one headless soffice listening on a named pipe, driven through UNO by
bridge.py, which runs under a Python that has LibreOffice's `uno` module (this one, the
Python LibreOffice bundles, or Debian's python3-uno); a conversion then costs no start
of LibreOffice. Without such a Python, every conversion starts soffice afresh (slower,
same result). LibreOffice runs with a private fontconfig file (fontmap.py) that maps every
family the deck names to the font file deckgen measured it with (Carlito for Calibri, the
widened fallback for fonts deckgen has no metrics for), so the PDF draws, and embeds, the
fonts the deck was fitted with. A warm office serves the families it was started for; a
deck naming others restarts it with them all.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path

from deckgen.errors import DeckgenError, Diagnostic, Location
from deckgen.renderers.slides import fontmap
from deckgen.text.fonts import ALIASES, SYSTEM_TWINS, Family

FONT_DIR = Path(__file__).resolve().parents[2] / "fonts"
INSTALL_HINT = ("install LibreOffice (Debian/Ubuntu: apt-get install libreoffice-impress-nogui; Windows and macOS: "
                "the installer from LibreOffice's website), or put soffice on PATH; deckgen build needs it only for "
                "slides-pdf and deckgen preview")
PDF_FILTER = "impress_pdf_Export"
# LibreOffice's own PDF/UA export (File > Export as PDF > "Universal Accessibility (PDF/UA)"): a tagged
# PDF with the slides' reading order, alt texts, /Lang and the PDF/UA identifier in its XMP
TAGGED = {"UseTaggedPDF": True, "PDFUACompliance": True}
TIMEOUT = 120  # s for one conversion
# The families a warm office maps from its start (a deck naming others restarts it): the ones
# templates name most, which deckgen measures with bundled or installed twins.
COMMON_FAMILIES = frozenset(name.title() for name in (*ALIASES, *SYSTEM_TWINS))


def _candidates() -> list[Path]:
    if sys.platform == "win32":
        roots = [os.environ.get(k) for k in ("ProgramFiles", "ProgramFiles(x86)", "ProgramW6432")]
        return [Path(r) / "LibreOffice" / "program" / "soffice.exe" for r in roots if r]
    if sys.platform == "darwin":
        app = Path("LibreOffice.app") / "Contents" / "MacOS" / "soffice"
        return [Path("/Applications") / app, Path.home() / "Applications" / app]
    return [Path("/usr/lib/libreoffice/program/soffice"), Path("/opt/libreoffice/program/soffice"),
            *sorted(Path("/opt").glob("libreoffice*/program/soffice"), reverse=True)]


def find_soffice() -> Path | None:
    """soffice on PATH, else in LibreOffice's usual install folders; None when absent."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    return next((p for p in _candidates() if p.is_file()), None)


def missing(what: str) -> DeckgenError:
    return DeckgenError(Diagnostic("error", f"{what} needs LibreOffice, which was not found", Location("LibreOffice"),
                                   INSTALL_HINT))


def require_soffice(what: str) -> Path:
    exe = find_soffice()
    if exe is None:
        raise missing(what)
    return exe


def _uno_pythons(soffice: Path) -> list[str]:
    """Pythons that may have LibreOffice's uno module, most likely first."""
    program = soffice.resolve().parent
    found = [sys.executable]
    if sys.platform == "win32":
        found.append(str(program / "python.exe"))
    elif sys.platform == "darwin":
        found.append(str(program.parent / "Resources" / "python"))
    else:
        found += [str(program / "python"), "/usr/bin/python3"]
    return [p for p in dict.fromkeys(found) if Path(p).is_file()]


def uno_python(soffice: Path) -> str | None:
    """The first Python that imports uno (LibreOffice's Python bridge), or None."""
    for exe in _uno_pythons(soffice):
        try:
            ok = subprocess.run([exe, "-c", "import uno"], capture_output=True, timeout=30).returncode == 0
        except (OSError, subprocess.SubprocessError):
            ok = False
        if ok:
            return exe
    return None


def _prepare_profile(home: Path, families: Iterable[str] = (), theme_families: tuple[Family, ...] = ()
                     ) -> dict[str, str]:
    """A private profile with deckgen's fonts in it, and the environment soffice runs in: a fontconfig
    file that draws each of `families` with the font deckgen measured it with (fontmap.py)."""
    fonts = home / "profile" / "user" / "fonts"
    if not fonts.is_dir():  # LibreOffice's own font folder: deckgen's fonts where fontconfig is not used
        fonts.mkdir(parents=True)
        for font in FONT_DIR.rglob("*.ttf"):
            shutil.copy2(font, fonts / font.name)
    conf = fontmap.write_config(home, families, theme_families)
    env = dict(os.environ, FONTCONFIG_FILE=str(conf))
    if sys.platform != "win32":
        env["HOME"] = str(home)  # LibreOffice writes caches under HOME too
    return env


def _profile_url(home: Path) -> str:
    return (home / "profile").resolve().as_uri()


def convert_cold(src: Path, dst: Path, what: str = "this", tagged: bool = False,
                 theme_families: tuple[Family, ...] = ()) -> None:
    """One soffice run: `src` (a deck) to the PDF `dst` (a tagged PDF/UA one with `tagged`)."""
    exe = require_soffice(what)
    with tempfile.TemporaryDirectory(prefix="deckgen-lo-") as tmp:
        home = Path(tmp)
        env = _prepare_profile(home, fontmap.deck_families(src), theme_families)
        outdir = home / "out"
        try:
            result = subprocess.run([str(exe), f"-env:UserInstallation={_profile_url(home)}", "--headless",
                                     "--norestore", "--convert-to", _pdf_target(tagged), "--outdir", str(outdir),
                                     str(src)],
                                    capture_output=True, env=env, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise _failed(src, f"LibreOffice took longer than {TIMEOUT} s") from None
        made = outdir / (src.stem + ".pdf")
        if result.returncode != 0 or not made.is_file():
            raise _failed(src, (result.stderr or result.stdout).decode("utf-8", "replace").strip()[-300:]
                          or f"exit code {result.returncode}")
        shutil.move(str(made), str(dst))


def _pdf_target(tagged: bool) -> str:
    """--convert-to's argument: plain "pdf", or the filter with its options as JSON (LibreOffice 7.4+)."""
    if not tagged:
        return "pdf"
    options = {k: {"type": "boolean", "value": str(v).lower()} for k, v in TAGGED.items()}
    return f"pdf:{PDF_FILTER}:{json.dumps(options, separators=(',', ':'))}"


def _failed(src: Path, why: str) -> DeckgenError:
    return DeckgenError(Diagnostic("error", f"LibreOffice could not convert the deck to PDF: {why}",
                                   Location(str(src)), "check that LibreOffice opens this deck; report it if it does"))


class Office:
    """One headless LibreOffice kept running for many conversions (see bridge.py); not thread-safe
    across processes, serialised within this one."""

    def __init__(self, soffice: Path, python: str, families: Iterable[str] = (),
                 theme_families: tuple[Family, ...] = ()):
        self.soffice, self.python = soffice, python
        # the names its fontconfig maps, any case as fontconfig compares them (others: the system's choice)
        self.families = frozenset(name.lower() for name in families)
        self.theme_families = theme_families
        self._home = Path(tempfile.mkdtemp(prefix="deckgen-office-"))
        env = _prepare_profile(self._home, self.families, theme_families)
        pipe = f"deckgen{os.getpid()}x{id(self):x}"
        self._lock = threading.Lock()
        self._proc = subprocess.Popen(
            [python, str(Path(__file__).with_name("bridge.py")), str(soffice), pipe, _profile_url(self._home)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True,
            start_new_session=sys.platform != "win32")  # its own group: close() ends soffice with it
        first = self._read(timeout=90)
        if not first.get("ready"):
            self.close()
            raise DeckgenError(Diagnostic("error", "LibreOffice did not start: " + str(first.get("error", "")),
                                          Location(str(soffice)), "check that `soffice --headless` runs"))

    def _read(self, timeout: float) -> dict:
        timer = threading.Timer(timeout, self._kill)
        timer.start()
        try:
            line = self._proc.stdout.readline()
        finally:
            timer.cancel()
        try:
            return json.loads(line) if line else {"ok": False, "ready": False, "error": "LibreOffice stopped"}
        except ValueError:
            return {"ok": False, "ready": False, "error": line.strip()[:300]}

    def alive(self) -> bool:
        return self._proc.poll() is None

    def serves(self, families: Iterable[str], theme_families: tuple[Family, ...] = ()) -> bool:
        """Whether this office draws every one of `families` as deckgen measured it."""
        return {name.lower() for name in families} <= self.families and set(theme_families) <= set(self.theme_families)

    def convert(self, src: Path, dst: Path, filter_name: str = PDF_FILTER, pages: str = "",
                tagged: bool = False) -> None:
        """`src` as `dst`; `pages` ("3,5-7") exports only those pages (PDF only); `tagged`: PDF/UA."""
        with self._lock:
            if not self.alive():
                raise _failed(src, "LibreOffice stopped")
            job = {"src": str(src), "dst": str(dst), "filter": filter_name}
            if pages:
                job["pages"] = pages
            if tagged:
                job["options"] = TAGGED
            self._proc.stdin.write(json.dumps(job) + "\n")
            self._proc.stdin.flush()
            answer = self._read(timeout=TIMEOUT)
        if not answer.get("ok"):
            raise _failed(src, str(answer.get("error")))

    def _kill(self) -> None:
        try:
            if sys.platform != "win32":
                os.killpg(self._proc.pid, signal.SIGKILL)
            else:
                self._proc.kill()
        except (ProcessLookupError, PermissionError, OSError):
            pass

    def close(self) -> None:
        """Asks LibreOffice to quit (end of input), then ends whatever is left of it."""
        if self._proc.poll() is None:
            try:
                self._proc.stdin.close()
                self._proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self._kill()  # soffice, should the bridge have left it behind
        self._proc.wait()
        shutil.rmtree(self._home, ignore_errors=True)


_shared: Office | None = None
_shared_lock = threading.Lock()


def warm(what: str = "the preview") -> Office | None:
    """The process's warm office, started on first use; None when no Python here has uno
    (conversions then start soffice each time). Raises when LibreOffice is missing."""
    global _shared
    with _shared_lock:
        if _shared is not None and _shared.alive():
            return _shared
        exe = require_soffice(what)
        python = uno_python(exe)
        if python is None:
            return None
        _shared = Office(exe, python, COMMON_FAMILIES)
        atexit.register(_shared.close)
        return _shared


def active() -> Office | None:
    """The warm office when one is running in this process (watch, preview), else None."""
    return _shared if _shared is not None and _shared.alive() else None


def _serving(families: list[str], theme_families: tuple[Family, ...]) -> Office | None:
    """The warm office, restarted first when the deck names families it was not started for
    (a fontconfig file is read once, at start): it then maps those and the ones it had."""
    global _shared
    with _shared_lock:
        office = _shared if _shared is not None and _shared.alive() else None
        if office is None or office.serves(families, theme_families):
            return office
        keep = tuple(dict.fromkeys((*office.theme_families, *theme_families)))
        office.close()
        _shared = Office(office.soffice, office.python, office.families | set(families), keep)
        atexit.register(_shared.close)
        return _shared


def shutdown() -> None:
    global _shared
    with _shared_lock:
        if _shared is not None:
            _shared.close()
            _shared = None


def to_pdf(src: Path, dst: Path, what: str = "this", pages: str = "", tagged: bool = False,
           theme_families: tuple[Family, ...] = ()) -> bool:
    """The deck `src` as the PDF `dst`: through the warm office when one runs, else a cold soffice;
    each family the deck names drawn with the font deckgen measured it with (`theme_families`: the
    theme's own font files, which the deck names by family). `pages` ("3,5-7") asks for those pages
    only; returns True when only they were exported (the warm office does that; a cold soffice
    exports every page). `tagged`: a PDF/UA one."""
    office = _serving(fontmap.deck_families(src), theme_families) if active() is not None else None
    if office is not None:
        office.convert(src, dst, pages=pages, tagged=tagged)
        return bool(pages)
    convert_cold(src, dst, what, tagged, theme_families)
    return False
