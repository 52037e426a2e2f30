"""Benchmark: 40 numbered copies against one build of the print edition.

Target (issue #9): `publish copies --from 1 --to 40` in at most 1.5× the time of building the
print edition once. Measured on the seed (or an N× book) made a limited edition of 40 copies,
each step in its own child process on the same machine:

    print build    publish build --format pdf --force      (typesets the book)
    copies         publish copies --from 1 --to 40         (the print edition from the cache)
    copies, cold   the same with no cache                  (typesets once, then stamps)

    python bench/copies.py             # the seed
    python bench/copies.py --scale 10  # a 10× book
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import make_project, measure  # noqa: E402  (bench/build.py, beside this file)

COPIES = 40


def limited(project: Path, copies: int) -> Path:
    yaml_path = project / "manuscript" / "book.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    yaml_path.write_text(text.rstrip("\n") + f"\nlimitation:\n  copies: {copies}\n", encoding="utf-8")
    return project


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=1, help="the seed's chapters repeated N times (default: 1)")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1764000000")
    publish = [sys.executable, "-m", "publish", "-q"]
    with tempfile.TemporaryDirectory(prefix="publish-bench-copies-") as tmp:
        project = limited(make_project(Path(tmp) / "book", args.scale), COPIES)
        build_s, _, build_mb = measure([*publish, "build", str(project), "--format", "pdf", "--force"])
        copies_s, _, copies_mb = measure([*publish, "copies", str(project), "--from", "1", "--to", str(COPIES)])
        shutil.rmtree(project / "build")
        cold_s, _, _ = measure([*publish, "copies", str(project), "--from", "1", "--to", str(COPIES)])
        written = sorted((project / "build" / "copies").glob("*.pdf"))
        pages = _pages(project / "build")
    if len(written) != COPIES:
        raise SystemExit(f"expected {COPIES} copies, found {len(written)}")
    print(f"book: the seed ×{args.scale}, {pages} pages; {COPIES} copies")
    print(f"print build (once)          {build_s:7.2f} s  {build_mb:6.0f} MiB")
    print(f"{COPIES} copies (cached book)    {copies_s:7.2f} s  {copies_mb:6.0f} MiB  "
          f"ratio {copies_s / build_s:.2f}× (target ≤ 1.5×)")
    print(f"{COPIES} copies (cold: typeset once + stamp) {cold_s:7.2f} s  ratio {cold_s / build_s:.2f}×")


def _pages(build: Path) -> int:
    import pypdf

    pdfs = [p for p in build.glob("*.pdf")]
    return len(pypdf.PdfReader(pdfs[0]).pages) if pdfs else 0


if __name__ == "__main__":
    main()
