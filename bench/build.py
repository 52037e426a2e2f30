"""Benchmark: `publish build` against the naive route, on the seed and on 10× and 40× books.

The naive baseline runs in the same process tree on the same machine: pandoc md→html and
md→epub, then WeasyPrint html→pdf with its default CSS. Each step runs in a child process so
that its wall time and peak memory (the sum over it and its worker processes) are its own.
The CPU seconds of all processes (the machine's, on Linux: run it idle) show the floor: on N
cores a build cannot take less than its CPU time over N.

Then the print edition alone: `publish build --format pdf` against WeasyPrint on pandoc's
standalone HTML of the same text (default CSS), seconds and pages per second for each.

    python bench/build.py            # the seed, then 10× and 40× it (cost per page: flat?)
    python bench/build.py --scale 0  # seed only
    python bench/build.py --repeat 2 # each route twice per book, the fastest kept
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

NAIVE = """
import sys, pypandoc, weasyprint
src, out = sys.argv[1], sys.argv[2]
pypandoc.convert_file(src, "html5", outputfile=out + ".html", extra_args=["--standalone", "--metadata=title:Bench"])
pypandoc.convert_file(src, "epub3", outputfile=out + ".epub", extra_args=["--metadata=title:Bench"])
weasyprint.HTML(filename=out + ".html").write_pdf(out + ".pdf")
"""


def compile_publish() -> None:
    """Byte-compile publish, as installing a wheel does: a run then measures the build, not
    Python compiling our modules (which a PYTHONDONTWRITEBYTECODE environment does each time)."""
    import compileall

    import publish

    compileall.compile_dir(Path(publish.__file__).parent, quiet=1)


def measure(cmd: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (with pandoc and other children) and peak MiB of one child:
    the largest sum, sampled, of the resident memory of it and every process it started. The
    wait for the child blocks (the wall time is exact); a thread samples the memory meanwhile."""
    import psutil

    peak = [0]
    done = threading.Event()
    with tempfile.TemporaryFile() as errors:  # a file, not a pipe: a chatty child cannot block
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=errors)

        def sample() -> None:
            tree = psutil.Process(proc.pid)
            while not done.wait(0.05):
                peak[0] = max(peak[0], _tree_rss(tree))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            raise SystemExit(f"failed: {' '.join(cmd)}\n{errors.read().decode()[-2000:]}")
    top = max(peak[0], usage.ru_maxrss * 1024)  # a child too short-lived to be sampled
    return seconds, usage.ru_utime + usage.ru_stime, top / 2**20


def measure_busy(cmd: list[str]) -> tuple[float, float, float, float | None]:
    """measure(cmd), and the CPU seconds the whole machine spent meanwhile (Linux's /proc/stat):
    every process of the build, the workers' server and its workers too, which the child's own
    CPU time misses once they outlive it. Meaningful on an otherwise idle machine only."""
    before = _machine_busy()
    seconds, cpu, peak = measure(cmd)
    after = _machine_busy()
    return seconds, cpu, peak, (after - before) if before is not None and after is not None else None


