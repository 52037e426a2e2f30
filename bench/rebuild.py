"""Benchmark: rebuilding after corrections, as ratios to a full build, on the seed and a 40× book.

Three runs of `publish build` on one project, each in a child process:
  full      from nothing (no build/ folder, so no cache);
  no-op     again, nothing changed: hashing only, no edition loaded or written;
  one word  after changing one word in the middle of the text.
Then the same correction under `publish watch`, where an editor makes it: the time from the
save to the print and ebook editions written (the web edition is put in place first), with
the watcher's builder warm from its first build.

    python bench/rebuild.py            # seed and the 40× book
    python bench/rebuild.py --scale 0  # seed only
    python bench/rebuild.py --novel    # the long book's chapters titled CHAPTER I… in each part
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import compile_publish, make_project, measure, words_in  # noqa: E402


def correct_one_word(project: Path, nth: int = 1) -> str:
    """Change the `nth` " the " from the middle of the longest manuscript file; say where."""
    source = max((project / "manuscript").glob("*.md"), key=lambda p: p.stat().st_size)
    text = source.read_text(encoding="utf-8")
    at = len(text) // 2
    for _ in range(nth):
        at = text.index(" the ", at + 1)
    source.write_text(text[:at] + " thee " + text[at + 5:], encoding="utf-8")
    return f"{source.name}, character {at}"


def in_watch(project: Path, corrections: int = 3) -> list[float]:
    """Seconds from saving a one-word correction to the background build's last line (which
    names the EPUB), for each of `corrections` corrections made one after another."""
    lines: list[str] = []
    said = threading.Condition()
    watcher = subprocess.Popen([sys.executable, "-m", "publish", "watch", str(project), "--port", "0"],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def read() -> None:
        for line in watcher.stderr:
            with said:
                lines.append(line)
                said.notify_all()

    def built(count: int) -> None:
        with said:
            if not said.wait_for(lambda: sum(".epub" in line for line in lines) >= count, timeout=600):
                raise SystemExit("the watcher did not build:\n" + "".join(lines))

    threading.Thread(target=read, daemon=True).start()
    try:
        built(1)
        times = []
        for n in range(corrections):
            time.sleep(1.0)  # as an editor would: the build before is done
            correct_one_word(project, n + 1)
            started = time.perf_counter()
            built(n + 2)
            times.append(time.perf_counter() - started)
        return times
    finally:
        watcher.terminate()
        watcher.wait(timeout=60)


def run(label: str, project: Path, formats: str) -> None:
    cmd = [sys.executable, "-m", "publish", "-q", "build", str(project), "--format", formats]
    full, full_cpu, full_mb = measure(cmd)
    noop, noop_cpu, _ = measure(cmd)
    where = correct_one_word(project)
    word, word_cpu, word_mb = measure(cmd)
    print(f"{label}: {words_in(project):,} words; wall seconds (CPU seconds), ratio to the full build")
    print(f"  full build:          {full:7.1f} s ({full_cpu:6.1f})  peak {full_mb:5.0f} MiB")
    print(f"  no-op rebuild:       {noop:7.1f} s ({noop_cpu:6.1f})  = {noop / full:.3f} × full "
          f"({noop_cpu / full_cpu:.3f} × in CPU)")
    print(f"  one-word correction: {word:7.1f} s ({word_cpu:6.1f})  = {word / full:.3f} × full "
          f"({word_cpu / full_cpu:.3f} × in CPU)  peak {word_mb:5.0f} MiB; {where}")
    if formats == "pdf,epub,html":
        watched = in_watch(project)
        ratios = f"{min(watched) / full:.3f}–{max(watched) / full:.3f}"
        print(f"  one word in publish watch, save to print and ebook written: "
              f"{', '.join(f'{t:.2f}' for t in watched)} s = {ratios} × full "
              f"(target ≤ 0.15: {'met' if max(watched) / full <= 0.15 else 'NOT met'})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=40, help="copies of the seed for the long book (0: skip)")
    parser.add_argument("--format", default="pdf,epub,html", help="editions to build (default: all three)")
    parser.add_argument("--novel", action="store_true",
                        help="the long book as a novel: each copy a part whose chapters restart at CHAPTER I")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1764000000")
    compile_publish()
    with tempfile.TemporaryDirectory(prefix="publish-rebuild-") as tmp:
        run("seed", make_project(Path(tmp) / "seed", 1), args.format)
        if args.scale > 1:
            label = f"{args.scale}× seed" + (" as a novel (CHAPTER I… in each part)" if args.novel else "")
            run(label, make_project(Path(tmp) / "long", args.scale, args.novel), args.format)


if __name__ == "__main__":
    main()
