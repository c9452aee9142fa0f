"""What the deck says, slide by slide, before any template or measuring is involved.

The plan is pure data from the model: the deck renderer chooses layouts, fits the text
into the template's boxes (continuing on new slides where needed) and writes it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from deckgen.content import i18n, session
from deckgen.content.model import Chart, Document, Picture, Rich, Table, paragraph_text
from deckgen.errors import Location
from deckgen.renderers import paging
from deckgen.renderers.deck import datatext, notes
from deckgen.text.fit import Para, Run
from deckgen.text.runs import paras, plain

NBSP = "\u00a0"


@dataclass(frozen=True)
class FigureSpec:
    value: Para
    label: Para
    source: int | None


@dataclass(frozen=True)
class SlideSpec:
    """One logical slide; `kind` selects the layout role, `body` may continue over slides."""

    kind: str  # title, agenda, content, figures, divider, question (a discussion slide), answer, sources, closing
    title: Para
    section: str
    body: tuple[Para, ...] = ()
    subtitle: tuple[Para, ...] = ()
    notes: str = ""
    continued_notes: str = ""  # the notes of the slides its text continues on (its slot; nothing read twice)
    figures: tuple[FigureSpec, ...] = ()
    splittable: bool = True
    alt_title: Para | None = None  # a shorter title, when `title` cannot be fitted
    ident: str = ""  # names the slide in the fit report
    loc: Location | None = None  # where its text was written, for warnings
    kicker: Para | None = None  # a discussion slide's counter, small above the question
    task: Para | None = None  # a discussion slide's task and time, under the question
    qr: str | None = None  # the closing slide's link, drawn as a QR code
    image: Picture | None = None  # its picture (see deck/pictures.py)
    chart: Chart | None = None  # a chart slide's chart (see deck/charts.py)
    table: Table | None = None  # a table slide's table (see deck/tables.py)


_joined = paging.joined  # the runs of all paragraphs on one line (shared with the run sheet's count)


def _title_para(rich: Rich) -> Para:
    """A title or heading as one paragraph: one written over several paragraphs is joined."""
    return Para(_joined(rich))


def _value(rich: Rich) -> Para:
    """A key figure's value on one line: its words joined by no-break spaces, so "1,3 miljard
    euro" never wraps between the number and its unit (the value shrinks instead)."""
    return Para(tuple(replace(r, text=r.text.replace(" ", NBSP)) for r in _joined(rich)))