def _machine_busy() -> float | None:
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            ticks = [int(v) for v in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")  # all but idle and iowait


def _tree_rss(root) -> int:
    import psutil

    total = 0
    try:
        for process in [root, *root.children(recursive=True)]:
            try:
                total += process.memory_info().rss
            except psutil.Error:
                pass  # ended between the listing and the reading
    except psutil.Error:
        pass
    return total


ROMAN = "I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII XVIII XIX XX".split()


def make_project(folder: Path, copies: int, novel: bool = False) -> Path:
    """The default book, or its chapters repeated `copies` times as one long book; `novel`:
    each copy a part ("# BOOK 3") whose chapters restart at "CHAPTER I", as in War and Peace."""
    shutil.copytree(REPO / "manuscript", folder / "manuscript")
    if copies > 1:
        manuscript = folder / "manuscript"
        text = "\n\n".join((manuscript / n).read_text(encoding="utf-8") for n in _files(manuscript))
        if novel:
            numerals = iter(ROMAN)
            text = re.sub(r"(?m)^# .+$", lambda _: f"# CHAPTER {next(numerals)}", text)
            parts = [f"# BOOK {n} {{.part}}\n\n{text}" for n in range(1, copies + 1)]
        else:
            parts = [re.sub(r"^# (.+)$", rf"# \1 ({n})", text, flags=re.M) for n in range(1, copies + 1)]
        for md in manuscript.glob("*.md"):
            md.unlink()
        (manuscript / "long.md").write_text("\n\n".join(parts), encoding="utf-8")
        yaml_path = manuscript / "book.yaml"
        yaml_text = re.sub(r"(?ms)^files:.*?(?=^\S|\Z)", "", yaml_path.read_text(encoding="utf-8"))
        yaml_path.write_text(yaml_text, encoding="utf-8")
    return folder


def _files(manuscript: Path) -> list[str]:
    import yaml

    meta = yaml.safe_load((manuscript / "book.yaml").read_text(encoding="utf-8"))
    return meta.get("files") or sorted(p.name for p in manuscript.glob("*.md"))


def words_in(project: Path) -> int:
    return sum(len(p.read_text(encoding="utf-8").split()) for p in (project / "manuscript").glob("*.md"))


# The targets for a full build of the three editions, as ratios to the naive route.
TIME_TARGETS = {1: 1.0, 40: 0.6}  # seed: no slower; 40×: at most 0.6×
PEAK_TARGET_MIB = 1024  # the whole build's peak on the 40× book
summary: list[tuple[str, int, float, float]] = []  # label, pages, seconds, naive seconds


def run(label: str, project: Path, scale: int, repeat: int) -> None:
    """Naive and publish in turn, `repeat` times each; the fastest of each is kept (this
    machine's speed drifts: alternating runs see the same drift)."""
    md = project / "all.md"
    md.write_text("\n\n".join(p.read_text(encoding="utf-8") for p in sorted((project / "manuscript").glob("*.md"))))
    naive, ours = [], []
    for _ in range(repeat):
        naive.append(measure_busy([sys.executable, "-c", NAIVE, str(md), str(project / "naive")]))
        shutil.rmtree(project / "build", ignore_errors=True)
        ours.append(measure_busy([sys.executable, "-m", "publish", "-q", "build", str(project)]))
    naive_s, naive_mb = min(r[0] for r in naive), max(r[2] for r in naive)
    ours_s, ours_mb = min(r[0] for r in ours), max(r[2] for r in ours)
    naive_cpu, ours_cpu = min(naive)[3], min(ours)[3]  # of the fastest runs
    pages = _pages(next((project / "build").glob("*.pdf")))
    print(f"{label}: {words_in(project):,} words, {pages} PDF pages (fastest of {repeat})")
    print(f"  naive (pandoc html+epub, WeasyPrint default CSS): {naive_s:7.1f} s  peak {naive_mb:6.0f} MiB")
    print(f"  publish build (pdf+epub+html):                   {ours_s:7.1f} s  peak {ours_mb:6.0f} MiB")
    print(f"  ratio publish/naive: time {ours_s / naive_s:.2f}×, memory {ours_mb / naive_mb:.2f}×; "
          f"{pages / ours_s:.1f} pages/s")
    if naive_cpu and ours_cpu:
        cores = os.cpu_count() or 1
        print(f"  CPU of all processes: naive {naive_cpu:.1f} s, publish {ours_cpu:.1f} s "
              f"({ours_cpu / naive_cpu:.2f}×); on {cores} cores publish cannot finish in less than "
              f"{ours_cpu / cores:.1f} s = {ours_cpu / cores / naive_s:.2f}× naive")
    if scale in TIME_TARGETS:
        print(f"  target: time ≤ {TIME_TARGETS[scale]:.1f}× naive: {_met(ours_s / naive_s <= TIME_TARGETS[scale])}")
    if scale == 40:
        print(f"  target: peak ≤ {PEAK_TARGET_MIB} MiB: {_met(ours_mb <= PEAK_TARGET_MIB)}")
    summary.append((label, pages, ours_s, naive_s))
    run_print(project)


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def print_growth() -> None:
    """How the cost per page grows from the seed to the long books (flat is the aim)."""
    if len(summary) < 2:
        return
    _, base_pages, base_s, _ = summary[0]
    print("growth (ms per PDF page, publish / naive; relative to the seed):")
    for label, pages, seconds, naive_s in summary:
        per_page = 1000 * seconds / pages
        print(f"  {label:9s} {per_page:6.1f} ms/page ({per_page / (1000 * base_s / base_pages):.2f}×)  "
              f"naive {1000 * naive_s / pages:6.1f} ms per our page")


PLAIN_PDF = """
import sys, weasyprint
weasyprint.HTML(filename=sys.argv[1]).write_pdf(sys.argv[2])
"""


def run_print(project: Path) -> None:
    """The print edition alone against plain WeasyPrint on pandoc's standalone HTML of the same
    text (its default CSS: A4, no running heads or folios), each timed in its own child."""
    html = project / "naive.html"  # written by the naive route in run()
    plain_s, _, plain_mb = measure([sys.executable, "-c", PLAIN_PDF, str(html), str(project / "plain.pdf")])
    plain_pages = _pages(project / "plain.pdf")
    out = project / "print-only"
    ours_s, _, ours_mb = measure([sys.executable, "-m", "publish", "-q", "build", str(project),
                                  "--format", "pdf", "--force", "--out", str(out)])
    pages = _pages(next(out.glob("*.pdf")))
    print(f"  print: WeasyPrint on pandoc's HTML (default CSS): {plain_s:7.1f} s  peak {plain_mb:6.0f} MiB  "
          f"{plain_pages:4d} pages  {plain_pages / plain_s:5.1f} pages/s")
    print(f"  print: publish build --format pdf:                {ours_s:7.1f} s  peak {ours_mb:6.0f} MiB  "
          f"{pages:4d} pages  {pages / ours_s:5.1f} pages/s")
    print(f"  print ratio publish/plain: time {ours_s / plain_s:.2f}×, "
          f"pages per second {(pages / ours_s) / (plain_pages / plain_s):.2f}×")


def _pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, nargs="*", default=[10, 40],
                        help="copies of the seed for the long books (default: 10 40; none: the seed only)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of each route per book, the fastest kept (default: 1)")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1764000000")
    compile_publish()
    with tempfile.TemporaryDirectory(prefix="publish-bench-") as tmp:
        run("seed", make_project(Path(tmp) / "seed", 1), 1, args.repeat)
        for scale in (n for n in args.scale if n > 1):
            run(f"{scale}× seed", make_project(Path(tmp) / f"x{scale}", scale), scale, args.repeat)
    print_growth()


if __name__ == "__main__":
    main()
