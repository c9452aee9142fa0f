"""Build the seed documents with every built-in theme and with each test template; print each output's SHA-256.

Run before and after a change that must not change outputs (a move, a refactor), then diff.
"""
import hashlib
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = sorted((ROOT / "tests/data/templates").glob("*.p?tx"))


def run(out: Path, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "deckgen", "build", "-q", "--force", "--out", str(out), *args],
                   cwd=ROOT, check=True)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        run(out / "themes", "--all-themes")
        for t in TEMPLATES:
            run(out / f"tpl-{t.stem}", "--format", "deck", "--template", str(t))
        for f in sorted(p for p in out.rglob("*") if p.is_file() and ".deckgen" not in p.parts):
            print(hashlib.sha256(f.read_bytes()).hexdigest()[:16], f.relative_to(out))


if __name__ == "__main__":
    main()
