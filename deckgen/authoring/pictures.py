"""The pictures an import found: what each carries (its image's bytes and format, its alt text),
and where the draft places them: the first of a part's pictures as that part's `image:` (the title,
a section, a question), the others listed as not imported, with where they stood."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from deckgen.content.pictures import MAX_BYTES


class Block(Protocol):
    """What is read here of draft.Block: where it stood, its picture (a picture block), and the picture
    blocks kept with it."""

    where: str
    picture: ImportedPicture | None
    pictures: list


@dataclass(frozen=True)
class ImportedPicture:
    """A picture found in the document, with what the draft's `image:` needs."""

    data: bytes
    suffix: str           # the file's: .jpg, .png, .gif or .webp
    alt: str              # "" when the document has none
    decorative: bool
    generated: bool       # the alternative text is one Word wrote by itself
    name: str             # the document's name for it ("Picture 3", a file name), for messages


class Pictures:
    """The pictures a part of the draft shows: the first of its blocks' pictures, as an `image:` value
    (its `file:` is set when the file is written); the others are reported as not imported."""

    def __init__(self, draft_pictures: list, skipped: list[str], notices: list[str]):
        self.found, self.skipped, self.notices = draft_pictures, skipped, notices

    def first(self, blocks: list, where: str) -> dict | None:
        blocks = [b for b in blocks if b is not None]
        found = [p for b in blocks for p in b.pictures]
        for block in blocks:  # each picture is placed (or reported) once
            block.pictures = []
        extra = found[1:]
        if extra:
            self.skipped.append(f"{images(extra)}: {where} shows one picture, the first ({found[0].where})")
        if not found:
            return None
        picture = found[0].picture
        value: dict = {"file": ""}
        if picture.decorative:
            value["decorative"] = "yes"
        elif picture.alt:
            value["alt"] = picture.alt
            if picture.generated:
                self.notices.append(f"the picture of {where} ({found[0].where}) has the alt text Word wrote by "
                                    "itself: check that 'alt:' says what the picture shows")
        else:
            self.notices.append(f"the picture of {where} ({found[0].where}) has no alt text in the document: "
                                "write what it shows under 'alt:', or decorative: \"yes\"")
        self.found.append((value, picture))
        return value

    def none(self, blocks: list, where: str) -> None:
        for block in (b for b in blocks if b is not None):
            if block.pictures:
                self.skipped.append(f"{images(block.pictures)}: in {where}, where a picture has no place")
            block.pictures = []


def too_large(size: int) -> str | None:
    """Why a picture of `size` bytes is not taken (more than a content file's picture may be), or None."""
    return f"{size // 2**20} MB, more than a picture may be ({MAX_BYTES // 2**20} MB)" if size > MAX_BYTES else None


def images(blocks: list[Block]) -> str:
    """'image paragraph 7', or '3 images (paragraph 7, paragraph 9, line 12)'."""
    if len(blocks) == 1:
        return f"image {blocks[0].where}"
    return f"{len(blocks)} images ({', '.join(b.where for b in blocks[:8])}{' …' if len(blocks) > 8 else ''})"
