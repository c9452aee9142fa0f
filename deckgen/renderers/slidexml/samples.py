"""A template author's sample text, kept off the slides.

A master or layout may carry text that is no placeholder: the author's own name and e-mail
on the title layout (`utwente`: "Misja Mikkers / m.c.mikkers@utwente.nl"), numbered tab
labels ("Agenda1" … "Agenda5" on `tdk-eur-huf`'s content layout), a "Click to add text"
written into a text box. PowerPoint and LibreOffice draw such text on every slide of the
layout, whatever deckgen writes, so the deck would show the author's details under the
user's title. Placeholders are not the issue: their text is only a prompt in the editor
(deckgen fills them or removes them from its slides).

Sample text is recognised by what it says, not by where it stands, so that the template's
real text stays: a wordmark ("Honolulu"), a legal or classification line ("© …",
"Confidential"), an address or a web site, a field (slide number, date), a quotation mark.
It is sample text when it holds

- an e-mail address that is not the document's own `contact: email`, nor an organisation's
  role address (info@, contact@, communicatie@, …: a template may print it on every slide);
- an editing prompt ("Click to …", "Klik om …", "Lorem ipsum", "Your name", …);
- one of a series of labels that differ only by their number ("Agenda1", "Agenda2": two or
  more text shapes of the same master or layout).

Such a shape is removed from the deck's copy of the layout when it is only text (a text
box without fill or outline); a shape that is also artwork (a filled tab) keeps its
geometry and loses its text. The fit report names each, once.

Plain lxml, no python-pptx: the deck applies it to its copy of the template, and the run sheet's
count (room.py) to the layouts it reads, so both see the same artwork.
"""

from __future__ import annotations

import re

from deckgen.renderers.slidexml.xmlpath import A, P

_NS = {"a": A, "p": P}


def qn(tag: str) -> str:
    prefix, name = tag.split(":")
    return f"{{{_NS[prefix]}}}{name}"


EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
PROMPTS = re.compile(
    r"\b(?:click (?:to|here)|klik (?:om|hier)|klicken sie|cliquez (?:pour|ici)|haga clic|fare clic|kliknij|"
    r"clique para|lorem ipsum|your (?:name|title|logo|text)|uw naam|ihr name|votre nom|"
    r"(?:presenter|speaker|author)(?:'s)? name|name (?:of )?(?:the )?(?:presenter|speaker)|"
    r"(?:add|insert|enter|type) (?:your |a |the )?(?:text|title|name|subtitle) here|text here|tekst hier|"
    r"first ?name (?:last ?name|surname)|voornaam achternaam|vorname nachname|"
    r"john doe|jane doe|max mustermann|erika mustermann|jan jansen|jean dupont)\b",
    re.IGNORECASE)
# the local parts of an organisation's own addresses, which a template may rightly print on every slide
ROLES = re.compile(r"^(?:info|contact|office|hello|mail|post|support|service|press|pers|communicatie|"
                   r"communications?|kommunikation|secretariaat|sekretariat|secretariat|reception|receptie|"
                   r"admin|team|sales|events?|education|onderwijs)$", re.IGNORECASE)
_SERIES = re.compile(r"^(\D*?[^\W\d_][\D]*?)\s*(\d{1,2})$", re.UNICODE)  # a label and its number: "Agenda1"

_SP, _GRP = qn("p:sp"), qn("p:grpSp")
_NV_SP_PR, _NV_PR, _PH, _C_NV_SP_PR = qn("p:nvSpPr"), qn("p:nvPr"), qn("p:ph"), qn("p:cNvSpPr")
_TX_BODY, _SP_PR, _STYLE = qn("p:txBody"), qn("p:spPr"), qn("p:style")
_P, _T, _FLD, _R, _BR, _LN = qn("a:p"), qn("a:t"), qn("a:fld"), qn("a:r"), qn("a:br"), qn("a:ln")
_FILLS = {qn("a:solidFill"), qn("a:gradFill"), qn("a:blipFill"), qn("a:pattFill"), qn("a:grpFill")}


