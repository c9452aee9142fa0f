"""Checks that the content files are a faithful transcription of the seed.

The seed (tests/data/seed.txt) is the text extracted from the source PDF
"Migratie en ontwikkelingssamenwerking: hoe hangt het samen?" (Partos and
OnMigration, 3 May 2024). See /work/shared/seed/README.md for its quirks:
footnote markers glued to the preceding word, layout line breaks, stray
spaces.
"""

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "data" / "seed.txt"
STRESS = ROOT / "tests" / "data" / "stress.yaml"
NL = ROOT / "content" / "migratie-en-ontwikkelingssamenwerking.yaml"
EN = ROOT / "content" / "migration-and-development-cooperation.yaml"

# The eight footnote markers of the PDF, glued to the token before them.
GLUED_MARKERS = [
    ("geweld1", "geweld"),
    ("regio’s2", "regio’s"),
    ("begroting3", "begroting"),
    ("weer4", "weer"),
    ("niet5", "niet"),
    ("spanningen.6", "spanningen."),
    ("heeft.7", "heeft."),
    ("samenwerking.8", "samenwerking."),
]

# Where each footnote reference must sit in the Dutch content.
EXPECTED_REF_CONTEXTS = {
    "1": "onderdrukking of geweld[^1]. De meeste",
    "2": "voorspoed in regio’s[^2]. Het kan",
    "3": "ongeveer 20 procent van de begroting[^3]. Daardoor",
    "4": "prikkel om te migreren weer[^4].",
    "5": "klopt echter niet[^5]. Mensen",
    "6": "in regio’s met veel spanningen.[^6] Bijvoorbeeld",
    "7": "weinig invloed op heeft.[^7]",
    "8": "internationale samenwerking.[^8] Daarmee",
}

SECTION_HEADINGS = [
    "Niet bedoeld om migratie te voorkomen",
    "Hulp aan mensen op de vlucht",
    "Asielkosten uit budget ontwikkelingssamenwerking",
]

QUESTION_RE = re.compile(r"^([1-9])\.\s+(.*\?)$")
COLOPHON_RE = re.compile(r"^\d\d-\d\d-\d\d - ")
REF_RE = re.compile(r"\[\^([^\]\s]+)\]")
SENTENCE_SPLIT_RE = re.compile(r"(?<=[.?!])\s+")


# --------------------------------------------------------------------------
# helpers


def collapse(text):
    return " ".join(text.split())


def seed_text():
    raw = SEED.read_text(encoding="utf-8")
    for glued, plain in GLUED_MARKERS:
        assert raw.count(glued) == 1, f"glued marker {glued!r} should occur once in the seed"
        raw = raw.replace(glued, plain)
    return raw


def parse_seed():
    """Split the seed into (kind, text) blocks, in document order.

    kinds: title, intro (one per paragraph), heading, body, qa_heading,
    question (number dropped), answer, colophon.
    """
    blocks = []

    def start(kind):
        blocks.append([kind, []])

    start("title")
    for line in seed_text().splitlines():
        line = line.strip()
        kind, lines = blocks[-1]
        if not line:
            if kind in ("title", "intro", "qa_heading") and lines:
                start("intro" if kind in ("title", "intro") else "between")
            continue
        question = QUESTION_RE.match(line)
        if kind == "title" and lines and lines[-1].endswith("?"):
            # the title ends with its question mark; the lead follows directly
            start("intro")
            blocks[-1][1].append(line)
        elif line in SECTION_HEADINGS:
            blocks.append(["heading", [line]])
            start("body")
        elif line.startswith("Q & A"):
            start("qa_heading")
            blocks[-1][1].append(line)
        elif question:
            blocks.append(["question", [question.group(2)]])
            start("answer")
        elif COLOPHON_RE.match(line):
            start("colophon")
            blocks[-1][1].append(line)
        else:
            assert kind != "between", f"unexpected text between blocks: {line!r}"
            lines.append(line)
    return [(kind, collapse(" ".join(lines))) for kind, lines in blocks if lines]


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=yaml.BaseLoader)


def plain(text):
    """Content markup to plain text: drop footnote refs and emphasis stars."""
    text = REF_RE.sub("", text)
    text = text.replace("*", "")
    return collapse(text)


