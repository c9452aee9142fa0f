"""What the deck says, slide by slide, before any template or measuring is involved.

The plan is pure data from the model: the deck renderer chooses layouts, fits the text
into the template's boxes (continuing on new slides where needed) and writes it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from deckgen.content import i18n
from deckgen.content.model import Document, Picture, Rich, paragraph_text
from deckgen.errors import Location
from deckgen.text.fit import Para, Run
from deckgen.text.runs import paras, plain, runs


@dataclass(frozen=True)
class FigureSpec:
    value: Para
    label: Para
    source: int | None


@dataclass(frozen=True)
class SlideSpec:
    """One logical slide; `kind` selects the layout role, `body` may continue over slides."""

    kind: str  # title, agenda, content, figures, divider, question, answer, sources, closing
    title: Para
    section: str
    body: tuple[Para, ...] = ()
    subtitle: tuple[Para, ...] = ()
    notes: str = ""
    figures: tuple[FigureSpec, ...] = ()
    splittable: bool = True
    alt_title: Para | None = None  # a shorter title, when `title` cannot be fitted
    ident: str = ""  # names the slide in the fit report
    loc: Location | None = None  # where its text was written, for warnings
    image: Picture | None = None  # its picture (see deck/pictures.py)


def _joined(rich: Rich | None) -> tuple[Run, ...]:
    """The runs of all paragraphs on one line, a space between paragraphs (nothing is left out)."""
    out: list[Run] = []
    for i, paragraph in enumerate(rich.paragraphs if rich else ()):
        out += ([Run(" ")] if i else []) + list(runs(paragraph))
    return tuple(out)


def _title_para(rich: Rich) -> Para:
    """A title or heading as one paragraph: one written over several paragraphs is joined."""
    return Para(_joined(rich))


def _notes(doc: Document, *parts: tuple[str, Rich | None] | str, cites: list[int]) -> str:
    """Speaker notes: the full texts, the extra notes and the sources they cite."""
    chunks: list[str] = []
    for part in parts:
        if isinstance(part, str):
            if part:
                chunks.append(part)
        else:
            label, rich = part
            if rich:
                chunks.append((label + "\n" if label else "") + rich.plain)
    if cites:
        lines = [i18n.t(doc.language, "notes_sources") + ":"]
        for number in cites:
            src = doc.source(number)
            lines.append(f"[{number}] {src.text.plain}" + (f" {src.url}" if src.url else ""))
        chunks.append("\n".join(lines))
    return "\n\n".join(chunks)


def _cites(*riches: Rich | None) -> list[int]:
    seen: list[int] = []
    for rich in riches:
        for n in rich.footnotes() if rich else []:
            if n not in seen:
                seen.append(n)
    return seen


def plan(doc: Document) -> list[SlideSpec]:
    """The slides of a deck, in order: title, agenda, sections, Q&A, sources, closing."""
    lang = doc.language
    one_pager = paragraph_text(doc.title.paragraphs[0]) if doc.title.paragraphs else doc.name
    slides: list[SlideSpec] = []
    subtitle = []
    if doc.subtitle:
        subtitle += paras(doc.subtitle)
    meta = " · ".join(x for x in (doc.organisation, i18n.long_date(doc.date, lang)) if x)
    if meta:
        subtitle.append(plain(meta))
    slides.append(SlideSpec("title", _title_para(doc.title), one_pager, subtitle=tuple(subtitle),
                            notes=_notes(doc, ("", doc.subtitle), ("", doc.lead), cites=_cites(doc.lead)),
                            ident="title", loc=doc.title.loc, image=doc.image))

    agenda = [plain(" ".join(paragraph_text(p) for p in s.heading.paragraphs), bullet=True)
              for s in doc.sections if s.heading]
    if doc.qa:
        agenda.append(plain(doc.qa.heading.plain or i18n.t(lang, "questions"), bullet=True))
    if doc.sources:
        agenda.append(plain(i18n.t(lang, "sources"), bullet=True))
    if len(agenda) > 1:
        slides.append(SlideSpec("agenda", plain(i18n.t(lang, "agenda")), one_pager, body=tuple(agenda),
                                notes=_notes(doc, ("", doc.lead), cites=_cites(doc.lead)), ident="agenda"))

    for index, section in enumerate(doc.sections, 1):
        title = _title_para(section.heading) if section.heading else _title_para(doc.title)
        body = [p for point in section.points for p in paras(point, bullet=True)] or paras(section.text)
        cites = _cites(section.text, *section.points)
        notes = _notes(doc, ("", section.heading), ("", section.text), cites=cites)
        slides.append(SlideSpec("content", title, one_pager, body=tuple(body), notes=notes, ident=f"section {index}",
                                loc=section.heading.loc if section.heading else section.text.loc,
                                image=section.image))
        if section.figures:
            figures = tuple(FigureSpec(Para(_joined(f.value)) if f.value else plain(""), Para(_joined(f.label)),
                                       f.source)
                            for f in section.figures)
            fig_cites = [f.source for f in section.figures if f.source is not None]
            fig_title = Para((Run(i18n.t(lang, "key_figures") + ": "),) + title.runs)
            slides.append(SlideSpec("figures", fig_title, one_pager, figures=figures,
                                    notes=_notes(doc, ("", section.text), cites=fig_cites),
                                    alt_title=plain(i18n.t(lang, "key_figures")), ident=f"figures {index}",
                                    loc=section.figures[0].value.loc))

    if doc.qa:
        qa_name = doc.qa.heading.plain or i18n.t(lang, "questions")
        slides.append(SlideSpec("divider", plain(qa_name), qa_name,
                                body=(plain(i18n.t(lang, "n_questions" if len(doc.qa.items) != 1 else "n_question",
                                                   n=len(doc.qa.items))),),
                                notes=qa_name, splittable=False, ident="qa divider"))
        total = len(doc.qa.items)
        for item in doc.qa.items:
            n = item.number
            cites = _cites(item.answer, item.notes, *item.points)
            notes = _notes(doc, ("", item.question), ("", item.answer),
                           (i18n.t(lang, "notes_extra") + ":", item.notes), cites=cites)
            question = tuple(paras(item.question))
            answer = [p for point in item.points for p in paras(point, bullet=True)] or paras(item.answer)
            label = plain(i18n.t(lang, "question_of", n=n, total=total))
            short = plain(i18n.t(lang, "answer_to", n=n))
            slides.append(SlideSpec("question", label, qa_name, body=question, notes=notes, splittable=False,
                                    ident=f"question {n}", loc=item.question.loc, image=item.image))
            slides.append(SlideSpec("answer", _title_para(item.question), qa_name, body=tuple(answer), notes=notes,
                                    alt_title=short, ident=f"answer {n}", loc=item.question.loc))

    closing_section = i18n.t(lang, "sources")
    if doc.sources:
        body = []
        for src in doc.sources:
            text_runs = _joined(src.text)
            link = (Run(" "), Run(src.url, href=src.url)) if src.url else ()
            body.append(Para((Run(f"{src.number}. ", bold=True),) + text_runs + link))
        slides.append(SlideSpec("sources", plain(i18n.t(lang, "sources")), closing_section, body=tuple(body),
                                notes="\n".join(f"[{s.number}] {s.text.plain}" + (f" {s.url}" if s.url else "")
                                                for s in doc.sources), ident="sources"))
    if doc.colophon or doc.authors:
        body = paras(doc.colophon)
        credit = " · ".join(x for x in (doc.authors, doc.organisation) if x)
        if credit and not doc.colophon:
            body.append(plain(credit))
        slides.append(SlideSpec("closing", plain(i18n.t(lang, "colophon")), closing_section, body=tuple(body),
                                notes=_notes(doc, ("", doc.colophon), credit, cites=_cites(doc.colophon)),
                                ident="closing"))
    credits = image_credits(doc)
    if credits:  # on the closing slide's notes (the last slide's, without one)
        last = slides[-1]
        slides[-1] = replace(last, notes="\n\n".join(x for x in (last.notes, credits) if x))
    return slides


def image_credits(doc: Document) -> str:
    """The credits of every picture, for the presenter: where it is used and whose it is."""
    lang = doc.language
    lines: list[str] = []
    places = [(i18n.t(lang, "title_slide"), doc.image)]
    places += [(s.heading.plain if s.heading else doc.title.plain, s.image) for s in doc.sections]
    places += [(i18n.t(lang, "question", n=q.number), q.image) for q in (doc.qa.items if doc.qa else ())]
    for label, pic in places:
        if pic is not None and pic.credit:
            lines.append(f"{label}: {pic.credit}")
    return "\n".join([i18n.t(lang, "image_credits") + ":"] + lines) if lines else ""


def combine_qa(slides: list[SlideSpec]) -> list[SlideSpec]:
    """The question and its answer on one slide (theme option `qa_layout: combined`)."""
    out: list[SlideSpec] = []
    for spec in slides:
        if spec.kind == "answer" and out and out[-1].kind == "question":
            question = out.pop()
            out.append(SlideSpec("answer", spec.title, spec.section, body=spec.body, notes=spec.notes,
                                 alt_title=question.title, ident=spec.ident, loc=spec.loc, image=question.image))
        else:
            out.append(spec)
    return out
