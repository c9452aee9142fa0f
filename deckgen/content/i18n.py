"""Words the outputs add around the content, in the content's language (English fallback)."""

from __future__ import annotations

_STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "welcome": "Welcome", "close": "Close",
        "image_credits": "Image credits", "title_slide": "Title slide", "cover": "Cover",
        "introduction": "Introduction", "thanks": "Thank you!", "answers": "Answers", "minutes": "{n} min",
        "task": "Task", "time": "Time", "listen_for": "What to listen for", "answer": "Answer",
        "key_message": "Key message", "full_text": "Full text", "qr_alt": "QR code for {url}",
        "then_answer": "Then show the answer slide.", "answer_later": "The answers follow after the last question.",
        "agenda": "Agenda", "continued": "(continued)", "sources": "Sources", "questions": "Questions and answers",
        "question": "Question {n}", "question_of": "Question {n} of {total}", "answer_to": "Answer to question {n}",
        "data": "Data", "key_figures": "Key figures", "colophon": "About this document", "page_of": "page {page} of {total}",
        "notes_sources": "Sources cited", "notes_extra": "Notes for the presenter", "source": "Source",
        "contents": "Contents", "n_questions": "{n} questions to discuss", "n_question": "1 question to discuss", "discuss": "Discuss", "region": "GB",
        "cards": "Discussion cards", "sheet_side": "sheet {n} of {total}, {side}", "front": "front",
        "back": "back",
        "print_duplex": "Print double-sided, flip on long edge; cut along the marks",
        "months": "January February March April May June July August September October November December",
    },
    "nl": {
        "welcome": "Welkom", "close": "Afsluiting",
        "image_credits": "Beeldverantwoording", "title_slide": "Titeldia", "cover": "Omslag",
        "introduction": "Inleiding", "thanks": "Bedankt!", "answers": "Antwoorden", "minutes": "{n} min",
        "task": "Opdracht", "time": "Tijd", "listen_for": "Waar je op let", "answer": "Antwoord",
        "key_message": "Kernboodschap", "full_text": "Volledige tekst", "qr_alt": "QR-code voor {url}",
        "then_answer": "Laat daarna de antwoorddia zien.", "answer_later": "De antwoorden volgen na de laatste vraag.",
        "agenda": "Agenda", "continued": "(vervolg)", "sources": "Bronnen", "questions": "Vragen en antwoorden",
        "question": "Vraag {n}", "question_of": "Vraag {n} van {total}", "answer_to": "Antwoord op vraag {n}",
        "data": "Gegevens", "key_figures": "Kerncijfers", "colophon": "Over dit document", "page_of": "pagina {page} van {total}",
        "notes_sources": "Aangehaalde bronnen", "notes_extra": "Aantekeningen voor de presentator", "source": "Bron",
        "contents": "Inhoud", "n_questions": "{n} vragen om te bespreken", "n_question": "1 vraag om te bespreken", "discuss": "Bespreek", "region": "NL",
        "cards": "Gesprekskaarten", "sheet_side": "vel {n} van {total}, {side}", "front": "voorkant",
        "back": "achterkant",
        "print_duplex": "Dubbelzijdig afdrukken, omslaan langs de lange zijde; knip langs de snijtekens",
        "months": "januari februari maart april mei juni juli augustus september oktober november december",
    },
    "de": {
        "welcome": "Begrüßung", "close": "Abschluss",
        "image_credits": "Bildnachweis", "title_slide": "Titelfolie", "cover": "Titelbild",
        "introduction": "Einleitung", "thanks": "Vielen Dank!", "answers": "Antworten", "minutes": "{n} Min.",
        "task": "Aufgabe", "time": "Zeit", "listen_for": "Worauf achten", "answer": "Antwort",
        "key_message": "Kernaussage", "full_text": "Volltext", "qr_alt": "QR-Code für {url}",
        "then_answer": "Danach die Antwortfolie zeigen.", "answer_later": "Die Antworten folgen nach der letzten Frage.",
        "agenda": "Agenda", "continued": "(Fortsetzung)", "sources": "Quellen", "questions": "Fragen und Antworten",
        "question": "Frage {n}", "question_of": "Frage {n} von {total}", "answer_to": "Antwort auf Frage {n}",
        "data": "Daten", "key_figures": "Zahlen", "colophon": "Über dieses Dokument", "page_of": "Seite {page} von {total}",
        "notes_sources": "Zitierte Quellen", "notes_extra": "Notizen für Vortragende", "source": "Quelle",
        "contents": "Inhalt", "n_questions": "{n} Fragen zum Besprechen", "n_question": "1 Frage zum Besprechen", "discuss": "Diskutieren", "region": "DE",
        "cards": "Gesprächskarten", "sheet_side": "Bogen {n} von {total}, {side}", "front": "Vorderseite",
        "back": "Rückseite",
        "print_duplex": "Beidseitig drucken, an der langen Kante spiegeln; an den Schnittmarken schneiden",
        "months": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    },
    "fr": {
        "welcome": "Accueil", "close": "Clôture",
        "image_credits": "Crédits photographiques", "title_slide": "Diapositive de titre", "cover": "Couverture",
        "introduction": "Introduction", "thanks": "Merci !", "answers": "Réponses", "minutes": "{n} min",
        "task": "Consigne", "time": "Durée", "listen_for": "Points à écouter", "answer": "Réponse",
        "key_message": "Message clé", "full_text": "Texte complet", "qr_alt": "Code QR pour {url}",
        "then_answer": "Montrez ensuite la diapositive de réponse.",
        "answer_later": "Les réponses suivent après la dernière question.",
        "agenda": "Programme", "continued": "(suite)", "sources": "Sources", "questions": "Questions et réponses",
        "question": "Question {n}", "question_of": "Question {n} sur {total}", "answer_to": "Réponse à la question {n}",
        "data": "Données", "key_figures": "Chiffres clés", "colophon": "À propos de ce document", "page_of": "page {page} sur {total}",
        "notes_sources": "Sources citées", "notes_extra": "Notes pour l’animateur", "source": "Source",
        "contents": "Sommaire", "n_questions": "{n} questions à discuter", "n_question": "1 question à discuter", "discuss": "Discutez", "region": "FR",
        "cards": "Cartes de discussion", "sheet_side": "feuille {n} sur {total}, {side}", "front": "recto",
        "back": "verso",
        "print_duplex": "Imprimer recto verso, retourner sur le bord long ; découper le long des traits",
        "months": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    },
}