def plan(doc: Document, combined: bool = False) -> list[SlideSpec]:
    """The slides of a deck, in order: title, agenda, sections, Q&A, answers, sources, closing;
    `combined` (the theme's qa_layout): the notes' times as combine_qa will order the slides."""
    lang = doc.language
    cue = notes.Notes(doc, session.schedule(doc, combined))
    one_pager = paragraph_text(doc.title.paragraphs[0]) if doc.title.paragraphs else doc.name
    slides: list[SlideSpec] = []
    subtitle = []
    if doc.subtitle:
        subtitle += paras(doc.subtitle)
    meta = " · ".join(x for x in (doc.organisation, i18n.long_date(doc.date, lang)) if x)
    if meta:
        subtitle.append(plain(meta))
    slides.append(SlideSpec("title", _title_para(doc.title), one_pager, subtitle=tuple(subtitle),
                            notes=cue.title(), ident="title", loc=doc.title.loc, image=doc.image))

    qa_name = (doc.qa.heading.plain or i18n.t(lang, "questions")) if doc.qa else ""
    answers_name = i18n.t(lang, "answers")
    # Every group of slides the deck has, in order: the agenda lists them all. The bodies of the
    # text slides come from paging.py, where the run sheet counts the slides they take.
    groups = paging.agenda_groups(doc)
    if len(groups) > 1:
        slides.append(SlideSpec("agenda", plain(i18n.t(lang, "agenda")), one_pager, body=paging.agenda_body(doc),
                                notes=cue.agenda(), continued_notes=cue.continued("agenda"), ident="agenda"))

    for index, section in enumerate(doc.sections, 1):
        title = _title_para(section.heading) if section.heading else plain(i18n.t(lang, "introduction"))
        group = groups[index - 1]
        slides.append(SlideSpec("content", title, group, body=paging.section_body(section),
                                notes=cue.section(section, index),
                                continued_notes=cue.continued(f"section {index}"), ident=f"section {index}",
                                loc=section.heading.loc if section.heading else section.text.loc,
                                image=section.image))
        if section.figures:
            figures = tuple(FigureSpec(_value(f.value) if f.value else plain(""), Para(_joined(f.label)), f.source)
                            for f in section.figures)
            fig_notes = cue.figures(section, index)
            fig_title = Para((Run(i18n.t(lang, "key_figures") + ": "),) + title.runs)
            slides.append(SlideSpec("figures", fig_title, group, figures=figures, notes=fig_notes,
                                    alt_title=plain(i18n.t(lang, "key_figures")), ident=f"figures {index}",
                                    loc=section.figures[0].value.loc))
        for k, chart in enumerate(section.charts, 1):
            slides.append(SlideSpec("chart", plain(chart.title), group, chart=chart, ident=f"chart {index}.{k}",
                                    notes=cue.exhibit(f"chart {index}.{k}", chart.title, datatext.chart_notes(doc, chart)),
                                    loc=chart.loc, alt_title=title))
        for k, table in enumerate(section.tables, 1):
            slides.append(SlideSpec("table", plain(table.caption) if table.caption else title, group, table=table,
                                    ident=f"table {index}.{k}",
                                    continued_notes=cue.continued(f"table {index}.{k}"),
                                    notes=cue.exhibit(f"table {index}.{k}", table.caption
                                                      or "".join(r.text for r in title.runs),
                                                      datatext.table_notes(doc, table)),
                                    loc=table.loc, alt_title=title if table.caption else None))

    if doc.qa:
        slides += _qa(doc, qa_name, answers_name, cue)

    closing_section = i18n.t(lang, "sources") if doc.sources else (groups[-1] if groups else one_pager)
    if doc.sources:
        slides.append(SlideSpec("sources", plain(i18n.t(lang, "sources")), closing_section,
                                body=paging.sources_body(doc),
                                notes=cue.sources(), continued_notes=cue.continued("sources"), ident="sources"))
    slides.append(_closing(doc, closing_section, cue))
    credits = image_credits(doc)
    if credits:  # the closing slide's notes list every picture's credit
        slides[-1] = replace(slides[-1], notes="\n\n".join(x for x in (slides[-1].notes, credits) if x))
    return slides


def image_credits(doc: Document) -> str:
    """The credits of every picture, for the presenter: where it is used and whose it is."""
    lang = doc.language
    lines: list[str] = []
    places = [(i18n.t(lang, "title_slide"), doc.image)]
    places += [(s.heading.plain if s.heading else i18n.t(lang, "introduction"), s.image) for s in doc.sections]
    places += [(i18n.t(lang, "question", n=q.number), q.image) for q in (doc.qa.items if doc.qa else ())]
    for label, pic in places:
        if pic is not None and pic.credit:
            lines.append(f"{label}: {pic.credit}")
    return "\n".join([i18n.t(lang, "image_credits") + ":"] + lines) if lines else ""


def _qa(doc: Document, qa_name: str, answers_name: str, cue: notes.Notes) -> list[SlideSpec]:
    """The divider, a discussion slide per question, and the answers where `qa: answers:` puts them."""
    lang = doc.language
    qa = doc.qa
    total = len(qa.items)
    out = [SlideSpec("divider", plain(qa_name), qa_name,
                     body=(plain(i18n.t(lang, "n_questions" if total != 1 else "n_question", n=total)),),
                     notes=cue.divider(), splittable=False, ident="qa divider")]
    later: list[SlideSpec] = []
    for item in qa.items:
        n = item.number
        task = notes.task_line(doc, item)
        out.append(SlideSpec("question", _title_para(item.question), qa_name,
                             kicker=plain(i18n.t(lang, "question_of", n=n, total=total)),
                             task=plain(task) if task else None, notes=cue.discussion(item, qa.answers),
                             splittable=False, ident=f"question {n}", loc=item.question.loc, image=item.image))
        if qa.answers == "notes":
            continue
        spec = SlideSpec("answer", _title_para(item.question), qa_name if qa.answers == "after" else answers_name,
                         body=paging.answer_body(item), notes=cue.answer(item), continued_notes=cue.continued(f"answer {n}"),
                         alt_title=plain(_with_its_number(i18n.t(lang, "answer_to", n=n), n)), ident=f"answer {n}",
                         loc=item.question.loc)
        (out if qa.answers == "after" else later).append(spec)
    return out + later


