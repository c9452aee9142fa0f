"""`deckgen themes new`: a theme folder to edit, from the default theme or a template."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from deckgen.errors import Location, fail
from deckgen.theme import DEFAULT_THEME, available


def new_theme(name: str, parent: Path, template: Path | None = None) -> Path:
    """Creates parent/name with a theme.yaml extending the default theme (and the template)."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", name):
        raise fail(Location(name), "a theme name may hold letters, digits, '-' and '_' only",
                   "for example: my-organisation")
    folder = parent / name
    if folder.exists():
        raise fail(Location(str(folder)), "that folder exists already; nothing was changed",
                   "choose another name or delete the folder")
    base = available(None)[DEFAULT_THEME]
    lines = [f"# Theme '{name}': edit the values below; anything left out comes from '{DEFAULT_THEME}'.",
             f"name: \"{name}\"", f"description: \"{name} house style\"", f"extends: \"{DEFAULT_THEME}\""]
    if template is not None:
        from deckgen.renderers.deck.template import read_template

        read_template(template)  # refuses a broken template before anything is created
        folder.mkdir(parents=True)
        target = folder / ("template" + template.suffix.lower())
        shutil.copyfile(template, target)
        lines.append(f"template: \"{target.name}\"")
    else:
        folder.mkdir(parents=True)
    colors = (base / "theme.yaml").read_text(encoding="utf-8").split("colors:", 1)[1].split("\nfonts:", 1)[0]
    lines.append("colors:" + colors.rstrip())
    lines += ["fonts:", "  heading:", "    family: \"Arial\"", "  body:", "    family: \"Arial\"",
              "deck:", "  body_size: \"28\"", "  body_min: \"20\"", ""]
    (folder / "theme.yaml").write_text("\n".join(lines), encoding="utf-8")
    return folder
