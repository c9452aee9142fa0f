"""Authoring: starting the files a user then edits (`deckgen themes new`, `deckgen new`).

May import every stage below it (it reads templates through the deck renderer's reader);
nothing imports it but the command line.
"""