def _text_shapes(owner_element):
    """(p:sp, its text) of every text shape that is not a placeholder, in groups too."""
    tree = owner_element.find(qn("p:cSld") + "/" + qn("p:spTree"))
    if tree is None:
        return
    for sp in tree.iter(_SP):
        nv = sp.find(_NV_SP_PR)
        if nv is not None and nv.find(_NV_PR + "/" + _PH) is not None:
            continue
        body = sp.find(_TX_BODY)
        if body is None:
            continue
        lines = [" ".join("".join(t.text or "" for t in p.iter(_T)).split()) for p in body.iterchildren(_P)]
        text = " / ".join(line for line in lines if line)
        if text and next(body.iter(_FLD), None) is None:  # a field (slide number, date) is the design's
            yield sp, text


def reason(text: str, own_emails: set[str]) -> str | None:
    """Why a text shape's text is a template author's sample, or None when it is the template's own."""
    for found in EMAIL.findall(text):
        if found.lower() not in own_emails and not ROLES.match(found.split("@")[0]):
            return "an e-mail address that is not the document's"
    if PROMPTS.search(text):
        return "an editing prompt"
    return None


def _series(shapes: list[tuple[object, str]]) -> set[int]:
    """Indexes of the shapes whose one-line labels differ only by their number (two or more)."""
    stems: dict[str, list[tuple[int, str]]] = {}
    for i, (_, text) in enumerate(shapes):
        m = _SERIES.match(text) if len(text) <= 40 and "/" not in text else None
        if m:
            stems.setdefault(m.group(1).strip().lower(), []).append((i, m.group(2)))
    return {i for found in stems.values() if len({n for _, n in found}) >= 2 for i, _ in found}


def _is_artwork(sp) -> bool:
    """Whether the shape draws more than its text: a fill or an outline of its own or from its style."""
    pr = sp.find(_SP_PR)
    if pr is not None:
        if any(child.tag in _FILLS for child in pr):
            return True
        ln = pr.find(_LN)
        if ln is not None and any(child.tag in _FILLS for child in ln):
            return True
        if pr.find(qn("a:noFill")) is not None and (ln is None or ln.find(qn("a:noFill")) is not None):
            return False
    style = sp.find(_STYLE)
    if style is not None:
        refs = [style.find(qn(f"a:{name}")) for name in ("fillRef", "lnRef")]
        return any(ref is not None and ref.get("idx", "0") != "0" for ref in refs)
    return False


def _clear_text(sp) -> None:
    """Empties a shape's text, keeping its first paragraph's properties (and so its style)."""
    body = sp.find(_TX_BODY)
    paras = list(body.iterchildren(_P))
    for extra in paras[1:]:
        body.remove(extra)
    for child in list(paras[0]):
        if child.tag in (_R, _BR, _FLD):
            paras[0].remove(child)


def remove_samples(owners, own_emails: set[str] = frozenset()) -> list[str]:
    """Removes the sample text of each (name, master or layout element); returns what was removed,
    one line each, for the fit report."""
    said: dict[tuple[str, str], list[str]] = {}
    own = {e.lower() for e in own_emails}
    for name, element in owners:
        shapes = list(_text_shapes(element))
        numbered = _series(shapes)
        for i, (sp, text) in enumerate(shapes):
            why = reason(text, own) or ("numbered labels of a series" if i in numbered else None)
            if why is None:
                continue
            if _is_artwork(sp):
                _clear_text(sp)
            else:
                sp.getparent().remove(sp)
            said.setdefault((name, why), []).append(repr(text if len(text) <= 50 else text[:49] + "…"))
    return [f"template: {name}: the template's sample text {', '.join(texts)} left out ({why})"
            for (name, why), texts in said.items()]


def owners(prs) -> list[tuple[str, object]]:
    """(name for the report, element) of every master and layout of a presentation."""
    out = []
    for number, master in enumerate(prs.slide_masters, 1):
        out.append((f"slide master {number}" if len(prs.slide_masters) > 1 else "slide master", master._element))
        out += [(f"layout '{layout.name}'", layout._element) for layout in master.slide_layouts]
    return out