def content_fields(doc):
    """(kind, raw text) of every prose field, in document order."""
    fields = [("title", doc["title"])]
    if "subtitle" in doc:
        fields.append(("subtitle", doc["subtitle"]))
    if "lead" in doc:
        fields.append(("lead", doc["lead"]))
    for section in doc["sections"]:
        if "heading" in section:
            fields.append(("heading", section["heading"]))
        fields.append(("text", section["text"]))
    fields.append(("qa_heading", doc["qa"]["heading"]))
    for item in doc["qa"]["items"]:
        fields.append(("question", item["question"]))
        fields.append(("answer", item["answer"]))
    if "colophon" in doc:
        fields.append(("colophon", doc["colophon"]))
    return fields


def ref_locations(doc):
    """Footnote ids referenced in each prose field, keyed by field position."""
    found = []
    for index, (kind, text) in enumerate(content_fields(doc)):
        for ref in REF_RE.findall(text):
            found.append((index, kind, ref))
    return found


def paragraphs(text):
    return [collapse(p) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def sentences(text):
    return [s for s in SENTENCE_SPLIT_RE.split(collapse(text)) if s]


@pytest.fixture(scope="module")
def seed():
    return parse_seed()


@pytest.fixture(scope="module")
def nl():
    return load(NL)


@pytest.fixture(scope="module")
def en():
    return load(EN)


# --------------------------------------------------------------------------
# the seed parser itself


def test_seed_parses_into_expected_blocks(seed):
    kinds = [kind for kind, _ in seed]
    assert kinds == (
        ["title", "intro", "intro"]
        + ["heading", "body"] * 3
        + ["qa_heading"]
        + ["question", "answer"] * 7
        + ["colophon"]
    )
    assert seed[0][1] == "Migratie en ontwikkelingssamenwerking: hoe hangt het samen?"
    assert seed[1][1].startswith("In de politieke en maatschappelijke discussie")
    assert seed[2][1].startswith("Ieder mens wil in eigen land")
    assert seed[-1][1].endswith("overeenstemming te vinden over het basisverhaal.")
    # no footnote digit is left glued to a word
    for kind, text in seed:
        assert not re.search(r"[^\W\d_][.’]?[1-8](?!\d)(?=[\s.]|$)", text), (kind, text)


# --------------------------------------------------------------------------
# (a) every sentence, word for word, in order


def test_metadata(nl):
    assert nl["title"] == "Migratie en ontwikkelingssamenwerking"
    assert nl["subtitle"] == "hoe hangt het samen?"
    assert nl["language"] == "nl"
    assert nl["date"] == "2024-05-03"
    assert "Partos" in nl["organisation"] and "OnMigration" in nl["organisation"]
    assert nl["authors"] == "Mirjam Vossen (OnMigration)"


def test_title_is_seed_title_split_at_colon(seed, nl):
    assert f'{nl["title"]}: {nl["subtitle"]}' == seed[0][1]


def test_every_seed_sentence_in_order(seed, nl):
    content = "\n".join(plain(text) for _, text in content_fields(nl))
    pos = 0
    count = 0
    for kind, text in seed:
        if kind == "title":
            continue  # split over title and subtitle, checked above
        for sentence in sentences(text):
            found = content.find(sentence, pos)
            assert found >= 0, (
                f"seed sentence ({kind}) missing or out of order:\n  {sentence}\n"
                f"content after position {pos}:\n  {content[pos:pos + 200]}"
            )
            pos = found + len(sentence)
            count += 1
    assert count > 60  # the seed has ~70 sentences and headings


def test_fields_match_seed_blocks_exactly(seed, nl):
    """Nothing added, nothing dropped: each prose field equals its seed block."""
    expected = [(kind, text) for kind, text in seed if kind != "title"]
    actual = [
        (kind, plain(text))
        for kind, text in content_fields(nl)
        if kind not in ("title", "subtitle")
    ]
    # lead = first intro paragraph, the unheaded opening section = second;
    # section texts correspond to the seed's bodies
    kind_map = {"lead": "intro", "text": "body"}
    expected_kinds = [kind for kind, _ in expected]
    expected_kinds[1] = "body"  # second intro paragraph = unheaded section
    assert [kind_map.get(kind, kind) for kind, _ in actual] == expected_kinds
    for (akind, atext), (_, etext) in zip(actual, expected):
        assert atext == etext, f"{akind} differs from the seed"


def test_opening_section_is_unheaded_and_others_headed(nl):
    sections = nl["sections"]
    assert len(sections) == 4
    assert "heading" not in sections[0]
    assert [s["heading"] for s in sections[1:]] == SECTION_HEADINGS


def test_paragraphs_start_where_seed_lines_start(nl):
    """A paragraph break may only fall at a line break of the PDF."""
    line_starts = [line.strip() for line in seed_text().splitlines() if line.strip()]
    fields = [nl["lead"], nl["colophon"]]
    fields += [s["text"] for s in nl["sections"]]
    fields += [i["answer"] for i in nl["qa"]["items"]]
    for field in fields:
        for para in paragraphs(field):
            para = plain(para)
            head = " ".join(para.split()[:4])
            assert any(line.startswith(head) for line in line_starts), para[:80]


def test_judged_paragraph_breaks(nl):
    by_heading = {s.get("heading"): paragraphs(s["text"]) for s in nl["sections"]}
    assert len(paragraphs(nl["lead"])) == 1
    assert len(by_heading[None]) == 1
    assert by_heading["Niet bedoeld om migratie te voorkomen"][1].startswith(
        "In landen van aankomst"
    )
    assert by_heading["Hulp aan mensen op de vlucht"][1].startswith(
        "Ontwikkelingssamenwerking biedt ook perspectief"
    )
    assert len(by_heading["Asielkosten uit budget ontwikkelingssamenwerking"]) == 1
    # in the PDF every answer is one paragraph: its line breaks are layout only
    # (paragraph ends carry two or more trailing spaces in the extract; no
    # answer has one before its last line)
    for item in nl["qa"]["items"]:
        assert len(paragraphs(item["answer"])) == 1, item["question"]
    assert len(paragraphs(nl["colophon"])) == 1


def test_typography_kept(nl):
    everything = "\n".join(text for _, text in content_fields(nl))
    assert everything.count("’") == 6  # regio’s six times, as in the seed
    assert "'" not in everything
    assert everything.count("–") == 3  # three en dashes, as in the seed
    assert "één adem" in everything and "ideeën" in everything


# --------------------------------------------------------------------------
# (b) footnotes


def test_each_footnote_referenced_once(nl):
    refs = [ref for _, _, ref in ref_locations(nl)]
    assert refs == [str(n) for n in range(1, 9)]


@pytest.mark.parametrize("ref_id", sorted(EXPECTED_REF_CONTEXTS))
def test_footnote_position(nl, ref_id):
    everything = "\n".join(collapse(text) for _, text in content_fields(nl))
    assert EXPECTED_REF_CONTEXTS[ref_id] in everything


@pytest.mark.parametrize("path", [NL, EN])
def test_sources(path):
    doc = load(path)
    sources = doc["sources"]
    assert [s["id"] for s in sources] == [str(n) for n in range(1, 9)]
    for s in sources:
        assert s["text"].strip()
        assert s["id"] in s["text"]
        assert "url" not in s  # the note texts and their links are not known
    ids = {s["id"] for s in sources}
    for section in doc["sections"]:
        for figure in section.get("figures", []):
            assert figure["value"].strip() and figure["label"].strip()
            if "source" in figure:
                assert figure["source"] in ids


def test_figures_match_text(nl):
    figures = {
        s.get("heading"): [(f["value"], f.get("source")) for f in s.get("figures", [])]
        for s in nl["sections"]
    }
    assert figures["Hulp aan mensen op de vlucht"] == [("7–12 procent", "1")]
    assert figures["Asielkosten uit budget ontwikkelingssamenwerking"] == [
        ("1,3 miljard euro", "3"),
        ("20 procent", "3"),
    ]
    for section in nl["sections"]:
        for figure in section.get("figures", []):
            for number in re.findall(r"\d+(?:,\d+)?", figure["value"]):
                assert re.search(rf"(?<![\d,]){re.escape(number)}(?![\d,])", section["text"])


# --------------------------------------------------------------------------
# (c) questions


def test_questions_in_order(seed, nl):
    seed_questions = [text for kind, text in seed if kind == "question"]
    questions = [item["question"] for item in nl["qa"]["items"]]
    assert len(questions) == 7
    assert questions == seed_questions
    assert questions[0] == "Wat doet de ontwikkelingssector om migratie tegen te gaan?"
    for q in questions:
        assert not re.match(r"\s*\d", q)
    assert nl["qa"]["heading"] == "Q & A migratie en ontwikkelingssamenwerking"


# --------------------------------------------------------------------------
# (d) English translation has the same structure


def test_english_structure(nl, en):
    assert en["language"] == "en"
    assert en["date"] == nl["date"]
    assert en["title"] and en["subtitle"] and en["lead"] and en["colophon"]
    assert len(en["sections"]) == len(nl["sections"])
    assert ["heading" in s for s in en["sections"]] == ["heading" in s for s in nl["sections"]]
    for s_en, s_nl in zip(en["sections"], nl["sections"]):
        assert len(paragraphs(s_en["text"])) == len(paragraphs(s_nl["text"]))
        assert [f.get("source") for f in s_en.get("figures", [])] == [
            f.get("source") for f in s_nl.get("figures", [])
        ]
    assert len(en["qa"]["items"]) == len(nl["qa"]["items"]) == 7
    for item_en, item_nl in zip(en["qa"]["items"], nl["qa"]["items"]):
        assert item_en["question"].endswith("?") and item_en["answer"].strip()
        assert len(paragraphs(item_en["answer"])) == len(paragraphs(item_nl["answer"]))
    assert {s["id"] for s in en["sources"]} == {s["id"] for s in nl["sources"]}


def test_english_footnotes_once_and_in_same_fields(nl, en):
    refs_en = ref_locations(en)
    assert Counter(ref for _, _, ref in refs_en) == Counter(str(n) for n in range(1, 9))
    assert [(i, ref) for i, _, ref in refs_en] == [(i, ref) for i, _, ref in ref_locations(nl)]


def test_english_figures(en):
    values = [f["value"] for s in en["sections"] for f in s.get("figures", [])]
    assert values == ["7–12 percent", "1.3 billion euros", "20 percent"]


# --------------------------------------------------------------------------
# (e) points


@pytest.mark.parametrize("path", [NL, EN])
def test_points(path):
    doc = load(path)
    holders = [(s.get("heading", "(opening)"), s) for s in doc["sections"]]
    holders += [(i["question"], i) for i in doc["qa"]["items"]]
    for name, holder in holders:
        points = holder.get("points")
        assert isinstance(points, list), f"no points for {name!r}"
        assert 2 <= len(points) <= 4, name
        for point in points:
            assert point.strip() and len(point) <= 90, (name, point)
            assert "[^" not in point


# --------------------------------------------------------------------------
# file form: quoted scalars, no tabs, no anchors


def scalar_values(node):
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from scalar_values(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from scalar_values(item)
    else:
        yield node


@pytest.mark.parametrize("path", [NL, EN, STRESS])
def test_file_form(path):
    raw = path.read_text(encoding="utf-8")
    assert "\t" not in raw
    for event in yaml.parse(raw):
        assert not isinstance(event, yaml.AliasEvent), "no aliases"
        assert getattr(event, "anchor", None) is None, "no anchors"
    node = yaml.compose(raw)
    for scalar in scalar_values(node):
        assert scalar.style in ('"', "|"), f"unquoted scalar {scalar.value!r} at {scalar.start_mark}"


# --------------------------------------------------------------------------
# the stress file is what it claims to be


def test_stress_file():
    doc = load(STRESS)
    assert doc["language"] == "en"
    assert len(doc["title"]) >= 180
    everything = "\n".join(text for _, text in content_fields(doc))
    points = [p for s in doc["sections"] for p in s.get("points", [])]
    points += [p for i in doc["qa"]["items"] for p in i.get("points", [])]

    assert max(len(paragraphs(s["text"])) for s in doc["sections"]) >= 12
    long_section = max(doc["sections"], key=lambda s: len(paragraphs(s["text"])))
    assert all(80 <= len(p.split()) <= 120 for p in paragraphs(long_section["text"]))
    assert any(len(p) >= 250 for p in points)
    assert any(len(w) >= 180 for p in points for w in p.split())
    assert any(len(w) >= 180 for w in everything.split())
    assert any(len(i["question"]) >= 290 for i in doc["qa"]["items"])
    assert any(len(i["answer"].split()) >= 550 for i in doc["qa"]["items"])
    assert any("points" not in i for i in doc["qa"]["items"])
    for needle in ["Łódź", "İstanbul", "“", "x<y", "<b>bold", "Mail <jan@ngo.nl>", " & ",
                   "Rechtsschutzversicherungsgesellschaften"]:
        assert needle in everything, needle

    ids = {s["id"] for s in doc["sources"]}
    refs = {ref for _, _, ref in ref_locations(doc)}
    assert refs and refs <= ids, refs - ids
    assert ids <= refs, ids - refs
