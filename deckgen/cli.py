"""The command line: `deckgen build`, `watch`, `preview`, `validate`, `new`, `inspect` and `themes`.

User mistakes arrive as DeckgenError and print as `path:line:col: error: …` with exit
code 1; wrong usage exits 2 (click); anything unexpected prints one line naming the
file that holds the traceback and exits 3.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import traceback
from pathlib import Path

import click

from deckgen import __version__, startup
from deckgen.errors import DeckgenError, Diagnostic, Location, suggest, visible

EXIT_USER, EXIT_INTERNAL = 1, 3


def _print_diagnostics(items: list[Diagnostic]) -> None:
    for d in items:
        click.echo(d.format(), err=True)


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    out: list[str] = []
    for value in values:
        out += [v.strip() for v in value.split(",") if v.strip()]
    return tuple(out)


# Wrong option values are usage errors: exit 2, with the closest value (one convention for all).

def _formats(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    from deckgen.renderers import FORMATS

    formats = _split(values)
    for fmt in formats:
        if fmt not in FORMATS:
            raise click.BadParameter(f"unknown format '{fmt}' ({suggest(fmt, FORMATS)})")
    return formats


def _themes(ctx: click.Context, param: click.Parameter, values):
    """Each theme named exists (a name found, or a folder with a theme.yaml); its errors are the build's."""
    names = (values,) if isinstance(values, str) else values or ()
    if not names:  # the theme loader (and YAML) is imported after the build's first worker is forked
        return values
    from deckgen.theming import load as theme_mod

    for name in names:
        try:
            theme_mod.locate(name, Path("."))
        except DeckgenError as exc:
            d = exc.errors[0]
            raise click.BadParameter(visible(f"{d.message} ({d.hint})" if d.hint else d.message)) from None
    return values


PAPERS = {"a4": "A4", "letter": "letter"}


