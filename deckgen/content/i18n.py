"""Words the outputs add around the content, in the content's language, and its dates.

The words ("Agenda", "(continued)", "Question 3 of 7" …) come from deckgen's own
translations (en, nl, de, fr), else from the content file's `labels:`, else English (the
loader warns once, naming the language and how to supply them). Dates are written in the
language's long CLDR format, from Babel, for any BCP 47 tag ("3 de mayo de 2024"); Babel is
imported only when a date is not in the cache yet ($XDG_CACHE_HOME/deckgen/cldr).
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

_STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "round_how_whole": "How the round works: read the question aloud and give the task and the time; the whole group talks while the slide stays up; call time a minute before the end; then ask a few participants what they think and show the answer.",
        "debrief_prompt_next": "Ask two or three groups what they found; then show the answer slide and close with: {say}",
        "debrief_points_next": "Ask two or three groups what they found; then show the answer slide and go over the key points.",
        "debrief_prompt_whole_next": "Ask a few participants what they think; then show the answer slide and close with: {say}",
        "debrief_points_whole_next": "Ask a few participants what they think; then show the answer slide and go over the key points.",
        "numbers_unknown": "\u2013 : a number the run sheet cannot know in advance (a table or a text before it continues over as many slides as this template makes it); find the slide by its title.",
        "also_say": "Also say", "in_handout": "The handout has the whole text.", "next_slide": "Next: {title}", "continued_slot": "Still the slot of the slide before ({span}).",
        "sources_key_plain": "The sources are in the handout too.",
        "then_answer_whole": "Ask a few participants what they think; then show the answer slide.",
        "round_whole": "{questions}: for the whole group; there, ask a few participants what they think.",
        "debrief_prompt_whole": "Ask a few participants what they think; then show slide {slide} and close with: {say}",
        "debrief_notes_whole": "Ask a few participants what they think; then close with: {say}",
        "debrief_points_whole": "Ask a few participants what they think; then show slide {slide} and go over the key points.",
        "debrief_points_notes_whole": "Ask a few participants what they think; then go over the key points.",
        "agenda_key_running": "Here is our plan: about {n} minutes.",
        "debrief_points": "Ask two or three groups what they found; then show slide {slide} and go over the key points.", "debrief_points_notes": "Ask two or three groups what they found; then go over the key points.",
        "print_single": "Print single-sided; cut along the marks",
        "notes_handout": "Speaker notes",
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
    },
    "nl": {
        "round_how_whole": "Zo werkt de ronde: lees de vraag voor en noem de opdracht en de tijd; de hele groep praat terwijl de dia blijft staan; waarschuw een minuut voor het einde; vraag dan een paar deelnemers wat ze ervan vinden en laat het antwoord zien.",
        "debrief_prompt_next": "Vraag twee of drie groepjes wat ze vonden; laat dan de antwoorddia zien en sluit af met: {say}",
        "debrief_points_next": "Vraag twee of drie groepjes wat ze vonden; laat dan de antwoorddia zien en loop de kernpunten langs.",
        "debrief_prompt_whole_next": "Vraag een paar deelnemers wat ze ervan vinden; laat dan de antwoorddia zien en sluit af met: {say}",
        "debrief_points_whole_next": "Vraag een paar deelnemers wat ze ervan vinden; laat dan de antwoorddia zien en loop de kernpunten langs.",
        "numbers_unknown": "\u2013 : een nummer dat het draaiboek niet vooraf kan weten (een tabel of tekst ervoor loopt door over zoveel dia's als deze sjabloon nodig maakt); zoek de dia op zijn titel.",
        "also_say": "Vertel ook", "in_handout": "De hele tekst staat in de hand-out.", "next_slide": "Volgende dia: {title}", "continued_slot": "Nog het tijdslot van de vorige dia ({span}).",
        "sources_key_plain": "De bronnen staan ook in de hand-out.",
        "then_answer_whole": "Vraag een paar deelnemers wat ze ervan vinden; laat daarna de antwoorddia zien.",
        "round_whole": "{questions}: met de hele groep; vraag daar een paar deelnemers wat ze ervan vinden.",
        "debrief_prompt_whole": "Vraag een paar deelnemers wat ze ervan vinden; laat dan dia {slide} zien en sluit af met: {say}",
        "debrief_notes_whole": "Vraag een paar deelnemers wat ze ervan vinden; sluit dan af met: {say}",
        "debrief_points_whole": "Vraag een paar deelnemers wat ze ervan vinden; laat dan dia {slide} zien en loop de kernpunten langs.",
        "debrief_points_notes_whole": "Vraag een paar deelnemers wat ze ervan vinden; loop dan de kernpunten langs.",
        "agenda_key_running": "Dit is ons plan: ongeveer {n} minuten.",
        "debrief_points": "Vraag twee of drie groepjes wat ze vonden; laat dan dia {slide} zien en loop de kernpunten langs.", "debrief_points_notes": "Vraag twee of drie groepjes wat ze vonden; loop dan de kernpunten langs.",
        "print_single": "Enkelzijdig afdrukken; knip langs de snijtekens",
        "notes_handout": "Sprekersnotities",
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
    },
    "de": {
        "round_how_whole": "So läuft die Runde: die Frage vorlesen, Aufgabe und Zeit nennen; die ganze Gruppe spricht, während die Folie stehen bleibt; eine Minute vor Schluss ankündigen; dann einige Teilnehmende nach ihrer Meinung fragen und die Antwort zeigen.",
        "debrief_prompt_next": "Fragen Sie zwei oder drei Gruppen nach ihren Ergebnissen; zeigen Sie dann die Antwortfolie und schließen Sie mit: {say}",
        "debrief_points_next": "Fragen Sie zwei oder drei Gruppen nach ihren Ergebnissen; zeigen Sie dann die Antwortfolie und gehen Sie die Kernpunkte durch.",
        "debrief_prompt_whole_next": "Fragen Sie einige Teilnehmende nach ihrer Meinung; zeigen Sie dann die Antwortfolie und schließen Sie mit: {say}",
        "debrief_points_whole_next": "Fragen Sie einige Teilnehmende nach ihrer Meinung; zeigen Sie dann die Antwortfolie und gehen Sie die Kernpunkte durch.",
        "numbers_unknown": "\u2013 : eine Nummer, die der Ablaufplan nicht vorab kennt (eine Tabelle oder ein Text davor läuft über so viele Folien, wie diese Vorlage es verlangt); die Folie am Titel finden.",
        "also_say": "Außerdem sagen", "in_handout": "Der ganze Text steht im Handout.", "next_slide": "Nächste Folie: {title}", "continued_slot": "Noch das Zeitfenster der vorigen Folie ({span}).",
        "sources_key_plain": "Die Quellen stehen auch im Handout.",
        "then_answer_whole": "Fragen Sie einige Teilnehmende nach ihrer Meinung; danach die Antwortfolie zeigen.",
        "round_whole": "{questions}: mit der ganzen Gruppe; dort einige Teilnehmende nach ihrer Meinung fragen.",
        "debrief_prompt_whole": "Fragen Sie einige Teilnehmende nach ihrer Meinung; zeigen Sie dann Folie {slide} und schließen Sie mit: {say}",
        "debrief_notes_whole": "Fragen Sie einige Teilnehmende nach ihrer Meinung; schließen Sie dann mit: {say}",
        "debrief_points_whole": "Fragen Sie einige Teilnehmende nach ihrer Meinung; zeigen Sie dann Folie {slide} und gehen Sie die Kernpunkte durch.",
        "debrief_points_notes_whole": "Fragen Sie einige Teilnehmende nach ihrer Meinung; gehen Sie dann die Kernpunkte durch.",
        "agenda_key_running": "Das ist unser Plan: etwa {n} Minuten.",
        "debrief_points": "Fragen Sie zwei oder drei Gruppen nach ihren Ergebnissen; zeigen Sie dann Folie {slide} und gehen Sie die Kernpunkte durch.", "debrief_points_notes": "Fragen Sie zwei oder drei Gruppen nach ihren Ergebnissen; gehen Sie dann die Kernpunkte durch.",
        "print_single": "Einseitig drucken; an den Schnittmarken schneiden",
        "notes_handout": "Notizen für Vortragende",
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
    },
    "fr": {
        "round_how_whole": "Le déroulement du tour : lisez la question à voix haute, donnez la consigne et la durée ; le groupe entier discute pendant que la diapositive reste affichée ; prévenez une minute avant la fin ; demandez ensuite à quelques participants ce qu’ils en pensent et montrez la réponse.",
        "debrief_prompt_next": "Demandez à deux ou trois groupes ce qu’ils ont trouvé ; montrez ensuite la diapositive de réponse et concluez par : {say}",
        "debrief_points_next": "Demandez à deux ou trois groupes ce qu’ils ont trouvé ; montrez ensuite la diapositive de réponse et reprenez les points clés.",
        "debrief_prompt_whole_next": "Demandez à quelques participants ce qu’ils en pensent ; montrez ensuite la diapositive de réponse et concluez par : {say}",
        "debrief_points_whole_next": "Demandez à quelques participants ce qu’ils en pensent ; montrez ensuite la diapositive de réponse et reprenez les points clés.",
        "numbers_unknown": "\u2013 : un numéro que la fiche ne peut connaître d’avance (un tableau ou un texte avant lui continue sur autant de diapositives que ce modèle l’exige) ; trouvez la diapositive par son titre.",
        "also_say": "À dire aussi", "in_handout": "Le texte complet figure dans le document imprimé.", "next_slide": "Diapositive suivante : {title}", "continued_slot": "Toujours le créneau de la diapositive précédente ({span}).",
        "sources_key_plain": "Les sources figurent aussi dans le document imprimé.",
        "then_answer_whole": "Demandez à quelques participants ce qu’ils en pensent ; montrez ensuite la diapositive de réponse.",
        "round_whole": "{questions} : en grand groupe ; demandez-y à quelques participants ce qu’ils en pensent.",
        "debrief_prompt_whole": "Demandez à quelques participants ce qu’ils en pensent ; montrez ensuite la diapo {slide} et concluez par : {say}",
        "debrief_notes_whole": "Demandez à quelques participants ce qu’ils en pensent ; concluez ensuite par : {say}",
        "debrief_points_whole": "Demandez à quelques participants ce qu’ils en pensent ; montrez ensuite la diapo {slide} et reprenez les points clés.",
        "debrief_points_notes_whole": "Demandez à quelques participants ce qu’ils en pensent ; reprenez ensuite les points clés.",
        "agenda_key_running": "Voici notre programme : environ {n} minutes.",
        "debrief_points": "Demandez à deux ou trois groupes ce qu’ils ont trouvé ; montrez ensuite la diapo {slide} et reprenez les points clés.", "debrief_points_notes": "Demandez à deux ou trois groupes ce qu’ils ont trouvé ; reprenez ensuite les points clés.",
        "print_single": "Imprimer en recto seul ; découper le long des traits",
        "notes_handout": "Notes de l’intervenant",
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
    },
}


# The words a content file's `labels:` may give: every phrase but the region.
LABELS = tuple(key for key in _STRINGS["en"] if key != "region")

# The document's own words while it is rendered (renderers.base sets them from doc.labels).
_own: ContextVar[Mapping[str, str]] = ContextVar("deckgen_labels", default={})


# The language of the document being rendered (renderers.base sets it with its labels), for `foreign`.
_language: ContextVar[str | None] = ContextVar("deckgen_language", default=None)


@contextmanager
def labels(words: Mapping[str, str] | None, language: str | None = None) -> Iterator[None]:
    """Within: t() answers with these words (a document's `labels:`) before any translation; `foreign()`
    knows the document's language."""
    token, lang_token = _own.set(words or {}), _language.set(language)
    try:
        yield
    finally:
        _own.reset(token)
        _language.reset(lang_token)


def foreign() -> tuple[str, tuple[re.Pattern, ...]] | None:
    """While a document in a language deckgen has no words for is rendered: ("en", a pattern for each
    phrase deckgen adds in English there and the document's `labels:` do not give, its {names} as any
    text, but for phrases around the document's own words, `{say}`): the passages a screen reader should
    speak as English ("Sources", "Question 3 of 7") in a Spanish document. None when every phrase is the
    document's language's."""
    lang = _language.get()
    if lang is None or known(lang):
        return None
    patterns = _english_patterns(tuple(sorted(k for k in LABELS if k not in _own.get())))
    return ("en", patterns) if patterns else None


def english_phrase(text: str, found: tuple[str, tuple[re.Pattern, ...]] | None) -> bool:
    """Whether `text` (its spaces as they fall) is one of deckgen's own phrases left in English, by what
    `foreign()` found for the document (None: there are none)."""
    plain = " ".join(text.split())
    return bool(found and plain and any(p.fullmatch(plain) for p in found[1]))


def passage_culture(text: str, culture: str) -> str:
    """The language tag for a passage of an office file: British English ('en-GB', as deckgen writes its
    English) for one of deckgen's own phrases left in English in a document of another language
    (`foreign`), else `culture`."""
    return "en-GB" if english_phrase(text, foreign()) else culture


_NUMBERS = {"n", "total", "page", "slide"}  # placeholders that are numbers: "{n} min" is no task line's end
_NUMBER = r"\d[\d.,:\u2013\s-]*"


@lru_cache(maxsize=16)
def _english_patterns(keys: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    out = []
    for key in keys:
        phrase = _STRINGS["en"][key]
        parts = re.split(r"\{([^{}]*)\}", phrase)  # literal, name, literal, name, …
        literal = parts[::2]
        if sum(c.isalpha() for piece in literal for c in piece) < 3 or "{say}" in phrase:
            continue  # mostly, or partly, the document's own words ("… close with: {say}"): not all English
        pattern = "".join(re.escape(part) if i % 2 == 0 else (_NUMBER if part in _NUMBERS else ".+?")
                          for i, part in enumerate(parts))
        out.append(re.compile(pattern, re.S | re.I))  # (a kicker in capitals)
    return tuple(out)


def t(lang: str, key: str, **values: object) -> str:
    """The phrase `key` in `lang` (a BCP 47 tag): the document's own label, else deckgen's
    translation, else English."""
    own = _own.get().get(key)
    if own is not None:
        return own.format(**values)
    table = _STRINGS.get(lang.split("-")[0].lower(), _STRINGS["en"])
    return table[key].format(**values)


def english(key: str) -> str:
    """The phrase as deckgen writes it in English, placeholders unfilled ('Question {n} of {total}')."""
    return _STRINGS["en"][key]


def placeholders(key: str) -> set[str]:
    """The {names} a phrase fills in ('question_of': n, total)."""
    import string

    return {field for _, field, _, _ in string.Formatter().parse(_STRINGS["en"][key]) if field}


def untranslated(lang: str, given: Mapping[str, str]) -> list[str]:
    """The phrases that will be English in a document in `lang` with these labels (none for en, nl, de, fr)."""
    return [] if known(lang) else [key for key in LABELS if key not in given]


def known(lang: str) -> bool:
    return lang.split("-")[0].lower() in _STRINGS


def culture(lang: str) -> str:
    """A language-region tag for office files: 'nl' -> 'nl-NL', 'nl-BE' stays."""
    if "-" in lang:
        head, rest = lang.split("-", 1)
        return f"{head.lower()}-{rest.upper() if len(rest) == 2 else rest}"
    return f"{lang.lower()}-{t(lang, 'region')}" if known(lang) else lang.lower()


def long_date(iso: str | None, lang: str) -> str:
    """'2024-05-03' in the language's long CLDR format: '3 mei 2024', '3 May 2024' (en is en-GB),
    '3. Mai 2024', '3 de mayo de 2024', '2024年5月3日'; in English for a language CLDR lacks."""
    if not iso:
        return ""
    return _long_date(iso, culture(lang) if known(lang) else lang)


def month_first(lang: str) -> bool:
    """Whether the language writes a date in figures month first (its CLDR short date: en-US "5/3/24")."""
    tag = culture(lang) if known(lang) else lang
    entry = _cldr(tag)
    if "month_first" not in entry:
        locale = _babel_locale(tag)
        pattern = locale.date_formats["short"].pattern if locale is not None else "d/M/y"
        entry["month_first"] = pattern.find("M") < pattern.find("d")
        _cldr_store(tag, entry)
    return bool(entry["month_first"])


def is_tag(tag: str) -> bool:
    """Whether the text has the form of a BCP 47 tag (nl, nl-BE, zh-Hant-TW)."""
    import re

    return re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", tag) is not None


def cldr_knows(tag: str) -> bool:
    """Whether CLDR (Babel) has the tag's language."""
    from babel.core import Locale, UnknownLocaleError

    try:
        Locale.parse(tag.split("-")[0], sep="-")
        return True
    except (UnknownLocaleError, ValueError, TypeError):
        return False


def closest_tag(text: str) -> str | None:
    """The tag a user probably meant: 'Spanish' or 'español' -> 'es', 'nederlands' -> 'nl', 'sapnish' -> 'es'."""
    import difflib

    from babel.core import Locale

    wanted = text.strip().lower()
    names: dict[str, str] = {}
    for code, name in Locale("en").languages.items():
        if "_" not in code and len(code) <= 3:
            names.setdefault(name.lower(), code)
    for code in ("nl", "en", "de", "fr", "es", "it", "pt", "pl", "tr", "ar", "zh", "ja", "ru", "uk"):  # own names
        names.setdefault(Locale(code).get_display_name(code).lower(), code)
    if wanted in names:
        return names[wanted]
    close = difflib.get_close_matches(wanted, list(names), n=1, cutoff=0.75)  # a misspelt name; codes are too
    return names[close[0]] if close else None                                 # short to guess from


def language_name(lang: str) -> str:
    """The language's name in English ('es-MX' -> 'Spanish (Mexico)'), or the tag when CLDR has none."""
    entry = _cldr(lang)
    if "name" not in entry:
        locale = _babel_locale(lang)
        entry["name"] = locale.english_name if locale is not None and locale.english_name else lang
        _cldr_store(lang, entry)
    return entry["name"]


@lru_cache(maxsize=64)
def _long_date(iso: str, tag: str) -> str:
    entry = _cldr(tag)
    dates = entry.setdefault("dates", {})
    if iso not in dates:
        from babel.dates import format_date

        locale = _babel_locale(tag) or _babel_locale("en-GB")
        dates[iso] = format_date(_dt.date.fromisoformat(iso), "long", locale=locale)
        _cldr_store(tag, entry)
    return dates[iso]


def _babel_locale(tag: str):
    """Babel's Locale for a BCP 47 tag, or for its language alone; None when CLDR has neither."""
    from babel.core import Locale, UnknownLocaleError

    for candidate in dict.fromkeys((tag, tag.split("-")[0])):
        try:
            return Locale.parse(candidate, sep="-")
        except (UnknownLocaleError, ValueError, TypeError):
            continue
    return None


# --- the CLDR cache: one small JSON file per language tag (what Babel said), keyed by Babel's install

@lru_cache(maxsize=None)
def _cldr_file(tag: str):
    import hashlib
    from importlib.util import find_spec

    from deckgen.cache import cache_dir

    spec = find_spec("babel")
    stamp = ""
    if spec is not None and spec.origin:
        import os

        info = os.stat(spec.origin)
        stamp = f"{spec.origin}|{info.st_size}|{info.st_mtime_ns}"
    return cache_dir("cldr") / (hashlib.sha1(f"{tag}|{stamp}|1".encode()).hexdigest() + ".json")


@lru_cache(maxsize=None)
def _cldr(tag: str) -> dict:
    try:
        entry = json.loads(_cldr_file(tag).read_text(encoding="utf-8"))
        return entry if isinstance(entry, dict) else {}
    except (OSError, ValueError):
        return {}


def _cldr_store(tag: str, entry: dict) -> None:
    from deckgen.cache import cache_store

    cache_store(_cldr_file(tag), json.dumps(entry, ensure_ascii=False).encode("utf-8"))


def task_line(task: str, duration: int | None, lang: str) -> str:
    """'Bespreek in tweetallen: … — 10 min' (either part may be missing); the time is joined
    to the dash before it by no-break spaces, so it never wraps onto a line of its own."""
    if not duration:
        return task
    time = t(lang, "minutes", n=duration).replace(" ", "\u00a0")
    return f"{task}\u00a0—\u00a0{time}" if task else time
