"""A build killed at any moment leaves build/ with complete editions, old or new (never half).

50 SIGKILLs (seeded): 40 at moments spread evenly over a whole build, 10 the moment the build
starts writing (a temporary file appears in the output folder). After each, every edition in
build/ must be byte for byte the old or the new one; those two were checked once (pypdf,
epubcheck). The next normal build then leaves no temporary file behind, in build/ or in --out.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import EPOCH, MINIMAL_YAML, REPO, write_project

KILLS = 50
AT_WRITING = 10  # of the kills, those aimed at the moment the build starts writing
EPUBCHECK = Path(sys.executable).parents[1] / "lib/python3.11/site-packages/epubcheck/epubcheck.jar"
# write_atomic, staging_dir, replace_dir and Cache.put: ".NAME.XXXXXXXX.tmp" / ".new", ".html.old".
TEMPORARY = re.compile(r"^\.(.+\.)?[a-z0-9_]{8}\.(tmp|new)$|^\.html\.old$")


def text(version: int) -> str:
    return (f"# One\n\nMarker{version} opens the book.[^1]\n\n[^1]: A note.\n\n# Two\n\n"
            + "More words here. " * 120 + "\n")


def start_build(root: Path, *args: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), SOURCE_DATE_EPOCH=EPOCH)
    return subprocess.Popen([sys.executable, "-m", "publish", "build", str(root), *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def run_build(root: Path, *args: str) -> float:
    """A normal build; how long it took, in seconds."""
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), SOURCE_DATE_EPOCH=EPOCH)
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "publish", "build", str(root), *args], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return time.monotonic() - started


def editions(out: Path) -> dict[str, dict[str, str]]:
    """Each edition in `out` (the PDF, the EPUB, the site folder) → its files' hashes."""
    found: dict[str, dict[str, str]] = {}
    for path in sorted(out.rglob("*")):
        relative = path.relative_to(out)
        if not path.is_file() or any(part.startswith(".") for part in relative.parts):  # temporaries, cache
            continue
        found.setdefault(relative.parts[0], {})[relative.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def leftovers(out: Path) -> list[str]:
    return [str(p.relative_to(out)) for p in out.rglob("*") if TEMPORARY.match(p.name)]


def epubcheck(path: Path) -> None:
    done = subprocess.run(["java", "-jar", str(EPUBCHECK), str(path)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]


def snapshot(root: Path, version: int, out: Path, *args: str) -> tuple[dict[str, dict[str, str]], float]:
    """Build one version normally and check it once: the PDF opens, the EPUB passes epubcheck."""
    (root / "manuscript" / "one.md").write_text(text(version))
    seconds = run_build(root, *args)
    pdf = out / "a-small-book.pdf"
    assert f"Marker{version}" in "".join(page.extract_text() for page in PdfReader(pdf).pages)
    epubcheck(out / "a-small-book.epub")
    return editions(out), seconds


def kill_moment(build: subprocess.Popen, out: Path, delay: float | None) -> str:
    """Kill after `delay` seconds, or (None) as soon as a temporary file shows in `out`."""
    started = time.monotonic()
    if delay is not None:
        time.sleep(delay)
    else:
        while build.poll() is None and time.monotonic() - started < 120:
            if any(TEMPORARY.match(name) for name in os.listdir(out)):
                break
            time.sleep(0.001)
    writing = any(TEMPORARY.match(name) for name in os.listdir(out))
    build.send_signal(signal.SIGKILL)
    build.wait(timeout=60)
    return "writing" if writing else "finished" if build.returncode == 0 else "rendering"


def assert_old_or_new(out: Path, versions: list[dict[str, dict[str, str]]]) -> None:
    now = editions(out)
    assert set(now) == {"a-small-book.pdf", "a-small-book.epub", "html"}, sorted(now)
    for edition, files in now.items():
        assert any(files == version[edition] for version in versions), f"{edition} is neither old nor new"
    assert len(PdfReader(out / "a-small-book.pdf").pages) > 0


def kill_repeatedly(root: Path, out: Path, kills: int, at_writing: int, seed: int, *args: str) -> dict[str, int]:
    old, _ = snapshot(root, 0, out, *args)
    new, duration = snapshot(root, 1, out, *args)  # a whole build of a changed manuscript
    assert all(old[e] != new[e] for e in old)  # each edition differs between the two versions
    rng = random.Random(seed)
    # Even strata over the whole build (and a little past it), in a shuffled order.
    slots = [(i + rng.random()) * duration * 1.1 / (kills - at_writing) for i in range(kills - at_writing)]
    moments: list[float | None] = slots + [None] * at_writing
    rng.shuffle(moments)
    seen: dict[str, int] = {}
    for delay in moments:
        current = editions(out)["a-small-book.pdf"]
        # Build the version the print edition does not hold, so that there is always work to do.
        (root / "manuscript" / "one.md").write_text(text(0 if current == new["a-small-book.pdf"] else 1))
        moment = kill_moment(start_build(root, *args), out, delay)
        seen[moment] = seen.get(moment, 0) + 1
        assert_old_or_new(out, [old, new])
    run_build(root, *args)
    assert_old_or_new(out, [old, new])
    assert leftovers(out) == [] and leftovers(root / "build") == []
    return seen


def test_sigkill_at_50_random_moments(tmp_path: Path) -> None:
    root = write_project(tmp_path, MINIMAL_YAML, {"one.md": text(0)})
    seen = kill_repeatedly(root, root / "build", KILLS, AT_WRITING, seed=8)
    print(f"kills: {seen}")
    assert seen.get("writing", 0) >= 1, seen  # some kills did land while files were being written


@pytest.mark.parametrize("kills", [3])
def test_sigkill_with_a_custom_out_folder(tmp_path: Path, kills: int) -> None:
    """--out: the temporaries a killed build leaves there go with the next build, like in build/."""
    root = write_project(tmp_path / "book", MINIMAL_YAML, {"one.md": text(0)})
    out = tmp_path / "site"
    out.mkdir()
    # The user's own files in that folder that merely look like temporaries stay.
    (out / ".notes.old").mkdir()
    (out / ".draft.tmp").write_text("mine")
    kill_repeatedly(root, out, kills, kills - 1, 9, "--out", str(out))
    # What a kill mid-write leaves there, planted to be certain: the next build (even one with
    # nothing to do) sweeps it.
    (out / ".a-small-book.pdf.k1ll3d00.tmp").write_bytes(b"%PDF-1.7 half")
    (out / ".html.k1ll3d00.new").mkdir()
    run_build(root, "--out", str(out))
    assert leftovers(out) == []
    assert (out / ".notes.old").is_dir() and (out / ".draft.tmp").read_text() == "mine"
