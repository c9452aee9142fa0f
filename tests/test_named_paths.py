"""Every path a user names, on the command line or in a content file or theme, is one guarded
stat away from a clear exit 1 (issue 26): a symbolic-link loop, a NUL, a lone surrogate, a
300-byte name, a FIFO; and the one rule for where a named file may lie.

The rule: a file named inside a YAML file is relative to that file and must lie inside its
root, by name and through every symbolic link: the theme folder for a theme (its logo,
fonts, template), the project folder (where deckgen runs) for a content file (its pictures
and logo; a content file outside the project: its own folder). Paths typed on the command
line are the user's own and are used as typed.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import picturedata
import pytest
from pptx import Presentation

from deckgen.cli import main

LONG = "a" * 300
DOC = 'title: "T"\nlanguage: en\n{extra}sections:\n  - text: "x"\n'


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "content").mkdir()
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))  # crash reports stay in the test's folder
    monkeypatch.chdir(tmp_path)
    os.symlink("loop", "loop")  # a link to itself: stat fails with ELOOP, resolve() raises
    os.symlink("loop", "content/loop")
    return tmp_path


@pytest.fixture
def run(capsys):
    def invoke(*args: str) -> tuple[int, str]:
        with pytest.raises(SystemExit) as info:
            main(list(args))
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err and "internal error" not in err, err
        return info.value.code, err

    return invoke


def content(extra: str = "") -> Path:
    path = Path("content/doc.yaml")
    path.write_text(DOC.format(extra=extra), encoding="utf-8")
    return path


@pytest.mark.parametrize("args, expected", [
    (("build", "loop"), "loop: error: cannot read the file: Too many levels of symbolic links"),
    (("build", LONG), f"{LONG}: error: "),
    (("validate", "loop"), "loop: error: cannot read the file: Too many levels of symbolic links"),
    (("build", "content/doc.yaml", "--out", LONG), f"{LONG}/default: error: cannot write outputs here: the "
                                                    "folder's name has a name of 300 bytes"),
    (("build", "content/doc.yaml", "--template", "loop"), "loop: error: the template cannot be read (Too many "
                                                          "levels of symbolic links)"),
    (("build", "content/doc.yaml", "--template", LONG + ".pptx"), f"{LONG}.pptx: error: the template cannot be "
                                                                  "read (File name too long)"),
    (("build", "content/doc.yaml", "--theme", "loop"), "Error: Invalid value for '--theme' / '-t': no theme 'loop'"),
    (("build", "content/doc.yaml", "--theme", LONG), "Error: Invalid value for '--theme' / '-t': no theme"),
    (("inspect", "loop"), "loop: error: the template cannot be read (Too many levels of symbolic links)"),
    (("new", "--from", "loop", "x.yaml"), "loop: error: the file cannot be read (Too many levels of symbolic "
                                          "links) (--from takes a .docx, .md or .txt file)"),
    (("new", "--from", LONG + ".docx", "x.yaml"), f"{LONG}.docx: error: the file name has a name of 305 bytes; "
                                                  "file names hold at most 255 (give the file a shorter name)"),
    (("new", LONG + ".yaml"), f"{LONG}.yaml: error: the file name has a name of 305 bytes"),
    (("themes", "check", "loop"), "loop: error: no theme 'loop'"),
], ids=["content-loop", "content-long", "validate-loop", "out-long", "template-loop", "template-long",
        "theme-loop", "theme-long", "inspect-loop", "from-loop", "from-long", "new-long", "themes-check-loop"])
def test_a_path_on_the_command_line_is_exit_1_with_what_is_wrong(project, run, args, expected):
    content()
    code, err = run(*args)
    if expected.startswith("Error: "):  # a usage error (click): exit 2, the message after the usage lines
        assert code == 2 and expected in err, err
    else:
        assert code == 1 and err.startswith(expected), err


@pytest.mark.parametrize("raw, message", [
    ("loop", "cannot be read (Too many levels of symbolic links): loop (name a regular file)"),
    ("a\\0b.png", "contains a NUL character (U+0000), which no file name can hold (retype the file name)"),
    ("a\\ud800.png", "contains U+D800, which no file name can hold (half of a surrogate pair) (retype the file name)"),
    (LONG + ".png", "has a name of 304 bytes; file names hold at most 255 (give the file a shorter name)"),
    ("/etc/hostname", "points outside the project folder: /etc/hostname (copy the file into the project folder "
                      "(where you run deckgen) and name it relative to the content file, without a leading '/')"),
    ("../../outside.png", "points outside the project folder: ../../outside.png"),
    ("~/x.png", "points outside the project folder: ~/x.png"),
    ("link.png", "leads outside the project folder (through a symbolic link): link.png (copy the file itself into "
                 "the project folder)"),
    ("fifo.png", "is a named pipe (FIFO), not a file: fifo.png (name a regular file)"),
], ids=["loop", "nul", "surrogate", "long", "absolute", "dotdot-out", "home", "symlink-out", "fifo"])
def test_a_picture_and_a_logo_in_the_content_follow_the_one_rule(project, run, raw, message):
    outside = project.parent / "outside.png"
    picturedata.photo(outside)
    os.symlink(outside, "content/link.png")
    os.mkfifo("content/fifo.png")  # reading it would wait forever: refused by its stat
    content(f'image:\n  file: "{raw}"\n  alt: "x"\nlogo:\n  file: "{raw}"\n  alt: "x"\n')
    code, err = run("build", "--format", "deck")
    assert code == 1
    image, logo = err.splitlines()[:2]
    assert image.startswith(f"content/doc.yaml:4:9: error: 'image: file' {message}"), err
    assert logo.startswith(f"content/doc.yaml:7:9: error: 'logo: file' {message}"), err
    assert not Path("output").exists()


def test_a_picture_may_be_anywhere_inside_the_project_by_dotdot_or_by_a_link(project, run):
    """A shared pictures folder beside content/ is the common case: '..' that stays inside the
    project, and a symbolic link to a file inside it, are used."""
    (project / "pictures").mkdir()
    picturedata.photo(project / "pictures" / "market.jpg")
    os.symlink(project / "pictures" / "market.jpg", "content/linked.jpg")
    content('image:\n  file: "../pictures/market.jpg"\n  alt: "A market"\n'
            'logo:\n  file: "linked.jpg"\n  alt: "Logo"\n')
    code, err = run("build", "--format", "deck")
    assert (code, err) == (0, "")
    prs = Presentation("output/default/doc.pptx")
    pictures = [shape for slide in prs.slides for shape in slide.shapes if shape.shape_type == 13]
    assert pictures, "the picture and the logo are in the deck"


def test_a_content_file_outside_the_project_keeps_its_pictures_inside_its_own_project(project, run, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    picturedata.photo(elsewhere / "photo.jpg")
    (elsewhere / "sub").mkdir()
    doc = elsewhere / "sub" / "doc.yaml"
    doc.write_text(DOC.format(extra='image:\n  file: "../photo.jpg"\n  alt: "x"\n'), encoding="utf-8")
    code, err = run("build", str(doc), "--format", "deck")
    assert code == 1 and "'image: file' points outside the project folder: ../photo.jpg" in err
    (elsewhere / "content").mkdir()  # a project elsewhere: its content/ folder, its pictures beside it
    (elsewhere / "content" / "doc.yaml").write_text(DOC.format(extra='image:\n  file: "../photo.jpg"\n  alt: "x"\n'),
                                                    encoding="utf-8")
    assert run("build", str(elsewhere / "content" / "doc.yaml"), "--format", "deck") == (0, "")
    (elsewhere / "sub" / "photo.jpg").write_bytes((elsewhere / "photo.jpg").read_bytes())
    doc.write_text(DOC.format(extra='image:\n  file: "photo.jpg"\n  alt: "x"\n'), encoding="utf-8")
    assert run("build", str(doc), "--format", "deck") == (0, "")


def test_a_theme_asset_that_is_a_symlink_loop_is_an_error(project, run):
    (project / "themes" / "brand").mkdir(parents=True)
    (project / "themes" / "brand" / "theme.yaml").write_text('name: "brand"\nlogo:\n  file: "logo.png"\n  alt: "L"\n',
                                                              encoding="utf-8")
    os.symlink("logo.png", project / "themes" / "brand" / "logo.png")
    content()
    code, err = run("build", "--theme", "brand")
    assert code == 1
    assert "theme.yaml:3:9: error: 'logo: file' cannot be read (Too many levels of symbolic links): logo.png" in err


def test_a_project_reached_through_a_linked_folder_is_still_the_project(project, run, tmp_path_factory):
    """'..' is taken from the content folder's real place: naming the content file through a link
    to the project folder (cwd is the real folder) does not make its pictures 'outside'."""
    picturedata.photo(project / "pic.jpg")
    content('image:\n  file: "../pic.jpg"\n  alt: "x"\n')
    link = tmp_path_factory.mktemp("links") / "project"
    os.symlink(project, link)
    code, err = run("validate", str(link / "content" / "doc.yaml"))
    assert (code, err) == (0, "")
