"""The watcher's builder: a child process that builds the three editions each time the
watcher asks, and stays between builds with WeasyPrint, the fonts and the hyphenation patterns
loaded. A fresh process spends seconds loading them; this one typesets a corrected chapter in
a fraction of a second. One build reads the book once for all three editions; the web edition
is put in place as soon as it is rendered, while the print edition still typesets.

    python -m publish.watch_child build PROJECT OUT

The watcher writes a line on the child's stdin for each build; the child's messages go to its
stderr. On stdout it says {"written": "html"} when the web edition is in place, and answers
each request with one JSON line: {"code": 0, "said": "…"} (the exit code `publish build`
would have, and what it printed). Started with no request waiting (the watcher's spare), it
loads the build and warms up a typesetter first. It ends with its stdin, or after a build
that left it holding more memory than a fresh one would need.
"""

from __future__ import annotations

import io
import json
import resource
import sys
import threading
import time
from pathlib import Path

FORMATS = "pdf,epub,html"
MAX_PEAK_MIB = 1536  # a build that took more: start afresh next time rather than keep the memory


class _Tee(io.TextIOBase):
    """stderr that also keeps what was written since the last `taken()`."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.kept: list[str] = []

    def write(self, text: str) -> int:
        self.stream.write(text)
        self.stream.flush()
        self.kept.append(text)
        return len(text)

    def flush(self) -> None:
        self.stream.flush()

    def taken(self) -> str:
        said, self.kept = "".join(self.kept), []
        return said


def serve(project: Path, out: Path) -> None:
    from publish.cli import main
    from publish.editions import pdf_parts, pdf_worker
    from publish.memory import give_back

    pdf_parts.configure(keep_typesetters=True)

    tee = _Tee(sys.stderr)
    sys.stderr = tee  # before the first build: its log handler writes to what stderr is then
    # WeasyPrint loads while the first request is awaited (that build may need no typesetting).
    threading.Thread(target=_load_weasyprint, daemon=True).start()
    if not _asked(sys.stdin):  # a spare, started before it is needed: made ready while it waits
        _warm_up(project)
    for request in sys.stdin:
        if request.strip() != "build":
            continue
        code = main(["--quiet", "build", str(project), "--format", FORMATS, "--out", str(out)],
                    on_written=_saying_written(time.monotonic()))
        sys.stdout.write(json.dumps({"code": code, "said": tee.taken()}) + "\n")
        sys.stdout.flush()
        give_back()  # after the answer: the watcher knows at once that this builder is free
        pdf_worker.keep_warm(project)  # for the next correction, when this build made no typesetter
        if _peak_mib() > MAX_PEAK_MIB:
            return


def _saying_written(started: float):
    def said(edition: str, paths: list[Path]) -> None:
        from publish.progress import summary

        # To the terminal, not into the answer's "said" (shown over the page when the build fails).
        print(summary(tuple(paths), (), 1, time.monotonic() - started), file=sys.__stderr__, flush=True)
        sys.stdout.write(json.dumps({"written": edition}) + "\n")
        sys.stdout.flush()

    return said


def _peak_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 2**10  # bytes there, KiB on Linux


def _asked(stdin) -> bool:
    """Whether a request is already waiting (the watcher asks its builder at once)."""
    import select

    return bool(select.select([stdin], [], [], 0)[0])


def _warm_up(project: Path) -> None:
    """The build's modules loaded and a typesetter warmed up with the project's print styles."""
    from publish import build  # noqa: F401
    from publish.editions import pdf_worker

    pdf_worker.keep_warm(project)


def _load_weasyprint() -> None:
    from publish.editions import weasyprint_import  # noqa: F401


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] != "build":
        raise SystemExit("usage: python -m publish.watch_child build PROJECT OUT")
    serve(Path(sys.argv[2]), Path(sys.argv[3]))