def _with_its_number(text: str, n: int) -> str:
    """"Antwoord op vraag 3" with a no-break space before the number: a narrow title box wraps
    "Antwoord op / vraag 3", never leaving the number alone on a line."""
    return text.replace(f" {n}", f"{NBSP}{n}")


def _closing(doc: Document, section: str, cue: notes.Notes) -> SlideSpec:
    """Thanks, the organisation, the contact details and a link (with its QR code); the
    colophon and the credits go into its notes (the handout prints them too)."""
    lang = doc.language
    body = []
    if doc.organisation:
        body.append(plain(doc.organisation, bold=True))
    contact = doc.contact
    if contact and contact.email:
        body.append(Para((Run(contact.email, href="mailto:" + contact.email),)))
    if contact and contact.url:
        body.append(Para((Run(_shown_url(contact.url), href=contact.href or contact.url),)))
    credit = " · ".join(x for x in (doc.authors, doc.organisation) if x)
    colophon = "\n\n".join(x for x in (f"{i18n.t(lang, 'colophon')}:\n{doc.colophon.plain}" if doc.colophon else "",
                                        credit) if x)
    return SlideSpec("closing", plain(i18n.t(lang, "thanks")), section, body=tuple(body),
                     notes=cue.closing(colophon), splittable=False,
                     qr=(contact.href or contact.url) if contact else None, ident="closing")


def _shown_url(url: str) -> str:
    """A link as people read it aloud: without 'https://' and a trailing slash."""
    for scheme in ("https://", "http://"):
        if url.lower().startswith(scheme):
            url = url[len(scheme):]
    return url.rstrip("/")



def combine_qa(slides: list[SlideSpec]) -> list[SlideSpec]:
    """Theme option `qa_layout: combined` (for a printed deck): each answer directly after its
    question's discussion slide, titled by the question, whatever `qa: answers:` says, so each
    question and its answer read together on paper. The discussion slide still comes first."""
    answers = {s.ident.split()[-1]: s for s in slides if s.kind == "answer"}
    out: list[SlideSpec] = []
    for spec in slides:
        if spec.kind == "answer":
            continue
        out.append(spec)
        if spec.kind == "question" and (answer := answers.get(spec.ident.split()[-1])) is not None:
            out.append(replace(answer, section=spec.section))
    return out


_LEVELS = {"title": 1, "agenda": 2, "content": 2, "divider": 2, "sources": 2, "closing": 2}  # else 3


def heading_levels(slides: list[SlideSpec]) -> list[int]:
    """The heading level of each slide's title, for a screen reader's list of headings (the slides-pdf):
    the deck's title the one H1; each group the agenda lists (a section, the Q&A's divider, the sources,
    the closing) an H2; what belongs to one (a section's key figures, charts and tables, the Q&A's
    discussion slides) an H3 under it; an answer an H4 under its question when it follows it, else an
    H3 (`qa: answers: end`). A slide a text continues on has its first slide's level."""
    out = []
    for i, spec in enumerate(slides):
        level = _LEVELS.get(spec.kind, 3)
        if spec.kind == "answer" and i and slides[i - 1].kind == "question" \
                and slides[i - 1].ident.split()[-1] == spec.ident.split()[-1]:
            level = 4
        out.append(level)
    return out


def continued_title(title: Para, language: str) -> Para:
    """A title with the localized "(continued)" after it, for the slides a text continues on."""
    return Para(title.runs + (Run(" " + i18n.t(language, "continued")),))
