"""A build killed at any moment leaves build/ with complete editions, old or new (never half)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from pypdf import PdfReader

from conftest import EPOCH, MINIMAL_YAML, REPO, write_project

KILLS = 10
TEMP_SUFFIXES = (".tmp", ".new", ".old")


def text(version: int) -> str:
    return f"# One\n\nMarker{version} opens the book.\n\n# Two\n\n" + "More words here. " * 200 + "\n"


def start_build(root: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), SOURCE_DATE_EPOCH=EPOCH)
    return subprocess.Popen([sys.executable, "-m", "publish", "build", str(root)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def check_complete(out: Path, versions: set[int]) -> None:
    """Every edition present is whole, and is one of the versions built."""
    pdf = out / "a-small-book.pdf"
    content = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert any(f"Marker{v}" in content for v in versions), content[:200]
    with zipfile.ZipFile(out / "a-small-book.epub") as epub:
        assert epub.testzip() is None
        assert epub.namelist()[0] == "mimetype"
        body = b" ".join(epub.read(n) for n in epub.namelist() if n.endswith(".xhtml"))
        assert any(f"Marker{v}".encode() in body for v in versions)
    site = out / "html"
    assert (site / "index.html").is_file()
    pages = b" ".join(p.read_bytes() for p in site.glob("*.html"))
    assert any(f"Marker{v}".encode() in pages for v in versions)


def leftovers(out: Path) -> list[str]:
    return [p.name for p in out.rglob("*") if p.name.endswith(TEMP_SUFFIXES) and ".cache" not in p.parts]


def test_sigkill_at_random_moments(tmp_path: Path) -> None:
    root = write_project(tmp_path, MINIMAL_YAML, {"one.md": text(0)})
    out = root / "build"
    started = time.monotonic()
    first = start_build(root)
    assert first.wait(timeout=300) == 0, first.stderr.read().decode()[-2000:]
    duration = time.monotonic() - started
    check_complete(out, {0})
    rng = random.Random(8)
    for kill in range(1, KILLS + 1):
        (root / "manuscript" / "one.md").write_text(text(kill))
        build = start_build(root)
        time.sleep(rng.uniform(0.05, duration))
        build.send_signal(signal.SIGKILL)
        build.wait(timeout=60)
        check_complete(out, set(range(kill + 1)))
    final = start_build(root)
    assert final.wait(timeout=300) == 0, final.stderr.read().decode()[-2000:]
    check_complete(out, {KILLS})
    assert leftovers(out) == []