def _paper(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    if value.lower() not in PAPERS:
        raise click.BadParameter(f"unknown paper '{value}' ({suggest(value, PAPERS.values())})")
    return PAPERS[value.lower()]


def _language(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A BCP 47 tag CLDR knows the language of ('es', 'pt_BR' as 'pt-BR'); else the closest tag."""
    if value is None:
        return None
    from deckgen.content import i18n

    tag = value.strip().replace("_", "-")
    if i18n.is_tag(tag) and i18n.cldr_knows(tag):
        return tag
    close = i18n.closest_tag(value)
    raise click.BadParameter(f"'{value}' is not a language tag CLDR knows ("
                             + (f"did you mean '{close}'? " if close else "")
                             + "for example nl, en, de, fr, es, nl-BE or pt-BR)")


_TEMPLATE_HELP = "Your organisation's PowerPoint template (.pptx or .potx) for the deck."
_OUT_HELP = "Folder for the outputs; each theme gets a subfolder."
_PAPER_HELP = "Paper for the handout and cards (default: the theme's)."
_CONTRAST_HELP = "Report theme colours below WCAG AA contrast as a warning, not an error."


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="deckgen")
@click.pass_context
def cli(ctx: click.Context) -> None:
    """deckgen turns one YAML source into branded decks, handouts and discussion cards."""
    if ctx.invoked_subcommand != "build":  # the build collects garbage again once it renders (startup.py)
        startup.settled()


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--theme", "-t", "themes", multiple=True, metavar="NAME_OR_DIR", callback=_themes,
              help="Theme to build with: a name or a theme folder (repeatable; default: default).")
@click.option("--all-themes", is_flag=True, help="Build with every theme found.")
@click.option("--out", "-o", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help=_OUT_HELP)
@click.option("--format", "-f", "formats", multiple=True, metavar="deck,handout,cards,guide,slides-pdf,notes",
              callback=_formats,
              help="Outputs to build, comma-separated or repeated (default: deck, handout, cards and guide, the run "
                   "sheet; slides-pdf, the deck as a PDF, and notes, each slide beside its speaker notes, need "
                   "LibreOffice).")
@click.option("--template", type=click.Path(path_type=Path), help=_TEMPLATE_HELP)
@click.option("--paper", metavar="A4|letter", callback=_paper, help=_PAPER_HELP)
@click.option("--force", is_flag=True, help="Rebuild outputs even when nothing changed.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None,
              help="Build outputs on this many cores (default: one per core, up to 4; on Linux, else one process).")
@click.option("--allow-low-contrast", is_flag=True, help=_CONTRAST_HELP)
@click.option("--quiet", "-q", is_flag=True, help="Print errors and warnings only.")
def build(files, themes, all_themes, out, formats, template, paper, force, jobs, allow_low_contrast, quiet):
    """Build decks, handouts and cards from content files (default: content/*.yaml)."""
    from deckgen.build import run as builder
    from deckgen.theming.model import DEFAULT_THEME

    project = Path(".")
    names = tuple(themes) or (DEFAULT_THEME,)
    if all_themes:
        from deckgen.theming import load as theme_mod

        names = tuple(theme_mod.available(project))
    settings = builder.Settings(
        files=tuple(files), themes=names, out=out, formats=formats or builder.DEFAULT_FORMATS,
        template=template, paper=paper, force=force, jobs=jobs or 0, allow_low_contrast=allow_low_contrast,
        project=project)
    tty = sys.stderr.isatty() and not quiet

    def progress(done: int, total: int, writing: list) -> None:
        if tty:
            names = ", ".join(f"{job.output.parent.name}/{job.output.name}" for job in writing)
            line = f"[{done}/{total} written] now {names} …" if names else f"[{done}/{total} written]"
            width = shutil.get_terminal_size().columns - 1
            click.echo("\r" + (line if len(line) <= width else line[:max(width - 1, 0)] + "…") + "\033[K",
                       err=True, nl=False)

    outcomes, notices = builder.build(settings, progress)
    if tty:
        click.echo("\r\033[K", err=True, nl=False)
    print_outcomes(outcomes, notices, quiet)


def print_outcomes(outcomes: list, notices: list[Diagnostic], quiet: bool = False) -> None:
    """What a build did: warnings once each, every output written or skipped with its fit report, a summary."""
    seen: set[str] = set()  # a warning about the content shows once, not once per output

    def once(items: list[Diagnostic]) -> list[Diagnostic]:
        fresh = [d for d in items if d.format() not in seen]
        seen.update(d.format() for d in fresh)
        return fresh

    _print_diagnostics(once(notices))
    written = [o for o in outcomes if not o.skipped]
    for o in outcomes:
        _print_diagnostics(once(o.warnings))
        if quiet:
            continue
        if o.skipped:
            click.echo(f"up to date  {o.job.output}")
        else:
            click.echo(f"wrote       {o.job.output}  ({o.seconds:.2f} s)")
            for line in o.report:
                click.echo(f"            fit: {line}")
    if not quiet:
        skipped = len(outcomes) - len(written)
        click.echo(f"{len(written)} written, {skipped} up to date"
                   + (" (use --force to rebuild)" if skipped and not written else ""))


def _settings(files, themes, out, formats=(), force=False, **more):
    from deckgen.build import run as builder
    from deckgen.theming.model import DEFAULT_THEME

    return builder.Settings(files=tuple(files), themes=tuple(themes) or (DEFAULT_THEME,), out=out,
                            formats=tuple(formats) or builder.DEFAULT_FORMATS, force=force, project=Path("."),
                            **more)


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--theme", "-t", "themes", multiple=True, metavar="NAME_OR_DIR", callback=_themes,
              help="Theme to build with: a name or a theme folder (repeatable; default: default; the preview shows "
                   "the first).")
@click.option("--out", "-o", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help=_OUT_HELP)
@click.option("--format", "-f", "formats", multiple=True, metavar="deck,handout,cards,guide,slides-pdf,notes",
              callback=_formats,
              help="Outputs to build, comma-separated or repeated (default: deck, handout, cards and guide).")
@click.option("--template", type=click.Path(path_type=Path), help=_TEMPLATE_HELP)
@click.option("--paper", metavar="A4|letter", callback=_paper, help=_PAPER_HELP)
@click.option("--preview", is_flag=True, help="Also write the preview (LibreOffice) and serve it on 127.0.0.1; "
                                              "the page reloads after each rebuild.")
@click.option("--allow-low-contrast", is_flag=True, help=_CONTRAST_HELP)
@click.option("--quiet", "-q", is_flag=True, help="Print errors, warnings and one line per rebuild only.")
def watch(files, themes, out, formats, template, paper, preview, allow_low_contrast, quiet):
    """Build, then rebuild whenever a content file or theme changes (Ctrl-C stops)."""
    from deckgen.preview import watch as watcher

    settings = _settings(files, themes, out, formats, template=template, allow_low_contrast=allow_low_contrast,
                         paper=paper)
    say = watcher.Say(line=lambda text: click.echo(text), outcomes=lambda o, n: print_outcomes(o, n, quiet),
                      diagnostics=_print_diagnostics, crash=report_crash)
    try:
        watcher.run(settings, say, preview=preview, serve=preview)
    except KeyboardInterrupt:
        pass
    click.echo("stopped watching")


@cli.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option("--theme", "-t", "theme", metavar="NAME_OR_DIR", callback=_themes,
              help="Theme to preview with: a name or a theme folder (default: default).")
@click.option("--out", "-o", type=click.Path(path_type=Path), default=Path("output"), show_default=True,
              help=_OUT_HELP + " The preview goes to OUT/<theme>/<name>.preview/.")
@click.option("--template", type=click.Path(path_type=Path), help=_TEMPLATE_HELP)
@click.option("--quiet", "-q", is_flag=True, help="Print errors and warnings, and where the preview is.")
def preview(file, theme, out, template, quiet):
    """Build one document and write OUT/<theme>/<name>.preview/: slide, handout and card pictures and a page
    (needs LibreOffice)."""
    from deckgen.build import run as builder
    from deckgen.preview import render
    from deckgen.renderers.slides import office

    if render.rasterizer() is None:
        raise DeckgenError(Diagnostic("error", "the preview needs a program that turns PDF pages into pictures",
                                      Location("pdftoppm"), render.RASTER_HINT))
    office.require_soffice("deckgen preview")
    files = (file,) if file else tuple(builder.content_files((), Path("."))[:1])
    settings = _settings(files, (theme,) if theme else (), out, template=template)
    outcomes, notices = builder.build(settings)  # outputs up to date are reused, as a build would
    print_outcomes(outcomes, notices, quiet)
    if all(o.skipped for o in outcomes):  # nothing was loaded: the content's warnings, for the page
        notices = builder.load_contents(sorted({o.job.content for o in outcomes}))[1]
    made = {o.job.fmt: o for o in outcomes}
    recorded = {fmt: builder.recorded(o) for fmt, o in made.items()}  # an output up to date: its last build's
    deck = made["deck"].job.output
    result = render.render(deck, render.folder_for(out, deck.parent.name, deck.name[:-len(".pptx")]),
                           handout=made["handout"].job.output, cards=made["cards"].job.output,
                           title=files[0].stem, theme=deck.parent.name,
                           report={fmt: report for fmt, (report, _) in recorded.items()},
                           warnings=list(dict.fromkeys([d.format() for d in notices]
                                                       + [w for _, (_, lines) in recorded.items() for w in lines])),
                           theme_families=render.theme_fonts(settings.themes[0], settings.project))
    click.echo(f"preview: {result.slides} slides, {result.handout} handout and {result.cards} card pages "
               f"({result.how}, {result.seconds:.2f} s): {result.index}")


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def validate(files):
    """Check content files without writing anything; exit 0 when clean."""
    from deckgen.build import run as builder

    notices = builder.validate(tuple(files), Path("."))
    _print_diagnostics(notices)
    click.echo("no errors" + (f", {len(notices)} warning(s)" if notices else ""))


@cli.command()
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option("--language", "-l", metavar="TAG", callback=_language,
              help="Language of the document, any BCP 47 tag: nl, en, de, fr (starters with comments in that "
                   "language), es, pt-BR, … (English comments). Default: your system's, else English; with --from, "
                   "overrides the language found in the document.")
@click.option("--from", "source", type=click.Path(path_type=Path), metavar="DOCUMENT",
              help="A one-pager to turn into a draft content file: Word (.docx), or Markdown (.md; .txt files are "
                   "read as Markdown).")
def new(file, language, source):
    """Start a content file (default content/talk.yaml), or a draft from a Word or Markdown one-pager."""
    from deckgen import authoring

    if source is None:
        result = authoring.start(file or Path("content") / "talk.yaml", language)
        click.echo(f"created {result.path} ({result.summary}): replace its texts with yours, then: deckgen build")
        return
    result = authoring.import_file(file or Path("content") / (source.stem + ".yaml"), source, language)
    click.echo(f"wrote {result.path} from {source.name}: {result.summary}")
    for line in result.skipped:
        click.echo(f"  not imported: {line}")
    for line in result.notices:
        click.echo(f"  check: {line}")
    from deckgen.content.load import load

    try:
        _, warnings = load(result.path)
    except DeckgenError as exc:
        click.echo("the draft needs these changes before it builds:", err=True)
        _print_diagnostics(exc.diagnostics)
        return
    _print_diagnostics(warnings)
    click.echo(f"next: review {result.path}, then: deckgen build {result.path}")


@cli.command()
@click.argument("template", type=click.Path(path_type=Path), required=False)
@click.option("--template", "template_option", type=click.Path(path_type=Path), help="The template (.pptx/.potx).")
@click.option("--content", type=click.Path(path_type=Path),
              help="A content file whose longest words are checked against the boxes (default: content/*.yaml).")
def inspect(template, template_option, content):
    """List a template's layouts, their placeholders, the slides each will serve, and the risks to
    legibility: text colours that fail on their backgrounds, artwork where text would go, boxes too
    narrow for the document's longest word."""
    from deckgen.renderers.deck.inspect import describe

    template = template or template_option
    if template is None:
        raise click.UsageError("name the template: deckgen inspect --template FILE")
    click.echo(describe(template, _document_words(content)))


def _document_words(content: Path | None) -> list[str]:
    """The words of a content file (or of content/*.yaml), for `inspect`; [] when there is none or it
    does not load (inspect is about the template)."""
    import re

    from deckgen.content.load import load

    files = [content] if content else sorted(Path("content").glob("*.yaml"))
    words: list[str] = []
    for path in files:
        try:
            doc, _ = load(path)
        except DeckgenError:
            continue
        texts = [doc.title.plain] + [s.heading.plain for s in doc.sections if s.heading]
        texts += [q.question.plain for q in (doc.qa.items if doc.qa else ())]
        words += [w for t in texts for w in re.findall(r"[^\W\d_]+", t)]
    return words


@cli.group(invoke_without_command=True)
@click.pass_context
def themes(ctx):
    """List the themes found (built-in and the project's themes/)."""
    if ctx.invoked_subcommand is not None:
        return
    from deckgen.theming import load as theme_mod

    for name, folder in theme_mod.available(Path(".")).items():
        try:
            theme, _ = theme_mod.load(folder, Path("."), allow_low_contrast=True)
            click.echo(visible(f"{name:<12} {theme.description}  [{folder}]"))
        except DeckgenError as exc:
            click.echo(visible(f"{name:<12} (has errors: run deckgen themes check {folder})  {exc.errors[0].message}"))


@themes.command("check")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--allow-low-contrast", is_flag=True, help=_CONTRAST_HELP)
def themes_check(folder, allow_low_contrast):
    """Validate a theme folder and report every problem at once."""
    from deckgen.theming import load as theme_mod

    theme, notices = theme_mod.load(folder, Path("."), allow_low_contrast=allow_low_contrast)
    if theme.template is not None:
        from deckgen.renderers import RenderOptions, get

        notices += get("deck").check(theme, RenderOptions())
    _print_diagnostics(notices)
    click.echo(f"theme '{theme.name}' is valid" + (f", {len(notices)} warning(s)" if notices else ""))


@themes.command("new")
@click.argument("name")
@click.option("--from", "template", type=click.Path(path_type=Path),
              help="Your organisation's PowerPoint template (.pptx or .potx): its fonts, colours and layouts.")
@click.option("--dir", "parent", type=click.Path(path_type=Path), default=Path("themes"), show_default=True,
              help="Folder to create the theme folder in.")
def themes_new(name, template, parent):
    """Start a theme folder from the default theme, or from a PowerPoint template."""
    from deckgen.authoring.newtheme import new_theme

    notices: list[Diagnostic] = []
    folder = new_theme(name, parent, template, notices)
    _print_diagnostics(notices)
    click.echo(f"created {folder}: edit {folder / 'theme.yaml'}, then: deckgen build --theme {folder}")


def entry() -> None:
    """The `deckgen` command: main(), then a fast exit.

    Every output is written, synced and renamed and the terminal streams are flushed by
    then, so the interpreter's teardown (freeing every lxml and ReportLab object, about
    20-30 ms) is skipped. Tests call main(), which exits the usual way.
    """
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if not isinstance(exc.code, (int, type(None))):
            print(exc.code, file=sys.stderr)
    startup.finish()  # stores generated class code the cache did not have yet
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe: nothing more can be said
        code = code or 1
    os._exit(code)


def report_crash() -> None:
    """The exception being handled, as one line naming the file that holds its traceback."""
    fd, path = tempfile.mkstemp(prefix="deckgen-crash-", suffix=".txt")
    with os.fdopen(fd, "w") as fh:
        traceback.print_exc(file=fh)
    click.echo(f"deckgen: internal error ({sys.exc_info()[1]!r:.200}); the traceback is in {path}. "
               "Please report it.", err=True)


def main(argv: list[str] | None = None) -> None:
    """Runs the CLI and maps failures to exit codes."""
    try:
        cli.main(args=argv, prog_name="deckgen", standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):  # click turns Ctrl-C into Abort
        click.echo("interrupted; outputs already written are complete, the others were not touched", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except DeckgenError as exc:
        _print_diagnostics(exc.diagnostics)
        errors = len(exc.errors)
        click.echo(f"{errors} error(s)" if errors else "stopped", err=True)
        sys.exit(EXIT_USER)
    except Exception:  # an internal failure: one line, the traceback in a file
        report_crash()
        sys.exit(EXIT_INTERNAL)
    sys.exit(0)