def t(lang: str, key: str, **values: object) -> str:
    """The phrase `key` in `lang` (a BCP 47 tag), English when the language is not known."""
    table = _STRINGS.get(lang.split("-")[0].lower(), _STRINGS["en"])
    return table[key].format(**values)


def known(lang: str) -> bool:
    return lang.split("-")[0].lower() in _STRINGS


def culture(lang: str) -> str:
    """A language-region tag for office files: 'nl' -> 'nl-NL', 'nl-BE' stays."""
    if "-" in lang:
        head, rest = lang.split("-", 1)
        return f"{head.lower()}-{rest.upper() if len(rest) == 2 else rest}"
    return f"{lang.lower()}-{t(lang, 'region')}" if known(lang) else lang.lower()


def long_date(iso: str | None, lang: str) -> str:
    """'2024-05-03' as '3 mei 2024' (or 'May 3, 2024'-style day-month-year in English)."""
    if not iso:
        return ""
    year, month, day = iso.split("-")
    months = t(lang, "months").split()
    return f"{int(day)} {months[int(month) - 1]} {year}"


def task_line(task: str, duration: int | None, lang: str) -> str:
    """'Bespreek in tweetallen: … — 10 min' (either part may be missing); the time is joined
    to the dash before it by no-break spaces, so it never wraps onto a line of its own."""
    if not duration:
        return task
    time = t(lang, "minutes", n=duration).replace(" ", "\u00a0")
    return f"{task}\u00a0—\u00a0{time}" if task else time
