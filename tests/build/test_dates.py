"""The PDFs' dates: SOURCE_DATE_EPOCH when set (same bytes for the same inputs), else the content's
`date`, else the build time; in the info dictionary and the XMP alike."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pikepdf
import pytest

from deckgen.build.run import Settings, build, source_date_epoch
from deckgen.renderers.pdf.meta import document_date

ROOT = Path(__file__).resolve().parents[2]
ENGLISH = ROOT / "content" / "migration-and-development-cooperation.yaml"


def dates(data: bytes) -> tuple[str, str, str]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        xmp = pdf.Root.Metadata.read_bytes().decode()
        return (str(pdf.docinfo.CreationDate), str(pdf.docinfo.ModDate),
                re.search(r"<xmp:CreateDate>([^<]+)<", xmp).group(1))


def run(tmp_path: Path, name: str, content: Path = ENGLISH) -> Path:
    out = tmp_path / name
    build(Settings(files=(content,), themes=("default",), out=out, formats=("handout", "cards"), jobs=1))
    return out / "default"


def test_two_builds_with_the_same_epoch_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first, second = run(tmp_path, "a"), run(tmp_path, "b")
    for kind in ("handout", "cards"):
        one = (first / f"{ENGLISH.stem}.{kind}.pdf").read_bytes()
        assert one == (second / f"{ENGLISH.stem}.{kind}.pdf").read_bytes()
        assert dates(one) == ("D:20231114221320+00'00'", "D:20231114221320+00'00'", "2023-11-14T22:13:20+00:00")


def test_without_an_epoch_the_content_date(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    data = (run(tmp_path, "a") / f"{ENGLISH.stem}.handout.pdf").read_bytes()
    assert dates(data) == ("D:20240503120000+00'00'", "D:20240503120000+00'00'", "2024-05-03T12:00:00+00:00")


def test_without_either_the_build_time(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    content = tmp_path / "doc.yaml"
    content.write_text('title: "Undated"\nlanguage: en\nsections:\n  - text: "A text."\n', encoding="utf-8")
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    data = (run(tmp_path, "a", content) / "doc.handout.pdf").read_bytes()
    created = dt.datetime.strptime(dates(data)[0][2:16], "%Y%m%d%H%M%S").replace(tzinfo=dt.timezone.utc)
    assert before <= created <= dt.datetime.now(dt.timezone.utc)


def test_another_epoch_rebuilds(tmp_path, monkeypatch):
    """The epoch is part of each output's stamp: a build with another one is not 'up to date'."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    out = run(tmp_path, "a") / f"{ENGLISH.stem}.handout.pdf"
    first = dates(out.read_bytes())
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    run(tmp_path, "a")
    assert dates(out.read_bytes()) != first


@pytest.mark.parametrize("value, expected", [("1700000000", 1700000000), ("", None), ("soon", None), ("-5", None)])
def test_epoch_from_the_environment(monkeypatch, value, expected):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    assert source_date_epoch() == expected


def test_document_date_order():
    assert document_date("2024-05-03", 0) == dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    assert document_date("2024-05-03") == dt.datetime(2024, 5, 3, 12, tzinfo=dt.timezone.utc)
