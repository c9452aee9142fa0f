"""Words the outputs add around the content, in the content's language (English fallback)."""

from __future__ import annotations

_STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "print_single": "Print single-sided; cut along the marks",
        "guide": "Run sheet", "materials": "Materials", "plan": "The plan", "clock": "Time", "slide_col": "Slide",
        "what_happens": "What happens", "min_col": "Min.", "duration": "Duration", "date": "Date",
        "start_end": "Start – end", "running_time": "running time from 0:00", "slide_n": "slide {n}",
        "key_points": "The answer's key points", "debrief": "Debrief",
        "debrief_prompt": "Ask two or three groups what they found; then show slide {slide} and close with: {say}",
        "debrief_notes": "Ask two or three groups what they found; then close with: {say}",
        "mat_cards": "Discussion cards ({file}): {sheets} per set, printed double-sided (flip on the long edge) and cut; one set per group of four",
        "mat_cards_single": "Discussion cards ({file}): {sheets} per set, printed single-sided and cut; one set per group of four",
        "n_sheets": "{n} sheets", "n_sheet": "1 sheet",
        "mat_handout": "Handouts ({file}): one per participant", "mat_qr": "The link behind the QR code on the closing slide: {url}",
        "mat_projector": "Projector and screen, the deck ({file}), a clicker",
        "round_key": "Now it is your turn: {n} questions, each with a task and a time.",
        "round_how": "How the round works: read the question aloud and give the task and the time; the groups talk while the slide stays up; call time a minute before the end; then ask two or three groups what they found and show the answer.",
        "agenda_key": "Here is our plan: we finish at {end}.", "sources_key": "The sources are in the handout, with their links.",
        "closing_key": "Thank you for taking part.",
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
        "print_single": "Enkelzijdig afdrukken; knip langs de snijtekens",
        "guide": "Draaiboek", "materials": "Materialen", "plan": "Het verloop", "clock": "Tijd", "slide_col": "Dia",
        "what_happens": "Wat er gebeurt", "min_col": "Min.", "duration": "Duur", "date": "Datum",
        "start_end": "Begin – einde", "running_time": "looptijd vanaf 0:00", "slide_n": "dia {n}",
        "key_points": "Kernpunten van het antwoord", "debrief": "Nabespreking",
        "debrief_prompt": "Vraag twee of drie groepjes wat ze vonden; laat dan dia {slide} zien en sluit af met: {say}",
        "debrief_notes": "Vraag twee of drie groepjes wat ze vonden; sluit dan af met: {say}",
        "mat_cards": "Gesprekskaarten ({file}): {sheets} per set, dubbelzijdig afgedrukt (omslaan langs de lange zijde) en geknipt; een set per groepje van vier",
        "mat_cards_single": "Gesprekskaarten ({file}): {sheets} per set, enkelzijdig afgedrukt en geknipt; een set per groepje van vier",
        "n_sheets": "{n} vellen", "n_sheet": "1 vel",
        "mat_handout": "Hand-outs ({file}): een per deelnemer", "mat_qr": "De link achter de QR-code op de slotdia: {url}",
        "mat_projector": "Beamer en scherm, de presentatie ({file}), een presenter",
        "round_key": "Nu zijn jullie aan de beurt: {n} vragen, elk met een opdracht en een tijd.",
        "round_how": "Zo werkt de ronde: lees de vraag voor en noem de opdracht en de tijd; de groepjes praten terwijl de dia blijft staan; waarschuw een minuut voor het einde; vraag dan twee of drie groepjes wat ze vonden en laat het antwoord zien.",
        "agenda_key": "Dit is ons plan: we ronden af om {end}.", "sources_key": "De bronnen staan in de hand-out, met hun links.",
        "closing_key": "Bedankt voor jullie inbreng.",
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
        "print_single": "Einseitig drucken; an den Schnittmarken schneiden",
        "guide": "Ablaufplan", "materials": "Material", "plan": "Der Ablauf", "clock": "Uhrzeit", "slide_col": "Folie",
        "what_happens": "Was passiert", "min_col": "Min.", "duration": "Dauer", "date": "Datum",
        "start_end": "Beginn – Ende", "running_time": "Laufzeit ab 0:00", "slide_n": "Folie {n}",
        "key_points": "Kernpunkte der Antwort", "debrief": "Auswertung",
        "debrief_prompt": "Fragen Sie zwei oder drei Gruppen nach ihren Ergebnissen; zeigen Sie dann Folie {slide} und schließen Sie mit: {say}",
        "debrief_notes": "Fragen Sie zwei oder drei Gruppen nach ihren Ergebnissen; schließen Sie dann mit: {say}",
        "mat_cards": "Gesprächskarten ({file}): {sheets} pro Satz, beidseitig gedruckt (an der langen Kante spiegeln) und geschnitten; ein Satz pro Vierergruppe",
        "mat_cards_single": "Gesprächskarten ({file}): {sheets} pro Satz, einseitig gedruckt und geschnitten; ein Satz pro Vierergruppe",
        "n_sheets": "{n} Bögen", "n_sheet": "1 Bogen",
        "mat_handout": "Handouts ({file}): eines pro Person", "mat_qr": "Der Link hinter dem QR-Code auf der Schlussfolie: {url}",
        "mat_projector": "Beamer und Leinwand, die Präsentation ({file}), ein Presenter",
        "round_key": "Jetzt sind Sie dran: {n} Fragen, jede mit einer Aufgabe und einer Zeit.",
        "round_how": "So läuft die Runde: die Frage vorlesen, Aufgabe und Zeit nennen; die Gruppen sprechen, während die Folie stehen bleibt; eine Minute vor Schluss ankündigen; dann zwei oder drei Gruppen nach ihren Ergebnissen fragen und die Antwort zeigen.",
        "agenda_key": "Das ist unser Plan: wir enden um {end}.", "sources_key": "Die Quellen stehen mit ihren Links im Handout.",
        "closing_key": "Vielen Dank für Ihre Beiträge.",
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
        "print_single": "Imprimer en recto seul ; découper le long des traits",
        "guide": "Déroulé", "materials": "Matériel", "plan": "Le déroulement", "clock": "Heure", "slide_col": "Diapo",
        "what_happens": "Ce qui se passe", "min_col": "Min.", "duration": "Durée", "date": "Date",
        "start_end": "Début – fin", "running_time": "temps écoulé depuis 0:00", "slide_n": "diapo {n}",
        "key_points": "Points clés de la réponse", "debrief": "Mise en commun",
        "debrief_prompt": "Demandez à deux ou trois groupes ce qu’ils ont trouvé ; montrez ensuite la diapo {slide} et concluez par : {say}",
        "debrief_notes": "Demandez à deux ou trois groupes ce qu’ils ont trouvé ; concluez ensuite par : {say}",
        "mat_cards": "Cartes de discussion ({file}) : {sheets} par jeu, imprimées recto verso (retourner sur le bord long) et découpées ; un jeu par groupe de quatre",
        "mat_cards_single": "Cartes de discussion ({file}) : {sheets} par jeu, imprimées en recto seul et découpées ; un jeu par groupe de quatre",
        "n_sheets": "{n} feuilles", "n_sheet": "1 feuille",
        "mat_handout": "Documents ({file}) : un par participant", "mat_qr": "Le lien du code QR de la diapositive de clôture : {url}",
        "mat_projector": "Projecteur et écran, la présentation ({file}), une télécommande",
        "round_key": "À vous maintenant : {n} questions, chacune avec une consigne et une durée.",
        "round_how": "Le déroulement du tour : lisez la question à voix haute, donnez la consigne et la durée ; les groupes discutent pendant que la diapositive reste affichée ; prévenez une minute avant la fin ; demandez ensuite à deux ou trois groupes ce qu’ils ont trouvé et montrez la réponse.",
        "agenda_key": "Voici notre programme : nous terminons à {end}.", "sources_key": "Les sources sont dans le document imprimé, avec leurs liens.",
        "closing_key": "Merci de votre participation.",
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
